//! `fsp checkpoint JOB_ID [--full]`.

use anyhow::{Context, Result};
use serde::Serialize;

use super::ensure_running;
use crate::cli::CheckpointArgs;
use crate::ctx::Ctx;
use crate::job_id::{JobId, random_hex_id};

#[derive(Serialize)]
struct Completed<'a> {
    job_id: &'a str,
    checkpoint_id: u64,
    #[serde(rename = "type")]
    kind: &'static str,
}

pub fn run(args: &CheckpointArgs, ctx: &Ctx) -> Result<()> {
    let job = JobId::parse(&args.job_id)?;
    ensure_running(ctx, &job, "checkpoint")?;
    let client = ctx.client()?;
    let kind = if args.full { "FULL" } else { "CONFIGURED" };
    ctx.out.info(format!("Triggering {} checkpoint for job {job}.", kind.to_lowercase()));
    let pb = ctx.out.spinner(format!("waiting for the checkpoint of job {job}"));
    let id = client.checkpoint(&job, args.full, &random_hex_id(), ctx.deadline(), &|| pb.tick());
    pb.finish_and_clear();
    let id = id.with_context(|| format!("could not checkpoint job {job}"))?;
    let label = if args.full { "Checkpoint(FULL)" } else { "Checkpoint" };
    ctx.out.data(format!("{label} {id} for job {job} completed."));
    ctx.out.emit_json(&Completed { job_id: job.as_str(), checkpoint_id: id, kind })
}
