//! Before anything is stopped: which savepoint format an upgrade takes, and whether the new job's state
//! backend can restore it. The old job's backend is what its checkpoint statistics name; the new job's is
//! the one `-D state.backend.type` gives it, else the old job's (the same job's code sets the same).
//!
//! Seen on real Flink 2.3.0 (`tests/integration/interop.rs`): a ForSt job takes NATIVE savepoints only (a
//! CANONICAL trigger fails its tasks and restarts it); a NATIVE savepoint restores only on the backend family
//! that wrote it; ForSt with its default timers restores no full snapshot.

use std::collections::BTreeMap;

use anyhow::Result;

use crate::cli::{SavepointFormat, UpgradeArgs};
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::flink_config::{FlinkConfig, STATE_BACKEND};
use crate::job_id::JobId;
use crate::rest::Client;
use crate::savepoint_target::decide_format;
use crate::submit::compat::{Backend, backend_family};

/// The savepoint an upgrade will take, and what fsp found about restoring it.
#[derive(Debug, PartialEq, Eq)]
pub struct SnapshotPlan {
    pub format: SavepointFormat,
    /// Why fsp chose the format, when the user did not.
    pub note: Option<String>,
    /// What fsp does not do without `--force`: the new job could not restore the savepoint.
    pub refusals: Vec<String>,
}

/// [`decide`] for the job on the cluster. `recorded`: the configuration the old job was submitted with, as
/// fsp recorded it; a state backend set there and not again for the new job is not the new job's.
pub fn plan(
    ctx: &Ctx,
    client: &Client,
    old: &JobId,
    args: &UpgradeArgs,
    recorded: Option<&BTreeMap<String, String>>,
) -> Result<SnapshotPlan> {
    let old_backend = match client.job_checkpoint_config(old) {
        Ok(config) => config.and_then(|c| c.state_backend),
        Err(e) => {
            ctx.out.debug(format!("the state backend of job {old} is unknown: {e}"));
            None
        }
    };
    let properties: BTreeMap<String, String> = args.properties.iter().cloned().collect();
    let set = |props: &BTreeMap<String, String>| {
        FlinkConfig::from_pairs(props.clone()).get(&STATE_BACKEND).map(|(k, v)| format!("-D {k}={v}"))
    };
    let new = match (set(&properties), recorded.and_then(set)) {
        (Some(_), _) => Some(crate::submit::job_backend(client, &properties)?),
        // the old job had its backend from -D at its submission, and the new job gets none
        (None, Some(old_d)) => {
            let mut b = crate::submit::job_backend(client, &properties)?;
            b.source = format!("{}; the old job was submitted with {old_d}: pass it to the upgrade too", b.source);
            Some(b)
        }
        (None, None) => None,
    };
    Ok(decide(old, args.format, old_backend.as_deref(), new.as_ref())?)
}

/// `old_backend`: the old job's backend as its checkpoint statistics name it (`None`: unknown); `new`: the
/// new job's, when `-D state.backend.type` sets it.
pub fn decide(
    old: &JobId,
    given: Option<SavepointFormat>,
    old_backend: Option<&str>,
    new: Option<&Backend>,
) -> Result<SnapshotPlan, Failure> {
    let (format, note) = decide_format(old, given, old_backend)?;
    let mut refusals = Vec::new();
    let from = old_backend.and_then(backend_family);
    let to = new.and_then(|b| backend_family(&b.name)).or(from);
    let (Some(from), Some(to)) = (from, to) else {
        return Ok(SnapshotPlan { format, note, refusals });
    };
    let source = new.map_or_else(|| "the old job's".to_string(), |b| b.source.clone());
    let same_kind = from == to || (from != "hashmap" && to != "hashmap");
    match format {
        SavepointFormat::Native if !same_kind => refusals.push(if from == "forst" {
            format!(
                "job {old} runs on ForSt, which takes NATIVE savepoints only, and a NATIVE savepoint restores only \
                 on the backend that wrote it: the new job would run on {to} ({source}). Move the job off ForSt \
                 on RocksDB first (its NATIVE savepoints restore there), or keep the new job on ForSt"
            )
        } else {
            format!(
                "a NATIVE savepoint of job {old} (on {from}) restores only on the backend that wrote it, and the \
                 new job would run on {to} ({source}). Take a canonical savepoint (leave out --type native), \
                 which switches backends"
            )
        }),
        SavepointFormat::Canonical if to == "forst" && !new.is_some_and(heap_timers) => refusals.push(format!(
            "the new job would run on ForSt ({source}), which restores no CANONICAL savepoint while its timers \
             are kept in ForSt (Flink fails with \"Not support restoring yet for ForStStateBackend\"). Pass -D \
             state.backend.forst.timer-service.factory=HEAP{}",
            if from == "rocksdb" { ", or --type native (ForSt restores RocksDB's NATIVE savepoints)" } else { "" }
        )),
        _ => {}
    }
    Ok(SnapshotPlan { format, note, refusals })
}

