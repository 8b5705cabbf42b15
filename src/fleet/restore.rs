//! `fsp run --manifest FILE [--check]`: every entry of a manifest ([`super::manifest`]) back from its
//! savepoint, through the same plan, state checks, submission and wait as `fsp run -s`.
//!
//! Resumable: each job it submits is tagged in its global job parameters with its entry's old job id
//! ([`MANIFEST_OF_KEY`]). Before an entry is submitted, the cluster's jobs that have not ended are looked at:
//! one with the tag is that entry already back (a run killed right after a submission included), so it is
//! waited for, never submitted twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;
use serde::Serialize;

use super::manifest::{Entry, MANIFEST_OF_KEY, Manifest};
use super::{exit_from_u8, exit_of};
use crate::app::exit_code;
use crate::cli::RunArgs;
use crate::ctx::Ctx;
use crate::error::{Exit, Failure};
use crate::format::sanitize;
use crate::job_id::JobId;
use crate::jobs::wait_until_tasks_run;
use crate::rest::Client;
use crate::rest::types::JobState;
use crate::submit::recipe::RECIPE_KEY;
use crate::submit::refusal::job_failed_to_start;
use crate::submit::{
    JarSource, Plan, check_jar, check_savepoint, check_state_before_submit, restore_preview, sha256_of, submit,
};

#[derive(Debug, Serialize)]
struct EntryResult {
    old_job_id: String,
    name: String,
    cluster: String,
    savepoint: String,
    ok: bool,
    exit: u8,
    /// `submitted`, `running` (already back), `would-submit` (--check), `incomplete`, `failed`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_id: Option<String>,
    /// The jar id run, or the local jar uploaded (or, with --check, that would be).
    #[serde(skip_serializing_if = "Option::is_none")]
    jar: Option<String>,
    uploaded: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    restore: Option<RestoreCounts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    duration_ms: u64,
}

#[derive(Debug, Serialize)]
struct RestoreCounts {
    restored: usize,
    not_restored: usize,
    start_empty: usize,
}

#[derive(Serialize)]
struct Report<'a> {
    command: &'a str,
    manifest: String,
    check: bool,
    entries: &'a [EntryResult],
    total: usize,
    succeeded: usize,
    failed: usize,
    exit: u8,
}

/// What came of one entry, before it becomes an [`EntryResult`].
struct Outcome {
    status: &'static str,
    job_id: Option<String>,
    jar: Option<String>,
    uploaded: bool,
    restore: Option<RestoreCounts>,
}

pub fn run_manifest(ctx: &Ctx, args: &RunArgs, file: &Path) -> Result<()> {
    let path = crate::pointer::absolutize(file, &ctx.cwd);
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Failure::not_found(format!("manifest {shown} does not exist")),
        _ => Failure::failed(format!("cannot read the manifest {shown}: {e}")),
    })?;
    let manifest = Manifest::decode(&text, &shown)?;
    let command = if args.check { "run --manifest --check" } else { "run --manifest" };
    let jar_dir = args.jar_dir.as_ref().map(|d| crate::pointer::absolutize(d, &ctx.cwd));
    // -m or --cluster on the command line sends every entry there; otherwise each goes back to its own
    let fixed = ctx.jobmanager_flag() || ctx.cluster_flag();
    let profiles = if fixed { Vec::new() } else { ctx.profile_names().map(|(names, _)| names).unwrap_or_default() };
    let mut targets: BTreeMap<String, Ctx> = BTreeMap::new();
    let mut results = Vec::new();
    for entry in &manifest.entries {
        let started = Instant::now();
        let (key, target) = if fixed {
            (super::key_of(ctx), None)
        } else {
            match entry.cluster.profile.as_ref().filter(|p| profiles.contains(p)) {
                Some(p) => (p.clone(), Some((p.clone(), true))),
                None => (entry.cluster.url.clone(), Some((entry.cluster.url.clone(), false))),
            }
        };
        let outcome = match target {
            None => bring_back(ctx, entry, args, jar_dir.as_deref()),
            Some((name, is_profile)) => {
                if !targets.contains_key(&name) {
                    match if is_profile { ctx.for_cluster(&name) } else { ctx.for_url(&name) } {
                        Ok(c) => {
                            targets.insert(name.clone(), c);
                        }
                        Err(e) => {
                            results.push(result_of(entry, &key, Err(e), started));
                            ctx.out.data(line(results.last().unwrap_or_else(|| unreachable!())));
                            continue;
                        }
                    }
                }
                let c = targets.get(&name).unwrap_or_else(|| unreachable!());
                bring_back(c, entry, args, jar_dir.as_deref())
            }
        };
        let r = result_of(entry, &key, outcome, started);
        ctx.out.data(line(&r));
        results.push(r);
    }
    // The process ends soon: dropping the clients would only close their connections one by one.
    targets.into_values().for_each(std::mem::forget);
    finish(ctx, command, &shown, args.check, &results)
}

