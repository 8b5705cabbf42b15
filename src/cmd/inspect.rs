//! `fsp inspect PATH`: a savepoint's or checkpoint's `_metadata`, read offline.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::cli::InspectArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::format::{human_bytes, sanitize};
use crate::metadata::{self, Metadata, states};
use crate::pointer::{Location, parse_location};
use crate::snapshot::read::read_metadata;
use crate::storage::Remote;
use crate::table;

/// `fsp inspect -o json`:
/// `{"path", "metadata_file", "version", "checkpoint_id", "kind" (savepoint|checkpoint|null), "format"
/// (CANONICAL|NATIVE|null), "operators": [{"id", "name", "uid", "matched_uid", "parallelism",
/// "max_parallelism", "state": ["keyed", "operator", "raw", "coordinator", "channel", "legacy"], "state_size", "finished", "subtasks", "finished_subtasks",
/// with --states also "states": [{"name", "kind", "key_type", "value_type", "ttl", "kryo"}] and "states_unread": [why],
/// and the columns of Flink's savepoint_metadata(): "checkpoint-id", "operator-name", "operator-uid",
/// "operator-uid-hash", "operator-parallelism", "operator-max-parallelism", "operator-subtask-state-count",
/// "operator-coordinator-state-size-in-bytes", "operator-total-size-in-bytes"}],
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
    /// With --states.
    #[serde(skip_serializing_if = "Option::is_none")]
    states: Option<&'a [states::State]>,
    /// With --states: why states (or their types) could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    states_unread: Option<&'a [String]>,
    /// The columns of Flink's `savepoint_metadata()` SQL function (2.1+), under its names, to compare one to
    /// one.
    #[serde(flatten)]
    flink: FlinkColumns<'a>,
}

/// One row of Flink's `savepoint_metadata(path)`, as `SavepointMetadataTableFunction` fills it.
#[derive(Serialize)]
struct FlinkColumns<'a> {
    #[serde(rename = "checkpoint-id")]
    checkpoint_id: i64,
    #[serde(rename = "operator-name")]
    name: Option<&'a str>,
    #[serde(rename = "operator-uid")]
    uid: Option<&'a str>,
    #[serde(rename = "operator-uid-hash")]
    uid_hash: &'a str,
    #[serde(rename = "operator-parallelism")]
    parallelism: i32,
    #[serde(rename = "operator-max-parallelism")]
    max_parallelism: i32,
    /// Subtask states in the file, finished ones included (`OperatorState.getStates().size()`).
    #[serde(rename = "operator-subtask-state-count")]
    subtask_state_count: usize,
    #[serde(rename = "operator-coordinator-state-size-in-bytes")]
    coordinator_state_size: u64,
    /// `OperatorState.getCheckpointedSize()`.
    #[serde(rename = "operator-total-size-in-bytes")]
    total_size: u64,
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
    /// `null` where the storage could not be asked.
    exists: Option<bool>,
}

/// Why `file` cannot be inspected. Only a file that ends early is blamed on truncation.
fn unreadable(file: &str, e: &metadata::ParseError) -> String {
    if e.ends_early() {
        format!("{file} is not a readable _metadata file: {e} (truncated by a crash, or still being written?)")
    } else {
        format!("{file} is not a readable _metadata file: {e}")
    }
}

