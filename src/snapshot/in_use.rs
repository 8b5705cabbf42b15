//! Which snapshots are in use: the restore source of a running job, a checkpoint of a running job (Flink
//! manages those), and the newest complete snapshot of each job (what it would resume from), whatever the
//! cluster says. With the cluster out of reach, use is unknown, which protects a snapshot as being in use does.

use std::collections::BTreeMap;

use anyhow::Result;

use super::scan::Root;
use super::{InUse, Kind, Snapshot, normalised};
use crate::ctx::Ctx;
use crate::rest::ApiError;

/// Snapshots under the roots, oldest first, each with the index of its root, and whether the cluster could be asked.
/// `offline`: do not ask; nothing counts as in use.
pub fn gather(ctx: &Ctx, roots: &[Root], job: Option<&str>, offline: bool) -> Result<(Vec<(usize, Snapshot)>, bool)> {
    let mut all = Vec::new();
    for (i, root) in roots.iter().enumerate() {
        all.extend(root.scan()?.into_iter().map(|s| (i, s)));
    }
    let reachable = if offline {
        for (_, s) in all.iter_mut() {
            s.in_use = InUse::No;
        }
        false
    } else {
        mark_in_use(ctx, &mut all)
    };
    mark_newest(&mut all);
    if let Some(j) = job {
        let j = j.to_ascii_lowercase();
        all.retain(|(_, s)| s.job == j || j.starts_with(&s.job));
    }
    all.sort_by(|(_, a), (_, b)| a.time_ms.cmp(&b.time_ms).then_with(|| a.path.cmp(&b.path)));
    Ok((all, reachable))
}

/// The newest complete snapshot of each job is in use whatever the cluster says: it is what the job would
/// resume from. (Prune never deletes it either.)
fn mark_newest(all: &mut [(usize, Snapshot)]) {
    let mut newest: BTreeMap<(String, Kind), usize> = BTreeMap::new();
    for (i, (_, s)) in all.iter().enumerate().filter(|(_, (_, s))| s.complete) {
        let key = (s.job.clone(), s.kind);
        let newer = |j: usize| super::recency(s) > super::recency(&all[j].1);
        if newest.get(&key).is_none_or(|&j| newer(j)) {
            newest.insert(key, i);
        }
    }
    for ((job, kind), i) in newest {
        let s = &mut all[i].1;
        if !matches!(s.in_use, InUse::Yes(_)) {
            let what = if kind == Kind::Savepoint { "savepoint" } else { "checkpoint" };
            s.in_use = InUse::Yes(format!("the newest complete {what} of job {job}"));
        }
    }
}

/// Ask the cluster which job each snapshot belongs to and which are restore sources of running jobs.
/// Returns false (and leaves every snapshot's use Unknown) when the cluster cannot be asked.
fn mark_in_use(ctx: &Ctx, all: &mut [(usize, Snapshot)]) -> bool {
    let Ok(client) = ctx.client() else { return false };
    let jobs = match client.jobs_overview() {
        Ok(j) => j,
        Err(ApiError::Unreachable { .. } | ApiError::NoAnswer { .. }) => {
            ctx.out.warn("the cluster cannot be reached: which snapshots are in use is unknown");
            return false;
        }
        Err(e) => {
            ctx.out.warn(format!("cannot list the cluster's jobs ({e}): which snapshots are in use is unknown"));
            return false;
        }
    };
    let mut restored: BTreeMap<String, String> = BTreeMap::new();
    let mut running = Vec::new();
    for j in &jobs {
        if j.state.is_terminal() {
            continue;
        }
        running.push(j.jid.clone());
        let Ok(id) = crate::job_id::JobId::parse(&j.jid) else { continue };
        match restore_source(client, &id) {
            Ok(Some(p)) => {
                restored.insert(normalised(&p), j.jid.clone());
            }
            Ok(None) => {}
            Err(e) => {
                ctx.out.warn(format!(
                    "cannot read the checkpoint statistics of job {} ({e}): which snapshot it was restored from, \
                     and so which snapshots are in use, is unknown",
                    j.jid
                ));
                return false;
            }
        }
    }
    for (_, s) in all.iter_mut() {
        // the full job id, where exactly one job of the cluster has the savepoint's prefix
        if s.kind == Kind::Savepoint {
            let matching: Vec<&str> = jobs.iter().map(|j| j.jid.as_str()).filter(|id| id.starts_with(&s.job)).collect();
            if let [one] = matching[..] {
                s.job = one.to_string();
            }
        }
        let key = normalised(&s.path);
        s.in_use = if let Some(job) = restored.get(&key) {
            InUse::Yes(format!("running job {job} was restored from it"))
        } else if s.kind == Kind::Checkpoint && running.contains(&s.job) {
            InUse::Yes(format!("a checkpoint of running job {}: Flink manages these", s.job))
        } else {
            InUse::No
        };
    }
    true
}

/// The snapshot a job was restored from, if any. A job that is starting, restarting or being cancelled may
/// not answer for its checkpoint statistics yet: ask again for a few seconds, and a job that has ended
/// meanwhile restores nothing.
pub(crate) fn restore_source(
    client: &crate::rest::Client,
    id: &crate::job_id::JobId,
) -> Result<Option<String>, ApiError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match client.job_checkpoints(id) {
            Ok(stats) => return Ok(stats.latest.restored.and_then(|r| r.external_path)),
            Err(ApiError::Status { status: 404, .. }) => return Ok(None),
            Err(e) => {
                if client.job_status(id).is_ok_and(|state| state.is_terminal()) {
                    return Ok(None);
                }
                if std::time::Instant::now() >= deadline {
                    return Err(e);
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(path: &str, job: &str, kind: Kind, time_ms: i64, complete: bool) -> (usize, Snapshot) {
        let s = Snapshot {
            path: path.into(),
            kind,
            job: job.into(),
            time_ms,
            size: 1,
            checkpoint_id: None,
            complete,
            has_metadata: complete,
            self_contained: true,
            format: None,
            in_use: InUse::No,
        };
        (0, s)
    }

    #[test]
    fn the_newest_complete_snapshot_of_each_job_is_in_use() {
        let mut all = vec![
            snap("a1", "a", Kind::Savepoint, 1, true),
            snap("a2", "a", Kind::Savepoint, 2, true),
            snap("a3", "a", Kind::Savepoint, 3, false),
            snap("b1", "b", Kind::Savepoint, 1, true),
            snap("a-chk", "a", Kind::Checkpoint, 9, true),
        ];
        all[3].1.in_use = InUse::Unknown;
        let used = |all: &[(usize, Snapshot)]| -> Vec<String> {
            all.iter().filter(|(_, s)| matches!(s.in_use, InUse::Yes(_))).map(|(_, s)| s.path.clone()).collect()
        };
        let mut by_id = all.clone();
        mark_newest(&mut all);
        assert_eq!(used(&all), vec!["a2", "b1", "a-chk"], "not the incomplete a3; b1 even with the cluster down");
        // with checkpoint ids: the higher id, whatever the times (a1 copied back, so written last)
        by_id[0].1.checkpoint_id = Some(9);
        by_id[1].1.checkpoint_id = Some(4);
        mark_newest(&mut by_id);
        assert_eq!(used(&by_id), vec!["a1", "b1", "a-chk"]);
    }
}
