//! Finding savepoints (`savepoint-<6 hex>-<12 hex>`) and retained checkpoints (`<job id>/chk-<n>`) on local
//! storage, and deleting one safely: `_metadata` first, so an interrupted delete never leaves a directory
//! that still looks restorable.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::metadata;
use crate::retention::{InUse, Kind, Snapshot};

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
            out.push(describe(&path, Kind::Savepoint, prefix.to_string()));
        } else if is_job_id(&name) {
            for chk in std::fs::read_dir(&path)? {
                let chk = chk?;
                let cname = chk.file_name().to_string_lossy().into_owned();
                let numbered = cname.strip_prefix("chk-").is_some_and(|n| n.parse::<u64>().is_ok());
                if numbered && chk.file_type()?.is_dir() {
                    out.push(describe(&chk.path(), Kind::Checkpoint, name.clone()));
                }
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn describe(dir: &Path, kind: Kind, job: String) -> Snapshot {
    let meta = dir.join(crate::pointer::METADATA_FILE);
    let time_ms = std::fs::metadata(&meta)
        .or_else(|_| std::fs::metadata(dir))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as i64);
    let parsed = std::fs::read(&meta).ok().and_then(|b| metadata::parse(&b).ok());
    let self_contained = parsed.as_ref().is_some_and(|m| {
        m.files().iter().all(|f| {
            f.relative
                || crate::pointer::parse_location(&f.path)
                    == crate::pointer::Location::Local(dir.join(file_name(&f.path)))
        })
    });
    Snapshot {
        path: dir.display().to_string(),
        kind,
        job,
        time_ms,
        size: du(dir),
        complete: parsed.is_some(),
        self_contained,
        format: parsed.as_ref().and_then(|m| m.properties.as_ref()).and_then(|p| p.format.clone()),
        in_use: InUse::Unknown,
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
    let meta = dir_c.join(crate::pointer::METADATA_FILE);
    if meta.exists() {
        std::fs::remove_file(&meta)?;
    }
    let slow = std::env::var("FSP_PRUNE_TEST_SLOW_MS").ok().and_then(|v| v.parse::<u64>().ok());
    for p in entries.iter().filter(|p| **p != meta) {
        if let Some(ms) = slow {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        std::fs::remove_file(p)?;
    }
    std::fs::remove_dir(&dir_c)
}

/// Paths that are the restore source of a job, normalised to local paths where they are `file:` URIs.
pub fn normalise(paths: &[String]) -> BTreeSet<String> {
    paths
        .iter()
        .map(|p| match crate::pointer::parse_location(p) {
            crate::pointer::Location::Local(l) => l.display().to_string().trim_end_matches('/').to_string(),
            crate::pointer::Location::Remote(r) => r,
        })
        .collect()
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
