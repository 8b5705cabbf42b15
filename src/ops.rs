//! One job's savepoint operations (a savepoint, stop with a savepoint, cancel with a savepoint) as the
//! single-job commands and [`crate::fleet`] both run them: trigger with fsp's own trigger id, wait for the
//! location, and say what went wrong in the user's terms. Nothing here prints data; callers decide that.

use anyhow::{Context, Result};

use crate::cli::SavepointFormat;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::job_id::{JobId, random_hex_id};
use crate::jobs::explain_job_failure;
use crate::rest::ApiError;
use crate::rest::api::savepoint_created_despite_stop_failure;
use crate::savepoint_target::{format_type, trigger_into};

/// Which operation ends in a savepoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Savepoint,
    /// Stop with a savepoint; `drain` emits MAX_WATERMARK first.
    Stop {
        drain: bool,
    },
    /// Take a savepoint and cancel, in one call.
    Cancel,
}

/// How a waited-for operation ended when it wrote a savepoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited {
    Done(String),
    /// Stop only: the savepoint was written, but the job failed while stopping (Flink's summary).
    WrittenNotStopped {
        location: String,
        summary: String,
    },
}

/// Trigger `op` for `job` into `dir` (else the configured default, see [`trigger_into`]); the trigger id.
pub fn trigger(ctx: &Ctx, job: &JobId, op: Op, dir: Option<&str>, format: SavepointFormat) -> Result<String> {
    let client = ctx.client()?;
    let trigger_id = random_hex_id();
    let fmt = format_type(format);
    match op {
        Op::Savepoint => trigger_into(ctx, dir, |t| client.trigger_savepoint(job, t, fmt, false, &trigger_id))
            .with_context(|| format!("could not trigger a savepoint for job {job}")),
        Op::Cancel => trigger_into(ctx, dir, |t| client.trigger_savepoint(job, t, fmt, true, &trigger_id))
            .with_context(|| format!("could not trigger cancel-with-savepoint for job {job}")),
        Op::Stop { drain } => trigger_into(ctx, dir, |t| client.trigger_stop(job, t, drain, fmt, &trigger_id))
            .with_context(|| format!("could not trigger stop-with-savepoint for job {job}")),
    }
}

/// Wait for a triggered `op` until it has a savepoint location (or fails, or `--timeout` passes).
pub fn wait(ctx: &Ctx, job: &JobId, request_id: &str, op: Op, tick: &dyn Fn()) -> Result<Waited> {
    let client = ctx.client()?;
    match client.wait_savepoint(job, request_id, ctx.deadline(), tick) {
        Ok(location) => Ok(Waited::Done(location)),
        Err(ApiError::OperationFailed { ref trace, ref summary, .. })
            if matches!(op, Op::Stop { .. }) && savepoint_created_despite_stop_failure(trace).is_some() =>
        {
            let location = savepoint_created_despite_stop_failure(trace).unwrap_or_default();
            Ok(Waited::WrittenNotStopped { location, summary: summary.clone() })
        }
        Err(e) => match op {
            Op::Savepoint => Err(explain_job_failure(ctx, job, e, "savepoint")),
            Op::Cancel => Err(explain_job_failure(ctx, job, e, "cancel with a savepoint"))
                .with_context(|| format!("job {job} was not cancelled")),
            Op::Stop { .. } => {
                Err(explain_job_failure(ctx, job, e, "stop")).with_context(|| format!("job {job} was not stopped"))
            }
        },
    }
}

/// The error of a stop that wrote its savepoint but did not stop the job.
pub fn written_not_stopped(job: &JobId, location: &str, summary: &str) -> Failure {
    Failure::failed(format!(
        "the savepoint {location} was written, but job {job} failed while stopping: {summary}. \
         The savepoint is usable; check the job's state with `fsp list -a`"
    ))
}

/// Trigger and wait, and for a cancel wait until the job has ended. A stop that wrote its savepoint but did
/// not stop the job is [`Waited::WrittenNotStopped`]: the caller says where the savepoint is, and fails.
pub fn run(ctx: &Ctx, job: &JobId, op: Op, dir: Option<&str>, format: SavepointFormat) -> Result<Waited> {
    let request_id = trigger(ctx, job, op, dir, format)?;
    let waited = wait(ctx, job, &request_id, op, &|| {})?;
    if op == Op::Cancel {
        crate::jobs::wait_until_ended(ctx, job)?;
    }
    Ok(waited)
}
