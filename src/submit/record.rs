//! The submission record fsp keeps on this machine: which job id `fsp run`/`fsp upgrade` got, under which
//! job name, on which cluster and when. The cluster forgets ended jobs (on a restart, or after
//! `jobstore.expiration-time`); the record lets `latest:NAME` still find a job's snapshots by its name.
//! One small JSON file per job under fsp's state directory; a record that cannot be read is skipped.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub job_id: String,
    pub name: String,
    /// The REST base URL the job was submitted to.
    pub cluster: String,
    /// Milliseconds since the epoch.
    pub submitted_ms: i64,
}

/// fsp's state directory: the platform's state directory (else its local data directory) + `/fsp`.
pub fn fsp_state_dir() -> PathBuf {
    dirs::state_dir().or_else(dirs::data_local_dir).unwrap_or_else(std::env::temp_dir).join("fsp")
}

/// Where the records are.
pub fn records_dir() -> PathBuf {
    fsp_state_dir().join("submissions")
}

/// Write one record atomically (a temporary file renamed over the old one).
pub fn save(dir: &Path, s: &Submission) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{}.json", s.job_id));
    let tmp = dir.join(format!(".{}.tmp-{}", s.job_id, std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec_pretty(s).unwrap_or_default())?;
    std::fs::rename(&tmp, path)
}

/// Every readable record in `dir` for the cluster at `cluster` (its REST base URL).
pub fn load(dir: &Path, cluster: &str) -> Vec<Submission> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<Submission> = rd
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
        .filter_map(|e| serde_json::from_slice::<Submission>(&std::fs::read(e.path()).ok()?).ok())
        .filter(|s| s.cluster.trim_end_matches('/') == cluster.trim_end_matches('/'))
        .collect();
    out.sort_by(|a, b| a.job_id.cmp(&b.job_id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_per_cluster_and_skip_what_cannot_be_read() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("submissions");
        assert!(load(&dir, "http://a:8081").is_empty(), "no directory yet");
        let rec = |id: &str, cluster: &str| Submission {
            job_id: id.into(),
            name: "orders".into(),
            cluster: cluster.into(),
            submitted_ms: 5,
        };
        save(&dir, &rec("b", "http://a:8081")).unwrap();
        save(&dir, &rec("a", "http://a:8081/")).unwrap();
        save(&dir, &rec("c", "http://other:8081")).unwrap();
        std::fs::write(dir.join("broken.json"), b"{").unwrap();
        let got: Vec<String> = load(&dir, "http://a:8081").into_iter().map(|s| s.job_id).collect();
        assert_eq!(got, vec!["a", "b"]);
        save(&dir, &Submission { name: "renamed".into(), ..rec("a", "http://a:8081") }).unwrap();
        assert_eq!(load(&dir, "http://a:8081")[0].name, "renamed", "rewritten in place");
        let files = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(files, 4, "no temporary file left behind");
    }
}
