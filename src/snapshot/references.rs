//! Reading a whole storage root for what its `_metadata` files reference: one listing of every file (and, on
//! local storage, directory), every `_metadata` read and its references resolved, listed again while some
//! vanish between the listing and the read (a running job's checkpoints subsume each other).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

use super::gc::{Listed, References};
use super::normalised;
use super::scan::Root;
use crate::error::Failure;
use crate::pointer::METADATA_FILE;

/// How often the `_metadata` files are listed again when one read has vanished (a newer checkpoint
/// subsumed it) before the reader gives up and says the root did not settle.
const SETTLE_ROUNDS: usize = 5;

/// Every file and (local) directory under the root: one walk, or one recursive listing of an object store.
pub fn list(root: &Root) -> Result<Vec<Listed>> {
    match root {
        Root::Local(p) => {
            let mut out = Vec::new();
            walk(p, p, &mut out)?;
            Ok(out)
        }
        Root::Remote(r) => Ok(r
            .list("")?
            .into_iter()
            .map(|o| Listed { rel: o.rel, size: o.size, modified_ms: o.modified_ms, dir: false })
            .collect()),
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Listed>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        // removed since its parent was read (Flink subsumed a checkpoint): nothing in it to list
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir != root => return Ok(()),
        Err(e) => return Err(Failure::failed(format!("cannot list {}: {e}", dir.display())).into()),
    };
    for e in entries {
        let e = e?;
        let meta = match e.path().symlink_metadata() {
            Ok(m) => m,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err.into()),
        };
        let rel = e.path().strip_prefix(root)?.to_string_lossy().replace('\\', "/");
        let modified_ms = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as i64);
        let is_dir = meta.is_dir();
        out.push(Listed { rel, size: if is_dir { 0 } else { meta.len() }, modified_ms, dir: is_dir });
        if is_dir {
            walk(root, &e.path(), out)?;
        }
    }
    Ok(())
}

/// Every `_metadata` of the root, read; listed again while some vanished between a listing and their read
/// (subsumed by a newer checkpoint, which the next listing shows). Returns why it did not settle, if not.
pub fn read_settled(root: &Root, mut listing: Vec<Listed>) -> Result<(BTreeMap<String, References>, Option<String>)> {
    let mut all = BTreeMap::new();
    for _ in 0..SETTLE_ROUNDS {
        let (read, vanished) = read_metadata(root, &listing, &all)?;
        all.extend(read);
        if vanished.is_none() {
            return Ok((all, None));
        }
        listing = list(root)?;
    }
    Ok((
        all,
        Some(format!(
            "checkpoints kept completing while gc read {} ({SETTLE_ROUNDS} listings): which files the newest ones \
             reference is not known; run gc again when no job writes there",
            root.display()
        )),
    ))
}

/// The `_metadata` files of a listing not in `known`, read and resolved (relative names against their own
/// directory), and the first that vanished before it could be read.
pub fn read_metadata(
    root: &Root,
    listing: &[Listed],
    known: &BTreeMap<String, References>,
) -> Result<(BTreeMap<String, References>, Option<String>)> {
    let base = normalised(&root.display());
    let metas: Vec<&str> = listing
        .iter()
        .filter(|l| !l.dir && l.rel.rsplit('/').next() == Some(METADATA_FILE))
        .map(|l| l.rel.as_str())
        .filter(|rel| !known.contains_key(&format!("{base}/{rel}")))
        .collect();
    let bytes: Vec<Result<Option<Vec<u8>>, String>> = match root {
        Root::Local(p) => metas
            .iter()
            .map(|m| match std::fs::read(p.join(m)) {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.to_string()),
            })
            .collect(),
        Root::Remote(r) => {
            let rels: Vec<String> = metas.iter().map(|m| m.to_string()).collect();
            r.get_many(&rels).into_iter().map(|x| x.map_err(|e| e.message)).collect()
        }
    };
    let mut out = BTreeMap::new();
    let mut vanished = None;
    for (rel, got) in metas.iter().zip(bytes) {
        let at = format!("{base}/{rel}");
        let dir = at.rsplit_once('/').map_or(at.as_str(), |(d, _)| d).to_string();
        let refs = match got {
            Ok(Some(b)) => match crate::metadata::parse(&b) {
                Ok(m) => References::Read {
                    files: m
                        .files()
                        .iter()
                        .map(|f| if f.relative { format!("{dir}/{}", f.path) } else { normalised(&f.path) })
                        .collect(),
                    dirs: m.operators.iter().flat_map(|o| &o.dirs).map(|d| normalised(d)).collect(),
                },
                Err(e) => References::Unreadable(e.to_string()),
            },
            Ok(None) => {
                vanished.get_or_insert(at);
                continue;
            }
            Err(e) => References::Unreadable(e),
        };
        out.insert(at, refs);
    }
    Ok((out, vanished))
}
