//! The upgrade's state file: what has been done so far, written after every step, so a retry resumes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::job_id::JobId;
use crate::snapshot::Kind;
use crate::submit::recipe::Recipe;

/// What has been done so far. Written after every step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub old_job_id: String,
    /// The new jar and its arguments, so a resumed run can refuse to mix two different upgrades.
    pub new_jar: String,
    pub new_args: Vec<String>,
    pub rollback: Option<Rollback>,
    pub savepoint: Option<String>,
    /// `savepoint`, or `checkpoint` when the fallback was used.
    pub savepoint_kind: Option<Kind>,
    pub new_job_id: Option<String>,
    pub rollback_job_id: Option<String>,
    /// Set once finished.
    pub outcome: Option<Outcome>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub step: String,
    pub status: Status,
    pub detail: String,
}

/// How an upgrade ended. The state file and `-o json` spell these in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The new job runs and is healthy.
    Upgraded,
    /// The new job failed; the previous one runs again from the same snapshot.
    RolledBack,
    /// The new job failed and so did the rollback.
    Failed,
}

/// How a step (or a dry run's check) went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Done,
    /// Found done by an earlier run.
    Resumed,
    Failed,
    /// A dry run's check that passed.
    Ok,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outcome::Upgraded => "upgraded",
            Outcome::RolledBack => "rolled back",
            Outcome::Failed => "failed",
        })
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Done => "done",
            Status::Resumed => "resumed",
            Status::Failed => "failed",
            Status::Ok => "ok",
        })
    }
}

/// How to submit the previous job again: its recorded recipe, or a local jar given on the command line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rollback {
    pub recipe: Recipe,
    pub jar_path: Option<PathBuf>,
}

impl State {
    pub(super) fn step(&mut self, ctx: &Ctx, step: &str, status: Status, detail: impl Into<String>) {
        let detail = detail.into();
        ctx.out.info(format!("[{step}] {status}: {detail}"));
        self.steps.push(Step { step: step.to_string(), status, detail });
    }
}

/// The state file: `--state-file`, else one per job under the user's state directory.
pub fn default_state_file(job: &JobId) -> PathBuf {
    crate::submit::record::fsp_state_dir().join("upgrades").join(format!("{job}.json"))
}

pub fn load_state(path: &Path) -> Result<Option<State>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).with_context(|| {
            format!("the upgrade state file {} is not valid; move it away to start over", path.display())
        })?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read the upgrade state file {}", path.display())),
    }
}

/// Write the state atomically: a crash leaves the old or the new file, never half of one.
pub fn save_state(path: &Path, state: &State) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec_pretty(state)?)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_file_round_trip_is_atomic() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/state.json");
        assert_eq!(load_state(&path).unwrap(), None);
        let state = State {
            old_job_id: "j".into(),
            savepoint: Some("file:/sp".into()),
            outcome: Some(Outcome::RolledBack),
            savepoint_kind: Some(Kind::Checkpoint),
            steps: vec![Step { step: "savepoint".into(), status: Status::Done, detail: "d".into() }],
            ..Default::default()
        };
        save_state(&path, &state).unwrap();
        assert_eq!(load_state(&path).unwrap(), Some(state));
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
        std::fs::write(&path, b"{broken").unwrap();
        let err = format!("{:#}", load_state(&path).unwrap_err());
        assert!(err.contains("not valid") && err.contains("move it away"), "{err}");
    }

    #[test]
    fn the_state_file_spells_outcomes_and_statuses_as_before() {
        let json = r#"{"old_job_id":"j","new_jar":"/x.jar","new_args":[],"rollback":null,"savepoint":"/sp",
            "savepoint_kind":"checkpoint","new_job_id":null,"rollback_job_id":null,"outcome":"rolled_back",
            "steps":[{"step":"submit","status":"resumed","detail":"d"}]}"#;
        let state: State = serde_json::from_str(json).unwrap();
        assert_eq!(state.outcome, Some(Outcome::RolledBack));
        assert_eq!(state.savepoint_kind, Some(Kind::Checkpoint));
        assert_eq!(state.steps[0].status, Status::Resumed);
        let back = serde_json::to_value(&state).unwrap();
        assert_eq!(
            (back["outcome"].as_str(), back["steps"][0]["status"].as_str()),
            (Some("rolled_back"), Some("resumed"))
        );
    }

    #[test]
    fn default_state_file_is_per_job() {
        let a = default_state_file(&JobId::parse("6c4503d93aa3dbc386a545cd5c6fdb70").unwrap());
        assert!(a.ends_with("fsp/upgrades/6c4503d93aa3dbc386a545cd5c6fdb70.json"), "{}", a.display());
    }
}
