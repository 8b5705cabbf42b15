//! `fsp upgrade JOB_ID NEW_JAR [ARGS...]`: stop with a savepoint, run the new jar from it, wait until it is
//! healthy, and roll back to exactly the previous job if it is not.
//!
//! Every step is recorded in a state file before the next begins, so a CI retry after a crash or timeout
//! resumes instead of stopping or submitting twice. The new job is also tagged on the cluster with the job it
//! upgrades (`fsp.upgrade-of` in its global job parameters), so a crash between submitting and recording is
//! recovered from the cluster itself.

pub mod backend;
pub mod state;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::cli::{ClaimMode, UpgradeArgs, UpgradeFrom, UpgradeMode};
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::job_id::{JobId, random_hex_id};
use crate::jobs::{checkpointing, ensure_running, job_not_found, wait_until_ended, wait_until_tasks_run};
use crate::pointer::{Location, parse_location};
use crate::rest::api::savepoint_created_despite_stop_failure;
use crate::rest::types::JobState;
use crate::rest::{ApiError, Client};
use crate::savepoint_target::{format_type, resolve_target};
use crate::snapshot::Kind;
use crate::snapshot::latest::{JobRef, Resolved, Want, resolve};
use crate::submit::planned_operators;
use crate::submit::recipe::{RECIPE_KEY, Recipe};
use crate::submit::refusal::job_failed_to_start;
use crate::submit::{JarSource, Plan, check_jar, submit};
use state::{Outcome, Rollback, State, Status, Step, default_state_file, load_state, save_state};

/// The global job parameter that tags a job submitted by `fsp upgrade` with the job it replaces.
pub const UPGRADE_OF_KEY: &str = "fsp.upgrade-of";
const ROLLBACK_OF_KEY: &str = "fsp.rollback-of";

#[derive(Serialize)]
struct Report<'a> {
    old_job_id: &'a str,
    savepoint: Option<&'a str>,
    savepoint_kind: Option<Kind>,
    new_job_id: Option<&'a str>,
    rolled_back: bool,
    rollback_job_id: Option<&'a str>,
    outcome: Option<Outcome>,
    steps: &'a [Step],
    state_file: String,
}

fn emit(ctx: &Ctx, state: &State, state_file: &Path) -> Result<()> {
    ctx.out.emit_json(&Report {
        old_job_id: &state.old_job_id,
        savepoint: state.savepoint.as_deref(),
        savepoint_kind: state.savepoint_kind,
        new_job_id: state.new_job_id.as_deref(),
        rolled_back: state.outcome == Some(Outcome::RolledBack),
        rollback_job_id: state.rollback_job_id.as_deref(),
        outcome: state.outcome,
        steps: &state.steps,
        state_file: state_file.display().to_string(),
    })
}

