//! `fsp prune --keep N`: delete old savepoints by the rules in `retention`, holding a lock per directory.

use std::fs::File;

use anyhow::{Context, Result};
use serde::Serialize;

use super::history::{gather, roots};
use crate::cli::PruneArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::retention::{Decision, Kind, Rules, Snapshot, decide};
use crate::snapshots::Root;
use crate::storage::Remote;

const LOCK_FILE: &str = ".fsp-prune.lock";

/// `-o json`: `{"dry_run", "deleted": [{"path", "reason"}], "kept": [{"path", "reason"}], "failed": [...]}`
#[derive(Serialize, Default)]
struct Report {
    dry_run: bool,
    deleted: Vec<Decision>,
    kept: Vec<Decision>,
    failed: Vec<Decision>,
}

/// A held lock: a locked file for a local directory, an object created only-if-absent for a remote one
/// (deleted again when the prune ends).
enum Lock<'a> {
    File(#[allow(dead_code)] File),
    Object(&'a Remote),
}

impl Drop for Lock<'_> {
    fn drop(&mut self) {
        if let Lock::Object(r) = self {
            let _ = r.delete(LOCK_FILE);
        }
    }
}

fn busy(root: &str, lock: &str, holder: &str) -> anyhow::Error {
    Failure::failed(format!(
        "another fsp prune is running on {root} (it holds {lock}{holder}); nothing was deleted, try again later"
    ))
    .into()
}

/// Take the lock of one root, or fail saying who holds it.
fn lock(root: &Root) -> Result<Lock<'_>> {
    match root {
        Root::Local(dir) => {
            let path = dir.join(LOCK_FILE);
            let f = File::create(&path).with_context(|| format!("cannot create the lock file {}", path.display()))?;
            match f.try_lock() {
                Ok(()) => Ok(Lock::File(f)),
                Err(std::fs::TryLockError::WouldBlock) => {
                    Err(busy(&dir.display().to_string(), &path.display().to_string(), ""))
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    Err(e).with_context(|| format!("cannot lock {}", path.display()))
                }
            }
        }
        Root::Remote(r) => {
            let holder = format!(
                "{{\"host\":{:?},\"pid\":{},\"since\":\"{}\"}}",
                std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default().trim(),
                std::process::id(),
                jiff::Timestamp::now()
            );
            if r.create_new(LOCK_FILE, holder.into_bytes())? {
                return Ok(Lock::Object(r));
            }
            let held = r.get(LOCK_FILE).ok().flatten().map(|b| String::from_utf8_lossy(&b).into_owned());
            let holder = held.map(|h| format!(": {}", h.trim())).unwrap_or_default();
            Err(busy(
                r.url(),
                &r.url_of(LOCK_FILE),
                &format!("{holder}; if no prune is running, a killed one left it: delete that object"),
            ))
        }
    }
}

pub fn run(args: &PruneArgs, ctx: &Ctx) -> Result<()> {
    let roots = roots(ctx, &args.dirs)?;
    let _locks: Vec<Lock> = roots.iter().map(lock).collect::<Result<_>>()?;
    let (all, reachable) = gather(ctx, &roots, args.job.as_deref(), args.offline)?;
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
        let (root, snap) = all
            .iter()
            .find(|(_, s)| s.path == d.path)
            .map(|(r, s)| (&roots[*r], s))
            .expect("every decision is about a gathered snapshot");
        if args.dry_run {
            report.deleted.push(d);
            continue;
        }
        match delete(ctx, reachable, root, snap) {
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

/// Delete one snapshot: through the cluster when it is reachable (and then make sure it is gone), else by
/// fsp itself when it is self-contained.
fn delete(ctx: &Ctx, reachable: bool, root: &Root, s: &Snapshot) -> Result<String> {
    if !s.has_metadata {
        // Nothing references its files, and the cluster cannot dispose of what has no _metadata.
        root.delete(&s.path)?;
        return Ok("deleted by fsp".into());
    }
    if reachable && s.kind == Kind::Savepoint {
        let client = ctx.client()?;
        match client.dispose_savepoint(&s.path, ctx.deadline(), &|| {}) {
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
    Ok(if reachable { "deleted".into() } else { "deleted by fsp (the cluster was not asked)".into() })
}
