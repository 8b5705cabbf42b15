//! Flink's endpoints, one function each, and the interpretation of asynchronous results.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::poll::Operation;
use super::types::*;
use super::{ApiError, Client, Idempotent, root_cause};
use crate::job_id::JobId;

/// A Flink version from `GET /overview`, for gating request fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct FlinkVersion {
    pub major: u32,
    pub minor: u32,
}

impl FlinkVersion {
    pub fn parse(s: &str) -> Option<FlinkVersion> {
        let mut parts = s.split(['.', '-']);
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some(FlinkVersion { major, minor })
    }

    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

impl Client {
    pub fn overview(&self) -> Result<ClusterOverview, ApiError> {
        self.get("/overview")
    }

    pub fn flink_version(&self) -> Result<Option<FlinkVersion>, ApiError> {
        Ok(FlinkVersion::parse(&self.overview()?.flink_version))
    }

    /// The cluster's effective configuration (`GET /jobmanager/config`).
    pub fn jobmanager_config(&self) -> Result<Vec<(String, String)>, ApiError> {
        let entries: Vec<ConfigEntry> = self.get("/jobmanager/config")?;
        Ok(entries.into_iter().map(|e| (e.key, e.value)).collect())
    }

    pub fn jobs_overview(&self) -> Result<Vec<JobOverview>, ApiError> {
        Ok(self.get::<JobsOverview>("/jobs/overview")?.jobs)
    }

    /// A job's state (`RUNNING`, `FINISHED`, …). An unknown job is a 404 [`ApiError::Status`].
    pub fn job_status(&self, job: &JobId) -> Result<JobState, ApiError> {
        match self.get::<JobStatus>(&format!("/jobs/{job}/status")) {
            Ok(s) => Ok(s.status),
            // This endpoint answers 500 "Could not find Flink job" for an unknown job; it is a 404.
            Err(ApiError::Status { status: 500, method, url, message, detail })
                if message.contains("Could not find Flink job")
                    || detail.as_deref().is_some_and(|d| d.contains("FlinkJobNotFoundException")) =>
            {
                Err(ApiError::Status { status: 404, method, url, message, detail })
            }
            Err(e) => Err(e),
        }
    }

    pub fn job_details(&self, job: &JobId) -> Result<JobDetails, ApiError> {
        self.get(&format!("/jobs/{job}"))
    }

    /// The job's global job parameters (`GET /jobs/:id/config` → `execution-config.user-config`).
    pub fn job_user_config(&self, job: &JobId) -> Result<std::collections::BTreeMap<String, String>, ApiError> {
        let v: Value = self.get(&format!("/jobs/{job}/config"))?;
        Ok(user_config(&v))
    }

    /// The job's global job parameters and its parallelism (`GET /jobs/:id/config`: `user-config` and
    /// `job-parallelism` of `execution-config`).
    pub fn job_execution_config(
        &self,
        job: &JobId,
    ) -> Result<(std::collections::BTreeMap<String, String>, Option<u32>), ApiError> {
        let v: Value = self.get(&format!("/jobs/{job}/config"))?;
        let parallelism = v
            .pointer("/execution-config/job-parallelism")
            .and_then(Value::as_i64)
            .and_then(|p| u32::try_from(p).ok())
            .filter(|p| *p > 0);
        Ok((user_config(&v), parallelism))
    }

    /// The ids of the jars uploaded to the cluster (`GET /jars`).
    pub fn jar_ids(&self) -> Result<Vec<String>, ApiError> {
        let v: Value = self.get("/jars")?;
        let ids = v
            .get("files")
            .and_then(Value::as_array)
            .map(|files| files.iter().filter_map(|f| f.get("id").and_then(Value::as_str).map(str::to_string)).collect())
            .unwrap_or_default();
        Ok(ids)
    }

    pub fn job_exceptions(&self, job: &JobId) -> Result<JobExceptions, ApiError> {
        self.get(&format!("/jobs/{job}/exceptions"))
    }

    pub fn job_checkpoints(&self, job: &JobId) -> Result<CheckpointingStatistics, ApiError> {
        self.get(&format!("/jobs/{job}/checkpoints"))
    }

