//! `fsp inspect PATH`: a savepoint's or checkpoint's `_metadata`, read offline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::cli::InspectArgs;
use crate::error::Failure;
use crate::metadata::{self, Metadata};
use crate::output::{Output, sanitize};
use crate::pointer::{Location, local_metadata_file, parse_location, snapshot_dir};
use crate::table;

/// `fsp inspect -o json`:
/// `{"path", "metadata_file", "version", "checkpoint_id", "kind" (savepoint|checkpoint|null), "format"
/// (CANONICAL|NATIVE|null), "operators": [{"id", "name", "uid", "matched_uid", "parallelism",
/// "max_parallelism", "state": ["keyed", …], "state_size", "finished", "subtasks", "finished_subtasks"}],
/// "total_state_size", "unmatched_uids": [..], "files": [{"path", "resolved", "size", "inside", "exists"}]
/// (with --files), "warnings": [..]}`
#[derive(Serialize)]
struct Report<'a> {
    path: String,
    metadata_file: String,
    version: i32,
    checkpoint_id: i64,
    kind: Option<&'a str>,
    format: Option<&'a str>,
    operators: Vec<OperatorOut<'a>>,
    total_state_size: u64,
    unmatched_uids: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<Vec<FileOut>>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct OperatorOut<'a> {
    id: &'a str,
    name: Option<&'a str>,
    uid: Option<&'a str>,
    /// The uid given with --uid/--uids-from that hashes to this operator's id.
    matched_uid: Option<&'a str>,
    parallelism: i32,
    max_parallelism: i32,
    state: Vec<&'static str>,
    state_size: u64,
    finished: bool,
    subtasks: usize,
    finished_subtasks: usize,
}

#[derive(Serialize)]
struct FileOut {
    /// As stored in the metadata.
    path: String,
    /// Relative paths resolved against the snapshot directory; `file:` URIs as local paths.
    resolved: String,
    size: u64,
    /// Inside the snapshot directory (a self-contained reference).
    inside: bool,
    /// `null` for files on remote storage.
    exists: Option<bool>,
}

