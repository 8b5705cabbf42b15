//! Request and response bodies, named exactly as Flink names them (kebab-case in some, camelCase in others).
//! Responses tolerate unknown fields; requests never send a field the target version does not know.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "UPPERCASE")]
pub enum FormatType {
    Canonical,
    Native,
}

/// `POST /jobs/:jobid/savepoints` (kebab-case legacy names).
#[derive(Debug, Serialize)]
pub struct SavepointTriggerRequest<'a> {
    #[serde(rename = "target-directory", skip_serializing_if = "Option::is_none")]
    pub target_directory: Option<&'a str>,
    #[serde(rename = "cancel-job")]
    pub cancel_job: bool,
    #[serde(rename = "formatType")]
    pub format_type: FormatType,
    #[serde(rename = "triggerId")]
    pub trigger_id: &'a str,
}

/// `POST /jobs/:jobid/stop` (camelCase names).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StopRequest<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_directory: Option<&'a str>,
    pub drain: bool,
    pub format_type: FormatType,
    pub trigger_id: &'a str,
}

/// `POST /jobs/:jobid/checkpoints`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointTriggerRequest<'a> {
    pub checkpoint_type: &'static str,
    pub trigger_id: &'a str,
}

/// `POST /savepoint-disposal`.
#[derive(Debug, Serialize)]
pub struct DisposalRequest<'a> {
    #[serde(rename = "savepoint-path")]
    pub savepoint_path: &'a str,
}

#[derive(Debug, Deserialize)]
pub struct TriggerResponse {
    #[serde(rename = "request-id")]
    pub request_id: String,
}

/// The answer to polling any asynchronous operation. `COMPLETED` covers failures too.
#[derive(Debug, Deserialize)]
pub struct AsyncOperation {
    pub status: AsyncStatus,
    #[serde(default)]
    pub operation: Option<Value>,
}

#[derive(Debug, Deserialize)]
pub struct AsyncStatus {
    pub id: String,
}

/// `failure-cause` / `failureCause`: a serialized Java throwable.
#[derive(Debug, Deserialize, Default)]
pub struct FailureCause {
    #[serde(default)]
    pub class: String,
    #[serde(rename = "stack-trace", default)]
    pub stack_trace: String,
}

/// `POST /jars/:jarid/run`. Fields are only set when the user asked, and `claimMode`/`restoreMode` by version.
#[derive(Debug, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct JarRunRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_class: Option<String>,
    pub program_args_list: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub savepoint_path: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_non_restored_state: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim_mode: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restore_mode: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub flink_configuration: BTreeMap<String, String>,
}

/// `POST /jars/:jarid/plan`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JarPlanRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry_class: Option<String>,
    pub program_args_list: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallelism: Option<u32>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub flink_configuration: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct JarRunResponse {
    pub jobid: String,
}

#[derive(Debug, Deserialize)]
pub struct JarUploadResponse {
    pub filename: String,
}

#[derive(Debug, Deserialize)]
pub struct JobsOverview {
    pub jobs: Vec<JobOverview>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JobOverview {
    pub jid: String,
    pub name: String,
    pub state: JobState,
    #[serde(rename = "start-time")]
    pub start_time: i64,
    #[serde(rename = "end-time", default)]
    pub end_time: i64,
    #[serde(default)]
    pub duration: i64,
}

/// `GET /jobs/:jobid` (the parts fsp reads).
#[derive(Debug, Deserialize)]
pub struct JobDetails {
    pub state: JobState,
    #[serde(default)]
    pub vertices: Vec<Vertex>,
}

#[derive(Debug, Deserialize)]
pub struct Vertex {
    pub id: String,
    pub name: String,
    pub status: String,
}

#[derive(Debug, Deserialize)]
pub struct JobStatus {
    pub status: JobState,
}

#[derive(Debug, Deserialize)]
pub struct ClusterOverview {
    #[serde(rename = "flink-version", default)]
    pub flink_version: String,
}

#[derive(Debug, Deserialize)]
pub struct ConfigEntry {
    pub key: String,
    pub value: String,
}

/// `GET /jobs/:jobid/exceptions` (only the parts fsp shows).
#[derive(Debug, Deserialize, Default)]
pub struct JobExceptions {
    #[serde(rename = "root-exception", default)]
    pub root_exception: Option<String>,
    #[serde(rename = "exceptionHistory", default)]
    pub exception_history: Option<ExceptionHistory>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ExceptionHistory {
    #[serde(default)]
    pub entries: Vec<ExceptionEntry>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ExceptionEntry {
    #[serde(rename = "stacktrace", default)]
    pub stacktrace: String,
}

/// `GET /jobs/:jobid/checkpoints` (`CheckpointingStatistics`, the parts fsp reads).
#[derive(Debug, Deserialize, Default)]
pub struct CheckpointingStatistics {
    #[serde(default)]
    pub counts: CheckpointCounts,
    #[serde(default)]
    pub latest: LatestCheckpoints,
    /// The most recent checkpoints and savepoints (`web.checkpoints.history`, 10 by default), newest first.
    #[serde(default)]
    pub history: Vec<CheckpointSummary>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, Default, PartialEq, Eq)]
pub struct CheckpointCounts {
    #[serde(default)]
    pub total: u64,
    #[serde(default)]
    pub completed: u64,
    #[serde(default)]
    pub failed: u64,
    #[serde(default)]
    pub in_progress: u64,
    #[serde(default)]
    pub restored: u64,
}

/// `latest`: each entry is null until there is one.
#[derive(Debug, Deserialize, Default)]
pub struct LatestCheckpoints {
    #[serde(default)]
    pub completed: Option<CheckpointSummary>,
    #[serde(default)]
    pub savepoint: Option<CheckpointSummary>,
    #[serde(default)]
    pub failed: Option<CheckpointSummary>,
    #[serde(default)]
    pub restored: Option<CheckpointSummary>,
}

/// One entry of `latest`: a completed or failed `CheckpointStatistics`, or the restored `{id,
/// restore_timestamp, is_savepoint, external_path}`; fields a kind lacks stay `None`.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct CheckpointSummary {
    pub id: i64,
    /// History entries: `IN_PROGRESS`, `COMPLETED` or `FAILED`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub external_path: Option<String>,
    #[serde(default)]
    pub latest_ack_timestamp: Option<i64>,
    #[serde(default)]
    pub failure_timestamp: Option<i64>,
    #[serde(default)]
    pub restore_timestamp: Option<i64>,
    /// Flink writes -1 for what it does not know yet (an in-progress entry of the history): `None`.
    #[serde(default, deserialize_with = "unknown_if_negative")]
    pub state_size: Option<u64>,
    #[serde(default, deserialize_with = "unknown_if_negative")]
    pub end_to_end_duration: Option<u64>,
    #[serde(default)]
    pub failure_message: Option<String>,
}

/// `GET /jobs/:jobid/checkpoints/config` (`CheckpointConfigInfo`, the parts fsp shows; durations in ms).
#[derive(Debug, Clone, Deserialize)]
pub struct CheckpointConfig {
    pub mode: String,
    pub interval: i64,
    pub timeout: i64,
    pub min_pause: i64,
    pub max_concurrent: i64,
    #[serde(default)]
    pub externalization: Externalization,
    #[serde(default)]
    pub unaligned_checkpoints: bool,
    /// The job's state backend, by class name (`HashMapStateBackend`, `EmbeddedRocksDBStateBackend`,
    /// `ForStStateBackend`).
    #[serde(default)]
    pub state_backend: Option<String>,
}

fn unknown_if_negative<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(Option::<i64>::deserialize(d)?.and_then(|v| u64::try_from(v).ok()))
}

