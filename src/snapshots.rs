//! Finding savepoints (`savepoint-<6 hex>-<12 hex>`) and retained checkpoints (`<job id>/chk-<n>`) in a
//! directory, local or in an object store, and deleting one safely: `_metadata` first, so an interrupted
//! delete never leaves a directory that still looks restorable.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::metadata;
use crate::pointer::METADATA_FILE;
use crate::retention::{InUse, Kind, Snapshot};
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

/// `savepoint-6c4503-b69d15e22f85` → `6c4503`.
pub fn savepoint_job_prefix(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("savepoint-")?;
    let (prefix, random) = rest.split_once('-')?;
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    (hex(prefix, 6) && hex(random, 12)).then_some(prefix)
}

fn is_job_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `chk-42` → 42: the directory of a retained checkpoint.
pub fn checkpoint_number(name: &str) -> Option<u64> {
    name.strip_prefix("chk-").and_then(|n| n.parse().ok())
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

/// Tests slow deletion down (`FSP_PRUNE_TEST_SLOW_MS`) to kill a prune in the middle of one.
fn test_pause() {
    if let Some(ms) = std::env::var("FSP_PRUNE_TEST_SLOW_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Whether two locations name the same file: local paths and `file:` URIs compare as paths, remote ones
/// after `storage::canonical` (so `s3a://` and `s3://` agree).
pub fn same_location(a: &str, b: &str) -> bool {
    normalised(a) == normalised(b)
}

/// A location as `same_location` compares it.
pub fn normalised(p: &str) -> String {
    match crate::pointer::parse_location(p) {
        crate::pointer::Location::Local(l) => l.display().to_string().trim_end_matches('/').to_string(),
        crate::pointer::Location::Remote(r) => crate::storage::canonical(&r),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(savepoint_job_prefix("savepoint-6c4503-b69d15e22f85"), Some("6c4503"));
        for bad in [
            "savepoint-6c4503-b69d15e22f8",
            "savepoint-6c45-b69d15e22f85",
            "sp-6c4503-b69d15e22f85",
            "savepoint-zz4503-b69d15e22f85",
        ] {
            assert_eq!(savepoint_job_prefix(bad), None, "{bad}");
        }
        assert!(same_location("file:/sp/x/", "/sp/x"));
        assert!(same_location("s3a://b/sp//x", "s3://b/sp/x"));
        assert!(!same_location("s3://b/sp/x", "s3://c/sp/x"));
    }

    #[test]
    fn scan_and_delete() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let sp = root.join("savepoint-6c4503-b69d15e22f85");
        std::fs::create_dir(&sp).unwrap();
        std::fs::write(
            sp.join("_metadata"),
            include_bytes!("../tests/fixtures/metadata/2.3.0-savepoint-canonical/_metadata"),
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
        // outside the root: refused; inside: _metadata and files gone
        let other = tempfile::tempdir().unwrap();
        assert!(delete_local(&sp, other.path()).is_err());
        assert!(delete_local(root, root).is_err());
        delete_local(&sp, root).unwrap();
        assert!(!sp.exists());
    }
}