pub fn run(args: &UpgradeArgs, ctx: &Ctx) -> Result<()> {
    let old = JobId::parse(&args.job_id)?;
    let new_jar = check_jar(&args.jar, &ctx.cwd)?;
    let state_file = args.state_file.clone().unwrap_or_else(|| default_state_file(&old));
    let client = ctx.client()?;
    let previous = load_state(&state_file)?;
    if let Some(prev) = &previous {
        if prev.new_jar != new_jar.display().to_string() || prev.new_args != args.args {
            return Err(Failure::usage(format!(
                "another upgrade of job {old} is recorded in {} (to {} {}); finish it by running that command \
                 again, or move the state file away to start a new one",
                state_file.display(),
                prev.new_jar,
                prev.new_args.join(" ")
            ))
            .into());
        }
        if let Some(outcome) = &prev.outcome {
            ctx.out.info(format!("This upgrade already finished ({outcome}); see {}.", state_file.display()));
            return finish(ctx, prev, &state_file);
        }
        ctx.out.info(format!("Resuming the upgrade of job {old} recorded in {}.", state_file.display()));
    }
    if args.dry_run {
        return dry_run(args, ctx, client, &old, &new_jar, &state_file, previous.as_ref());
    }
    if args.claim_mode == Some(ClaimMode::Claim) {
        ctx.out.warn("with --claim-mode claim the new job owns the savepoint and may delete it: a rollback may then be impossible");
    }

    let fresh = previous.is_none();
    let mut state = previous.unwrap_or_else(|| State {
        old_job_id: old.to_string(),
        new_jar: new_jar.display().to_string(),
        new_args: args.args.clone(),
        ..Default::default()
    });
    if state.rollback.is_none() {
        state.rollback = Some(resolve_rollback(ctx, client, &old, args)?);
        save_state(&state_file, &state)?;
    }

    // Before anything is stopped: the savepoint's format, and whether the new job's backend restores it.
    // (With --from latest nothing is taken: the snapshot exists, and its format is what it is.)
    let format = if state.savepoint.is_some() || args.from.is_some() {
        None
    } else {
        let recorded = state.rollback.as_ref().map(|r| &r.recipe.properties);
        let plan = match backend::plan(ctx, client, &old, args, recorded) {
            Ok(p) if p.refusals.is_empty() || args.force => p,
            other => {
                if fresh {
                    // Nothing was changed: leave no state behind that a later run would resume.
                    let _ = std::fs::remove_file(&state_file);
                }
                return Err(match other {
                    Ok(p) => Failure::failed(format!("nothing was stopped: {}", p.refusals.join("; "))).into(),
                    Err(e) => e,
                });
            }
        };
        if let Some(note) = &plan.note {
            ctx.out.info(note);
        }
        plan.refusals.iter().for_each(|r| ctx.out.warn(format!("--force: {r}")));
        Some(plan.format)
    };

    // 1. A savepoint (or a retained checkpoint) of the old job, which ends it.
    if state.savepoint.is_none() {
        let format = format.unwrap_or(crate::cli::SavepointFormat::Canonical);
        let (location, kind) = match end_old_job(ctx, client, &old, args, format, &mut state) {
            Ok(r) => r,
            Err(e) => {
                // Nothing was changed: leave no state behind that a later run would resume.
                let _ = std::fs::remove_file(&state_file);
                return Err(e);
            }
        };
        state.savepoint = Some(location);
        state.savepoint_kind = Some(kind);
        save_state(&state_file, &state)?;
    }
    let savepoint = state.savepoint.clone().unwrap_or_default();

    // 2. The new job, from that savepoint.
    if state.new_job_id.is_none() {
        if let Some(found) = find_tagged_job(client, UPGRADE_OF_KEY, &old)? {
            state.step(ctx, "submit", Status::Resumed, format!("job {found} was already submitted for this upgrade"));
            state.new_job_id = Some(found.to_string());
        } else {
            let plan = new_plan(args, new_jar.clone(), &savepoint);
            match submit(ctx, client, &plan, Some((UPGRADE_OF_KEY, old.as_str()))) {
                Ok(job) => {
                    state.step(ctx, "submit", Status::Done, format!("job {} runs {}", job.job_id, new_jar.display()));
                    state.new_job_id = Some(job.job_id.to_string());
                }
                Err(e) => {
                    let reason = format!("{e:#}");
                    state.step(ctx, "submit", Status::Failed, reason.clone());
                    save_state(&state_file, &state)?;
                    return roll_back(ctx, client, &mut state, &state_file, &reason);
                }
            }
        }
        save_state(&state_file, &state)?;
    }
    let new_job = JobId::parse(state.new_job_id.as_deref().unwrap_or_default())?;

    // 3. Healthy: RUNNING with a completed checkpoint, or RUNNING for --healthy-after without checkpointing.
    match wait_healthy(ctx, client, &new_job, args.healthy_after) {
        Ok(how) => {
            state.step(ctx, "healthy", Status::Done, format!("job {new_job} {how}"));
            state.outcome = Some(Outcome::Upgraded);
            save_state(&state_file, &state)?;
            finish(ctx, &state, &state_file)
        }
        Err(reason) => {
            state.step(ctx, "healthy", Status::Failed, reason.clone());
            save_state(&state_file, &state)?;
            roll_back(ctx, client, &mut state, &state_file, &reason)
        }
    }
}

fn finish(ctx: &Ctx, state: &State, state_file: &Path) -> Result<()> {
    emit(ctx, state, state_file)?;
    let sp = state.savepoint.as_deref().unwrap_or("-");
    match state.outcome {
        Some(Outcome::Upgraded) => {
            ctx.out.data(format!(
                "Upgraded job {} to job {} from {sp}",
                state.old_job_id,
                state.new_job_id.as_deref().unwrap_or("-")
            ));
            Ok(())
        }
        Some(Outcome::RolledBack) => Err(Failure::failed(format!(
            "the upgrade of job {} failed and was rolled back: job {} runs the previous version from {sp}",
            state.old_job_id,
            state.rollback_job_id.as_deref().unwrap_or("-")
        ))
        .into()),
        _ => Err(Failure::failed(format!(
            "the upgrade of job {} failed and could not be rolled back; restore by hand with `fsp run -s {sp} <jar>`",
            state.old_job_id
        ))
        .into()),
    }
}

