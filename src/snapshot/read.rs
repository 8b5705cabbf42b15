//! A snapshot's `_metadata`, read from where a path or URL points: a local directory or file, or an object
//! store (`s3://…`, `gs://…`, Azure).

use anyhow::{Context, Result};

use crate::ctx::Ctx;
use crate::error::Failure;
use crate::pointer::{Location, METADATA_FILE, local_metadata_file, parse_location, snapshot_dir};
use crate::storage::Remote;

/// A snapshot's `_metadata`, read from where the user's path points.
pub struct MetadataBytes {
    /// The `_metadata` file, as a path or URL.
    pub file: String,
    /// The snapshot directory, as a path or URL.
    pub dir: String,
    pub bytes: Vec<u8>,
}

/// Read the `_metadata` of a local snapshot, or one in an object store (`s3://…`).
pub fn read_metadata(path: &str, ctx: &Ctx) -> Result<MetadataBytes> {
    match parse_location(path) {
        Location::Local(p) => {
            let file = local_metadata_file(&crate::pointer::absolutize(&p, &ctx.cwd))?;
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            Ok(MetadataBytes {
                file: file.display().to_string(),
                dir: snapshot_dir(&file).display().to_string(),
                bytes,
            })
        }
        Location::Remote(uri) => {
            let uri = crate::storage::canonical(&uri);
            let dir = uri.strip_suffix(&format!("/{METADATA_FILE}")).unwrap_or(&uri).to_string();
            let remote = Remote::open(&dir, &ctx.flink_conf, ctx.timeout)?;
            let file = remote.url_of(METADATA_FILE);
            match remote.get(METADATA_FILE)? {
                Some(bytes) => Ok(MetadataBytes { file, dir: remote.url().to_string(), bytes }),
                None => Err(Failure::not_found(format!(
                    "{file} does not exist, so {dir} is not a complete savepoint or checkpoint"
                ))
                .into()),
            }
        }
    }
}

/// The states of every operator of a snapshot read by [`read_metadata`] (`inspect --states`): from the files
/// beside a local `_metadata`, or, on an object store, from ranged reads of the heads of its state files.
pub fn states_of(
    meta: &crate::metadata::Metadata,
    snap: &MetadataBytes,
    ctx: &Ctx,
) -> Result<Vec<crate::metadata::states::OperatorStates>> {
    use crate::metadata::states::{Source, read};
    Ok(match parse_location(&snap.dir) {
        Location::Local(p) => read(meta, &Source { metadata: &snap.bytes, dir: Some(&p), remote: None }),
        Location::Remote(uri) => {
            let remote = Remote::open(&uri, &ctx.flink_conf, ctx.timeout)?;
            read(meta, &Source { metadata: &snap.bytes, dir: None, remote: Some(&remote) })
        }
    })
}
