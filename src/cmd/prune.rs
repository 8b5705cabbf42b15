//! `fsp prune --keep N`: delete old savepoints by the rules in `retention`, holding a lock per directory.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::history::gather;
use crate::cli::PruneArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::retention::{Decision, Kind, Rules, decide};
use crate::snapshots;

const LOCK_FILE: &str = ".fsp-prune.lock";

/// `-o json`: `{"dry_run", "deleted": [{"path", "reason"}], "kept": [{"path", "reason"}], "failed": [...]}`
#[derive(Serialize, Default)]
struct Report {
    dry_run: bool,
    deleted: Vec<Decision>,
    kept: Vec<Decision>,
    failed: Vec<Decision>,
}

/// An exclusive lock on a directory's lock file for as long as the returned file lives.
fn lock(root: &Path) -> Result<File> {
    let path = root.join(LOCK_FILE);
    let f = File::create(&path).with_context(|| format!("cannot create the lock file {}", path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(Failure::failed(format!(
            "another fsp prune is running on {} (it holds {}); nothing was deleted, try again later",
            root.display(),
            path.display()
        ))
        .into()),
        Err(std::fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("cannot lock {}", path.display())),
    }
}

pub fn run(args: &PruneArgs, ctx: &Ctx) -> Result<()> {
    let roots = super::history::roots(ctx, &args.dirs)?;
    let _locks: Vec<File> = roots.iter().map(|r| lock(r)).collect::<Result<_>>()?;
    let (all, reachable) = gather(ctx, &args.dirs, args.job.as_deref())?;
    let rules = Rules {
        keep: args.keep,
        max_age: args.max_age,
        grace: args.grace,
        include_checkpoints: args.include_checkpoints,
        now_ms: jiff::Timestamp::now().as_millisecond(),
    };
    let snaps: Vec<_> = all.iter().map(|(_, s)| s.clone()).collect();
    let mut report = Report { dry_run: args.dry_run, ..Default::default() };
    for d in decide(&snaps, &rules) {
        if !d.delete {
            report.kept.push(d);
            continue;
        }
        let (root, snap) =
            all.iter().find(|(_, s)| s.path == d.path).map(|(r, s)| (r.clone(), s)).unwrap_or_default_pair();
        if args.dry_run {
            report.deleted.push(d);
            continue;
        }
        match delete(ctx, reachable, &root, snap) {
            Ok(how) => report.deleted.push(Decision { reason: format!("{}; {how}", d.reason), ..d }),
            Err(e) => report.failed.push(Decision { delete: false, reason: format!("{e:#}"), ..d }),
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

trait PairDefault<'a> {
    fn unwrap_or_default_pair(self) -> (PathBuf, &'a crate::retention::Snapshot);
}

impl<'a> PairDefault<'a> for Option<(PathBuf, &'a crate::retention::Snapshot)> {
    fn unwrap_or_default_pair(self) -> (PathBuf, &'a crate::retention::Snapshot) {
        self.expect("every decision is about a gathered snapshot")
    }
}

/// Delete one snapshot: through the cluster when it is reachable (and then make sure it is gone), else
/// locally when it is self-contained.
fn delete(ctx: &Ctx, reachable: bool, root: &Path, s: &crate::retention::Snapshot) -> Result<String> {
    let dir = PathBuf::from(&s.path);
    if reachable && s.kind == Kind::Savepoint {
        let client = ctx.client()?;
        client
            .dispose_savepoint(&s.path, ctx.deadline(), &|| {})
            .with_context(|| "the cluster could not dispose of it")?;
        if !dir.exists() {
            return Ok("disposed through the cluster".into());
        }
        if s.self_contained {
            snapshots::delete_local(&dir, root)?;
            return Ok("disposed through the cluster, leftovers removed".into());
        }
        return Err(Failure::failed(
            "the cluster's disposal left files behind and the savepoint is not self-contained",
        )
        .into());
    }
    if !s.self_contained {
        return Err(Failure::failed(
            "it references files outside its directory; without the cluster fsp does not delete it",
        )
        .into());
    }
    snapshots::delete_local(&dir, root)?;
    Ok(if reachable { "deleted".into() } else { "deleted locally (the cluster is unreachable)".into() })
}
