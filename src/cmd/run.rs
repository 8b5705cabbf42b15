//! `fsp run [-s PATH] [-n] [--claim-mode M] [-c CLASS] [-p N] JAR [ARGS...]`: upload a jar and run it;
//! `--manifest FILE` brings back what `stop --all --manifest` stopped ([`crate::fleet::restore`]).

use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::cli::RunArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::jobs::wait_until_tasks_run;
use crate::rest::Client;
use crate::rest::types::JobState;
use crate::snapshot::latest::{JobRef, Want, parse_spec, resolve};
use crate::submit::refusal::job_failed_to_start;
use crate::submit::restore_check::{Entry, Verdict};
use crate::submit::{JarSource, Plan, check_jar, check_savepoint, check_state_before_submit, restore_preview, submit};

#[derive(Serialize)]
struct Submitted<'a> {
    job_id: &'a str,
    jar_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    savepoint: Option<&'a str>,
}

/// Check the arguments locally: the jar exists and is a jar; a local savepoint has its `_metadata`.
pub fn plan(args: &RunArgs, cwd: &Path) -> Result<Plan, Failure> {
    plan_from(args, cwd, args.from_savepoint.as_deref())
}

/// [`plan`], restoring from `savepoint` (what `-s` resolved to).
fn plan_from(args: &RunArgs, cwd: &Path, savepoint: Option<&str>) -> Result<Plan, Failure> {
    let (jar, program_args) = match &args.jar_id {
        Some(id) => (JarSource::Uploaded(id.clone()), args.jar.iter().chain(&args.args).cloned().collect()),
        None => {
            let jar = args.jar.as_deref().ok_or_else(|| Failure::usage("missing JAR: which jar to run?"))?;
            (JarSource::Upload(check_jar(jar, cwd)?), args.args.clone())
        }
    };
    let savepoint = savepoint.map(|s| check_savepoint(s, cwd)).transpose()?;
    Ok(Plan {
        jar,
        program_args,
        entry_class: args.class.clone(),
        parallelism: args.parallelism,
        savepoint,
        allow_non_restored_state: args.allow_non_restored_state,
        claim_mode: args.claim_mode.or(args.restore_mode),
        properties: args.properties.iter().cloned().collect(),
        jar_file: None,
    })
}

pub fn run(args: &RunArgs, ctx: &Ctx) -> Result<()> {
    if args.jar_dir.is_some() && args.manifest.is_none() {
        return Err(Failure::usage("--jar-dir only goes with --manifest").into());
    }
    if let Some(file) = &args.manifest {
        return crate::fleet::restore::run_manifest(ctx, args, file);
    }
    let latest = args.from_savepoint.as_deref().and_then(parse_spec);
    if latest.is_none() && (!args.dirs.is_empty() || args.max_age.is_some()) {
        return Err(Failure::usage("--dir and --max-age only go with -s latest[:JOB] or -s latest-state[:JOB]").into());
    }
    let plan = match latest {
        Some((include_checkpoints, job)) => {
            // the jar is checked before any directory is scanned
            let mut plan = plan_from(args, &ctx.cwd, None)?;
            let now_ms = jiff::Timestamp::now().as_millisecond();
            let want = Want { include_checkpoints, max_age: args.max_age, now_ms };
            let found = resolve(ctx, &args.dirs, &job.map_or(JobRef::Only, JobRef::parse), &want)?;
            plan.savepoint = Some(check_savepoint(&found.snapshot.path, &ctx.cwd)?);
            plan
        }
        None => plan(args, &ctx.cwd)?,
    };
    if args.restore_mode.is_some() {
        ctx.out.warn("--restore-mode is deprecated, use --claim-mode");
    }
    let client = ctx.client()?;
    if args.check {
        return check_restore(ctx, client, &plan, &args.uids, args.force);
    }
    if let Some(savepoint) = &plan.savepoint {
        check_state_before_submit(ctx, client, &plan, savepoint, args.force)?;
    }
    let job = submit(ctx, client, &plan, None)?;
    let (job_id, jar_id) = (job.job_id, job.jar_id);
    ctx.out.data(format!("Job has been submitted with JobID {job_id}"));
    let state = if args.detached {
        None
    } else {
        let pb = ctx.out.spinner(format!("waiting for job {job_id} to run"));
        let state = wait_until_tasks_run(ctx, &job_id, ctx.deadline());
        pb.finish_and_clear();
        let state = state?;
        if state != JobState::Running {
            return Err(job_failed_to_start(client, &job_id, &state, plan.savepoint.as_deref(), &plan.program_args));
        }
        ctx.out.info(format!("Job {job_id} is RUNNING, all its tasks deployed."));
        Some(state)
    };
    ctx.out.emit_json(&Submitted {
        job_id: job_id.as_str(),
        jar_id: &jar_id,
        state: state.as_ref().map(JobState::as_str),
        savepoint: plan.savepoint.as_deref(),
    })
}

