//! Submitting a job: what to run ([`Plan`]), the request Flink gets, how the submission is recorded in the
//! job for a later resubmission ([`recipe`]), what Flink's refusals mean ([`refusal`]), and whether a snapshot
//! will restore into a job before anything is submitted ([`restore_check`]).

pub mod compat;
pub mod recipe;
pub mod record;
pub mod refusal;
pub mod restore_check;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::ClaimMode;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::flink_config::FlinkConfig;
use crate::job_id::JobId;
use crate::pointer::{Location, absolutize, local_metadata_file, parse_location};
use crate::rest::types::JarRunRequest;
use crate::rest::{ApiError, Client};
use recipe::{GLOBAL_JOB_PARAMETERS, RECIPE_KEY, Recipe};
use refusal::explain_submit_error;

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
    /// With [`JarSource::Uploaded`]: a local copy of that jar (and its SHA-256 when known), recorded in the
    /// job's [`Recipe`] so the job can come back after the cluster has lost its jars.
    pub jar_file: Option<(PathBuf, Option<String>)>,
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

pub fn claim_mode_value(m: ClaimMode) -> &'static str {
    match m {
        ClaimMode::Claim => "CLAIM",
        ClaimMode::NoClaim => "NO_CLAIM",
        ClaimMode::Legacy => "LEGACY",
    }
}

/// The request that runs (or plans) `plan`'s jar: the job's arguments, entry class, parallelism and
/// properties; a restore's fields only for a run.
fn request(plan: &Plan, properties: BTreeMap<String, String>) -> JarRunRequest {
    JarRunRequest {
        entry_class: plan.entry_class.clone(),
        program_args_list: plan.program_args.clone(),
        parallelism: plan.parallelism,
        flink_configuration: properties,
        ..Default::default()
    }
}

/// The jar's id on the cluster, uploading it first if needed; true when uploaded here.
fn upload_if_needed(ctx: &Ctx, client: &Client, plan: &Plan, why: &str) -> Result<(String, bool)> {
    match &plan.jar {
        JarSource::Uploaded(id) => Ok((id.clone(), false)),
        JarSource::Upload(path) => {
            ctx.out.info(format!("Uploading {}{why}.", path.display()));
            let id =
                client.upload_jar(path, ctx.timeout).with_context(|| format!("could not upload {}", path.display()))?;
            Ok((id, true))
        }
    }
}

/// The operators (job vertex id, name) that `plan` would run, from the cluster's plan of its jar; a jar
/// uploaded for this is deleted again. Nothing is submitted.
pub fn planned_operators(ctx: &Ctx, client: &Client, plan: &Plan) -> Result<Vec<(String, String)>> {
    let (jar_id, uploaded) = upload_if_needed(ctx, client, plan, " to read its plan")?;
    let vertices = client.jar_plan(&jar_id, &request(plan, plan.properties.clone()));
    if uploaded {
        let _ = client.delete_jar(&jar_id);
    }
    vertices.map_err(|e| explain_submit_error(e, None, &plan.program_args))
}

pub struct SubmittedJob {
    pub job_id: JobId,
    pub jar_id: String,
}

/// Upload (if needed) and run the jar; the job id once Flink has accepted it. How the job was submitted is
/// recorded in the job itself (see [`Recipe`]), so a later `fsp upgrade` can roll back to it from anywhere.
/// `marker` tags the job, e.g. with the job it upgrades.
pub fn submit(ctx: &Ctx, client: &Client, plan: &Plan, marker: Option<(&str, &str)>) -> Result<SubmittedJob> {
    let (jar_id, _) = upload_if_needed(ctx, client, plan, "")?;
    let local = match (&plan.jar, &plan.jar_file) {
        (JarSource::Upload(path), _) => match sha256_of(path) {
            Ok(sum) => Some((path.display().to_string(), Some(sum))),
            Err(e) => {
                ctx.out.debug(format!("could not read {} for its SHA-256: {e}", path.display()));
                Some((path.display().to_string(), None))
            }
        },
        (JarSource::Uploaded(_), Some((path, sum))) => Some((path.display().to_string(), sum.clone())),
        (JarSource::Uploaded(_), None) => None,
    };
    let recipe = Recipe::of(plan, &jar_id, local);
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
        savepoint_path: plan.savepoint.clone(),
        allow_non_restored_state: plan.allow_non_restored_state,
        ..request(plan, properties)
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
        Err(e) => return Err(explain_submit_error(e, plan.savepoint.as_deref(), &plan.program_args)),
    };
    let job_id = JobId::parse(&job_id).map_err(|_| ApiError::Decode {
        url: format!("{}/jars/{jar_id}/run", client.base_url()),
        reason: format!("'{}' is not a job id", crate::format::sanitize(&job_id)),
    })?;
    remember(ctx, client, &job_id);
    Ok(SubmittedJob { job_id, jar_id })
}

