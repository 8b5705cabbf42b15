//! Where a savepoint goes when the user names no directory, and in which format it is asked for.
//!
//! Precedence: the given directory, else the cluster profile's `savepoint_dir`, else the cluster's own
//! default (by sending none), else the local Flink config's. Local relative paths are made absolute first.

use anyhow::Result;

use crate::cli::SavepointFormat;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::flink_config::{FlinkConfig, SAVEPOINT_DIR};
use crate::job_id::JobId;
use crate::pointer::{Location, absolutize, parse_location};
use crate::rest::ApiError;
use crate::rest::types::FormatType;

/// Where a savepoint goes when the user names no directory.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// The user's directory, sent as is.
    Given(String),
    /// The cluster has a default (`key` = value): send none and let the cluster use it.
    ClusterDefault { key: &'static str, value: String },
    /// The selected cluster profile's `savepoint_dir`: send it explicitly.
    ProfileDefault(String),
    /// Only the local Flink config names one (the cluster has none): send it explicitly.
    LocalDefault { key: &'static str, value: String },
}

impl Target {
    /// The `target-directory` / `targetDirectory` to send.
    pub fn request_value(&self) -> Option<&str> {
        match self {
            Target::Given(d) | Target::ProfileDefault(d) | Target::LocalDefault { value: d, .. } => Some(d),
            Target::ClusterDefault { .. } => None,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Target::Given(d) => d.clone(),
            Target::ClusterDefault { key, value } => format!("{value} (the cluster's {key})"),
            Target::ProfileDefault(d) => format!("{d} (savepoint_dir of the cluster profile)"),
            Target::LocalDefault { key, value } => format!("{value} ({key} from the local Flink config)"),
        }
    }
}

/// Pick the savepoint directory: the given one, else the cluster profile's `savepoint_dir` (the user's own
/// setting for that cluster), else the cluster's default, else the local Flink config's. Fails when there is
/// none anywhere, before anything is triggered.
pub fn pick_target(
    given: Option<&str>,
    cluster: &FlinkConfig,
    profile: Option<&str>,
    local: &FlinkConfig,
    cwd: &std::path::Path,
) -> Result<Target, Failure> {
    if let Some(dir) = given {
        return Ok(Target::Given(qualify(dir, cwd)));
    }
    if let Some(dir) = profile {
        return Ok(Target::ProfileDefault(qualify(dir, cwd)));
    }
    if let Some((key, value)) = cluster.get(&SAVEPOINT_DIR) {
        return Ok(Target::ClusterDefault { key, value: value.to_string() });
    }
    if let Some((key, value)) = local.get(&SAVEPOINT_DIR) {
        return Ok(Target::LocalDefault { key, value: qualify(value, cwd) });
    }
    Err(Failure::failed(
        "no savepoint directory: none was given and no default is configured. Pass a target directory, or set \
         execution.checkpointing.savepoint-dir (state.savepoints.dir before Flink 1.20) in the cluster's config",
    ))
}

/// Trigger into the given directory, else the cluster profile's `savepoint_dir`, else into the cluster's
/// default by sending none. A cluster without a default answers 400 ("Config key [...] is not set") and
/// triggers nothing; then the local Flink config's directory is used, and without one fsp fails naming both
/// keys. This saves asking the cluster first.
pub fn trigger_into(
    ctx: &Ctx,
    given: Option<&str>,
    trigger: impl Fn(Option<&str>) -> Result<String, ApiError>,
) -> Result<String> {
    if let Some(dir) = given {
        return Ok(trigger(Some(&qualify(dir, &ctx.cwd)))?);
    }
    if let Some(dir) = ctx.settings.savepoint_dir.profile.as_ref().map(|d| d.value.as_str()) {
        let target = Target::ProfileDefault(qualify(dir, &ctx.cwd));
        ctx.out.info(format!("Using {}.", target.describe()));
        return Ok(trigger(target.request_value())?);
    }
    match trigger(None) {
        Err(ApiError::Status { status: 400, message, .. })
            if message.contains("is not set") && message.contains("must be provided") =>
        {
            let target = pick_target(None, &FlinkConfig::default(), None, &ctx.flink_conf, &ctx.cwd)?;
            ctx.out.info(format!("The cluster has no default savepoint directory; using {}.", target.describe()));
            Ok(trigger(target.request_value())?)
        }
        other => Ok(other?),
    }
}

/// Resolve the savepoint target for a job, asking the cluster for its default only when none is given.
pub fn resolve_target(ctx: &Ctx, given: Option<&str>) -> Result<Target> {
    let cluster = match given {
        Some(_) => FlinkConfig::default(),
        None => FlinkConfig::from_pairs(ctx.client()?.jobmanager_config()?),
    };
    Ok(pick_target(
        given,
        &cluster,
        ctx.settings.savepoint_dir.profile.as_ref().map(|d| d.value.as_str()),
        &ctx.flink_conf,
        &ctx.cwd,
    )?)
}

/// A local relative path means nothing to the JobManager, whose working directory differs: make it absolute.
pub fn qualify(dir: &str, cwd: &std::path::Path) -> String {
    match parse_location(dir) {
        Location::Local(p) if p.is_relative() => absolutize(&p, cwd).display().to_string(),
        _ => dir.to_string(),
    }
}

/// The format of a savepoint of a job whose checkpoint statistics name `backend` (`None`: checkpointing is
/// off, or the cluster did not say): the one asked for, else CANONICAL, except on the ForSt state backend,
/// which takes NATIVE savepoints only. Flink accepts a CANONICAL trigger for a ForSt job and then fails the
/// job's tasks ("does not support CANONICAL savepoints") and restarts the job, so a ForSt job gets NATIVE when
/// no format is asked for, and a refusal, before anything is triggered, when CANONICAL is. `Ok` carries a note
/// to print when fsp chose for the user.
pub fn decide_format(
    job: &JobId,
    given: Option<SavepointFormat>,
    backend: Option<&str>,
) -> Result<(SavepointFormat, Option<String>), Failure> {
    let forst = backend.and_then(crate::submit::compat::backend_family) == Some("forst");
    match given {
        Some(f) if !forst || f == SavepointFormat::Native => Ok((f, None)),
        None if !forst => Ok((SavepointFormat::Canonical, None)),
        None => Ok((
            SavepointFormat::Native,
            Some(format!(
                "job {job} runs on the ForSt state backend, which takes NATIVE savepoints only: taking a NATIVE savepoint"
            )),
        )),
        Some(_) => Err(Failure::usage(format!(
            "job {job} runs on the ForSt state backend, which cannot take CANONICAL savepoints: Flink would fail \
             the job's tasks and restart it. Take a NATIVE savepoint (--type native), or leave --type out"
        ))),
    }
}

/// [`decide_format`] for a job on the cluster: asks for the job's state backend unless NATIVE is asked for.
/// When the cluster cannot say (checkpointing off, an unknown job, an error), the format is the one asked for
/// (or CANONICAL), and the trigger itself reports an unknown job.
pub fn choose_format(ctx: &Ctx, job: &JobId, given: Option<SavepointFormat>) -> Result<SavepointFormat> {
    if given == Some(SavepointFormat::Native) {
        return Ok(SavepointFormat::Native);
    }
    let backend = match ctx.client()?.job_checkpoint_config(job) {
        Ok(config) => config.and_then(|c| c.state_backend),
        Err(e) => {
            ctx.out.debug(format!("the state backend of job {job} is unknown: {e}"));
            None
        }
    };
    let (format, note) = decide_format(job, given, backend.as_deref())?;
    if let Some(note) = note {
        ctx.out.info(note);
    }
    Ok(format)
}

/// The REST API's name for a format.
pub fn format_type(f: SavepointFormat) -> FormatType {
    match f {
        SavepointFormat::Canonical => FormatType::Canonical,
        SavepointFormat::Native => FormatType::Native,
    }
}

pub fn format_name(f: SavepointFormat) -> &'static str {
    match f {
        SavepointFormat::Canonical => "CANONICAL",
        SavepointFormat::Native => "NATIVE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn cfg(pairs: &[(&str, &str)]) -> FlinkConfig {
        FlinkConfig::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn target_precedence() {
        let cwd = Path::new("/work");
        let cluster = cfg(&[("state.savepoints.dir", "file:/cluster")]);
        let local = cfg(&[("execution.checkpointing.savepoint-dir", "local-sp")]);
        assert_eq!(
            pick_target(Some("s3://b/sp"), &cluster, None, &local, cwd).unwrap(),
            Target::Given("s3://b/sp".into())
        );
        assert_eq!(pick_target(Some("rel"), &cluster, None, &local, cwd).unwrap(), Target::Given("/work/rel".into()));
        let t = pick_target(None, &cluster, None, &local, cwd).unwrap();
        assert_eq!(t, Target::ClusterDefault { key: "state.savepoints.dir", value: "file:/cluster".into() });
        assert_eq!(t.request_value(), None);
        let t = pick_target(None, &cfg(&[]), None, &local, cwd).unwrap();
        assert_eq!(t.request_value(), Some("/work/local-sp"));
        let err = pick_target(None, &cfg(&[]), None, &cfg(&[]), cwd).unwrap_err();
        assert!(
            err.message.contains("execution.checkpointing.savepoint-dir")
                && err.message.contains("state.savepoints.dir")
        );
    }

    #[test]
    fn a_profiles_savepoint_dir_is_a_local_default() {
        let cwd = Path::new("/work");
        let cluster = cfg(&[("execution.checkpointing.savepoint-dir", "s3://cluster/sp")]);
        let local = cfg(&[("state.savepoints.dir", "file:/local")]);
        let profile = Some("s3://profile/sp");
        // a given directory beats everything, the profile beats the cluster's own default
        let t = pick_target(Some("s3://given"), &cluster, profile, &local, cwd).unwrap();
        assert_eq!(t, Target::Given("s3://given".into()));
        let t = pick_target(None, &cluster, None, &local, cwd).unwrap();
        assert_eq!(t.request_value(), None, "the cluster's default is used by sending none");
        let t = pick_target(None, &cluster, profile, &local, cwd).unwrap();
        assert_eq!(t, Target::ProfileDefault("s3://profile/sp".into()));
        assert_eq!(t.request_value(), Some("s3://profile/sp"));
        assert_eq!(t.describe(), "s3://profile/sp (savepoint_dir of the cluster profile)");
        let t = pick_target(None, &cfg(&[]), Some("sp"), &cfg(&[]), cwd).unwrap();
        assert_eq!(t.request_value(), Some("/work/sp"), "a relative profile directory is made absolute");
        let t = pick_target(None, &cfg(&[]), None, &local, cwd).unwrap();
        assert_eq!(t, Target::LocalDefault { key: "state.savepoints.dir", value: "file:/local".into() });
    }

    #[test]
    fn forst_jobs_take_native_savepoints() {
        use SavepointFormat::{Canonical, Native};
        let job = JobId::parse("00000000000000000000000000000001").unwrap();
        let forst = Some("ForStStateBackend");
        assert_eq!(decide_format(&job, None, Some("HashMapStateBackend")).unwrap(), (Canonical, None));
        assert_eq!(decide_format(&job, None, None).unwrap(), (Canonical, None), "unknown backend");
        assert_eq!(decide_format(&job, Some(Native), Some("EmbeddedRocksDBStateBackend")).unwrap(), (Native, None));
        assert_eq!(decide_format(&job, Some(Canonical), None).unwrap(), (Canonical, None));
        let (format, note) = decide_format(&job, None, forst).unwrap();
        assert_eq!(format, Native);
        assert!(note.unwrap().contains("runs on the ForSt state backend"));
        assert_eq!(decide_format(&job, Some(Native), forst).unwrap(), (Native, None));
        let refused = decide_format(&job, Some(Canonical), forst).unwrap_err();
        assert_eq!(refused.kind, crate::error::Exit::Usage);
        assert!(refused.message.contains("--type native"), "{refused:?}");
    }
}
