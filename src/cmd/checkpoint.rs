//! `fsp checkpoint JOB_ID [--full]`.

use anyhow::Result;
use serde::Serialize;

use crate::cli::CheckpointArgs;
use crate::ctx::Ctx;
use crate::job_id::{JobId, random_hex_id};
use crate::jobs::explain_job_failure;

#[derive(Serialize)]
struct Completed<'a> {
    job_id: &'a str,
    checkpoint_id: u64,
    #[serde(rename = "type")]
    kind: &'static str,
}

pub fn run(args: &CheckpointArgs, ctx: &Ctx) -> Result<()> {
    let job = JobId::parse(&args.job_id)?;
    let client = ctx.client()?;
    let kind = if args.full { "FULL" } else { "CONFIGURED" };
    ctx.out.info(format!("Triggering {} checkpoint for job {job}.", kind.to_lowercase()));
    let pb = ctx.out.spinner(format!("waiting for the checkpoint of job {job}"));
    let id = client.checkpoint(&job, args.full, &random_hex_id(), ctx.deadline(), &|| pb.tick());
    pb.finish_and_clear();
    let id = id.map_err(|e| explain_job_failure(ctx, &job, e, "checkpoint"))?;
    let label = if args.full { "Checkpoint(FULL)" } else { "Checkpoint" };
    ctx.out.data(format!("{label} {id} for job {job} completed."));
    ctx.out.emit_json(&Completed { job_id: job.as_str(), checkpoint_id: id, kind })
}
