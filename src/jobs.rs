//! Waiting on jobs and explaining what Flink says about them: running or not, gone, failed.

use std::time::Instant;

use anyhow::Result;

use crate::ctx::Ctx;
use crate::error::Failure;
use crate::job_id::JobId;
use crate::rest::types::{CheckpointConfig, JobState};
use crate::rest::{ApiError, Client};

/// Check that a job exists and is RUNNING before asking for something only a running job can do.
pub fn ensure_running(ctx: &Ctx, job: &JobId, doing: &str) -> Result<()> {
    let client = ctx.client()?;
    match client.job_status(job) {
        Ok(JobState::Running) => Ok(()),
        Ok(state) => {
            Err(Failure::failed(format!("job {job} is not running (state {state}); nothing to {doing}")).into())
        }
        Err(ApiError::Status { status: 404, .. }) => Err(job_not_found(ctx, job).into()),
        Err(e) => Err(e.into()),
    }
}

pub fn job_not_found(ctx: &Ctx, job: &JobId) -> Failure {
    let url = ctx.client().map(|c| c.base_url().to_string()).unwrap_or_default();
    Failure::not_found(format!("job {job} not found on the cluster at {url}; `fsp list -a` shows its jobs"))
}

/// Whether (and how) a job checkpoints: `None` when checkpointing is off. This is the one place that decides
/// it; an unknown job is not found, never "checkpointing off".
pub fn checkpointing(ctx: &Ctx, client: &Client, job: &JobId) -> Result<Option<CheckpointConfig>> {
    match client.job_checkpoint_config(job) {
        Ok(config) => Ok(config),
        Err(ApiError::Status { status: 404, .. }) => Err(job_not_found(ctx, job).into()),
        Err(e) => Err(e.into()),
    }
}

/// Wait until a job has ended for good (FINISHED, CANCELED or FAILED); returns that state. Errors on timeout.
pub fn wait_until_ended(ctx: &Ctx, job: &JobId) -> Result<JobState> {
    let client = ctx.client()?;
    let deadline = ctx.deadline();
    let mut attempt = 0;
    loop {
        let state = client.job_status(job)?;
        if state.is_terminal() {
            return Ok(state);
        }
        if Instant::now() >= deadline {
            return Err(Failure::timed_out(format!(
                "job {job} is still {state} after {}; wait longer with --timeout",
                crate::format::duration(ctx.timeout)
            ))
            .into());
        }
        std::thread::sleep(crate::rest::poll::interval(attempt + 10));
        attempt += 1;
    }
}

/// Wait until a job runs with all its tasks deployed (or has ended); returns the job state.
pub fn wait_until_tasks_run(ctx: &Ctx, job: &JobId, deadline: Instant) -> Result<JobState> {
    let client = ctx.client()?;
    let mut attempt = 0;
    loop {
        let details = client.job_details(job)?;
        let all_running = details.vertices.iter().all(|v| v.status == "RUNNING" || v.status == "FINISHED");
        if details.state.is_terminal() || (details.state == JobState::Running && all_running) {
            return Ok(details.state);
        }
        if Instant::now() >= deadline {
            return Err(Failure::timed_out(format!(
                "job {job} is still {} with tasks not yet running after {}; wait longer with --timeout \
                 (are there enough free task slots? `fsp list` shows what runs)",
                details.state,
                crate::format::duration(ctx.timeout)
            ))
            .into());
        }
        std::thread::sleep(crate::rest::poll::interval(attempt + 10));
        attempt += 1;
    }
}

/// Flink reports an unknown or ended job only as a failed operation; say which it is.
pub fn explain_job_failure(ctx: &Ctx, job: &JobId, err: ApiError, doing: &str) -> anyhow::Error {
    let about_the_job = matches!(&err, ApiError::OperationFailed { class, summary, .. }
        if class.ends_with("FlinkJobNotFoundException")
            || summary.contains("is not being executed")
            || summary.contains("Unable to get JobMasterGateway"));
    if about_the_job && let Ok(client) = ctx.client() {
        match client.job_status(job) {
            Err(ApiError::Status { status: 404, .. }) => return job_not_found(ctx, job).into(),
            Ok(state) if state != JobState::Running => {
                return Failure::failed(format!("job {job} is not running (state {state}); nothing to {doing}")).into();
            }
            _ => {}
        }
    }
    err.into()
}