fn new_plan(args: &UpgradeArgs, jar: PathBuf, savepoint: &str) -> Plan {
    Plan {
        jar: JarSource::Upload(jar),
        program_args: args.args.clone(),
        entry_class: args.class.clone(),
        parallelism: args.parallelism,
        savepoint: Some(savepoint.to_string()),
        allow_non_restored_state: args.allow_non_restored_state,
        claim_mode: args.claim_mode,
        properties: args.properties.iter().cloned().collect(),
        jar_file: None,
    }
}

/// The previous job's recipe: from `--rollback-jar`, else recorded in the job by `fsp run`/`fsp upgrade`.
/// Without either, refuse before changing anything.
fn resolve_rollback(ctx: &Ctx, client: &Client, old: &JobId, args: &UpgradeArgs) -> Result<Rollback> {
    if let Some(jar) = &args.rollback_jar {
        let path = check_jar(jar, &ctx.cwd)?;
        let rollback_args = match &args.rollback_args {
            Some(s) => shell_words::split(s)
                .map_err(|e| Failure::usage(format!("--rollback-args is not valid shell words: {e}")))?,
            None => Vec::new(),
        };
        let recipe = Recipe {
            jar_id: String::new(),
            entry_class: args.rollback_class.clone(),
            args: rollback_args,
            parallelism: args.rollback_parallelism,
            allow_non_restored_state: false,
            properties: Default::default(),
            jar_path: None,
            jar_sha256: None,
        };
        return Ok(Rollback { recipe, jar_path: Some(path) });
    }
    let params = match client.job_user_config(old) {
        Ok(p) => p,
        Err(ApiError::Status { status: 404, .. }) => return Err(job_not_found(ctx, old).into()),
        Err(e) => return Err(e.into()),
    };
    let refuse = |why: &str| -> anyhow::Error {
        Failure::usage(format!(
            "fsp cannot roll back job {old} by itself: {why}. Give the previous jar with --rollback-jar \
             (and --rollback-class, --rollback-args, --rollback-parallelism); nothing was changed"
        ))
        .into()
    };
    let Some(recipe) = params.get(RECIPE_KEY).and_then(|s| Recipe::decode(s)) else {
        return Err(refuse("it was not submitted by fsp, so how it was submitted is unknown"));
    };
    if !client.jar_ids()?.contains(&recipe.jar_id) {
        return Err(refuse(&format!("its jar {} is no longer on the cluster", recipe.jar_id)));
    }
    Ok(Rollback { recipe, jar_path: None })
}

/// End the old job with a savepoint (stop, or savepoint + cancel); with --fallback-to-checkpoint, fall back to
/// its latest retained checkpoint. Returns the snapshot's location and kind.
fn end_old_job(
    ctx: &Ctx,
    client: &Client,
    old: &JobId,
    args: &UpgradeArgs,
    format: crate::cli::SavepointFormat,
    state: &mut State,
) -> Result<(String, Kind)> {
    if let Some(from) = args.from {
        let (found, detail) = from_latest(ctx, client, old, args, from)?;
        state.step(ctx, "savepoint", Status::Done, detail);
        return Ok((found.snapshot.path, found.snapshot.kind));
    }
    match take_savepoint(ctx, client, old, args, format) {
        Ok(location) => {
            state.step(ctx, "savepoint", Status::Done, format!("job {old} ended with savepoint {location}"));
            wait_until_ended(ctx, old)?;
            Ok((location, Kind::Savepoint))
        }
        Err(e) => {
            let reason = format!("{e:#}");
            let Some(max_age) = args.fallback_to_checkpoint else {
                state.step(ctx, "savepoint", Status::Failed, reason.clone());
                return Err(e.context(format!(
                    "no savepoint of job {old}, so nothing was changed; retry, or allow the latest retained \
                     checkpoint with --fallback-to-checkpoint[=MAX_AGE] (of a job that has ended: its newest \
                     complete snapshot with --from latest)"
                )));
            };
            state.step(ctx, "savepoint", Status::Failed, format!("{reason}; falling back to the latest checkpoint"));
            let location = latest_checkpoint(ctx, client, old, max_age)?;
            if !client.job_status(old)?.is_terminal() {
                client.cancel(old).with_context(|| format!("could not cancel job {old}"))?;
                wait_until_ended(ctx, old)?;
            }
            if let Location::Local(p) = parse_location(&location) {
                crate::pointer::local_metadata_file(&p)
                    .with_context(|| format!("the checkpoint {location} is gone after job {old} ended"))?;
            }
            state.step(
                ctx,
                "checkpoint",
                Status::Done,
                format!("job {old} ended; using retained checkpoint {location}"),
            );
            Ok((location, Kind::Checkpoint))
        }
    }
}

