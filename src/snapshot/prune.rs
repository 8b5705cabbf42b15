//! A prune: lock every root, find what is there and what is in use, decide by the [`retention`](super::retention)
//! rules, and delete what they allow, up to eight snapshots at once.

use std::collections::HashMap;

use anyhow::Result;
use serde::Serialize;

use super::Snapshot;
use super::delete::{dispose_or_delete, in_parallel};
use super::in_use::gather;
use super::lock::{Lock, lock};
use super::retention::{Decision, Rules, decide};
use super::scan::Root;
use crate::ctx::Ctx;
use crate::error::Failure;

/// `-o json` of `fsp prune`: `{"dry_run", "deleted": [{"path", "reason"}], "kept": [...], "failed": [...]}`
#[derive(Debug, Serialize, Default)]
pub struct Report {
    pub dry_run: bool,
    pub deleted: Vec<Decision>,
    pub kept: Vec<Decision>,
    pub failed: Vec<Decision>,
}

/// What to prune and how.
#[derive(Debug, Clone)]
pub struct Prune<'a> {
    pub rules: Rules,
    pub job: Option<&'a str>,
    /// Do not ask the cluster: nothing counts as in use, only self-contained snapshots are deleted.
    pub offline: bool,
    pub dry_run: bool,
}

/// Prune the roots. Snapshots that could not be deleted are in the report's `failed`, not an error.
pub fn prune(ctx: &Ctx, roots: &[Root], what: &Prune) -> Result<Report> {
    let locks: Vec<Lock> = roots.iter().map(|r| lock(&ctx.out, r)).collect::<Result<_>>()?;
    let (all, reachable) = gather(ctx, roots, what.job, what.offline)?;
    let snaps: Vec<Snapshot> = all.iter().map(|(_, s)| s.clone()).collect();
    let by_path: HashMap<&str, (&Root, &Snapshot)> =
        all.iter().map(|(r, s)| (s.path.as_str(), (&roots[*r], s))).collect();
    let mut report = Report { dry_run: what.dry_run, ..Default::default() };
    let (doomed, kept): (Vec<Decision>, Vec<Decision>) =
        decide(&snaps, &what.rules).into_iter().partition(|d| d.delete);
    report.kept = kept;
    if what.dry_run {
        report.deleted = doomed;
        return Ok(report);
    }
    let client = if reachable { Some(ctx.client()?) } else { None };
    let deadline = ctx.deadline();
    let work: Vec<(Decision, &Root, &Snapshot)> = doomed
        .into_iter()
        .map(|d| {
            let (root, snap) =
                by_path.get(d.path.as_str()).copied().expect("every decision is about a gathered snapshot");
            (d, root, snap)
        })
        .collect();
    let lost = || locks.iter().find_map(Lock::lost);
    let outcomes = in_parallel(work, |(_, root, snap)| match lost() {
        Some(why) => Err(Failure::failed(format!("not deleted: this prune lost its lock ({why})")).into()),
        None => dispose_or_delete(client, deadline, root, snap),
    });
    for ((d, _, _), outcome) in outcomes {
        match outcome {
            Ok(how) => report.deleted.push(Decision { reason: format!("{}; {how}", d.reason), ..d }),
            Err(e) => report.failed.push(Decision { delete: false, reason: format!("{e:#}"), ..d }),
        }
    }
    Ok(report)
}
