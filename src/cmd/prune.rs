//! `fsp prune --keep N`: delete old savepoints by the rules in `retention`, holding a lock per directory.

use std::fs::File;
use std::path::Path;

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

/// A held lock: a locked file for a local directory; for a remote one, an object created only-if-absent
/// (deleted again when the prune ends), taken while holding a lock file on this host for that URL.
enum Lock<'a> {
    File(#[allow(dead_code)] File),
    Object(&'a Remote, #[allow(dead_code)] File),
}

impl Drop for Lock<'_> {
    fn drop(&mut self) {
        if let Lock::Object(r, _) = self {
            let _ = r.delete(LOCK_FILE);
        }
    }
}

/// Who holds a remote lock: written into the lock object.
#[derive(Serialize, serde::Deserialize)]
struct Holder {
    host: String,
    pid: u32,
    since: String,
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Whether the process `pid` on this host may still be a running fsp. Where /proc cannot tell, it may.
fn may_be_running(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .is_ok_and(|c| String::from_utf8_lossy(&c).split('\0').next().is_some_and(|exe| exe.ends_with("fsp")))
}

fn busy(root: &str, lock: &str, holder: &str) -> anyhow::Error {
    Failure::failed(format!(
        "another fsp prune is running on {root} (it holds {lock}{holder}); nothing was deleted, try again later"
    ))
    .into()
}

/// An exclusive lock on a file, or `None` when another process holds it.
fn try_lock_file(path: &Path) -> Result<Option<File>> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let f = File::create(path).with_context(|| format!("cannot create the lock file {}", path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(Some(f)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("cannot lock {}", path.display())),
    }
}

/// Take the lock of one root, or fail saying who holds it.
fn lock<'a>(ctx: &Ctx, root: &'a Root) -> Result<Lock<'a>> {
    match root {
        Root::Local(dir) => {
            let path = dir.join(LOCK_FILE);
            try_lock_file(&path)?
                .map(Lock::File)
                .ok_or_else(|| busy(&dir.display().to_string(), &path.display().to_string(), ""))
        }
        Root::Remote(r) => {
            // On this host, one fsp at a time handles this URL's lock object: so a lock left by a killed
            // prune of this host can be taken over without two of us racing for it.
            let name: String = r.url().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            let base = dirs::runtime_dir().or_else(dirs::cache_dir).unwrap_or_else(std::env::temp_dir);
            let host_lock = base.join("fsp/locks").join(format!("{name}.lock"));
            let Some(host_file) = try_lock_file(&host_lock)? else {
                return Err(busy(r.url(), &host_lock.display().to_string(), " on this machine"));
            };
            let me = Holder { host: host_name(), pid: std::process::id(), since: jiff::Timestamp::now().to_string() };
            let mine = serde_json::to_vec(&me)?;
            if r.create_new(LOCK_FILE, mine.clone())? {
                return Ok(Lock::Object(r, host_file));
            }
            let held = r.get(LOCK_FILE)?.unwrap_or_default();
            if let Ok(h) = serde_json::from_slice::<Holder>(&held)
                && h.host == me.host
                && !may_be_running(h.pid)
            {
                r.delete(LOCK_FILE)?;
                if r.create_new(LOCK_FILE, mine)? {
                    ctx.out.warn(format!(
                        "took over {}: the fsp prune that held it (pid {} on this host, since {}) is gone",
                        r.url_of(LOCK_FILE),
                        h.pid,
                        h.since
                    ));
                    return Ok(Lock::Object(r, host_file));
                }
            }
            let holder = String::from_utf8_lossy(&held).trim().to_string();
            Err(busy(
                r.url(),
                &r.url_of(LOCK_FILE),
                &format!(": {holder}; if that prune is no longer running, delete the lock object"),
            ))
        }
    }
}

pub fn run(args: &PruneArgs, ctx: &Ctx) -> Result<()> {
    let roots = roots(ctx, &args.dirs)?;
    let _locks: Vec<Lock> = roots.iter().map(|r| lock(ctx, r)).collect::<Result<_>>()?;
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
    for d in decide(&snaps, &rules) {
        if !d.delete {
            report.kept.push(d);
            continue;
        }
        let (root, snap) = by_path.get(d.path.as_str()).copied().expect("every decision is about a gathered snapshot");
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