pub fn run(args: &InspectArgs, out: &Output) -> Result<()> {
    let file = metadata_file(&args.path)?;
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let m = metadata::parse(&bytes).map_err(|e| {
        Failure::failed(format!(
            "{} is not a readable _metadata file: {e} (truncated by a crash, or still being written?)",
            file.display()
        ))
    })?;
    let uids = uids(args)?;
    let matches: BTreeMap<String, &str> = uids.iter().map(|u| (metadata::operator_id(u), u.as_str())).collect();
    let dir = snapshot_dir(&file);
    let unmatched: Vec<&str> = uids
        .iter()
        .filter(|u| !m.operators.iter().any(|o| o.id == metadata::operator_id(u)))
        .map(String::as_str)
        .collect();
    let files = args.files.then(|| resolve_files(&m, &dir));
    if out.json() {
        let operators = m
            .operators
            .iter()
            .map(|o| OperatorOut {
                id: &o.id,
                name: o.name.as_deref(),
                uid: o.uid.as_deref(),
                matched_uid: matches.get(&o.id).copied(),
                parallelism: o.parallelism,
                max_parallelism: o.max_parallelism,
                state: o.state.names(),
                state_size: o.state_size,
                finished: o.finished,
                subtasks: o.subtasks,
                finished_subtasks: o.finished_subtasks,
            })
            .collect();
        return out.emit_json(&Report {
            path: args.path.clone(),
            metadata_file: file.display().to_string(),
            version: m.version,
            checkpoint_id: m.checkpoint_id,
            kind: m.properties.as_ref().map(|p| p.kind.as_str()),
            format: m.properties.as_ref().and_then(|p| p.format.as_deref()),
            operators,
            total_state_size: m.total_state_size(),
            unmatched_uids: unmatched,
            files,
            warnings: &m.warnings,
        });
    }
    for w in &m.warnings {
        out.warn(w);
    }
    let kind = match &m.properties {
        Some(p) if p.kind == "savepoint" => format!("savepoint ({})", p.format.as_deref().unwrap_or("unknown format")),
        Some(p) => format!("checkpoint ({})", p.name.as_deref().unwrap_or("checkpoint")),
        None => "savepoint or checkpoint (format V3 and older do not say which)".to_string(),
    };
    out.data(format!("{}", file.display()));
    out.data(format!("format V{}, checkpoint {}, {kind}", m.version, m.checkpoint_id));
    out.data("");
    let rows = m
        .operators
        .iter()
        .map(|o| {
            let uid = match (o.uid.as_deref(), matches.get(&o.id)) {
                (Some(u), _) => sanitize(u),
                (None, Some(u)) => format!("{} (matched)", sanitize(u)),
                (None, None) => "-".to_string(),
            };
            vec![
                o.id.clone(),
                o.name.as_deref().map(sanitize).unwrap_or_else(|| "-".into()),
                uid,
                format!("{}/{}", o.parallelism, o.max_parallelism),
                if o.state.any() { o.state.names().join(",") } else { "-".into() },
                human_bytes(o.state_size),
                if o.finished {
                    "finished".to_string()
                } else if o.finished_subtasks > 0 {
                    format!("{}/{} finished", o.finished_subtasks, o.subtasks)
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    out.data(table::render(&table::plain(
        &["OPERATOR ID", "NAME", "UID", "PARALLELISM", "STATE", "SIZE", "FINISHED"],
        rows,
    )));
    let with_state = m.operators.iter().filter(|o| o.state.any()).count();
    out.data(format!(
        "\n{} operators, {with_state} with state, {} of state in total",
        m.operators.len(),
        human_bytes(m.total_state_size())
    ));
    for u in &unmatched {
        out.warn(format!("uid '{}' ({}) matches no operator in this snapshot", sanitize(u), metadata::operator_id(u)));
    }
    if let Some(files) = files.filter(|f| !f.is_empty()) {
        out.data("");
        let rows = files
            .iter()
            .map(|f| {
                vec![
                    sanitize(&f.resolved),
                    human_bytes(f.size),
                    if f.inside { "inside" } else { "outside" }.to_string(),
                    match f.exists {
                        Some(true) => "yes",
                        Some(false) => "MISSING",
                        None => "remote",
                    }
                    .to_string(),
                ]
            })
            .collect();
        out.data(table::render(&table::plain(&["FILE", "SIZE", "WHERE", "EXISTS"], rows)));
    } else if args.files {
        out.data("\nNo files: all state is inline in _metadata.");
    }
    Ok(())
}

/// The local `_metadata` file a user's path points at.
fn metadata_file(path: &str) -> Result<PathBuf> {
    match parse_location(path) {
        Location::Local(p) => Ok(local_metadata_file(&p)?),
        Location::Remote(uri) => Err(Failure::usage(format!(
            "{uri} is on remote storage; fsp inspect reads local paths (copy the _metadata file, or mount the storage)"
        ))
        .into()),
    }
}

fn uids(args: &InspectArgs) -> Result<Vec<String>> {
    let mut uids = args.uids.clone();
    if let Some(f) = &args.uids_from {
        let text = std::fs::read_to_string(f).with_context(|| format!("cannot read uids from {}", f.display()))?;
        uids.extend(parse_uid_list(&text));
    }
    Ok(uids)
}

/// One uid per line; blank lines and `#` comments are skipped.
pub fn parse_uid_list(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

fn resolve_files(m: &Metadata, dir: &Path) -> Vec<FileOut> {
    m.files()
        .into_iter()
        .map(|f| {
            let (resolved, local) = if f.relative {
                let p = dir.join(&f.path);
                (p.display().to_string(), Some(p))
            } else {
                match parse_location(&f.path) {
                    Location::Local(p) => (p.display().to_string(), Some(p)),
                    Location::Remote(uri) => (uri, None),
                }
            };
            let inside = local.as_ref().is_some_and(|p| p.starts_with(dir));
            let exists = local.as_ref().map(|p| p.is_file());
            FileOut { path: f.path.clone(), resolved, size: f.size, inside, exists }
        })
        .collect()
}

pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 { format!("{n} B") } else { format!("{v:.1} {}", UNITS[u]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_lists_and_sizes() {
        assert_eq!(parse_uid_list("# uids\ncounter\n\n  dedup  \n#x\n"), vec!["counter", "dedup"]);
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
    }
}
