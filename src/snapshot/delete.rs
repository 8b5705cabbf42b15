//! Deleting a snapshot safely: `_metadata` first, so an interrupted delete never leaves a directory that still
//! looks restorable; through the cluster where it can be asked, by fsp itself only when the snapshot is
//! self-contained; never anything outside the root it was found in.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use super::scan::Root;
use super::{Kind, Snapshot};
use crate::error::Failure;
use crate::pointer::METADATA_FILE;
use crate::rest::Client;
use crate::storage::Remote;

impl Root {
    /// Delete one snapshot (`path` as `scan` gave it), `_metadata` first.
    pub fn delete(&self, path: &str) -> Result<(), Failure> {
        match self {
            Root::Local(root) => {
                delete_local(Path::new(path), root).map_err(|e| Failure::failed(format!("cannot delete {path}: {e}")))
            }
            Root::Remote(r) => delete_remote(r, path),
        }
    }

    /// Whether nothing of a snapshot is left.
    pub fn is_gone(&self, path: &str) -> Result<bool, Failure> {
        match self {
            Root::Local(_) => Ok(!Path::new(path).exists()),
            Root::Remote(r) => Ok(r.list(&rel_in(r, path)?)?.is_empty()),
        }
    }
}

/// `path` (a snapshot under `r`) relative to `r`; refuses anything not strictly inside it.
fn rel_in(r: &Remote, path: &str) -> Result<String, Failure> {
    let path = crate::storage::canonical(path);
    match path.strip_prefix(r.url()).and_then(|rest| rest.strip_prefix('/')) {
        Some(rel) if !rel.is_empty() => Ok(rel.to_string()),
        _ => Err(Failure::failed(format!("{path} is not inside {}", r.url()))),
    }
}

/// Delete a snapshot in an object store: `_metadata` first, then the rest. Refuses anything outside the root
/// or holding nested "directories".
fn delete_remote(r: &Remote, path: &str) -> Result<(), Failure> {
    let rel = rel_in(r, path)?;
    let objects = r.list(&rel)?;
    let prefix = format!("{rel}/");
    if objects.iter().any(|o| o.rel.strip_prefix(&prefix).is_none_or(|name| name.contains('/'))) {
        return Err(Failure::failed(format!("{path} holds more than snapshot files; left alone")));
    }
    let meta = format!("{rel}/{METADATA_FILE}");
    if objects.iter().any(|o| o.rel == meta) {
        r.delete(&meta)?;
    }
    test_pause();
    let rest: Vec<String> = objects.into_iter().map(|o| o.rel).filter(|rel| *rel != meta).collect();
    r.delete_many(&rest)
}

/// Tests slow deletion down to kill a prune in the middle of one.
fn test_pause() {
    if let Some(pause) = crate::test_hooks::get().prune_slow {
        std::thread::sleep(pause);
    }
}

/// Delete a snapshot directory that lies inside `root`: `_metadata` first, then the rest. Refuses anything
/// outside `root`, a symlink, or a directory holding subdirectories (a snapshot has none).
pub fn delete_local(dir: &Path, root: &Path) -> std::io::Result<()> {
    let (dir_c, root_c) = (dir.canonicalize()?, root.canonicalize()?);
    if !dir_c.starts_with(&root_c) || dir_c == root_c {
        return Err(std::io::Error::other(format!("{} is not inside {}", dir.display(), root.display())));
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(&dir_c)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    if entries.iter().any(|p| p.is_dir() || p.is_symlink()) {
        return Err(std::io::Error::other(format!("{} holds more than snapshot files; left alone", dir.display())));
    }
    let meta = dir_c.join(METADATA_FILE);
    if meta.exists() {
        std::fs::remove_file(&meta)?;
    }
    for p in entries.iter().filter(|p| **p != meta) {
        test_pause();
        std::fs::remove_file(p)?;
    }
    std::fs::remove_dir(&dir_c)
}

/// How many snapshots are deleted at once: disposals through the cluster and object-store requests spend
/// most of their time waiting, and each snapshot still loses its `_metadata` before anything else.
const PARALLEL_DELETES: usize = 8;

/// `f` applied to every item on up to `PARALLEL_DELETES` threads; the results come back in the items' order.
pub fn in_parallel<T: Send + Sync, R: Send>(items: Vec<T>, f: impl Fn(&T) -> R + Sync) -> Vec<(T, R)> {
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
pub fn dispose_or_delete(client: Option<&Client>, deadline: Instant, root: &Root, s: &Snapshot) -> Result<String> {
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
