//! `fsp prune --keep N`: delete old savepoints by the rules in `retention`, holding a lock per directory
//! (`prune_lock`).

use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;

use super::history::{gather, roots};
use crate::cli::PruneArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::prune_lock::{Lock, lock};
use crate::rest::Client;
use crate::retention::{Decision, Kind, Rules, Snapshot, decide};
use crate::snapshots::Root;

/// `-o json`: `{"dry_run", "deleted": [{"path", "reason"}], "kept": [{"path", "reason"}], "failed": [...]}`
#[derive(Serialize, Default)]
struct Report {
    dry_run: bool,
    deleted: Vec<Decision>,
    kept: Vec<Decision>,
    failed: Vec<Decision>,
}

pub fn run(args: &PruneArgs, ctx: &Ctx) -> Result<()> {
    let roots = roots(ctx, &args.dirs)?;
    let locks: Vec<Lock> = roots.iter().map(|r| lock(&ctx.out, r)).collect::<Result<_>>()?;
    let (all, reachable) = gather(ctx, &roots, args.job.as_deref(), args.offline)?;
    let rules = Rules {
        keep: args.keep,
        max_age: args.max_age,
        grace: args.grace,
        include_checkpoints: args.include_checkpoints,
        now_ms: jiff::Timestamp::now().as_millisecond(),
    };
    let snaps: Vec<_> = all.iter().map(|(_, s)| s.clone()).collect();
    let by_path: std::collections::HashMap<&str, (&Root, &Snapshot)> =
        all.iter().map(|(r, s)| (s.path.as_str(), (&roots[*r], s))).collect();
    let mut report = Report { dry_run: args.dry_run, ..Default::default() };
    let (doomed, kept): (Vec<Decision>, Vec<Decision>) = decide(&snaps, &rules).into_iter().partition(|d| d.delete);
    report.kept = kept;
    if args.dry_run {
        report.deleted = doomed;
    } else {
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
            None => delete(client, deadline, root, snap),
        });
        for ((d, _, _), outcome) in outcomes {
            match outcome {
                Ok(how) => report.deleted.push(Decision { reason: format!("{}; {how}", d.reason), ..d }),
                Err(e) => report.failed.push(Decision { delete: false, reason: format!("{e:#}"), ..d }),
            }
        }
    }
    if ctx.out.json() {
        ctx.out.emit_json(&report)?;
    } else {
        let verb = if args.dry_run { "would delete" } else { "deleted" };
        for d in &report.deleted {
            ctx.out.data(format!("{verb}  {}  ({})", d.path, d.reason));
        }
        for d in &report.kept {
            ctx.out.data(format!("kept  {}  ({})", d.path, d.reason));
        }
        for d in &report.failed {
            ctx.out.data(format!("FAILED  {}  ({})", d.path, d.reason));
        }
        ctx.out.info(format!(
            "{} {}, {} kept{}.",
            report.deleted.len(),
            verb,
            report.kept.len(),
            if report.failed.is_empty() { String::new() } else { format!(", {} failed", report.failed.len()) }
        ));
    }
    if !report.failed.is_empty() {
        return Err(Failure::failed(format!("{} snapshot(s) could not be deleted", report.failed.len())).into());
    }
    Ok(())
}

/// How many snapshots are deleted at once: disposals through the cluster and object-store requests spend
/// most of their time waiting, and each snapshot still loses its `_metadata` before anything else.
const PARALLEL_DELETES: usize = 8;

/// `f` applied to every item on up to `PARALLEL_DELETES` threads; the results come back in the items' order.
fn in_parallel<T: Send + Sync, R: Send>(items: Vec<T>, f: impl Fn(&T) -> R + Sync) -> Vec<(T, R)> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..PARALLEL_DELETES.min(items.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a delete worker panicked")).collect()
    });
    done.sort_by_key(|(i, _)| *i);
    items.into_iter().zip(done).map(|(item, (_, r))| (item, r)).collect()
}

/// Delete one snapshot: through the cluster when it is reachable (`client`; and then make sure it is gone),
/// else by fsp itself when it is self-contained.
fn delete(client: Option<&Client>, deadline: Instant, root: &Root, s: &Snapshot) -> Result<String> {
    if !s.has_metadata {
        // Nothing references its files, and the cluster cannot dispose of what has no _metadata.
        root.delete(&s.path)?;
        return Ok("deleted by fsp".into());
    }
    if let (Some(client), Kind::Savepoint) = (client, s.kind) {
        match client.dispose_savepoint(&s.path, deadline, &|| {}) {
            Ok(()) if root.is_gone(&s.path)? => return Ok("disposed through the cluster".into()),
            Ok(()) if s.self_contained => {
                root.delete(&s.path)?;
                return Ok("disposed through the cluster, leftovers removed".into());
            }
            Ok(()) => {
                return Err(Failure::failed(
                    "the cluster's disposal left files behind and the savepoint is not self-contained",
                )
                .into());
            }
            Err(e) if s.self_contained => {
                root.delete(&s.path)?;
                return Ok(format!(
                    "the cluster could not dispose of it ({e}); deleted by fsp, as it is self-contained"
                ));
            }
            Err(e) => return Err(e).context("the cluster could not dispose of it, and it is not self-contained"),
        }
    }
    if !s.self_contained {
        return Err(Failure::failed(
            "it references files outside its directory; without the cluster fsp does not delete it",
        )
        .into());
    }
    root.delete(&s.path)?;
    Ok(if client.is_some() { "deleted".into() } else { "deleted by fsp (the cluster was not asked)".into() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn in_parallel_keeps_the_order_and_runs_at_once() {
        let (active, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let out = in_parallel((0..40).collect(), |&i: &u32| {
            let now = active.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(5));
            active.fetch_sub(1, Ordering::SeqCst);
            i * 2
        });
        assert_eq!(out, (0..40).map(|i| (i, i * 2)).collect::<Vec<_>>());
        let most = most.load(Ordering::SeqCst);
        assert!((2..=PARALLEL_DELETES).contains(&most), "{most} at once");
        assert!(in_parallel(Vec::<u32>::new(), |_| ()).is_empty());
    }
}
