//! `fsp savepoint JOB_ID [TARGET_DIRECTORY]` and `fsp savepoint -d PATH`.

use anyhow::{Context, Result};
use serde::Serialize;

use crate::cli::{SavepointArgs, SavepointFormat};
use crate::ctx::Ctx;
use crate::format::sanitize;
use crate::job_id::JobId;
use crate::ops::{self, Op, Waited};
use crate::savepoint_target::{choose_format, format_name, qualify};

#[derive(Serialize)]
struct Completed<'a> {
    job_id: &'a str,
    location: &'a str,
    trigger_id: &'a str,
    format: Option<&'static str>,
}

#[derive(Serialize)]
struct Detached<'a> {
    job_id: &'a str,
    trigger_id: &'a str,
}

#[derive(Serialize)]
struct Disposed<'a> {
    path: &'a str,
}

pub fn run(args: &SavepointArgs, ctx: &Ctx) -> Result<()> {
    if args.fleet.all {
        let dir = crate::fleet::one_positional(args.job_id.as_deref(), args.target_directory.as_deref())?;
        return crate::fleet::act_on_all(ctx, &args.fleet, crate::fleet::Action::new(Op::Savepoint, dir, args.format));
    }
    if let Some(path) = &args.dispose {
        return dispose(path, ctx);
    }
    let job = JobId::parse(args.job_id.as_deref().unwrap_or_default())?;
    if let Some(id) = &args.trigger_id {
        let id = JobId::parse(id).map_err(|_| {
            crate::error::Failure::usage(format!("'{}' is not a trigger id: expected 32 hex characters", sanitize(id)))
        })?;
        return wait(ctx, &job, id.as_str(), args.format);
    }
    // the client first, as before: a TLS or address error comes before anything is said about the job
    ctx.client()?;
    let format = choose_format(ctx, &job, args.format)?;
    let mode = if args.detached { " in detached mode" } else { "" };
    let into = args.target_directory.as_deref().map(|d| format!(" into {d}")).unwrap_or_default();
    ctx.out.info(format!("Triggering savepoint{mode} for job {job}{into}."));
    let request_id = ops::trigger(ctx, &job, Op::Savepoint, args.target_directory.as_deref(), format)?;
    if args.detached {
        ctx.out.data(format!("Savepoint triggered for job {job}, trigger id: {request_id}"));
        ctx.out.info(format!("Wait for it with: fsp savepoint --trigger-id {request_id} {job}"));
        return ctx.out.emit_json(&Detached { job_id: job.as_str(), trigger_id: &request_id });
    }
    wait(ctx, &job, &request_id, Some(format))
}

/// Wait for a triggered savepoint and report its location; `format` is `None` when waiting by `--trigger-id`
/// without `--type`: fsp did not trigger it.
fn wait(ctx: &Ctx, job: &JobId, request_id: &str, format: Option<SavepointFormat>) -> Result<()> {
    let pb = ctx.out.spinner(format!("waiting for the savepoint of job {job}"));
    let waited = ops::wait(ctx, job, request_id, Op::Savepoint, &|| pb.tick());
    pb.finish_and_clear();
    let (Waited::Done(location) | Waited::WrittenNotStopped { location, .. }) = waited?;
    ctx.out.data(format!("Savepoint completed. Path: {location}"));
    ctx.out.info(format!("Resume from it with: fsp run -s {location} <jar>"));
    ctx.out.emit_json(&Completed {
        job_id: job.as_str(),
        location: &location,
        trigger_id: request_id,
        format: format.map(format_name),
    })
}

fn dispose(path: &str, ctx: &Ctx) -> Result<()> {
    let path = qualify(path, &ctx.cwd);
    ctx.out.info(format!("Disposing savepoint '{path}'."));
    let client = ctx.client()?;
    let pb = ctx.out.spinner(format!("disposing of {path}"));
    let result = client.dispose_savepoint(&path, ctx.deadline(), &|| pb.tick());
    pb.finish_and_clear();
    result.with_context(|| format!("could not dispose of savepoint '{path}'"))?;
    ctx.out.data(format!("Savepoint '{path}' disposed."));
    ctx.out.emit_json(&Disposed { path: &path })
}
