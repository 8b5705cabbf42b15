//! `fsp history`: the savepoints and retained checkpoints in storage, combined with what the cluster says
//! (which job each belongs to, which a running job was restored from). Works when the cluster is down.

use anyhow::Result;
use serde::Serialize;

use crate::cli::HistoryArgs;
use crate::ctx::Ctx;
use crate::snapshot::in_use::gather;
use crate::snapshot::scan::roots;
use crate::snapshot::{InUse, Kind, Snapshot};

/// `-o json`: `{"snapshots": [{"path", "kind", "job", "time_ms", "size", "complete", "has_metadata", "self_contained",
/// "format", "in_use": {"state": "yes"|"no"|"unknown", "reason"}}], "cluster_reachable"}`
#[derive(Serialize)]
struct Report<'a> {
    snapshots: Vec<&'a Snapshot>,
    cluster_reachable: bool,
}

pub fn run(args: &HistoryArgs, ctx: &Ctx) -> Result<()> {
    let roots = roots(ctx, &args.dirs)?;
    let (all, reachable) = gather(ctx, &roots, args.job.as_deref(), false)?;
    if ctx.out.json() {
        return ctx
            .out
            .emit_json(&Report { snapshots: all.iter().map(|(_, s)| s).collect(), cluster_reachable: reachable });
    }
    if all.is_empty() {
        ctx.out.info("No savepoints or retained checkpoints found.");
        return Ok(());
    }
    let rows = all
        .iter()
        .map(|(_, s)| {
            vec![
                s.path.clone(),
                s.job.clone(),
                match s.kind {
                    Kind::Savepoint => "savepoint".to_string(),
                    Kind::Checkpoint => "checkpoint".to_string(),
                } + &s.format.as_ref().map(|f| format!(" ({})", f.to_lowercase())).unwrap_or_default(),
                crate::format::local_time(s.time_ms),
                crate::format::human_bytes(s.size),
                if s.complete { "yes" } else { "NO" }.to_string(),
                match &s.in_use {
                    InUse::Yes(_) => "yes",
                    InUse::No => "no",
                    InUse::Unknown => "unknown",
                }
                .to_string(),
            ]
        })
        .collect();
    ctx.out.data(crate::table::render(&crate::table::plain(
        &["PATH", "JOB", "KIND", "TIME", "SIZE", "COMPLETE", "IN USE"],
        rows,
    )));
    Ok(())
}
