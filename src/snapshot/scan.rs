//! Finding savepoints (`savepoint-<6 hex>-<12 hex>`) and retained checkpoints (`<job id>/chk-<n>`) in a
//! directory, local or in an object store, and which directories to look in ([`roots`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{InUse, Kind, Snapshot, checkpoint_number, is_job_id, same_location, savepoint_job_prefix};
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::flink_config::{CHECKPOINT_DIR, FlinkConfig, SAVEPOINT_DIR};
use crate::metadata;
use crate::pointer::{Location, METADATA_FILE, parse_location};
use crate::storage::Remote;

/// A directory that holds snapshots.
#[derive(Debug)]
pub enum Root {
    Local(PathBuf),
    Remote(Remote),
}

impl Root {
    pub fn display(&self) -> String {
        match self {
            Root::Local(p) => p.display().to_string(),
            Root::Remote(r) => r.url().to_string(),
        }
    }

    /// Every snapshot directly under the root.
    pub fn scan(&self) -> Result<Vec<Snapshot>, Failure> {
        match self {
            Root::Local(p) => scan(p).map_err(|e| Failure::failed(format!("cannot list {}: {e}", p.display()))),
            Root::Remote(r) => scan_remote(r),
        }
    }
}

/// The directories to scan: `--dir`, else the profile's and the local Flink config's savepoint and
/// checkpoint directories, else the cluster's. Local paths, or object-store URLs (`s3://…`).
pub fn roots(ctx: &Ctx, given: &[String]) -> Result<Vec<Root>> {
    let mut dirs: Vec<String> = given.to_vec();
    if dirs.is_empty() {
        let known = [&ctx.settings.savepoint_dir, &ctx.settings.checkpoint_dir].map(|d| d.known());
        dirs.extend(known.into_iter().flatten().map(str::to_string));
    }
    if dirs.is_empty()
        && let Ok(pairs) = ctx.client().and_then(|c| Ok(c.jobmanager_config()?))
    {
        let cluster = FlinkConfig::from_pairs(pairs);
        for opt in [&SAVEPOINT_DIR, &CHECKPOINT_DIR] {
            if let Some(v) = cluster.value(opt) {
                dirs.push(v.to_string());
            }
        }
    }
    if dirs.is_empty() {
        return Err(Failure::usage(
            "no savepoint directory to look in: pass --dir, or configure execution.checkpointing.savepoint-dir",
        )
        .into());
    }
    let mut out: Vec<Root> = Vec::new();
    for d in dirs {
        let root = match parse_location(&d) {
            Location::Local(p) => {
                let p = crate::pointer::absolutize(&p, &ctx.cwd);
                if !p.is_dir() {
                    return Err(Failure::not_found(format!(
                        "{} is not a directory (pass an existing savepoint directory with --dir)",
                        p.display()
                    ))
                    .into());
                }
                Root::Local(p)
            }
            Location::Remote(uri) => Root::Remote(Remote::open(&uri, &ctx.flink_conf, ctx.timeout)?),
        };
        if !out.iter().any(|r| r.display() == root.display()) {
            out.push(root);
        }
    }
    Ok(out)
}

