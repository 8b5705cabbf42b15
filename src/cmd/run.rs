//! `fsp run [-s PATH] [-n] [--claim-mode M] [-c CLASS] [-p N] JAR [ARGS...]`: upload a jar and run it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use super::wait_until_tasks_run;
use crate::cli::{ClaimMode, RunArgs};
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::job_id::JobId;
use crate::pointer::{Location, absolutize, local_metadata_file, parse_location};
use crate::rest::types::JarRunRequest;
use crate::rest::{ApiError, Client, root_cause};

#[derive(Serialize)]
struct Submitted<'a> {
    job_id: &'a str,
    jar_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    savepoint: Option<&'a str>,
}

/// What to run, resolved from the arguments before anything is sent.
#[derive(Debug, PartialEq)]
pub struct Plan {
    pub jar: JarSource,
    pub program_args: Vec<String>,
    pub savepoint: Option<String>,
    pub claim_mode: Option<ClaimMode>,
}

#[derive(Debug, PartialEq)]
pub enum JarSource {
    Upload(PathBuf),
    Uploaded(String),
}

/// Check the arguments locally: the jar exists and is a jar; a local savepoint has its `_metadata`.
pub fn plan(args: &RunArgs, cwd: &Path) -> Result<Plan, Failure> {
    let (jar, program_args) = match &args.jar_id {
        Some(id) => (JarSource::Uploaded(id.clone()), args.jar.iter().chain(&args.args).cloned().collect()),
        None => {
            let jar = args.jar.as_deref().ok_or_else(|| Failure::usage("missing JAR: which jar to run?"))?;
            let path = absolutize(Path::new(jar), cwd);
            if !path.is_file() {
                return Err(Failure::not_found(format!("jar file {} does not exist", path.display())));
            }
            if path.extension().and_then(|e| e.to_str()) != Some("jar") {
                return Err(Failure::usage(format!(
                    "{} is not a .jar file: Flink accepts only jar uploads whose names end in .jar",
                    path.display()
                )));
            }
            (JarSource::Upload(path), args.args.clone())
        }
    };
    let savepoint = match args.from_savepoint.as_deref() {
        None => None,
        Some(s) => Some(match parse_location(s) {
            Location::Local(p) => {
                let p = absolutize(&p, cwd);
                local_metadata_file(&p)
                    .map_err(|e| Failure::new(e.kind, format!("cannot restore from {s}: {}", e.message)))?;
                p.display().to_string()
            }
            Location::Remote(uri) => uri,
        }),
    };
    Ok(Plan { jar, program_args, savepoint, claim_mode: args.claim_mode.or(args.restore_mode) })
}

pub fn claim_mode_value(m: ClaimMode) -> &'static str {
    match m {
        ClaimMode::Claim => "CLAIM",
        ClaimMode::NoClaim => "NO_CLAIM",
        ClaimMode::Legacy => "LEGACY",
    }
}

pub fn run(args: &RunArgs, ctx: &Ctx) -> Result<()> {
    let plan = plan(args, &ctx.cwd)?;
    if args.restore_mode.is_some() {
        ctx.out.warn("--restore-mode is deprecated, use --claim-mode");
    }
    let client = ctx.client()?;
    let job = submit(ctx, client, &plan, args)?;
    let (job_id, jar_id) = (job.job_id, job.jar_id);
    ctx.out.data(format!("Job has been submitted with JobID {job_id}"));
    let state = if args.detached {
        None
    } else {
        let pb = ctx.out.spinner(format!("waiting for job {job_id} to run"));
        let state = wait_until_tasks_run(ctx, &job_id, ctx.deadline());
        pb.finish_and_clear();
        let state = state?;
        if state != "RUNNING" {
            return Err(job_failed_to_start(client, &job_id, &state, plan.savepoint.as_deref()));
        }
        ctx.out.info(format!("Job {job_id} is RUNNING, all its tasks deployed."));
        Some(state)
    };
    ctx.out.emit_json(&Submitted {
        job_id: job_id.as_str(),
        jar_id: &jar_id,
        state: state.as_deref(),
        savepoint: plan.savepoint.as_deref(),
    })
}

pub struct SubmittedJob {
    pub job_id: JobId,
    pub jar_id: String,
}

