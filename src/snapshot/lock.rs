//! The lock that keeps two prunes of one directory apart: for a local directory, `.fsp-prune.lock` locked
//! by the OS; for an object store, a `.fsp-prune.lock` object created only if absent and held as a lease
//! (renewed by a thread, taken over once stale), under a host-local lock file for its URL.

use std::fs::File;
use std::path::Path;
use std::sync::{Arc, OnceLock, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result};
use serde::Serialize;

use super::scan::Root;
use crate::error::Failure;
use crate::output::Output;
use crate::storage::{Remote, Version};

const LOCK_FILE: &str = ".fsp-prune.lock";

/// A held lock: a locked file for a local directory; for a remote one, an object created only-if-absent,
/// renewed while the prune runs and deleted when it ends.
pub enum Lock {
    File(#[allow(dead_code)] File),
    Object(RemoteLock),
}

impl Lock {
    /// Why this prune no longer holds its lock, if it does not (another prune took it over).
    pub fn lost(&self) -> Option<String> {
        match self {
            Lock::File(_) => None,
            Lock::Object(l) => l.lost.get().cloned(),
        }
    }
}

/// A running prune rewrites its lock object this often, which moves the object's modification time...
const LEASE_RENEW: Duration = Duration::from_secs(60);
/// ...and a lock object left unchanged this long is taken over: the prune that held it is gone (killed,
/// or run on a machine that no longer exists, as a Kubernetes CronJob's pod).
const LEASE_STALE: Duration = Duration::from_secs(15 * 60);

/// (renew every, stale after). Tests shorten both (`crate::test_hooks`): the stale period, renewed at a
/// quarter of it.
fn lease() -> (Duration, Duration) {
    match crate::test_hooks::get().prune_lease {
        Some(stale) => (stale / 4, stale),
        None => (LEASE_RENEW, LEASE_STALE),
    }
}

/// A remote lock held: the lock object, which a thread renews until this is dropped, and this host's lock
/// file for the object's URL.
pub struct RemoteLock {
    remote: Remote,
    /// Set by the renewer when another prune has the lock object.
    lost: Arc<OnceLock<String>>,
    stop: Option<mpsc::Sender<()>>,
    /// Ends with the lock object's version as last written, or `None` once the lock is lost.
    renewer: Option<JoinHandle<Option<Version>>>,
    _host: File,
}

impl RemoteLock {
    /// Hold the lock object we wrote at `version`: rewrite it every `lease().0`, each time only if it is still
    /// the one we wrote (a conditional put), so a prune that took it over is never overwritten.
    fn hold(remote: &Remote, mine: Vec<u8>, version: Version, host: File) -> RemoteLock {
        let lost = Arc::new(OnceLock::new());
        let (stop, stopped) = mpsc::channel::<()>();
        let (r, l) = (remote.clone(), lost.clone());
        let renewer = std::thread::spawn(move || {
            let mut current = version;
            while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(lease().0) {
                match r.replace(LOCK_FILE, mine.clone(), &current) {
                    Ok(Some(renewed)) => current = renewed,
                    Ok(None) => {
                        let who = match r.get(LOCK_FILE) {
                            Ok(Some(h)) => String::from_utf8_lossy(&h).trim().to_string(),
                            Ok(None) => "nobody (it was deleted)".to_string(),
                            Err(e) => format!("someone else ({e})"),
                        };
                        let _ = l.set(format!("{} is now held by {who}", r.url_of(LOCK_FILE)));
                        return None;
                    }
                    // The store did not answer: try again at the next renewal, the lease allows for a few.
                    Err(_) => {}
                }
            }
            Some(current)
        });
        RemoteLock { remote: remote.clone(), lost, stop: Some(stop), renewer: Some(renewer), _host: host }
    }
}

impl Drop for RemoteLock {
    fn drop(&mut self) {
        drop(self.stop.take());
        let ours = self.renewer.take().and_then(|t| t.join().ok().flatten());
        // Release only our own lock: one another prune took over stays its.
        if let Some(ours) = ours
            && matches!(self.remote.get_versioned(LOCK_FILE), Ok(Some((_, _, v))) if v == ours)
        {
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
pub fn lock(out: &Output, root: &Root) -> Result<Lock> {
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
                out.warn(format!("took over {}: {why}", r.url_of(LOCK_FILE)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::OutputFormat;

    #[test]
    fn a_local_directory_is_locked_by_one_prune_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let root = Root::Local(dir.path().to_path_buf());
        let out = Output::new(OutputFormat::Text, true, false);
        let held = lock(&out, &root).unwrap();
        assert!(held.lost().is_none());
        let err = lock(&out, &root).err().expect("a second lock is refused");
        assert!(err.to_string().contains("another fsp prune is running"), "{err}");
        assert!(err.to_string().contains(LOCK_FILE), "{err}");
        drop(held);
        lock(&out, &root).expect("free again once the first is dropped");
    }
}