/// `--from latest`: the newest complete snapshot of a job that has ended, and the step's detail. A job that
/// is not ended is refused: it has newer state than any snapshot, which a fresh savepoint keeps.
fn from_latest(
    ctx: &Ctx,
    client: &Client,
    old: &JobId,
    args: &UpgradeArgs,
    from: UpgradeFrom,
) -> Result<(Resolved, String)> {
    let ended = match client.job_status(old) {
        Ok(s) if s.is_terminal() => format!("has ended ({})", s.as_str()),
        Ok(s) => {
            return Err(Failure::usage(format!(
                "job {old} is {}: --from latest is for a job that has ended; a running job is upgraded from a \
                 fresh savepoint (leave out --from); nothing was changed",
                s.as_str()
            ))
            .into());
        }
        Err(ApiError::Status { status: 404, .. }) => "is no longer known to the cluster".to_string(),
        Err(e) => return Err(e.into()),
    };
    let want = Want {
        include_checkpoints: from == UpgradeFrom::LatestState,
        max_age: args.max_age,
        now_ms: jiff::Timestamp::now().as_millisecond(),
    };
    let dirs: Vec<String> = args.savepoint_dir.iter().cloned().collect();
    let found = resolve(ctx, &dirs, &JobRef::Id(old.clone()), &want)
        .map_err(|e| e.context(format!("job {old} {ended}; nothing was changed")))?;
    let kind = if found.snapshot.kind == Kind::Savepoint { "savepoint" } else { "retained checkpoint" };
    let detail = format!("job {old} {ended}; using its newest complete {kind} {}", found.snapshot.path);
    Ok((found, detail))
}

fn take_savepoint(
    ctx: &Ctx,
    client: &Client,
    old: &JobId,
    args: &UpgradeArgs,
    format: crate::cli::SavepointFormat,
) -> Result<String> {
    ensure_running(ctx, old, "upgrade")?;
    let target = resolve_target(ctx, args.savepoint_dir.as_deref())?;
    let trigger_id = random_hex_id();
    let format = format_type(format);
    let request_id = match args.mode {
        UpgradeMode::Stop => {
            ctx.out.info(format!("[savepoint] stopping job {old} with a savepoint into {}", target.describe()));
            client.trigger_stop(old, target.request_value(), args.drain, format, &trigger_id)?
        }
        UpgradeMode::Cancel => {
            ctx.out.info(format!("[savepoint] cancelling job {old} with a savepoint into {}", target.describe()));
            client.trigger_savepoint(old, target.request_value(), format, true, &trigger_id)?
        }
    };
    let pb = ctx.out.spinner(format!("waiting for the savepoint of job {old}"));
    let result = client.wait_savepoint(old, &request_id, ctx.deadline(), &|| pb.tick());
    pb.finish_and_clear();
    match result {
        Ok(location) => Ok(location),
        // Written, though the job failed while stopping: the savepoint is usable, and the job has ended.
        Err(ApiError::OperationFailed { trace, .. }) if savepoint_created_despite_stop_failure(&trace).is_some() => {
            Ok(savepoint_created_despite_stop_failure(&trace).unwrap_or_default())
        }
        Err(e) => Err(e.into()),
    }
}