/// Every savepoint directly under `root`, and every `<job id>/chk-N` under it.
pub fn scan(root: &Path) -> std::io::Result<Vec<Snapshot>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !entry.file_type()?.is_dir() {
            continue;
        }
        if let Some(prefix) = savepoint_job_prefix(&name) {
            out.push(describe_local(&path, Kind::Savepoint, prefix.to_string()));
        } else if is_job_id(&name) {
            for chk in std::fs::read_dir(&path)? {
                let chk = chk?;
                let cname = chk.file_name().to_string_lossy().into_owned();
                if checkpoint_number(&cname).is_some() && chk.file_type()?.is_dir() {
                    out.push(describe_local(&chk.path(), Kind::Checkpoint, name.clone()));
                }
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn describe_local(dir: &Path, kind: Kind, job: String) -> Snapshot {
    let meta = dir.join(METADATA_FILE);
    let time_ms = std::fs::metadata(&meta)
        .or_else(|_| std::fs::metadata(dir))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as i64);
    let nested = std::fs::read_dir(dir).is_ok_and(|rd| rd.flatten().any(|e| e.path().is_dir()));
    let found = Found { kind, job, time_ms, size: du(dir), nested, has_metadata: meta.exists() };
    found.into_snapshot(&dir.display().to_string(), std::fs::read(&meta).ok().as_deref())
}

/// What a listing says of one snapshot directory, before its `_metadata` is read.
struct Found {
    kind: Kind,
    job: String,
    time_ms: i64,
    size: u64,
    /// It has subdirectories (a snapshot has none): never self-contained.
    nested: bool,
    /// A `_metadata` file is there, whether or not it could be read.
    has_metadata: bool,
}

impl Found {
    fn into_snapshot(self, path: &str, metadata: Option<&[u8]>) -> Snapshot {
        let parsed = metadata.and_then(|b| metadata::parse(b).ok());
        let self_contained = !self.nested
            && parsed.as_ref().is_some_and(|m| {
                m.files()
                    .iter()
                    .all(|f| f.relative || same_location(&f.path, &format!("{path}/{}", file_name(&f.path))))
            });
        Snapshot {
            path: path.to_string(),
            kind: self.kind,
            job: self.job,
            time_ms: self.time_ms,
            size: self.size,
            checkpoint_id: parsed.as_ref().map(|m| m.checkpoint_id),
            complete: parsed.is_some(),
            has_metadata: self.has_metadata,
            self_contained,
            format: parsed.as_ref().and_then(|m| m.properties.as_ref()).and_then(|p| p.format.clone()),
            in_use: InUse::Unknown,
        }
    }
}

/// One recursive listing of the root, grouped into snapshot directories, then every `_metadata` read at once.
fn scan_remote(r: &Remote) -> Result<Vec<Snapshot>, Failure> {
    let mut dirs: BTreeMap<String, (Found, Option<i64>)> = BTreeMap::new();
    for o in r.list("")? {
        let parts: Vec<&str> = o.rel.split('/').collect();
        let (dir, kind, job, depth) = match parts[..] {
            [name, _, ..] if savepoint_job_prefix(name).is_some() => {
                (name.to_string(), Kind::Savepoint, savepoint_job_prefix(name).unwrap_or_default().to_string(), 1)
            }
            [job, chk, _, ..] if is_job_id(job) && checkpoint_number(chk).is_some() => {
                (format!("{job}/{chk}"), Kind::Checkpoint, job.to_string(), 2)
            }
            _ => continue,
        };
        let entry = dirs
            .entry(dir)
            .or_insert_with(|| (Found { kind, job, time_ms: 0, size: 0, nested: false, has_metadata: false }, None));
        entry.0.size += o.size;
        entry.0.time_ms = entry.0.time_ms.max(o.modified_ms);
        entry.0.nested |= parts.len() > depth + 1;
        if parts.len() == depth + 1 && parts[depth] == METADATA_FILE {
            entry.0.has_metadata = true;
            entry.1 = Some(o.modified_ms);
        }
    }
    let with_meta: Vec<String> =
        dirs.iter().filter(|(_, (_, m))| m.is_some()).map(|(d, _)| format!("{d}/{METADATA_FILE}")).collect();
    let mut contents: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (rel, got) in with_meta.iter().zip(r.get_many(&with_meta)) {
        if let Some(bytes) = got? {
            contents.insert(rel.clone(), bytes);
        }
    }
    Ok(dirs
        .into_iter()
        .map(|(dir, (mut found, meta_time))| {
            if let Some(t) = meta_time {
                found.time_ms = t;
            }
            let meta = contents.get(&format!("{dir}/{METADATA_FILE}"));
            found.into_snapshot(&r.url_of(&dir), meta.map(Vec::as_slice))
        })
        .collect())
}

fn file_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// Bytes on disk under a directory.
pub fn du(dir: &Path) -> u64 {
    let Ok(rd) = std::fs::read_dir(dir) else { return 0 };
    rd.flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => du(&e.path()),
            Ok(_) => e.metadata().map_or(0, |m| m.len()),
            Err(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_and_delete() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let sp = root.join("savepoint-6c4503-b69d15e22f85");
        std::fs::create_dir(&sp).unwrap();
        std::fs::write(
            sp.join("_metadata"),
            include_bytes!("../../tests/fixtures/metadata/2.3.0-savepoint-canonical/_metadata"),
        )
        .unwrap();
        std::fs::write(sp.join("0a1b2c"), b"state").unwrap();
        let chk = root.join("6c4503d93aa3dbc386a545cd5c6fdb70/chk-7");
        std::fs::create_dir_all(&chk).unwrap();
        std::fs::create_dir(root.join("not-a-snapshot")).unwrap();
        let s = scan(root).unwrap();
        assert_eq!(s.len(), 2);
        let chk_snap = s.iter().find(|x| x.kind == Kind::Checkpoint).unwrap();
        assert_eq!(chk_snap.job, "6c4503d93aa3dbc386a545cd5c6fdb70");
        assert!(!chk_snap.complete, "no _metadata");
        let sp_snap = s.iter().find(|x| x.kind == Kind::Savepoint).unwrap();
        assert!(sp_snap.complete && sp_snap.self_contained);
        assert_eq!((sp_snap.job.as_str(), sp_snap.format.as_deref()), ("6c4503", Some("CANONICAL")));
        assert_eq!(sp_snap.checkpoint_id, Some(12), "read from _metadata");
        assert_eq!(chk_snap.checkpoint_id, None);
        // a truncated _metadata: there, but not complete, and no id
        let cut = root.join("savepoint-6c4503-000000000001");
        std::fs::create_dir(&cut).unwrap();
        let meta = include_bytes!("../../tests/fixtures/metadata/2.3.0-savepoint-canonical/_metadata");
        std::fs::write(cut.join("_metadata"), &meta[..meta.len() / 2]).unwrap();
        let s = scan(root).unwrap();
        let cut_snap = s.iter().find(|x| x.path.ends_with("000000000001")).unwrap();
        assert!(cut_snap.has_metadata && !cut_snap.complete && cut_snap.checkpoint_id.is_none(), "{cut_snap:?}");
        std::fs::remove_dir_all(&cut).unwrap();
        // outside the root: refused; inside: _metadata and files gone
        let other = tempfile::tempdir().unwrap();
        assert!(super::super::delete::delete_local(&sp, other.path()).is_err());
        assert!(super::super::delete::delete_local(root, root).is_err());
        super::super::delete::delete_local(&sp, root).unwrap();
        assert!(!sp.exists());
    }
}
