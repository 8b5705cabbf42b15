//! `fsp history`: the savepoints and retained checkpoints in storage, combined with what the cluster says
//! (which job each belongs to, which a running job was restored from). Works when the cluster is down.

use anyhow::Result;
use serde::Serialize;

use crate::cli::HistoryArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::job_id::JobId;
use crate::snapshot::in_use::gather;
use crate::snapshot::latest::{JobRef, Want, resolve};
use crate::snapshot::scan::roots;
use crate::snapshot::{InUse, Kind, Snapshot};

/// `-o json`: `{"snapshots": [{"path", "kind", "job", "time_ms", "size", "complete", "has_metadata", "self_contained",
/// "format", "in_use": {"state": "yes"|"no"|"unknown", "reason"}}], "cluster_reachable"}`
#[derive(Serialize)]
struct Report<'a> {
    snapshots: Vec<&'a Snapshot>,
    cluster_reachable: bool,
}

/// `--latest -o json`: the chosen snapshot, and why.
#[derive(Serialize)]
struct Latest<'a> {
    #[serde(flatten)]
    snapshot: &'a Snapshot,
    reason: &'a str,
}

pub fn run(args: &HistoryArgs, ctx: &Ctx) -> Result<()> {
    if args.latest {
        return latest(args, ctx);
    }
    let roots = roots(ctx, &args.dirs)?;
    let (mut all, reachable) = gather(ctx, &roots, args.job.as_deref(), false)?;
    if let Some(name) = &args.name {
        let ids = named_jobs(ctx, name)?;
        all.retain(|(_, s)| ids.iter().any(|id| *id == s.job || (s.job.len() == 6 && id.starts_with(&s.job))));
    }
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
                s.checkpoint_id.map_or_else(|| "-".to_string(), |id| id.to_string()),
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
        &["PATH", "JOB", "KIND", "ID", "TIME", "SIZE", "COMPLETE", "IN USE"],
        rows,
    )));
    Ok(())
}

/// `--latest`: the newest complete snapshot's path on stdout (or the snapshot object in JSON); why on stderr.
fn latest(args: &HistoryArgs, ctx: &Ctx) -> Result<()> {
    let job =
        match (&args.job, &args.name) {
            (Some(id), _) => JobRef::Id(JobId::parse(id).map_err(|e| {
                Failure::usage(format!("{e}; with --latest, --job takes a full job id (or use --name)"))
            })?),
            (None, Some(name)) => JobRef::Name(name.clone()),
            (None, None) => JobRef::Only,
        };
    let want = Want {
        include_checkpoints: args.include_checkpoints,
        max_age: args.max_age,
        now_ms: jiff::Timestamp::now().as_millisecond(),
    };
    let found = resolve(ctx, &args.dirs, &job, &want)?;
    ctx.out.data(&found.snapshot.path);
    ctx.out.emit_json(&Latest { snapshot: &found.snapshot, reason: &found.reason })
}

/// The ids of the jobs named `name`: the cluster's, and those fsp's submission record on this machine knows.
fn named_jobs(ctx: &Ctx, name: &str) -> Result<Vec<String>> {
    let client = ctx.client()?;
    let records = crate::submit::record::load(&crate::submit::record::records_dir(), client.base_url());
    let mut ids: Vec<String> = records.into_iter().filter(|r| r.name == name).map(|r| r.job_id).collect();
    match client.jobs_overview() {
        Ok(jobs) => ids.extend(jobs.into_iter().filter(|j| j.name == name).map(|j| j.jid)),
        Err(e) if ids.is_empty() => return Err(e.into()),
        Err(_) => {}
    }
    if ids.is_empty() {
        return Err(Failure::not_found(format!(
            "no job named '{name}' on the cluster or in fsp's submission record (`fsp list -a` shows the cluster's jobs)"
        ))
        .into());
    }
    Ok(ids)
}