    /// How a job checkpoints; `None` when checkpointing is off (a 404 "Checkpointing is not enabled", or an
    /// interval of Long.MAX_VALUE). An unknown job stays a 404 [`ApiError::Status`].
    pub fn job_checkpoint_config(&self, job: &JobId) -> Result<Option<CheckpointConfig>, ApiError> {
        match self.get::<CheckpointConfig>(&format!("/jobs/{job}/checkpoints/config")) {
            Ok(c) if c.interval == i64::MAX || c.interval <= 0 => Ok(None),
            Ok(c) => Ok(Some(c)),
            Err(ApiError::Status { status: 404, message, .. }) if message.contains("not enabled") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Trigger a savepoint (or, with `cancel_job`, a savepoint and cancel) and return the trigger id.
    /// Safe to retry: the trigger id is ours, and Flink registers one operation per (trigger id, job).
    pub fn trigger_savepoint(
        &self,
        job: &JobId,
        target: Option<&str>,
        format: FormatType,
        cancel_job: bool,
        trigger_id: &str,
    ) -> Result<String, ApiError> {
        let body = SavepointTriggerRequest { target_directory: target, cancel_job, format_type: format, trigger_id };
        let r: TriggerResponse = self.post(&format!("/jobs/{job}/savepoints"), &body, Idempotent::Yes)?;
        Ok(r.request_id)
    }

    /// Trigger stop-with-savepoint; poll it with [`Client::wait_savepoint`].
    pub fn trigger_stop(
        &self,
        job: &JobId,
        target: Option<&str>,
        drain: bool,
        format: FormatType,
        trigger_id: &str,
    ) -> Result<String, ApiError> {
        let body = StopRequest { target_directory: target, drain, format_type: format, trigger_id };
        let r: TriggerResponse = self.post(&format!("/jobs/{job}/stop"), &body, Idempotent::Yes)?;
        Ok(r.request_id)
    }

    /// Wait for a savepoint (or stop, or cancel-with-savepoint) and return its location. Success is a
    /// non-empty `operation.location`, nothing else.
    pub fn wait_savepoint(
        &self,
        job: &JobId,
        trigger_id: &str,
        deadline: Instant,
        tick: &dyn Fn(),
    ) -> Result<String, ApiError> {
        let what = format!("the savepoint of job {job}");
        let path = format!("/jobs/{job}/savepoints/{trigger_id}");
        let op = self.poll(&Operation { what: &what, path: &path, trigger_id }, deadline, tick)?;
        savepoint_location(&op, &what)
    }

    /// Dispose of a savepoint through the cluster and wait until it is done. Not retried: disposal has no
    /// client-side trigger id.
    pub fn dispose_savepoint(&self, path: &str, deadline: Instant, tick: &dyn Fn()) -> Result<(), ApiError> {
        let r: TriggerResponse =
            self.post("/savepoint-disposal", &DisposalRequest { savepoint_path: path }, Idempotent::No)?;
        let what = format!("disposing of {path}");
        let poll_path = format!("/savepoint-disposal/{}", r.request_id);
        let op = self.poll(&Operation { what: &what, path: &poll_path, trigger_id: &r.request_id }, deadline, tick)?;
        match failure(&op, "failure-cause", &what) {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }

    /// Trigger a checkpoint and wait for its id.
    pub fn checkpoint(
        &self,
        job: &JobId,
        full: bool,
        trigger_id: &str,
        deadline: Instant,
        tick: &dyn Fn(),
    ) -> Result<u64, ApiError> {
        let body = CheckpointTriggerRequest { checkpoint_type: if full { "FULL" } else { "CONFIGURED" }, trigger_id };
        let r: TriggerResponse = self.post(&format!("/jobs/{job}/checkpoints"), &body, Idempotent::Yes)?;
        let what = format!("the checkpoint of job {job}");
        let path = format!("/jobs/{job}/checkpoints/{}", r.request_id);
        let op = self.poll(&Operation { what: &what, path: &path, trigger_id: &r.request_id }, deadline, tick)?;
        if let Some(err) = failure(&op, "failureCause", &what) {
            return Err(err);
        }
        op.get("checkpointId").and_then(Value::as_u64).ok_or_else(|| ApiError::Decode {
            url: path,
            reason: "the checkpoint completed without a checkpoint id".to_string(),
        })
    }

    /// Cancel a job (`PATCH /jobs/:id?mode=cancel`); cancellation is asynchronous.
    pub fn cancel(&self, job: &JobId) -> Result<(), ApiError> {
        let _: Value = self.patch(&format!("/jobs/{job}?mode=cancel"))?;
        Ok(())
    }

    /// Upload a jar; returns its id on the cluster.
    pub fn upload_jar(&self, jar: &Path, timeout: Duration) -> Result<String, ApiError> {
        let r: JarUploadResponse = self.upload("/jars/upload", jar, timeout)?;
        Ok(r.filename.rsplit('/').next().unwrap_or(&r.filename).to_string())
    }

    /// The job graph an uploaded jar would submit (`POST /jars/:id/plan`): (vertex id, name) pairs. A vertex
    /// id is the id of the chain's first operator.
    pub fn jar_plan(&self, jar_id: &str, body: &JarRunRequest) -> Result<Vec<(String, String)>, ApiError> {
        let plan = JarPlanRequest {
            entry_class: body.entry_class.clone(),
            program_args_list: body.program_args_list.clone(),
            parallelism: body.parallelism,
            flink_configuration: body.flink_configuration.clone(),
        };
        let v: Value = self.post(&format!("/jars/{jar_id}/plan"), &plan, Idempotent::Yes)?;
        let nodes = v.pointer("/plan/nodes").and_then(Value::as_array).cloned().unwrap_or_default();
        Ok(nodes
            .iter()
            .filter_map(|n| {
                let id = n.get("id")?.as_str()?.to_string();
                let label = n.get("description").and_then(Value::as_str).unwrap_or_default();
                Some((id, label.replace("<br/>", " ").replace("+- ", "-> ").trim().to_string()))
            })
            .collect())
    }

    pub fn delete_jar(&self, jar_id: &str) -> Result<(), ApiError> {
        let _: Value = self.delete(&format!("/jars/{jar_id}"))?;
        Ok(())
    }

    /// Run an uploaded jar. Not retried: a second call would submit a second job.
    pub fn run_jar(&self, jar_id: &str, body: &JarRunRequest) -> Result<String, ApiError> {
        let r: JarRunResponse = self.post(&format!("/jars/{jar_id}/run"), body, Idempotent::No)?;
        Ok(r.jobid)
    }
}

/// The location of a completed savepoint operation, or why there is none.
/// `execution-config.user-config` of a `GET /jobs/:id/config` answer, values as strings.
fn user_config(v: &Value) -> std::collections::BTreeMap<String, String> {
    v.pointer("/execution-config/user-config")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect())
        .unwrap_or_default()
}

pub fn savepoint_location(op: &Value, what: &str) -> Result<String, ApiError> {
    if let Some(err) = failure(op, "failure-cause", what) {
        return Err(err);
    }
    match op.get("location").and_then(Value::as_str) {
        Some(loc) if !loc.trim().is_empty() => Ok(loc.to_string()),
        _ => Err(ApiError::Decode {
            url: String::from("(savepoint status)"),
            reason: format!(
                "{what} completed without a savepoint location, so it cannot be trusted; check the job and its savepoint directory"
            ),
        }),
    }
}

fn failure(op: &Value, field: &str, what: &str) -> Option<ApiError> {
    let cause = op.get(field).filter(|c| !c.is_null())?;
    let cause: FailureCause = serde_json::from_value(cause.clone()).unwrap_or_default();
    let (summary, root_class) = if cause.stack_trace.trim().is_empty() {
        (crate::format::sanitize(&cause.class), cause.class.clone())
    } else {
        root_cause(&cause.stack_trace)
    };
    // The top-level class tells StopWithSavepointStoppingException apart; the root class, job-not-found.
    let class = if root_class.is_empty() { cause.class.clone() } else { root_class };
    let trace = crate::format::sanitize(&cause.stack_trace);
    let class = if trace.contains("StopWithSavepointStoppingException") {
        "org.apache.flink.runtime.scheduler.stopwithsavepoint.StopWithSavepointStoppingException".to_string()
    } else {
        class
    };
    Some(ApiError::OperationFailed { what: what.to_string(), summary, class, trace })
}

/// `A save point has been created at: <path>, but the corresponding job <id> failed during stopping.`
pub fn savepoint_created_despite_stop_failure(trace: &str) -> Option<String> {
    let rest = trace.split("A save point has been created at: ").nth(1)?;
    let path = rest.split(", but the corresponding job").next()?.trim();
    (!path.is_empty()).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn completed_means_success_only_with_a_location() {
        assert_eq!(
            savepoint_location(&json!({"location": "file:/sp/savepoint-1"}), "sp").unwrap(),
            "file:/sp/savepoint-1"
        );
        for bad in [json!({}), json!(null), json!({"location": ""}), json!({"location": 3})] {
            let err = savepoint_location(&bad, "the savepoint").unwrap_err();
            assert!(err.to_string().contains("without a savepoint location"), "{err}");
        }
        let failed = json!({"failure-cause": {"class": "java.util.concurrent.CompletionException",
            "stack-trace": "java.util.concurrent.CompletionException: x\nCaused by: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint was declined (tasks not ready)\n\tat a"}});
        let err = savepoint_location(&failed, "the savepoint of job j").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the savepoint of job j failed: CheckpointException: Checkpoint was declined (tasks not ready)"
        );
        // a failure cause wins even next to a location
        let both = json!({"location": "file:/x", "failure-cause": {"class": "E", "stack-trace": ""}});
        assert!(savepoint_location(&both, "sp").is_err());
    }

    #[test]
    fn stop_failure_after_savepoint() {
        let trace = "org.apache.flink.runtime.scheduler.stopwithsavepoint.StopWithSavepointStoppingException: \
            A save point has been created at: file:/sp/savepoint-ab-cd, but the corresponding job ab failed during stopping. \
            The savepoint is consistent, but might have uncommitted transactions.";
        assert_eq!(savepoint_created_despite_stop_failure(trace).as_deref(), Some("file:/sp/savepoint-ab-cd"));
        assert_eq!(savepoint_created_despite_stop_failure("other"), None);
    }

    #[test]
    fn versions() {
        let v = FlinkVersion::parse("1.20.3").unwrap();
        assert!(v.at_least(1, 20) && !v.at_least(2, 0));
        assert!(FlinkVersion::parse("2.3-SNAPSHOT").unwrap().at_least(2, 3));
        assert_eq!(FlinkVersion::parse("<unknown>"), None);
    }
}
