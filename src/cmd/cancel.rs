//! `fsp cancel JOB_ID` and `fsp cancel -s [TARGET_DIRECTORY] JOB_ID`.

use anyhow::{Context, Result};
use serde::Serialize;

use super::job_and_dir;
use crate::cli::CancelArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::jobs::{job_not_found, wait_until_ended};
use crate::ops::{self, Op, Waited};
use crate::rest::ApiError;
use crate::rest::types::JobState;
use crate::savepoint_target::{choose_format, format_name};

#[derive(Serialize)]
struct Cancelled<'a> {
    job_id: &'a str,
    state: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger_id: Option<&'a str>,
}

pub fn run(args: &CancelArgs, ctx: &Ctx) -> Result<()> {
    if args.fleet.all {
        let Some(dir) = &args.with_savepoint else {
            return Err(Failure::usage(
                "cancel --all needs -s: fsp cancels every job of a cluster only with a savepoint of each",
            )
            .into());
        };
        let dir = crate::fleet::one_positional(args.job_id.as_deref(), dir.as_deref())?;
        return crate::fleet::act_on_all(ctx, &args.fleet, crate::fleet::Action::new(Op::Cancel, dir, args.format));
    }
    let (job, dir) = job_and_dir(
        args.job_id.as_deref(),
        args.with_savepoint.as_ref().map(Option::as_deref),
        "missing JOB_ID: which job to cancel? (`fsp list` shows the running jobs)",
    )?;
    let client = ctx.client()?;

    if args.with_savepoint.is_none() {
        match client.job_status(&job) {
            Ok(state @ JobState::Canceled) => {
                ctx.out.info(format!("Job {job} was already cancelled."));
                ctx.out.data(format!("Cancelled job {job}."));
                return ctx.out.emit_json(&Cancelled {
                    job_id: job.as_str(),
                    state: state.as_str(),
                    location: None,
                    trigger_id: None,
                });
            }
            Ok(state) if state.is_terminal() => {
                return Err(
                    Failure::failed(format!("job {job} has already ended (state {state}); nothing to cancel")).into()
                );
            }
            Ok(_) => {}
            Err(ApiError::Status { status: 404, .. }) => return Err(job_not_found(ctx, &job).into()),
            Err(e) => return Err(e.into()),
        }
        ctx.out.info(format!("Cancelling job {job}."));
        match client.cancel(&job) {
            Ok(()) => {}
            Err(ApiError::Status { status: 404, .. }) => return Err(job_not_found(ctx, &job).into()),
            Err(ApiError::Status { status: 409, message, .. }) => {
                return Err(Failure::failed(format!("job {job} cannot be cancelled: {message}")).into());
            }
            Err(e) => return Err(e).with_context(|| format!("could not cancel job {job}")),
        }
        let state = wait_until_ended(ctx, &job)?;
        ctx.out.data(format!("Cancelled job {job}."));
        return ctx.out.emit_json(&Cancelled {
            job_id: job.as_str(),
            state: state.as_str(),
            location: None,
            trigger_id: None,
        });
    }

    let format = choose_format(ctx, &job, args.format)?;
    let into = dir.as_deref().map(|d| format!(" into {d}")).unwrap_or_default();
    ctx.out.info(format!("Cancelling job {job} with a {} savepoint{into}.", format_name(format)));
    let request_id = ops::trigger(ctx, &job, Op::Cancel, dir.as_deref(), format)?;
    let pb = ctx.out.spinner(format!("waiting for the savepoint of job {job}"));
    let waited = ops::wait(ctx, &job, &request_id, Op::Cancel, &|| pb.tick());
    pb.finish_and_clear();
    let (Waited::Done(location) | Waited::WrittenNotStopped { location, .. }) = waited?;
    let state = wait_until_ended(ctx, &job)?;
    ctx.out.data(format!("Cancelled job {job}. Savepoint stored in {location}."));
    ctx.out.emit_json(&Cancelled {
        job_id: job.as_str(),
        state: state.as_str(),
        location: Some(&location),
        trigger_id: Some(&request_id),
    })
}