fn result_of(entry: &Entry, cluster: &str, outcome: Result<Outcome>, started: Instant) -> EntryResult {
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let base = EntryResult {
        old_job_id: entry.old_job_id.clone(),
        name: entry.name.clone(),
        cluster: cluster.to_string(),
        savepoint: entry.savepoint.clone(),
        ok: true,
        exit: 0,
        status: "failed",
        job_id: None,
        jar: None,
        uploaded: false,
        restore: None,
        error: None,
        duration_ms,
    };
    match outcome {
        Ok(o) => EntryResult {
            status: o.status,
            job_id: o.job_id,
            jar: o.jar,
            uploaded: o.uploaded,
            restore: o.restore,
            ..base
        },
        Err(e) => EntryResult {
            ok: false,
            exit: exit_code(&e) as u8,
            status: if entry.unrunnable().is_some() { "incomplete" } else { "failed" },
            error: Some(sanitize(&format!("{e:#}"))),
            ..base
        },
    }
}

/// One entry on the cluster of `ctx`.
fn bring_back(ctx: &Ctx, entry: &Entry, args: &RunArgs, jar_dir: Option<&Path>) -> Result<Outcome> {
    if let Some(why) = entry.unrunnable() {
        return Err(Failure::usage(format!("not submitted: {why}")).into());
    }
    let old = JobId::parse(&entry.old_job_id)
        .map_err(|e| Failure::usage(format!("the entry's \"old_job_id\" is not a job id: {}", e.message)))?;
    let client = ctx.client()?;
    if let Some(id) = already_back(client, &old)? {
        let status = if args.check {
            "running"
        } else {
            match wait_until_tasks_run(ctx, &id, ctx.deadline())? {
                JobState::Running => "running",
                state => return Err(job_failed_to_start(client, &id, &state, Some(&entry.savepoint), &entry.args)),
            }
        };
        return Ok(Outcome { status, job_id: Some(id.to_string()), jar: None, uploaded: false, restore: None });
    }
    let plan = plan_of(ctx, client, entry, jar_dir)?;
    let (jar, uploaded) = match &plan.jar {
        JarSource::Uploaded(id) => (id.clone(), false),
        JarSource::Upload(p) => (p.display().to_string(), true),
    };
    let savepoint = plan.savepoint.clone().unwrap_or_default();
    if args.check {
        let (v, compat) = restore_preview(ctx, client, &plan, &[])?;
        for w in compat.warnings.iter().chain(&compat.refusals) {
            ctx.out.warn(format!("{} '{}': {w}", entry.old_job_id, sanitize(&entry.name)));
        }
        if !compat.refusals.is_empty() && !args.force {
            return Err(
                Failure::failed(format!("fsp would not restore {savepoint}: {}", compat.refusals.join("; "))).into()
            );
        }
        if v.refused {
            return Err(Failure::failed(format!(
                "Flink would refuse to restore {savepoint}: {} operator(s) with state are not in the job; set \
                 \"allow_non_restored_state\": true in the entry to skip their state",
                v.not_restored.len()
            ))
            .into());
        }
        let restore = RestoreCounts {
            restored: v.restored.len(),
            not_restored: v.not_restored.len(),
            start_empty: v.start_empty.len(),
        };
        return Ok(Outcome { status: "would-submit", job_id: None, jar: Some(jar), uploaded, restore: Some(restore) });
    }
    check_state_before_submit(ctx, client, &plan, &savepoint, args.force)?;
    let job = submit(ctx, client, &plan, Some((MANIFEST_OF_KEY, old.as_str())))?;
    ctx.out.info(format!("Job {} '{}' submitted as {}.", old, sanitize(&entry.name), job.job_id));
    let state = wait_until_tasks_run(ctx, &job.job_id, ctx.deadline())?;
    if state != JobState::Running {
        return Err(job_failed_to_start(client, &job.job_id, &state, Some(&savepoint), &plan.program_args));
    }
    let overview = client.jobs_overview().unwrap_or_default();
    if let Some(details) = overview.iter().find(|j| j.jid == job.job_id.as_str())
        && details.name != entry.name
    {
        ctx.out.warn(format!(
            "job {} runs as '{}', not '{}' as in the manifest: the job's code names it (from its arguments?)",
            job.job_id,
            sanitize(&details.name),
            sanitize(&entry.name)
        ));
    }
    Ok(Outcome { status: "submitted", job_id: Some(job.job_id.to_string()), jar: Some(jar), uploaded, restore: None })
}