/// The job's latest completed checkpoint, if it is retained on cancellation and younger than `max_age`.
fn latest_checkpoint(ctx: &Ctx, client: &Client, job: &JobId, max_age: Duration) -> Result<String> {
    let Some(config) = checkpointing(ctx, client, job)? else {
        return Err(Failure::failed(format!(
            "job {job} does not checkpoint, so there is no checkpoint to fall back to"
        ))
        .into());
    };
    if !config.retained_on_cancellation() {
        return Err(Failure::failed(format!(
            "job {job}'s checkpoints are deleted when it is cancelled, so none can be used for the upgrade \
             (set execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION)"
        ))
        .into());
    }
    let stats = client.job_checkpoints(job)?;
    let latest = stats.latest.completed.unwrap_or_default();
    let path = latest.external_path.unwrap_or_default();
    let acked = latest.latest_ack_timestamp.unwrap_or(0);
    if path.is_empty() || acked <= 0 {
        return Err(Failure::failed(format!("job {job} has no completed checkpoint to fall back to")).into());
    }
    let age_ms = jiff::Timestamp::now().as_millisecond().saturating_sub(acked).max(0);
    let age = Duration::from_millis(age_ms.unsigned_abs());
    if age > max_age {
        return Err(Failure::failed(format!(
            "job {job}'s latest checkpoint {path} is {} old, older than the allowed {}",
            crate::format::whole_seconds(age),
            humantime::format_duration(max_age)
        ))
        .into());
    }
    let path = newest_on_disk(&path).unwrap_or(path);
    ctx.out.debug(format!("latest checkpoint {path}, {} ms old", age.as_millis()));
    Ok(path)
}

/// Flink caches checkpoint statistics (web.refresh-interval, 3 s by default), so the "latest" checkpoint it
/// names may already have been subsumed and deleted. For a local checkpoint whose `_metadata` is gone, the
/// newest complete `chk-N` beside it (N higher than the named one) is the real latest.
fn newest_on_disk(reported: &str) -> Option<String> {
    let crate::pointer::Location::Local(dir) = crate::pointer::parse_location(reported) else { return None };
    if dir.join(crate::pointer::METADATA_FILE).is_file() {
        return None;
    }
    let number = |name: &str| crate::snapshot::checkpoint_number(name);
    let reported_n = number(&dir.file_name()?.to_string_lossy())?;
    let parent = dir.parent()?;
    let newest = std::fs::read_dir(parent)
        .ok()?
        .flatten()
        .filter_map(|e| Some((number(&e.file_name().to_string_lossy())?, e.path())))
        .filter(|(n, p)| *n > reported_n && p.join(crate::pointer::METADATA_FILE).is_file())
        .max_by_key(|(n, _)| *n)?;
    let (base, _) = reported.trim_end_matches('/').rsplit_once('/')?;
    Some(format!("{base}/chk-{}", newest.0))
}

