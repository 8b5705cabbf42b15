//! `fsp stop [-p DIR] [-d] JOB_ID`: stop with a savepoint.

use anyhow::{Context, Result};
use serde::Serialize;

use super::job_and_dir;
use crate::cli::StopArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::job_id::random_hex_id;
use crate::jobs::explain_job_failure;
use crate::rest::ApiError;
use crate::rest::api::savepoint_created_despite_stop_failure;
use crate::savepoint_target::{choose_format, format_name, format_type, trigger_into};

#[derive(Serialize)]
struct Stopped<'a> {
    job_id: &'a str,
    location: &'a str,
    trigger_id: &'a str,
    drain: bool,
    stopped: bool,
}

#[derive(Serialize)]
struct Detached<'a> {
    job_id: &'a str,
    trigger_id: &'a str,
}

pub fn run(args: &StopArgs, ctx: &Ctx) -> Result<()> {
    let (job, dir) = job_and_dir(
        args.job_id.as_deref(),
        args.savepoint_path.as_ref().map(Option::as_deref),
        "missing JOB_ID: which job to stop? (`fsp list` shows the running jobs)",
    )?;
    let client = ctx.client()?;
    let format = choose_format(ctx, &job, args.format)?;
    let verb = if args.drain { "Draining" } else { "Suspending" };
    let into = dir.as_deref().map(|d| format!(" into {d}")).unwrap_or_default();
    ctx.out.info(format!("{verb} job {job} with a {} savepoint{into}.", format_name(format)));
    let trigger_id = random_hex_id();
    let request_id = trigger_into(ctx, dir.as_deref(), |target| {
        client.trigger_stop(&job, target, args.drain, format_type(format), &trigger_id)
    })
    .with_context(|| format!("could not trigger stop-with-savepoint for job {job}"))?;
    if args.detached {
        ctx.out.data(format!("Stop-with-savepoint triggered for job {job}, trigger id: {request_id}"));
        return ctx.out.emit_json(&Detached { job_id: job.as_str(), trigger_id: &request_id });
    }
    let pb = ctx.out.spinner(format!("waiting for job {job} to stop"));
    let result = client.wait_savepoint(&job, &request_id, ctx.deadline(), &|| pb.tick());
    pb.finish_and_clear();
    match result {
        Ok(location) => {
            ctx.out.data(format!("Savepoint completed. Path: {location}"));
            ctx.out.info(format!("Job {job} stopped. Resume with: fsp run -s {location} <jar>"));
            ctx.out.emit_json(&Stopped {
                job_id: job.as_str(),
                location: &location,
                trigger_id: &request_id,
                drain: args.drain,
                stopped: true,
            })
        }
        Err(ApiError::OperationFailed { ref trace, ref summary, .. })
            if savepoint_created_despite_stop_failure(trace).is_some() =>
        {
            // The savepoint is usable even though stopping failed: say where it is, and fail.
            let location = savepoint_created_despite_stop_failure(trace).unwrap_or_default();
            ctx.out.data(format!("Savepoint completed. Path: {location}"));
            ctx.out.emit_json(&Stopped {
                job_id: job.as_str(),
                location: &location,
                trigger_id: &request_id,
                drain: args.drain,
                stopped: false,
            })?;
            Err(Failure::failed(format!(
                "the savepoint {location} was written, but job {job} failed while stopping: {summary}. \
                 The savepoint is usable; check the job's state with `fsp list -a`"
            ))
            .into())
        }
        Err(e) => Err(explain_job_failure(ctx, &job, e, "stop")).with_context(|| format!("job {job} was not stopped")),
    }
}
