//! Savepoint and checkpoint pointers as users write them: a directory, its `_metadata` file, a `file:` URI,
//! or a remote URI (`s3://…`), resolved the way Flink's `resolveCheckpointPointer` does.

use std::path::{Path, PathBuf};

use crate::error::Failure;

pub const METADATA_FILE: &str = "_metadata";

/// Where a pointer points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// On this machine: a plain path or a `file:` URI.
    Local(PathBuf),
    /// Any other scheme (`s3://`, `hdfs://`, …), kept verbatim.
    Remote(String),
}

/// Split a pointer into local or remote. `file:/x`, `file:///x` and `file://localhost/x` are the local `/x`.
pub fn parse_location(s: &str) -> Location {
    if let Some(rest) = s.strip_prefix("file:") {
        let path = match rest.strip_prefix("//") {
            Some(after) => match after.find('/') {
                Some(i) if after[..i].is_empty() || after[..i].eq_ignore_ascii_case("localhost") => &after[i..],
                Some(_) => return Location::Remote(s.to_string()),
                None => after,
            },
            None => rest,
        };
        return Location::Local(PathBuf::from(path));
    }
    match s.find("://") {
        Some(i) if i > 0 && s[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) => {
            Location::Remote(s.to_string())
        }
        _ => Location::Local(PathBuf::from(s)),
    }
}

/// The `_metadata` file of a local savepoint or checkpoint: the path itself if it is a file, else
/// `PATH/_metadata`, which must exist.
pub fn local_metadata_file(path: &Path) -> Result<PathBuf, Failure> {
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    if path.is_dir() {
        let meta = path.join(METADATA_FILE);
        if meta.is_file() {
            return Ok(meta);
        }
        return Err(Failure::not_found(format!(
            "{} has no {METADATA_FILE} file, so it is not a complete savepoint or checkpoint \
             (a savepoint directory looks like savepoint-<job>-<id>/_metadata; a checkpoint, <job-id>/chk-<n>/_metadata)",
            path.display()
        )));
    }
    Err(Failure::not_found(format!("no such savepoint or checkpoint: {} does not exist", path.display())))
}

/// The snapshot directory a `_metadata` file belongs to.
pub fn snapshot_dir(metadata_file: &Path) -> PathBuf {
    metadata_file.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Make a local path absolute against `cwd`: the JobManager resolves relative paths against its own working
/// directory, which is not ours.
pub fn absolutize(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { cwd.join(path) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        let local = |p: &str| Location::Local(PathBuf::from(p));
        let remote = |p: &str| Location::Remote(p.to_string());
        let cases = [
            ("/sp/savepoint-1", local("/sp/savepoint-1")),
            ("sp/savepoint-1", local("sp/savepoint-1")),
            ("file:/sp/x", local("/sp/x")),
            ("file:///sp/x", local("/sp/x")),
            ("file://localhost/sp/x", local("/sp/x")),
            ("file://nfs-host/sp/x", remote("file://nfs-host/sp/x")),
            ("s3://bucket/sp/x", remote("s3://bucket/sp/x")),
            ("hdfs://nn:8020/sp", remote("hdfs://nn:8020/sp")),
            ("s3a://b/k", remote("s3a://b/k")),
            ("./odd://name", local("./odd://name")),
        ];
        for (input, want) in cases {
            assert_eq!(parse_location(input), want, "{input}");
        }
    }

    #[test]
    fn metadata_resolution() {
        let tmp = tempfile::tempdir().unwrap();
        let sp = tmp.path().join("savepoint-abcdef-0123456789ab");
        std::fs::create_dir(&sp).unwrap();
        let err = local_metadata_file(&sp).unwrap_err();
        assert!(err.message.contains("has no _metadata"), "{err}");
        std::fs::write(sp.join("_metadata"), b"x").unwrap();
        assert_eq!(local_metadata_file(&sp).unwrap(), sp.join("_metadata"));
        assert_eq!(local_metadata_file(&sp.join("_metadata")).unwrap(), sp.join("_metadata"));
        assert_eq!(snapshot_dir(&sp.join("_metadata")), sp);
        let err = local_metadata_file(&tmp.path().join("missing")).unwrap_err();
        assert_eq!(err.kind, crate::error::Exit::NotFound);
        assert_eq!(absolutize(Path::new("a"), Path::new("/w")), PathBuf::from("/w/a"));
        assert_eq!(absolutize(Path::new("/a"), Path::new("/w")), PathBuf::from("/a"));
    }
}
