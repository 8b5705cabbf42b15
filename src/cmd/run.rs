//! `fsp run [-s PATH] [-n] [--claim-mode M] [-c CLASS] [-p N] JAR [ARGS...]`: upload a jar and run it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub jar: JarSource,
    pub program_args: Vec<String>,
    pub entry_class: Option<String>,
    pub parallelism: Option<u32>,
    pub savepoint: Option<String>,
    pub allow_non_restored_state: bool,
    pub claim_mode: Option<ClaimMode>,
    pub properties: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JarSource {
    Upload(PathBuf),
    Uploaded(String),
}

impl Default for JarSource {
    fn default() -> Self {
        JarSource::Uploaded(String::new())
    }
}

/// A local jar that exists and is named `*.jar`, made absolute.
pub fn check_jar(jar: &str, cwd: &Path) -> Result<PathBuf, Failure> {
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
    Ok(path)
}

/// A savepoint pointer as the JobManager should get it; a local one must have its `_metadata`.
pub fn check_savepoint(s: &str, cwd: &Path) -> Result<String, Failure> {
    match parse_location(s) {
        Location::Local(p) => {
            let p = absolutize(&p, cwd);
            local_metadata_file(&p)
                .map_err(|e| Failure::new(e.kind, format!("cannot restore from {s}: {}", e.message)))?;
            Ok(p.display().to_string())
        }
        Location::Remote(uri) => Ok(uri),
    }
}