/// The plan of an entry: its jar by id while the cluster still has it, else uploaded from its path (or by
/// its file name in `jar_dir`), checked against the recorded SHA-256.
fn plan_of(ctx: &Ctx, client: &Client, entry: &Entry, jar_dir: Option<&Path>) -> Result<Plan> {
    let local = entry.jar.path.as_ref().map(|p| {
        let p = PathBuf::from(p);
        match (jar_dir, p.file_name()) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => p,
        }
    });
    let on_cluster = match &entry.jar.id {
        Some(id) => client.jar_ids()?.contains(id),
        None => false,
    };
    let jar = match (&entry.jar.id, &local) {
        (Some(id), _) if on_cluster => JarSource::Uploaded(id.clone()),
        (_, Some(path)) => {
            let path = check_jar(&path.display().to_string(), &ctx.cwd).map_err(|e| {
                Failure::new(e.kind, format!("{}; fix the entry's \"jar\".\"path\" (or give --jar-dir)", e.message))
            })?;
            if let Some(want) = &entry.jar.sha256 {
                let got =
                    sha256_of(&path).map_err(|e| Failure::failed(format!("cannot read {}: {e}", path.display())))?;
                if &got != want {
                    return Err(Failure::failed(format!(
                        "{} is not the jar the job ran: its SHA-256 is {got}, the manifest records {want}; put the \
                         right jar there, or remove \"sha256\" from the entry's \"jar\" to run this one",
                        path.display()
                    ))
                    .into());
                }
            }
            JarSource::Upload(path)
        }
        (Some(id), None) => {
            return Err(Failure::not_found(format!(
                "the jar {id} is no longer on the cluster and the entry has no \"jar\".\"path\": fill it in with the \
                 jar's absolute path"
            ))
            .into());
        }
        (None, None) => unreachable!("an entry without a jar is refused before"),
    };
    Ok(Plan {
        jar,
        program_args: entry.args.clone(),
        entry_class: entry.entry_class.clone(),
        parallelism: entry.parallelism,
        savepoint: Some(check_savepoint(&entry.savepoint, &ctx.cwd)?),
        allow_non_restored_state: entry.allow_non_restored_state,
        claim_mode: None,
        properties: entry.properties.clone(),
        jar_file: local.map(|p| (p, entry.jar.sha256.clone())),
    })
}