pub fn run(args: &InspectArgs, ctx: &Ctx) -> Result<()> {
    let out = &ctx.out;
    let snap = read_metadata(&args.path, ctx)?;
    let (file, dir) = (&snap.file, &snap.dir);
    let m = metadata::parse(&snap.bytes).map_err(|e| Failure::failed(unreadable(file, &e)))?;
    let uids = uids(args)?;
    let matches: BTreeMap<String, &str> = uids.iter().map(|u| (metadata::operator_id(u), u.as_str())).collect();
    let unmatched: Vec<&str> = uids
        .iter()
        .filter(|u| !m.operators.iter().any(|o| o.id == metadata::operator_id(u)))
        .map(String::as_str)
        .collect();
    let files = args.files.then(|| resolve_files(&m, dir, ctx));
    let states = match args.states {
        true => Some(crate::snapshot::read::states_of(&m, &snap, ctx)?),
        false => None,
    };
    if out.json() {
        let operators = m
            .operators
            .iter()
            .enumerate()
            .map(|(i, o)| OperatorOut {
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
                states: states.as_ref().map(|s| s[i].states.as_slice()),
                states_unread: states.as_ref().map(|s| s[i].problems.as_slice()),
                flink: FlinkColumns {
                    checkpoint_id: m.checkpoint_id,
                    name: o.name.as_deref(),
                    uid: o.uid.as_deref(),
                    uid_hash: &o.id,
                    parallelism: o.parallelism,
                    max_parallelism: o.max_parallelism,
                    subtask_state_count: o.subtasks,
                    coordinator_state_size: o.coordinator_state_size,
                    total_size: o.checkpointed_size,
                },
            })
            .collect();
        return out.emit_json(&Report {
            path: args.path.clone(),
            metadata_file: file.clone(),
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
    out.data(file.clone());
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
    if let Some(states) = &states {
        print_states(&m, states, &matches, ctx);
    }
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
                        None => "not checked",
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

/// The states table: one row per state, user states before timers, then why some could not be read.
fn print_states(m: &Metadata, states: &[states::OperatorStates], matches: &BTreeMap<String, &str>, ctx: &Ctx) {
    let out = &ctx.out;
    let label = |o: &metadata::Operator| match (o.uid.as_deref(), matches.get(&o.id).copied()) {
        (Some(u), _) | (None, Some(u)) => sanitize(u),
        (None, None) => o.id.clone(),
    };
    let rows: Vec<Vec<String>> = m
        .operators
        .iter()
        .zip(states)
        .flat_map(|(o, s)| {
            s.states.iter().map(move |st| {
                vec![
                    label(o),
                    sanitize(&st.name),
                    st.kind.clone(),
                    st.key_type.as_deref().map(sanitize).unwrap_or_else(|| "-".into()),
                    st.value_type.as_deref().map(sanitize).unwrap_or_else(|| "-".into()),
                    if st.ttl { "on" } else { "-" }.to_string(),
                    if st.kryo { "KRYO" } else { "-" }.to_string(),
                ]
            })
        })
        .collect();
    out.data("");
    if rows.is_empty() {
        out.data("No states read.");
    } else {
        out.data(table::render(&table::plain(
            &["OPERATOR", "STATE", "KIND", "KEY TYPE", "VALUE TYPE", "TTL", "KRYO"],
            rows,
        )));
    }
    for (o, s) in m.operators.iter().zip(states) {
        for p in &s.problems {
            out.data(format!("{}: {}", label(o), sanitize(p)));
        }
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

fn resolve_files(m: &Metadata, dir: &str, ctx: &Ctx) -> Vec<FileOut> {
    let mut files: Vec<FileOut> = m
        .files()
        .into_iter()
        .map(|f| {
            let resolved = if f.relative { format!("{dir}/{}", f.path) } else { f.path.to_string() };
            let (resolved, exists) = match parse_location(&resolved) {
                Location::Local(p) => (p.display().to_string(), Some(p.is_file())),
                Location::Remote(uri) => (crate::storage::canonical(&uri), None),
            };
            let inside = resolved.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'));
            FileOut { path: f.path.to_string(), resolved, size: f.size, inside, exists }
        })
        .collect();
    // Remote files: asked all at once, per bucket; where the store cannot be asked they stay "not checked".
    let mut by_bucket: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate().filter(|(_, f)| f.exists.is_none()) {
        if let Some((scheme, host, _)) = crate::storage::split_url(&f.resolved) {
            by_bucket.entry(format!("{scheme}://{host}")).or_default().push(i);
        }
    }
    for (bucket, idx) in by_bucket {
        let Ok(remote) = Remote::open(&bucket, &ctx.flink_conf, ctx.timeout) else { continue };
        let rels: Vec<String> = idx
            .iter()
            .map(|&i| files[i].resolved.strip_prefix(&bucket).unwrap_or_default().trim_start_matches('/').to_string())
            .collect();
        for (i, e) in idx.into_iter().zip(remote.exist_many(&rels)) {
            files[i].exists = e;
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_lists_and_sizes() {
        assert_eq!(parse_uid_list("# uids\ncounter\n\n  dedup  \n#x\n"), vec!["counter", "dedup"]);
    }
}
