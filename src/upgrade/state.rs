//! The upgrade's state file: what has been done so far, written after every step, so a retry resumes.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::ctx::Ctx;
use crate::job_id::JobId;
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
    pub savepoint_kind: Option<String>,
    pub new_job_id: Option<String>,
    pub rollback_job_id: Option<String>,
    /// `upgraded`, `rolled_back` or `failed`, once finished.
    pub outcome: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub step: String,
    pub status: String,
    pub detail: String,
}

/// How to submit the previous job again: its recorded recipe, or a local jar given on the command line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rollback {
    pub recipe: Recipe,
    pub jar_path: Option<PathBuf>,
}

impl State {
    pub(super) fn step(&mut self, ctx: &Ctx, step: &str, status: &str, detail: impl Into<String>) {
        let detail = detail.into();
        ctx.out.info(format!("[{step}] {status}: {detail}"));
        self.steps.push(Step { step: step.to_string(), status: status.to_string(), detail });
    }
}

/// The state file: `--state-file`, else one per job under the user's state directory.
pub fn default_state_file(job: &JobId) -> PathBuf {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("fsp")
        .join("upgrades")
        .join(format!("{job}.json"))
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
            steps: vec![Step { step: "savepoint".into(), status: "done".into(), detail: "d".into() }],
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
    fn default_state_file_is_per_job() {
        let a = default_state_file(&JobId::parse("6c4503d93aa3dbc386a545cd5c6fdb70").unwrap());
        assert!(a.ends_with("fsp/upgrades/6c4503d93aa3dbc386a545cd5c6fdb70.json"), "{}", a.display());
    }
}