fn heap_timers(b: &Backend) -> bool {
    b.forst_timers.as_deref().is_some_and(|t| t.trim().eq_ignore_ascii_case("heap"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use SavepointFormat::{Canonical, Native};

    fn job() -> JobId {
        JobId::parse("0123456789abcdef0123456789abcdef").unwrap()
    }

    fn to(name: &str, timers: Option<&str>) -> Backend {
        Backend {
            name: name.into(),
            source: "-D state.backend.type".into(),
            forst_timers: timers.map(str::to_string),
            configured: true,
        }
    }

    #[test]
    fn a_forst_job_is_upgraded_through_a_native_savepoint() {
        let p = decide(&job(), None, Some("ForStStateBackend"), None).unwrap();
        assert_eq!((p.format, p.refusals.len()), (Native, 0), "{p:?}");
        assert!(p.note.unwrap().contains("ForSt"));
        let refused = decide(&job(), Some(Canonical), Some("ForStStateBackend"), None).unwrap_err();
        assert!(refused.message.contains("--type native"), "{refused:?}");
        // to RocksDB: ForSt's NATIVE savepoints are RocksDB's kind; to hashmap: nothing restores
        assert!(
            decide(&job(), None, Some("ForStStateBackend"), Some(&to("rocksdb", None))).unwrap().refusals.is_empty()
        );
        let p = decide(&job(), None, Some("ForStStateBackend"), Some(&to("hashmap", None))).unwrap();
        assert_eq!(p.refusals.len(), 1, "{p:?}");
        assert!(p.refusals[0].contains("Move the job off ForSt on RocksDB first"), "{p:?}");
    }

    #[test]
    fn a_native_savepoint_for_another_backend_is_refused_before_the_stop() {
        let p = decide(&job(), Some(Native), Some("HashMapStateBackend"), Some(&to("rocksdb", None))).unwrap();
        assert_eq!(p.refusals.len(), 1, "{p:?}");
        assert!(p.refusals[0].contains("leave out --type native"), "{p:?}");
        let same = decide(&job(), Some(Native), Some("EmbeddedRocksDBStateBackend"), None).unwrap();
        assert_eq!(same, SnapshotPlan { format: Native, note: None, refusals: vec![] });
        // canonical switches hashmap and RocksDB freely
        let p = decide(&job(), None, Some("HashMapStateBackend"), Some(&to("rocksdb", None))).unwrap();
        assert_eq!(p, SnapshotPlan { format: Canonical, note: None, refusals: vec![] });
    }

    #[test]
    fn moving_onto_forst_needs_heap_timers_or_a_native_rocksdb_savepoint() {
        let p = decide(&job(), None, Some("EmbeddedRocksDBStateBackend"), Some(&to("forst", None))).unwrap();
        assert_eq!(p.refusals.len(), 1, "{p:?}");
        assert!(p.refusals[0].contains("timer-service.factory=HEAP") && p.refusals[0].contains("--type native"));
        let heap = decide(&job(), None, Some("HashMapStateBackend"), Some(&to("forst", Some("HEAP")))).unwrap();
        assert!(heap.refusals.is_empty(), "{heap:?}");
        let native = decide(&job(), Some(Native), Some("EmbeddedRocksDBStateBackend"), Some(&to("forst", None)));
        assert!(native.unwrap().refusals.is_empty());
        // unknown old backend (checkpointing off) and no -D: nothing to say
        assert_eq!(decide(&job(), None, None, None).unwrap().refusals, Vec::<String>::new());
    }
}