/// Upload (if needed) and run the jar; the job id once Flink has accepted it.
pub fn submit(ctx: &Ctx, client: &Client, plan: &Plan, args: &RunArgs) -> Result<SubmittedJob> {
    let jar_id = match &plan.jar {
        JarSource::Uploaded(id) => id.clone(),
        JarSource::Upload(path) => {
            ctx.out.info(format!("Uploading {}.", path.display()));
            client.upload_jar(path, ctx.timeout).with_context(|| format!("could not upload {}", path.display()))?
        }
    };
    let mut body = JarRunRequest {
        entry_class: args.class.clone(),
        program_args_list: plan.program_args.clone(),
        parallelism: args.parallelism,
        savepoint_path: plan.savepoint.clone(),
        allow_non_restored_state: args.allow_non_restored_state,
        flink_configuration: args.properties.iter().cloned().collect(),
        ..Default::default()
    };
    if let Some(mode) = plan.claim_mode {
        // claimMode exists from 1.20; older clusters reject unknown fields, so they get restoreMode.
        let modern = client.flink_version()?.is_none_or(|v| v.at_least(1, 20));
        if modern {
            body.claim_mode = Some(claim_mode_value(mode));
        } else {
            body.restore_mode = Some(claim_mode_value(mode));
        }
    }
    if let Some(sp) = &plan.savepoint {
        ctx.out.info(format!("Restoring from {sp}."));
    }
    let job_id = match client.run_jar(&jar_id, &body) {
        Ok(id) => id,
        Err(e) => return Err(explain_submit_error(e, plan.savepoint.as_deref())),
    };
    let job_id = JobId::parse(&job_id).map_err(|_| ApiError::Decode {
        url: format!("{}/jars/{jar_id}/run", client.base_url()),
        reason: format!("'{}' is not a job id", crate::output::sanitize(&job_id)),
    })?;
    Ok(SubmittedJob { job_id, jar_id })
}

fn explain_submit_error(e: ApiError, savepoint: Option<&str>) -> anyhow::Error {
    let text = match &e {
        ApiError::Status { message, detail, .. } => format!("{message}\n{}", detail.as_deref().unwrap_or_default()),
        other => other.to_string(),
    };
    if let Some(msg) = unmapped_state_message(&text, savepoint) {
        return anyhow::Error::new(e).context(Failure::failed(msg));
    }
    if let ApiError::Status { detail: Some(detail), .. } = &e {
        let (cause, _) = root_cause(detail);
        if !cause.is_empty() {
            return anyhow::Error::new(e).context(Failure::failed(format!("the job's main() failed: {cause}")));
        }
    }
    anyhow::Error::new(e).context("Flink refused to run the jar")
}

/// Why a submitted job did not reach RUNNING, from its exceptions.
fn job_failed_to_start(client: &Client, job: &JobId, state: &str, savepoint: Option<&str>) -> anyhow::Error {
    let exceptions = client.job_exceptions(job).unwrap_or_default();
    let mut text = exceptions.root_exception.unwrap_or_default();
    if let Some(h) = exceptions.exception_history {
        for entry in h.entries {
            text.push('\n');
            text.push_str(&entry.stacktrace);
        }
    }
    if let Some(msg) = unmapped_state_message(&text, savepoint) {
        return Failure::failed(format!("job {job} {}: {msg}", state.to_lowercase())).into();
    }
    let cause = if text.trim().is_empty() { "no exception was recorded".to_string() } else { root_cause(&text).0 };
    Failure::failed(format!("job {job} did not start: it is {state}. {cause}")).into()
}

/// Flink's "Cannot map checkpoint/savepoint state for operator X to the new program" as an actionable
/// sentence listing every operator id not mapped.
pub fn unmapped_state_message(text: &str, savepoint: Option<&str>) -> Option<String> {
    const NEEDLE: &str = "Cannot map checkpoint/savepoint state for operator ";
    let mut ids: Vec<String> = Vec::new();
    for part in text.split(NEEDLE).skip(1) {
        let id: String = part.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return None;
    }
    let from = savepoint.map(|s| format!(" in {s}")).unwrap_or_default();
    let (noun, it) = if ids.len() == 1 { ("operator", "it is") } else { ("operators", "they are") };
    Some(format!(
        "the state{from} of {noun} {} cannot be mapped to the new job ({it} not in the new program). \
         Run again with -n (--allow-non-restored-state) to skip that state, or keep the operator's uid \
         (`fsp inspect --uid NAME {}` shows which uid an id belongs to)",
        ids.join(", "),
        savepoint.unwrap_or("<savepoint>"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
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

    #[test]
    fn unmapped_state_is_explained() {
        let text = "java.lang.IllegalStateException: Failed to rollback to checkpoint/savepoint file:/sp/x. \
            Cannot map checkpoint/savepoint state for operator 3b9b1ed7d7dff0f2d2dfa3dd2e6e3c6d to the new program, \
            because the operator is not available in the new program. If you want to allow to skip this, you can set \
            the --allowNonRestoredState option on the CLI.\nCaused by: ... Cannot map checkpoint/savepoint state for operator 3b9b1ed7d7dff0f2d2dfa3dd2e6e3c6d to";
        let msg = unmapped_state_message(text, Some("/sp/x")).unwrap();
        assert!(msg.contains("operator 3b9b1ed7d7dff0f2d2dfa3dd2e6e3c6d cannot be mapped"), "{msg}");
        assert!(msg.contains("-n (--allow-non-restored-state)"), "{msg}");
        assert_eq!(unmapped_state_message("other failure", None), None);
        let two = format!("{text} Cannot map checkpoint/savepoint state for operator abcdef to");
        assert!(
            unmapped_state_message(&two, None)
                .unwrap()
                .contains("operators 3b9b1ed7d7dff0f2d2dfa3dd2e6e3c6d, abcdef cannot")
        );
    }
}
