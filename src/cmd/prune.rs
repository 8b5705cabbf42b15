//! `fsp prune --keep N`: delete old savepoints by the rules in `retention`, holding a lock per directory.

use std::fs::File;
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::Serialize;

use super::history::{gather, roots};
use crate::cli::PruneArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::rest::Client;
use crate::retention::{Decision, Kind, Rules, Snapshot, decide};
use crate::snapshots::Root;
use crate::storage::{Remote, Version};

const LOCK_FILE: &str = ".fsp-prune.lock";

/// `-o json`: `{"dry_run", "deleted": [{"path", "reason"}], "kept": [{"path", "reason"}], "failed": [...]}`
#[derive(Serialize, Default)]
struct Report {
    dry_run: bool,
    deleted: Vec<Decision>,
    kept: Vec<Decision>,
    failed: Vec<Decision>,
}

/// A held lock: a locked file for a local directory; for a remote one, an object created only-if-absent,
/// renewed while the prune runs and deleted when it ends.
enum Lock {
    File(#[allow(dead_code)] File),
    Object(RemoteLock),
}

impl Lock {
    /// Why this prune no longer holds its lock, if it does not (another prune took it over).
    fn lost(&self) -> Option<String> {
        match self {
            Lock::File(_) => None,
            Lock::Object(l) => l.lost.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        }
    }
}

/// A running prune rewrites its lock object this often, which moves the object's modification time...
const LEASE_RENEW: Duration = Duration::from_secs(60);
/// ...and a lock object left unchanged this long is taken over: the prune that held it is gone (killed,
/// or run on a machine that no longer exists, as a Kubernetes CronJob's pod).
const LEASE_STALE: Duration = Duration::from_secs(15 * 60);

/// (renew every, stale after). Tests shorten both: `FSP_PRUNE_TEST_LEASE_MS` is the stale period, and the
/// lock is renewed at a quarter of it.
fn lease() -> (Duration, Duration) {
    match std::env::var("FSP_PRUNE_TEST_LEASE_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        Some(ms) => (Duration::from_millis(ms / 4), Duration::from_millis(ms)),
        None => (LEASE_RENEW, LEASE_STALE),
    }
}

/// A remote lock held: the lock object, which a thread renews until this is dropped, and this host's lock
/// file for the object's URL.
struct RemoteLock {
    remote: Remote,
    /// The lock object's version as we last wrote it.
    version: Arc<Mutex<Version>>,
    lost: Arc<Mutex<Option<String>>>,
    stop: Option<mpsc::Sender<()>>,
    renewer: Option<JoinHandle<()>>,
    _host: File,
}

impl RemoteLock {
    /// Hold the lock object we wrote at `version`: rewrite it every `lease().0`, each time only if it is still
    /// the one we wrote (a conditional put), so a prune that took it over is never overwritten.
    fn hold(remote: &Remote, mine: Vec<u8>, version: Version, host: File) -> RemoteLock {
        let version = Arc::new(Mutex::new(version));
        let lost = Arc::new(Mutex::new(None));
        let (stop, stopped) = mpsc::channel::<()>();
        let (r, v, l) = (remote.clone(), version.clone(), lost.clone());
        let renewer = std::thread::spawn(move || {
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(lease().0) {
                let current = v.lock().unwrap_or_else(|e| e.into_inner()).clone();
                match r.replace(LOCK_FILE, mine.clone(), &current) {
                    Ok(Some(renewed)) => *v.lock().unwrap_or_else(|e| e.into_inner()) = renewed,
                    Ok(None) => {
                        let who = match r.get(LOCK_FILE) {
                            Ok(Some(h)) => String::from_utf8_lossy(&h).trim().to_string(),
                            Ok(None) => "nobody (it was deleted)".to_string(),
                            Err(e) => format!("someone else ({e})"),
                        };
                        *l.lock().unwrap_or_else(|e| e.into_inner()) =
                            Some(format!("{} is now held by {who}", r.url_of(LOCK_FILE)));
                        return;
                    }
                    // The store did not answer: try again at the next renewal, the lease allows for a few.
                    Err(_) => {}
                }
            }
        });
        RemoteLock { remote: remote.clone(), version, lost, stop: Some(stop), renewer: Some(renewer), _host: host }
    }
}

impl Drop for RemoteLock {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.renewer.take() {
            let _ = t.join();
        }
        // Release only our own lock: one another prune took over stays its.
        let ours = self.version.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if matches!(self.remote.get_versioned(LOCK_FILE), Ok(Some((_, _, v))) if v == ours) {
            let _ = self.remote.delete(LOCK_FILE);
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
fn lock(ctx: &Ctx, root: &Root) -> Result<Lock> {
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
            if let Some(v) = r.create_new(LOCK_FILE, mine.clone())? {
                return Ok(Lock::Object(RemoteLock::hold(r, mine, v, host_file)));
            }
            let (held, modified_ms, version) = match r.get_versioned(LOCK_FILE)? {
                Some(found) => found,
                // Released in the meantime: one more try.
                None => match r.create_new(LOCK_FILE, mine.clone())? {
                    Some(v) => return Ok(Lock::Object(RemoteLock::hold(r, mine, v, host_file))),
                    None => return Err(busy(r.url(), &r.url_of(LOCK_FILE), ", taken a moment ago")),
                },
            };
            let holder = String::from_utf8_lossy(&held).trim().to_string();
            let (renew, stale) = lease();
            let age_ms = jiff::Timestamp::now().as_millisecond() - modified_ms;
            let why = match serde_json::from_slice::<Holder>(&held) {
                Ok(h) if h.host == me.host && !may_be_running(h.pid) => {
                    Some(format!("the fsp prune that held it (pid {} on this host, since {}) is gone", h.pid, h.since))
                }
                _ => (age_ms > stale.as_millis() as i64).then(|| {
                    format!(
                        "it was last renewed {} ago, and a running prune renews it every {} ({holder})",
                        humantime::format_duration(Duration::from_secs(age_ms as u64 / 1000)),
                        humantime::format_duration(renew)
                    )
                }),
            };
            // Take it over only if it is still the lock we looked at: of two runs that found it stale, one wins.
            if let Some(why) = why
                && let Some(v) = r.replace(LOCK_FILE, mine.clone(), &version)?
            {
                ctx.out.warn(format!("took over {}: {why}", r.url_of(LOCK_FILE)));
                return Ok(Lock::Object(RemoteLock::hold(r, mine, v, host_file)));
            }
            Err(busy(
                r.url(),
                &r.url_of(LOCK_FILE),
                &format!(
                    ": {holder}; a running prune renews its lock every {}, and one left for {} is taken over; \
                     if that prune is no longer running, you may delete the lock object",
                    humantime::format_duration(renew),
                    humantime::format_duration(stale)
                ),
            ))
        }
    }
}

pub fn run(args: &PruneArgs, ctx: &Ctx) -> Result<()> {
    let roots = roots(ctx, &args.dirs)?;
    let locks: Vec<Lock> = roots.iter().map(|r| lock(ctx, r)).collect::<Result<_>>()?;
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
    let results: Vec<std::sync::Mutex<Option<R>>> = items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_DELETES.min(items.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                }
            });
        }
    });
    items
        .into_iter()
        .zip(results)
        .map(|(item, r)| (item, r.into_inner().unwrap_or_else(|e| e.into_inner()).expect("every item was worked on")))
        .collect()
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