/// A non-terminal job whose global job parameters carry `key = job`.
fn find_tagged_job(client: &Client, key: &str, job: &JobId) -> Result<Option<JobId>> {
    for j in client.jobs_overview()? {
        if j.state.is_terminal() {
            continue;
        }
        let Ok(id) = JobId::parse(&j.jid) else { continue };
        if client.job_user_config(&id).unwrap_or_default().get(key).map(String::as_str) == Some(job.as_str()) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// Wait until the new job is RUNNING with all tasks and has completed a checkpoint (or, with checkpointing
/// off, stays RUNNING for `healthy_after`). Err is the reason it is not healthy.
fn wait_healthy(ctx: &Ctx, client: &Client, job: &JobId, healthy_after: Duration) -> Result<String, String> {
    let deadline = ctx.deadline();
    ctx.out.info(format!("[healthy] waiting for job {job} to run and complete a checkpoint"));
    let state = wait_until_tasks_run(ctx, job, deadline).map_err(|e| format!("{e:#}"))?;
    if state != JobState::Running {
        return Err(format!("{:#}", job_failed_to_start(client, job, &state, None, &[])));
    }
    let running_since = Instant::now();
    let checkpointing = checkpointing(ctx, client, job).map_err(|e| format!("{e:#}"))?.is_some();
    let mut attempt = 0;
    loop {
        let state = client.job_status(job).map_err(|e| e.to_string())?;
        if state != JobState::Running {
            return Err(format!("{:#}", job_failed_to_start(client, job, &state, None, &[])));
        }
        let completed = if checkpointing {
            Some(client.job_checkpoints(job).map_err(|e| e.to_string())?.counts.completed)
        } else {
            None
        };
        match completed {
            Some(n) if n > 0 => return Ok("is RUNNING and completed a checkpoint".to_string()),
            None if running_since.elapsed() >= healthy_after => {
                return Ok(format!(
                    "stayed RUNNING for {} (checkpointing is off)",
                    crate::format::duration(healthy_after)
                ));
            }
            _ => {}
        }
        if Instant::now() >= deadline {
            return Err(format!("job {job} completed no checkpoint within {}", crate::format::duration(ctx.timeout)));
        }
        std::thread::sleep(crate::rest::poll::interval(attempt + 20));
        attempt += 1;
    }
}

/// Cancel the new job if it runs, and submit the previous one again from the same savepoint.
fn roll_back(ctx: &Ctx, client: &Client, state: &mut State, state_file: &Path, reason: &str) -> Result<()> {
    let savepoint = state.savepoint.clone().unwrap_or_default();
    let old = state.old_job_id.clone();
    let result = (|| -> Result<JobId> {
        if let Some(new_job) = state.new_job_id.as_deref().and_then(|j| JobId::parse(j).ok()) {
            let st = client.job_status(&new_job)?;
            if !st.is_terminal() {
                client.cancel(&new_job).with_context(|| format!("could not cancel the new job {new_job}"))?;
                wait_until_ended(ctx, &new_job)?;
            }
        }
        if let Some(existing) = find_tagged_job(client, ROLLBACK_OF_KEY, &JobId::parse(&old)?)? {
            return Ok(existing);
        }
        let rollback = state.rollback.clone().ok_or_else(|| Failure::failed("no rollback recipe was recorded"))?;
        let mut plan = rollback.recipe.plan(Some(savepoint.clone()));
        if let Some(path) = &rollback.jar_path {
            plan.jar = JarSource::Upload(path.clone());
        }
        ctx.out.info(format!("[rollback] resubmitting the previous job from {savepoint}"));
        let job = submit(ctx, client, &plan, Some((ROLLBACK_OF_KEY, &old)))?;
        let st = wait_until_tasks_run(ctx, &job.job_id, ctx.deadline())?;
        if st != JobState::Running {
            return Err(job_failed_to_start(client, &job.job_id, &st, Some(&savepoint), &plan.program_args));
        }
        Ok(job.job_id)
    })();
    match result {
        Ok(job) => {
            state.step(ctx, "rollback", Status::Done, format!("job {job} runs the previous version from {savepoint}"));
            state.rollback_job_id = Some(job.to_string());
            state.outcome = Some(Outcome::RolledBack);
        }
        Err(e) => {
            state.step(ctx, "rollback", Status::Failed, format!("{e:#}"));
            state.outcome = Some(Outcome::Failed);
        }
    }
    save_state(state_file, state)?;
    emit(ctx, state, state_file)?;
    let what = match state.outcome {
        Some(Outcome::RolledBack) => format!(
            "rolled back: job {} runs the previous version from {savepoint}",
            state.rollback_job_id.as_deref().unwrap_or("-")
        ),
        _ => format!("the rollback failed too; restore by hand with `fsp run -s {savepoint} <previous jar>`"),
    };
    Err(Failure::failed(format!("the upgrade of job {old} failed: {reason}; {what}")).into())
}

#[derive(Serialize)]
struct DryRun<'a> {
    dry_run: bool,
    old_job_id: &'a str,
    checks: &'a [Step],
    state_file: String,
}

/// Print the plan and check what can be checked, changing nothing. Fails if a check fails.
fn dry_run(
    args: &UpgradeArgs,
    ctx: &Ctx,
    client: &Client,
    old: &JobId,
    new_jar: &Path,
    state_file: &Path,
    previous: Option<&State>,
) -> Result<()> {
    let mut checks = Vec::new();
    let mut check = |name: &str, r: Result<String>| {
        let (status, detail) = match r {
            Ok(d) => (Status::Ok, d),
            Err(e) => (Status::Failed, format!("{e:#}")),
        };
        ctx.out.info(format!("[{name}] {status}: {detail}"));
        checks.push(Step { step: name.to_string(), status, detail });
    };
    check("new jar", Ok(format!("{} exists", new_jar.display())));
    match args.from {
        Some(from) => check("snapshot", from_latest(ctx, client, old, args, from).map(|(_, detail)| detail)),
        None => {
            check("job", ensure_running(ctx, old, "upgrade").map(|()| format!("job {old} is RUNNING")));
            check(
                "savepoint directory",
                resolve_target(ctx, args.savepoint_dir.as_deref())
                    .map(|t| format!("savepoints go to {}", t.describe())),
            );
        }
    }
    check(
        "rollback",
        resolve_rollback(ctx, client, old, args).map(|r| match r.jar_path {
            Some(p) => format!("would resubmit {}", p.display()),
            None => format!("would resubmit jar {} with args {:?}", r.recipe.jar_id, r.recipe.args),
        }),
    );
    check("restore", restore_preview(ctx, client, old, args, new_jar));
    let recorded = resolve_rollback(ctx, client, old, args).ok().map(|r| r.recipe.properties);
    if args.from.is_none() {
        check(
            "state backend",
            backend::plan(ctx, client, old, args, recorded.as_ref()).and_then(|p| match p.refusals.is_empty() {
                true => Ok(format!(
                    "would take a {} savepoint{}",
                    crate::savepoint_target::format_name(p.format),
                    p.note.map(|n| format!(" ({n})")).unwrap_or_default()
                )),
                false if args.force => Ok(format!("--force: {}", p.refusals.join("; "))),
                false => Err(Failure::failed(p.refusals.join("; ")).into()),
            }),
        );
    }
    check(
        "state file",
        Ok(match previous {
            Some(p) => format!("{} exists: would resume after {} recorded steps", state_file.display(), p.steps.len()),
            None => format!("{} (new)", state_file.display()),
        }),
    );
    let failed = checks.iter().filter(|c| c.status != Status::Ok).count();
    ctx.out.emit_json(&DryRun {
        dry_run: true,
        old_job_id: old.as_str(),
        checks: &checks,
        state_file: state_file.display().to_string(),
    })?;
    if failed > 0 {
        return Err(Failure::failed(format!("dry run: {failed} check(s) failed; nothing was changed")).into());
    }
    ctx.out.data(format!("Dry run: the upgrade of job {old} can proceed; nothing was changed."));
    Ok(())
}

/// The old job's operators (its job vertices) against the new jar's plan: an old vertex missing from the new
/// job has state Flink will refuse to drop without -n. Chained operators are not visible here; `fsp run
/// --check` against the savepoint itself is exact.
fn restore_preview(ctx: &Ctx, client: &Client, old: &JobId, args: &UpgradeArgs, new_jar: &Path) -> Result<String> {
    let old_vertices: Vec<(String, String)> =
        client.job_details(old)?.vertices.into_iter().map(|v| (v.id, v.name)).collect();
    // The same plan (and request) the upgrade submits, planned instead of run.
    let plan = planned_operators(ctx, client, &new_plan(args, new_jar.to_path_buf(), ""))?;
    let missing: Vec<String> = old_vertices
        .iter()
        .filter(|(id, _)| !plan.iter().any(|(p, _)| p == id))
        .map(|(id, name)| format!("{id} ({})", crate::format::sanitize(name)))
        .collect();
    if missing.is_empty() {
        Ok(format!("all {} operators of job {old} are in the new job", old_vertices.len()))
    } else if args.allow_non_restored_state {
        Ok(format!("with -n, state of operators not in the new job is dropped: {}", missing.join(", ")))
    } else {
        Err(Failure::failed(format!(
            "operators of job {old} are not in the new job, so Flink will refuse their state without -n: {}",
            missing.join(", ")
        ))
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subsumed_checkpoint_gives_way_to_the_newest_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        let job = tmp.path().join("6c4503d93aa3dbc386a545cd5c6fdb70");
        for (n, complete) in [(7, true), (9, true), (10, false)] {
            let d = job.join(format!("chk-{n}"));
            std::fs::create_dir_all(&d).unwrap();
            if complete {
                std::fs::write(d.join("_metadata"), b"x").unwrap();
            }
        }
        let uri = |n: u32| format!("file:{}/chk-{n}", job.display());
        assert_eq!(newest_on_disk(&uri(7)), None, "still there: keep it");
        assert_eq!(newest_on_disk(&uri(8)), Some(uri(9)), "gone: the newest complete one after it");
        assert_eq!(newest_on_disk(&uri(11)), None, "nothing newer");
        assert_eq!(newest_on_disk("s3://bucket/chk/chk-3"), None);
    }
}
