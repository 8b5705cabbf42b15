//! `fsp stop [-p DIR] [-d] JOB_ID`: stop with a savepoint; `--all [--manifest FILE]` in [`crate::fleet`].

use anyhow::Result;
use serde::Serialize;

use super::job_and_dir;
use crate::cli::StopArgs;
use crate::ctx::Ctx;
use crate::ops::{self, Op, Waited};
use crate::savepoint_target::{choose_format, format_name};

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
    let op = Op::Stop { drain: args.drain };
    if args.fleet.all {
        let dir =
            crate::fleet::one_positional(args.job_id.as_deref(), args.savepoint_path.clone().flatten().as_deref())?;
        let action = crate::fleet::Action::new(op, dir, args.format);
        return match &args.manifest {
            Some(file) => crate::fleet::stop_all_into_manifest(ctx, &args.fleet, action, file, args.force),
            None => crate::fleet::act_on_all(ctx, &args.fleet, action),
        };
    }
    let (job, dir) = job_and_dir(
        args.job_id.as_deref(),
        args.savepoint_path.as_ref().map(Option::as_deref),
        "missing JOB_ID: which job to stop? (`fsp list` shows the running jobs)",
    )?;
    // the client first, as before: a TLS or address error comes before anything is said about the job
    ctx.client()?;
    let format = choose_format(ctx, &job, args.format)?;
    let verb = if args.drain { "Draining" } else { "Suspending" };
    let into = dir.as_deref().map(|d| format!(" into {d}")).unwrap_or_default();
    ctx.out.info(format!("{verb} job {job} with a {} savepoint{into}.", format_name(format)));
    let request_id = ops::trigger(ctx, &job, op, dir.as_deref(), format)?;
    if args.detached {
        ctx.out.data(format!("Stop-with-savepoint triggered for job {job}, trigger id: {request_id}"));
        return ctx.out.emit_json(&Detached { job_id: job.as_str(), trigger_id: &request_id });
    }
    let pb = ctx.out.spinner(format!("waiting for job {job} to stop"));
    let result = ops::wait(ctx, &job, &request_id, op, &|| pb.tick());
    pb.finish_and_clear();
    match result? {
        Waited::Done(location) => {
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
        Waited::WrittenNotStopped { location, summary } => {
            // The savepoint is usable even though stopping failed: say where it is, and fail.
            ctx.out.data(format!("Savepoint completed. Path: {location}"));
            ctx.out.emit_json(&Stopped {
                job_id: job.as_str(),
                location: &location,
                trigger_id: &request_id,
                drain: args.drain,
                stopped: false,
            })?;
            Err(ops::written_not_stopped(&job, &location, &summary).into())
        }
    }
}