#[derive(Debug, Clone, Copy, Deserialize, Default)]
pub struct Externalization {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub delete_on_cancellation: bool,
}

impl CheckpointConfig {
    /// Whether checkpoints outlive a cancelled job (`RETAIN_ON_CANCELLATION`).
    pub fn retained_on_cancellation(&self) -> bool {
        self.externalization.enabled && !self.externalization.delete_on_cancellation
    }
}

/// A job's state, as Flink names it (`JobStatus`). A state a later Flink adds is kept by its name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "String")]
pub enum JobState {
    Initializing,
    Created,
    Running,
    Failing,
    Failed,
    Cancelling,
    Canceled,
    Finished,
    Restarting,
    Suspended,
    Reconciling,
    Other(String),
}

impl JobState {
    const NAMED: [(JobState, &'static str); 11] = [
        (JobState::Initializing, "INITIALIZING"),
        (JobState::Created, "CREATED"),
        (JobState::Running, "RUNNING"),
        (JobState::Failing, "FAILING"),
        (JobState::Failed, "FAILED"),
        (JobState::Cancelling, "CANCELLING"),
        (JobState::Canceled, "CANCELED"),
        (JobState::Finished, "FINISHED"),
        (JobState::Restarting, "RESTARTING"),
        (JobState::Suspended, "SUSPENDED"),
        (JobState::Reconciling, "RECONCILING"),
    ];

    pub fn as_str(&self) -> &str {
        match self {
            JobState::Other(s) => s,
            known => Self::NAMED.iter().find(|(s, _)| s == known).map_or("", |(_, n)| n),
        }
    }

    /// Done for good (Flink's globally terminal states): FINISHED, CANCELED, FAILED.
    pub fn is_terminal(&self) -> bool {
        matches!(self, JobState::Finished | JobState::Canceled | JobState::Failed)
    }
}

impl From<String> for JobState {
    fn from(s: String) -> Self {
        Self::NAMED.iter().find(|(_, n)| *n == s).map_or(JobState::Other(s), |(state, _)| state.clone())
    }
}

impl std::fmt::Display for JobState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for JobState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_in_progress_history_entry_has_no_size_or_duration_yet() {
        // As Flink 1.20.3 lists a checkpoint still in progress.
        let e: CheckpointSummary = serde_json::from_str(
            r#"{"className":"in_progress","id":21,"status":"IN_PROGRESS","end_to_end_duration":-1,
                "latest_ack_timestamp":-1,"state_size":-1,"checkpointed_size":0}"#,
        )
        .unwrap();
        assert_eq!((e.id, e.state_size, e.end_to_end_duration), (21, None, None));
        let e: CheckpointSummary =
            serde_json::from_str(r#"{"id":3,"state_size":2048,"end_to_end_duration":31}"#).unwrap();
        assert_eq!((e.state_size, e.end_to_end_duration), (Some(2048), Some(31)));
    }

    #[test]
    fn job_states_by_name() {
        for (state, name) in JobState::NAMED {
            assert_eq!(JobState::from(name.to_string()), state);
            assert_eq!(state.to_string(), name);
        }
        let later = JobState::from("PAUSED".to_string());
        assert_eq!((later.as_str(), later.is_terminal()), ("PAUSED", false));
        assert!(JobState::Canceled.is_terminal() && !JobState::Cancelling.is_terminal());
        let j: JobStatus = serde_json::from_str(r#"{"status":"RUNNING"}"#).unwrap();
        assert_eq!(j.status, JobState::Running);
    }
}
