//! Savepoints and retained checkpoints in storage: what one is ([`Snapshot`]), where they are found
//! ([`scan`]), which are in use ([`in_use`]), which a prune may delete ([`retention`]), deleting one safely
//! ([`delete`]), the lock two prunes take ([`lock`]), reading one's `_metadata` ([`read`]), what every
//! `_metadata` of a root references ([`references`]), and which files under a checkpoint root nothing
//! references ([`gc`]).

pub mod delete;
pub mod gc;
pub mod in_use;
pub mod latest;
pub mod lock;
pub mod prune;
pub mod read;
pub mod references;
pub mod retention;
pub mod scan;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Savepoint,
    Checkpoint,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "state", content = "reason")]
pub enum InUse {
    Yes(String),
    No,
    Unknown,
}

/// What storage (and the metadata) says about one snapshot directory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub path: String,
    pub kind: Kind,
    /// The job: its full id where known, else the 6-hex prefix of a savepoint's name.
    pub job: String,
    /// Milliseconds since the epoch (the `_metadata` file's modification time).
    pub time_ms: i64,
    pub size: u64,
    /// The checkpoint id in its `_metadata` (savepoints have one too); `None` when it cannot be read.
    pub checkpoint_id: Option<i64>,
    /// `_metadata` present and readable.
    pub complete: bool,
    /// `_metadata` present (readable or not). A directory without one was never finished (a failed
    /// savepoint) or is what an interrupted delete left: nothing can restore from it.
    pub has_metadata: bool,
    /// Every file the metadata references is inside the directory.
    pub self_contained: bool,
    pub format: Option<String>,
    pub in_use: InUse,
}

/// Which of one job's snapshots is the newer: the higher checkpoint id from `_metadata` (Flink numbers a job's
/// checkpoints and savepoints in one sequence), then, for equal or unreadable ids, the later time, then the
/// path. A copied or touched old savepoint does not become the newest by its modification time.
pub fn recency(s: &Snapshot) -> (i64, i64, &str) {
    (s.checkpoint_id.unwrap_or(i64::MIN), s.time_ms, s.path.as_str())
}

/// `savepoint-6c4503-b69d15e22f85` → `6c4503`.
pub fn savepoint_job_prefix(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("savepoint-")?;
    let (prefix, random) = rest.split_once('-')?;
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    (hex(prefix, 6) && hex(random, 12)).then_some(prefix)
}

fn is_job_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `chk-42` → 42: the directory of a retained checkpoint.
pub fn checkpoint_number(name: &str) -> Option<u64> {
    name.strip_prefix("chk-").and_then(|n| n.parse().ok())
}

/// Whether two locations name the same file: local paths and `file:` URIs compare as paths, remote ones
/// after `storage::canonical` (so `s3a://` and `s3://` agree).
pub fn same_location(a: &str, b: &str) -> bool {
    normalised(a) == normalised(b)
}

/// A location as `same_location` compares it.
pub fn normalised(p: &str) -> String {
    match crate::pointer::parse_location(p) {
        crate::pointer::Location::Local(l) => l.display().to_string().trim_end_matches('/').to_string(),
        crate::pointer::Location::Remote(r) => crate::storage::canonical(&r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(savepoint_job_prefix("savepoint-6c4503-b69d15e22f85"), Some("6c4503"));
        for bad in [
            "savepoint-6c4503-b69d15e22f8",
            "savepoint-6c45-b69d15e22f85",
            "sp-6c4503-b69d15e22f85",
            "savepoint-zz4503-b69d15e22f85",
        ] {
            assert_eq!(savepoint_job_prefix(bad), None, "{bad}");
        }
        assert_eq!(checkpoint_number("chk-42"), Some(42));
        assert!(same_location("file:/sp/x/", "/sp/x"));
        assert!(same_location("s3a://b/sp//x", "s3://b/sp/x"));
        assert!(!same_location("s3://b/sp/x", "s3://c/sp/x"));
    }
}