/// The job that has not ended and carries the entry's tag, if any. A job still starting may not show its
/// configuration yet: it is asked again for up to 30 s, so a submission of a killed run is never missed.
fn already_back(client: &Client, old: &JobId) -> Result<Option<JobId>> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut unsure = false;
        for j in client.jobs_overview()?.into_iter().filter(|j| !j.state.is_terminal()) {
            let Ok(id) = JobId::parse(&j.jid) else { continue };
            match client.job_user_config(&id) {
                Ok(params) if params.get(MANIFEST_OF_KEY).map(String::as_str) == Some(old.as_str()) => {
                    return Ok(Some(id));
                }
                Ok(params) if params.contains_key(RECIPE_KEY) => {}
                // fsp's tags are not there yet (or the job is not fsp's): ask again while it starts
                Ok(_) | Err(_) if matches!(j.state.as_str(), "INITIALIZING" | "CREATED") => unsure = true,
                Ok(_) => {}
                Err(e) => return Err(e.into()),
            }
        }
        if !unsure || Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn line(r: &EntryResult) -> String {
    let name = sanitize(&r.name);
    let (cluster, old) = (&r.cluster, &r.old_job_id);
    let new = r.job_id.as_deref().unwrap_or_default();
    let secs = r.duration_ms as f64 / 1000.0;
    match r.status {
        "submitted" => format!("ok      {cluster}  {old} -> {new}  {name}  from {}  ({secs:.1} s)", r.savepoint),
        "running" => format!("running {cluster}  {old} -> {new}  {name}  already back from its entry"),
        "would-submit" => {
            let jar = r.jar.as_deref().unwrap_or_default();
            let how = if r.uploaded { format!("uploads {jar}") } else { format!("runs jar {jar}") };
            let state = match &r.restore {
                Some(c) if c.not_restored == 0 => format!("all state of {} operator(s) restored", c.restored),
                Some(c) => format!("{} operator(s) restored, the state of {} dropped", c.restored, c.not_restored),
                None => String::new(),
            };
            format!("would   {cluster}  {old}  {name}  from {}: {state}; {how}", r.savepoint)
        }
        _ => format!(
            "FAILED  {cluster}  {old}  {name}  (exit {}) {}",
            r.exit,
            sanitize(r.error.as_deref().unwrap_or_default())
        ),
    }
}

fn finish(ctx: &Ctx, command: &str, manifest: &str, check: bool, results: &[EntryResult]) -> Result<()> {
    let succeeded = results.iter().filter(|r| r.ok).count();
    let failed = results.len() - succeeded;
    let exit = exit_of(results.iter().filter(|r| !r.ok).map(|r| exit_from_u8(r.exit)));
    let count = |s: &str| results.iter().filter(|r| r.ok && r.status == s).count();
    ctx.out.info(if check {
        format!(
            "{command}: {succeeded} of {} entries would come back, {failed} would not; nothing was submitted.",
            results.len()
        )
    } else {
        format!(
            "{command}: {succeeded} of {} entries running ({} submitted, {} already back), {failed} failed.",
            results.len(),
            count("submitted"),
            count("running")
        )
    });
    ctx.out.emit_json(&Report {
        command,
        manifest: manifest.to_string(),
        check,
        entries: results,
        total: results.len(),
        succeeded,
        failed,
        exit: exit as u8,
    })?;
    if exit == Exit::Ok {
        return Ok(());
    }
    let see = if ctx.out.json() { "the report says why" } else { "the lines above say why" };
    Err(Failure::new(exit, format!("{command}: {failed} of {} entries failed; {see}", results.len())).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(status: &'static str) -> EntryResult {
        EntryResult {
            old_job_id: "a".repeat(32),
            name: "orders".into(),
            cluster: "prod".into(),
            savepoint: "file:/sp/savepoint-aaaaaa-1".into(),
            ok: true,
            exit: 0,
            status,
            job_id: Some("b".repeat(32)),
            jar: Some("/jars/job.jar".into()),
            uploaded: true,
            restore: Some(RestoreCounts { restored: 4, not_restored: 0, start_empty: 0 }),
            error: None,
            duration_ms: 2500,
        }
    }

    #[test]
    fn lines() {
        let (a, b) = ("a".repeat(32), "b".repeat(32));
        assert_eq!(
            line(&result("submitted")),
            format!("ok      prod  {a} -> {b}  orders  from file:/sp/savepoint-aaaaaa-1  (2.5 s)")
        );
        assert_eq!(line(&result("running")), format!("running prod  {a} -> {b}  orders  already back from its entry"));
        assert_eq!(
            line(&result("would-submit")),
            format!(
                "would   prod  {a}  orders  from file:/sp/savepoint-aaaaaa-1: all state of 4 operator(s) restored; \
                 uploads /jars/job.jar"
            )
        );
        let bad = EntryResult { ok: false, exit: 2, error: Some("fill in\x1b[2J".into()), ..result("incomplete") };
        assert_eq!(line(&bad), format!("FAILED  prod  {a}  orders  (exit 2) fill in\\u{{1b}}[2J"));
    }
}