/// The SHA-256 of a file, in lower-case hex.
pub fn sha256_of(path: &Path) -> std::io::Result<String> {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = std::io::Read::read(&mut file, &mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Keep the job's name in fsp's submission record on this machine ([`record`]), so `latest:NAME` finds it
/// after the cluster has forgotten the job. Best effort: a failure shows only under -v.
fn remember(ctx: &Ctx, client: &Client, job: &JobId) {
    let name = client.jobs_overview().ok().and_then(|jobs| jobs.into_iter().find(|j| j.jid == job.as_str()));
    let Some(name) = name.map(|j| j.name) else {
        ctx.out.debug(format!("job {job} is not in the cluster's job list yet: its name is not recorded"));
        return;
    };
    let s = record::Submission {
        job_id: job.to_string(),
        name,
        cluster: client.base_url().to_string(),
        submitted_ms: jiff::Timestamp::now().as_millisecond(),
    };
    let dir = record::records_dir();
    if let Err(e) = record::save(&dir, &s) {
        ctx.out.debug(format!("could not record job {job} in {}: {e}", dir.display()));
    }
}

/// What `run -s` checks before it submits a restore of `savepoint`: the state checks ([`compat`]) warn, or
/// refuse unless `force`. A snapshot fsp cannot read here is left to Flink to judge.
pub fn check_state_before_submit(ctx: &Ctx, client: &Client, plan: &Plan, savepoint: &str, force: bool) -> Result<()> {
    match state_compatibility(ctx, client, plan, savepoint) {
        Ok(found) => {
            found.warnings.iter().for_each(|w| ctx.out.warn(w));
            if !found.refusals.is_empty() && !force {
                return Err(Failure::failed(format!("not submitted: {}", found.refusals.join("; "))).into());
            }
            found.refusals.iter().for_each(|w| ctx.out.warn(format!("--force: {w}")));
        }
        Err(e) if ctx.out.verbose => ctx.out.warn(format!("state compatibility not checked: {e:#}")),
        Err(_) => {}
    }
    Ok(())
}

/// `run --check`: which state of `plan`'s savepoint the planned job would restore (its operators from the
/// cluster's plan of the jar, `uids` too), and what the state checks say. Nothing is submitted.
pub fn restore_preview(
    ctx: &Ctx,
    client: &Client,
    plan: &Plan,
    uids: &[String],
) -> Result<(restore_check::Verdict, compat::Findings)> {
    let savepoint = plan.savepoint.as_deref().unwrap_or_default();
    let snap = crate::snapshot::read::read_metadata(savepoint, ctx)?;
    let meta = crate::metadata::parse(&snap.bytes)
        .map_err(|e| Failure::failed(format!("{} is not a readable _metadata file: {e}", snap.file)))?;
    let new_job = planned_operators(ctx, client, plan)?.into_iter().collect();
    let v = restore_check::check(&meta, &new_job, uids, plan.allow_non_restored_state);
    Ok((v, compatibility_of(ctx, client, plan, &snap, &meta)?))
}

/// What Flink does not guarantee about restoring `savepoint` on this cluster ([`compat`]): its `_metadata`,
/// the states in it (read from a local snapshot's files; inline state anywhere) and the cluster's version.
pub fn state_compatibility(ctx: &Ctx, client: &Client, plan: &Plan, savepoint: &str) -> Result<compat::Findings> {
    let snap = crate::snapshot::read::read_metadata(savepoint, ctx)?;
    let meta = crate::metadata::parse(&snap.bytes)
        .map_err(|e| Failure::failed(format!("{} is not a readable _metadata file: {e}", snap.file)))?;
    compatibility_of(ctx, client, plan, &snap, &meta)
}

/// [`state_compatibility`] of a `_metadata` already read and parsed.
pub fn compatibility_of(
    ctx: &Ctx,
    client: &Client,
    plan: &Plan,
    snap: &crate::snapshot::read::MetadataBytes,
    meta: &crate::metadata::Metadata,
) -> Result<compat::Findings> {
    let states = crate::snapshot::read::states_of(meta, snap, ctx)?;
    let cluster = client.flink_version()?.map(|v| v.major);
    Ok(compat::check(meta, &states, cluster, &job_backend(client, &plan.properties)?))
}

/// The state backend the job will run on as far as configuration tells: `-D state.backend.type`, else the
/// cluster's configuration, else Flink's default (hashmap); and ForSt's timer service, the same way.
pub fn job_backend(
    client: &Client,
    properties: &std::collections::BTreeMap<String, String>,
) -> Result<compat::Backend> {
    use crate::flink_config::{FORST_TIMERS, STATE_BACKEND};
    let given = FlinkConfig::from_pairs(properties.clone());
    // the cluster's configuration only for what -D does not give (the timers matter on ForSt alone)
    let needed = match given.get(&STATE_BACKEND) {
        None => true,
        Some((_, name)) => compat::backend_family(name) == Some("forst") && given.get(&FORST_TIMERS).is_none(),
    };
    let cluster = if needed { FlinkConfig::from_pairs(client.jobmanager_config()?) } else { FlinkConfig::default() };
    let forst_timers = given.get(&FORST_TIMERS).or_else(|| cluster.get(&FORST_TIMERS)).map(|(_, v)| v.to_string());
    let (name, source, configured) = match (given.get(&STATE_BACKEND), cluster.get(&STATE_BACKEND)) {
        (Some((key, name)), _) => (name.to_string(), format!("-D {key}"), true),
        (None, Some((key, name))) => (name.to_string(), format!("{key} of the cluster's configuration"), true),
        (None, None) => ("hashmap".to_string(), "Flink's default".to_string(), false),
    };
    Ok(compat::Backend { name, source, forst_timers, configured })
}