#[derive(Serialize)]
struct CheckReport<'a> {
    savepoint: &'a str,
    #[serde(flatten)]
    verdict: &'a Verdict,
    /// What Flink does not guarantee about this restore (1.x state on 2.x, a NATIVE savepoint's backend).
    warnings: &'a [String],
    /// What fsp does not restore without --force (Kryo state of a 1.x snapshot on 2.x, a snapshot the new
    /// job's state backend cannot restore).
    refusals: &'a [String],
}

/// `run --check`: what a restore would do, with nothing submitted. A jar uploaded for the plan is deleted
/// again. Fails (exit 1) when Flink would refuse the restore.
fn check_restore(ctx: &Ctx, client: &Client, plan: &Plan, uids: &[String], force: bool) -> Result<()> {
    let savepoint = plan.savepoint.as_deref().unwrap_or_default();
    let (v, compat) = restore_preview(ctx, client, plan, uids)?;
    for w in compat.warnings.iter().chain(&compat.refusals) {
        ctx.out.warn(w);
    }
    if ctx.out.json() {
        ctx.out.emit_json(&CheckReport {
            savepoint,
            verdict: &v,
            warnings: &compat.warnings,
            refusals: &compat.refusals,
        })?;
    } else {
        let label = |e: &Entry| match &e.label {
            Some(l) => format!("{} ({})", e.id, crate::format::sanitize(l)),
            None => e.id.clone(),
        };
        for e in &v.restored {
            ctx.out.data(format!("restored     {}", label(e)));
        }
        for e in &v.not_restored {
            ctx.out.data(format!("NOT RESTORED {}", label(e)));
        }
        for e in &v.start_empty {
            ctx.out.data(format!("starts empty {}", label(e)));
        }
        if !v.not_restored.is_empty() {
            ctx.out.info(
                "State marked NOT RESTORED belongs to no operator of the new job's plan. If such an operator is \
                 chained in the new job, name its uid with --uid; otherwise -n drops that state.",
            );
        }
    }
    if !compat.refusals.is_empty() && !force {
        return Err(
            Failure::failed(format!("fsp would not restore {savepoint}: {}", compat.refusals.join("; "))).into()
        );
    }
    if v.refused {
        return Err(Failure::failed(format!(
            "Flink would refuse to restore {savepoint}: {} operator(s) with state are not in the new job; \
             -n (--allow-non-restored-state) skips their state",
            v.not_restored.len()
        ))
        .into());
    }
    ctx.out.info(if v.not_restored.is_empty() {
        "All state would be restored.".to_string()
    } else {
        format!("The restore would succeed with -n, dropping the state of {} operator(s).", v.not_restored.len())
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{ClaimMode, Cli, Command};
    use clap::Parser;

    fn run_args(args: &[&str]) -> RunArgs {
        let mut all = vec!["fsp", "run"];
        all.extend_from_slice(args);
        match Cli::parse_from(all).command {
            Command::Run(a) => a,
            _ => unreachable!(),
        }
    }

    #[test]
    fn plan_checks_locally() {
        let tmp = tempfile::tempdir().unwrap();
        let cwd = tmp.path();
        std::fs::write(cwd.join("job.jar"), b"PK").unwrap();
        std::fs::write(cwd.join("job.zip"), b"PK").unwrap();
        let sp = cwd.join("savepoint-aaaaaa-bbbbbbbbbbbb");
        std::fs::create_dir(&sp).unwrap();

        let p = plan(&run_args(&["job.jar", "--a", "1"]), cwd).unwrap();
        assert_eq!(p.jar, JarSource::Upload(cwd.join("job.jar")));
        assert_eq!(p.program_args, vec!["--a", "1"]);

        assert_eq!(plan(&run_args(&["missing.jar"]), cwd).unwrap_err().kind, crate::error::Exit::NotFound);
        assert_eq!(plan(&run_args(&["job.zip"]), cwd).unwrap_err().kind, crate::error::Exit::Usage);

        let err = plan(&run_args(&["-s", "savepoint-aaaaaa-bbbbbbbbbbbb", "job.jar"]), cwd).unwrap_err();
        assert_eq!(err.kind, crate::error::Exit::NotFound);
        assert!(err.message.contains("has no _metadata"), "{err}");
        std::fs::write(sp.join("_metadata"), b"x").unwrap();
        for form in [
            "savepoint-aaaaaa-bbbbbbbbbbbb",
            &format!("file://{}", sp.display()),
            &format!("{}/_metadata", sp.display()),
        ] {
            let p = plan(&run_args(&["-s", form, "job.jar"]), cwd).unwrap();
            assert!(p.savepoint.unwrap().starts_with(&sp.display().to_string()), "{form}");
        }
        let p = plan(&run_args(&["-s", "s3://b/sp", "--claimMode", "claim", "job.jar"]), cwd).unwrap();
        assert_eq!(p.savepoint.as_deref(), Some("s3://b/sp"));
        assert_eq!(p.claim_mode, Some(ClaimMode::Claim));

        let p = plan(&run_args(&["--jar-id", "x_job.jar", "--", "a", "b"]), cwd).unwrap();
        assert_eq!(p.jar, JarSource::Uploaded("x_job.jar".into()));
        assert_eq!(p.program_args, vec!["a", "b"]);
    }
}