/// Check the arguments locally: the jar exists and is a jar; a local savepoint has its `_metadata`.
pub fn plan(args: &RunArgs, cwd: &Path) -> Result<Plan, Failure> {
    let (jar, program_args) = match &args.jar_id {
        Some(id) => (JarSource::Uploaded(id.clone()), args.jar.iter().chain(&args.args).cloned().collect()),
        None => {
            let jar = args.jar.as_deref().ok_or_else(|| Failure::usage("missing JAR: which jar to run?"))?;
            (JarSource::Upload(check_jar(jar, cwd)?), args.args.clone())
        }
    };
    let savepoint = args.from_savepoint.as_deref().map(|s| check_savepoint(s, cwd)).transpose()?;
    Ok(Plan {
        jar,
        program_args,
        entry_class: args.class.clone(),
        parallelism: args.parallelism,
        savepoint,
        allow_non_restored_state: args.allow_non_restored_state,
        claim_mode: args.claim_mode.or(args.restore_mode),
        properties: args.properties.iter().cloned().collect(),
    })
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
    if args.check {
        return check_restore(ctx, client, &plan, &args.uids);
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

/// Upload (if needed) and run the jar; the job id once Flink has accepted it. How the job was submitted is
/// recorded in the job itself (see [`Recipe`]), so a later `fsp upgrade` can roll back to it from anywhere.
/// `marker` tags the job, e.g. with the job it upgrades.
pub fn submit(ctx: &Ctx, client: &Client, plan: &Plan, marker: Option<(&str, &str)>) -> Result<SubmittedJob> {
    let jar_id = match &plan.jar {
        JarSource::Uploaded(id) => id.clone(),
        JarSource::Upload(path) => {
            ctx.out.info(format!("Uploading {}.", path.display()));
            client.upload_jar(path, ctx.timeout).with_context(|| format!("could not upload {}", path.display()))?
        }
    };
    let recipe = Recipe::of(plan, &jar_id);
    let mut properties = plan.properties.clone();
    let mut params = vec![(RECIPE_KEY.to_string(), recipe.encode())];
    if let Some((k, v)) = marker {
        params.push((k.to_string(), v.to_string()));
    }
    let ours = params.iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(",");
    let merged = match properties.get(GLOBAL_JOB_PARAMETERS) {
        Some(user) if !user.trim().is_empty() => format!("{user},{ours}"),
        _ => ours,
    };
    properties.insert(GLOBAL_JOB_PARAMETERS.to_string(), merged);
    let mut body = JarRunRequest {
        entry_class: plan.entry_class.clone(),
        program_args_list: plan.program_args.clone(),
        parallelism: plan.parallelism,
        savepoint_path: plan.savepoint.clone(),
        allow_non_restored_state: plan.allow_non_restored_state,
        flink_configuration: properties,
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

#[derive(Serialize)]
struct CheckReport<'a> {
    savepoint: &'a str,
    #[serde(flatten)]
    verdict: &'a crate::restore_check::Verdict,
}

/// `run --check`: what a restore would do, with nothing submitted. A jar uploaded for the plan is deleted
/// again. Fails (exit 1) when Flink would refuse the restore.
fn check_restore(ctx: &Ctx, client: &Client, plan: &Plan, uids: &[String]) -> Result<()> {
    let savepoint = plan.savepoint.as_deref().unwrap_or_default();
    let snap = super::inspect::read_metadata(savepoint, ctx)?;
    let meta = crate::metadata::parse(&snap.bytes)
        .map_err(|e| Failure::failed(format!("{} is not a readable _metadata file: {e}", snap.file)))?;
    let (jar_id, uploaded) = match &plan.jar {
        JarSource::Uploaded(id) => (id.clone(), false),
        JarSource::Upload(path) => {
            ctx.out.info(format!("Uploading {} to read its plan.", path.display()));
            (
                client.upload_jar(path, ctx.timeout).with_context(|| format!("could not upload {}", path.display()))?,
                true,
            )
        }
    };
    let body = JarRunRequest {
        entry_class: plan.entry_class.clone(),
        program_args_list: plan.program_args.clone(),
        parallelism: plan.parallelism,
        flink_configuration: plan.properties.clone(),
        ..Default::default()
    };
    let vertices = client.jar_plan(&jar_id, &body);
    if uploaded {
        let _ = client.delete_jar(&jar_id);
    }
    let vertices = vertices.map_err(|e| explain_submit_error(e, None))?;
    let new_job = vertices.into_iter().collect();
    let v = crate::restore_check::check(&meta, &new_job, uids, plan.allow_non_restored_state);
    if ctx.out.json() {
        ctx.out.emit_json(&CheckReport { savepoint, verdict: &v })?;
    } else {
        let label = |e: &crate::restore_check::Entry| match &e.label {
            Some(l) => format!("{} ({})", e.id, crate::output::sanitize(l)),
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

/// The Flink option whose entries show up in `GET /jobs/:id/config` as `user-config`.
pub const GLOBAL_JOB_PARAMETERS: &str = "pipeline.global-job-parameters";
/// The `user-config` key under which fsp records how it submitted a job.
pub const RECIPE_KEY: &str = "fsp.submission";

/// How a job was submitted: enough to submit exactly the same job again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipe {
    pub jar_id: String,
    #[serde(default)]
    pub entry_class: Option<String>,
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default)]
    pub parallelism: Option<u32>,
    #[serde(default)]
    pub allow_non_restored_state: bool,
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
}

impl Recipe {
    pub fn of(plan: &Plan, jar_id: &str) -> Recipe {
        Recipe {
            jar_id: jar_id.to_string(),
            entry_class: plan.entry_class.clone(),
            args: plan.program_args.clone(),
            parallelism: plan.parallelism,
            allow_non_restored_state: plan.allow_non_restored_state,
            properties: plan.properties.clone(),
        }
    }

    /// base64url of the JSON: no `,` or `:`, which separate entries of a Flink map option.
    pub fn encode(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    pub fn decode(s: &str) -> Option<Recipe> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// A plan that submits this job again, from `savepoint`.
    pub fn plan(&self, savepoint: Option<String>) -> Plan {
        Plan {
            jar: JarSource::Uploaded(self.jar_id.clone()),
            program_args: self.args.clone(),
            entry_class: self.entry_class.clone(),
            parallelism: self.parallelism,
            savepoint,
            allow_non_restored_state: self.allow_non_restored_state,
            claim_mode: None,
            properties: self.properties.clone(),
        }
    }
}

fn explain_submit_error(e: ApiError, savepoint: Option<&str>) -> anyhow::Error {
    let (text, detail) = match &e {
        ApiError::Status { message, detail, .. } => {
            (format!("{message}\n{}", detail.as_deref().unwrap_or_default()), detail.clone())
        }
        other => (other.to_string(), None),
    };
    if let Some(msg) = unmapped_state_message(&text, savepoint) {
        return Failure::failed(msg).with_detail(detail).into();
    }
    if let Some(d) = &detail {
        let (cause, _) = root_cause(d);
        if !cause.is_empty() {
            return Failure::failed(format!("Flink could not run the jar: the job's main() failed: {cause}"))
                .with_detail(detail)
                .into();
        }
    }
    anyhow::Error::new(e).context("Flink refused to run the jar")
}

/// Why a submitted job did not reach RUNNING, from its exceptions.
pub fn job_failed_to_start(client: &Client, job: &JobId, state: &str, savepoint: Option<&str>) -> anyhow::Error {
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

/// Operator id → uid, from a local savepoint's `_metadata`; empty when it cannot be read.
fn savepoint_uids(savepoint: &str) -> BTreeMap<String, String> {
    let Location::Local(p) = parse_location(savepoint) else { return BTreeMap::new() };
    let Ok(file) = local_metadata_file(&p) else { return BTreeMap::new() };
    let Ok(m) = std::fs::read(file).map_err(|_| ()).and_then(|b| crate::metadata::parse(&b).map_err(|_| ())) else {
        return BTreeMap::new();
    };
    m.operators.into_iter().filter_map(|o| Some((o.id, o.uid?))).collect()
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
    // Name the operators by uid where the savepoint's _metadata (V5+, Flink 2.x) says it.
    let uids = savepoint.map(savepoint_uids).unwrap_or_default();
    let ids: Vec<String> = ids
        .into_iter()
        .map(|id| match uids.get(&id) {
            Some(uid) => format!("{id} (uid '{}')", crate::output::sanitize(uid)),
            None => id,
        })
        .collect();
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
    fn recipe_round_trip() {
        let plan = Plan {
            jar: JarSource::Uploaded("x_job.jar".into()),
            program_args: vec!["--a".into(), "b,c:d".into()],
            entry_class: Some("a.B".into()),
            parallelism: Some(2),
            allow_non_restored_state: true,
            ..Default::default()
        };
        let r = Recipe::of(&plan, "x_job.jar");
        let enc = r.encode();
        assert!(!enc.contains(',') && !enc.contains(':') && !enc.contains('='), "{enc}");
        assert_eq!(Recipe::decode(&enc), Some(r.clone()));
        assert_eq!(Recipe::decode("not base64!"), None);
        let again = r.plan(Some("/sp".into()));
        assert_eq!(again.program_args, plan.program_args);
        assert_eq!(again.savepoint.as_deref(), Some("/sp"));
        assert_eq!(again.jar, JarSource::Uploaded("x_job.jar".into()));
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
