//! Acting on many jobs at once: `savepoint --all`, `stop --all` and `cancel -s --all`, on one cluster or on
//! several (`--cluster a,b,c`, `--all-clusters`), cluster by cluster, at most `--parallel` jobs at a time.
//!
//! The commands stay thin: they build an [`Action`] and call [`act_on_all`]. Here: which clusters
//! ([`clusters`]), which jobs ([`select`]), N at a time ([`bounded`]), each through the single-job code of
//! [`crate::ops`], one line per job as it finishes, a summary, one JSON report keyed by cluster, and one exit
//! code ([`exit_of`]): 0 only when every job succeeded.

mod glob;
pub mod manifest;
pub mod restore;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Result;
use serde::Serialize;

use crate::app::exit_code;
use crate::cli::{FleetArgs, SavepointFormat};
use crate::ctx::Ctx;
use crate::error::{Exit, Failure};
use crate::format::sanitize;
use crate::job_id::JobId;
use crate::ops::{self, Op, Waited};
use crate::rest::types::{JobOverview, JobState};
use crate::savepoint_target::resolve_target;

/// What to do to every selected job.
#[derive(Debug, Clone)]
pub struct Action {
    pub op: Op,
    /// The savepoint directory given; else each cluster's configured default.
    pub dir: Option<String>,
    /// `None`: CANONICAL, or NATIVE for a job on ForSt, chosen per job (`savepoint_target::choose_format`).
    pub format: Option<SavepointFormat>,
}

impl Action {
    pub fn new(op: Op, dir: Option<String>, format: Option<SavepointFormat>) -> Action {
        Action { op, dir, format }
    }

    fn command(&self) -> &'static str {
        match self.op {
            Op::Savepoint => "savepoint --all",
            Op::Stop { .. } => "stop --all",
            Op::Cancel => "cancel -s --all",
        }
    }
}

/// With `--all` the one positional argument is the savepoint directory; a job id there is a mistake.
pub fn one_positional(first: Option<&str>, second: Option<&str>) -> Result<Option<String>, Failure> {
    let usage = |m: &str| Failure::usage(m.to_string());
    match (first, second) {
        (Some(_), Some(_)) => Err(usage("--all acts on every running job: give no JOB_ID, at most a directory")),
        (Some(p), None) | (None, Some(p)) if JobId::parse(p).is_ok() => {
            Err(usage("--all acts on every running job: give no JOB_ID (or drop --all to act on that one job)"))
        }
        (p, q) => Ok(p.or(q).map(str::to_string)),
    }
}

/// The jobs of a cluster to act on: RUNNING ones matching `name` (all without one), and the matching ones
/// that have not ended but are not RUNNING either (restarting, starting, …), which get nothing done and
/// count as failures. Both sorted by name, then id.
pub fn select(jobs: &[JobOverview], name: Option<&glob::Pattern>) -> (Vec<JobOverview>, Vec<JobOverview>) {
    let mut matching: Vec<JobOverview> =
        jobs.iter().filter(|j| !j.state.is_terminal() && name.is_none_or(|p| p.matches(&j.name))).cloned().collect();
    matching.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.jid.cmp(&b.jid)));
    matching.into_iter().partition(|j| j.state == JobState::Running)
}

/// Run `work` on every item, at most `n` at a time, calling `done` as each finishes (from the worker that
/// ran it); the results in the items' order.
pub fn bounded<T: Sync, R: Send>(
    items: &[T],
    n: usize,
    work: impl Fn(&T) -> R + Sync,
    done: impl Fn(&T, &R) + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..n.max(1).min(items.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let r = work(item);
                    done(item, &r);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten().collect()
}

/// The exit code of a whole run from its failures' codes: 0 with none, their code when they all agree,
/// else 1 (failures of several kinds; each has its own in the report).
pub fn exit_of(failures: impl IntoIterator<Item = Exit>) -> Exit {
    let mut codes = failures.into_iter();
    let Some(first) = codes.next() else { return Exit::Ok };
    if codes.all(|c| c == first) { first } else { Exit::Failed }
}

#[derive(Debug, Serialize)]
pub struct JobResult {
    pub job_id: String,
    pub name: String,
    pub ok: bool,
    pub exit: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

#[derive(Debug, Default, Serialize)]
pub struct ClusterReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// 0, or why nothing could be done on this cluster (3: unreachable).
    pub exit: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub jobs: Vec<JobResult>,
}

#[derive(Debug, Serialize)]
struct Report<'a> {
    command: &'a str,
    clusters: &'a BTreeMap<String, ClusterReport>,
    jobs: usize,
    succeeded: usize,
    failed: usize,
    exit: u8,
}

/// Whether a command acts on many jobs (so `--cluster a,b` means something to it).
pub fn takes_many(command: &crate::cli::Command) -> bool {
    use crate::cli::Command;
    matches!(command, Command::Savepoint(a) if a.fleet.all)
        || matches!(command, Command::Stop(a) if a.fleet.all)
        || matches!(command, Command::Cancel(a) if a.fleet.all)
}

/// Which clusters: `None` is the one of `ctx`; names are profiles of `config.toml`, checked before anything
/// is sent.
fn clusters(ctx: &Ctx, fleet: &FleetArgs) -> Result<Vec<Option<String>>, Failure> {
    if fleet.all_clusters && ctx.cluster_flag() {
        return Err(Failure::usage("--all-clusters and --cluster both name the clusters: give one of them"));
    }
    // FSP_CLUSTER=a,b names several too; --all-clusters takes every profile whatever it says
    let list = if fleet.all_clusters { None } else { ctx.cluster_list() };
    if list.is_none() && !fleet.all_clusters {
        return Ok(vec![None]);
    }
    if ctx.jobmanager_flag() {
        return Err(Failure::usage(
            "-m names one cluster; with --cluster a,b or --all-clusters each profile's url is used: drop -m",
        ));
    }
    let (known, file) = ctx.profile_names()?;
    let mut names = list.unwrap_or_else(|| known.clone());
    let mut seen = std::collections::BTreeSet::new();
    names.retain(|n| seen.insert(n.clone()));
    if names.is_empty() {
        return Err(Failure::usage(format!("no clusters in {file}: define them there as [clusters.NAME]")));
    }
    if let Some(unknown) = names.iter().find(|n| !known.contains(n)) {
        let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
        return Err(Failure::usage(format!("no cluster '{unknown}' in {file}; known: {known}")));
    }
    Ok(names.into_iter().map(Some).collect())
}

/// The key of the cluster of `ctx` in the report: its profile's name, else its URL.
fn key_of(ctx: &Ctx) -> String {
    match &ctx.settings.cluster.selected.value {
        Some(s) => s.name.clone(),
        None => ctx.settings.jobmanager.value.clone(),
    }
}

/// Do `action` to every selected job of every named cluster, and report.
pub fn act_on_all(ctx: &Ctx, fleet: &FleetArgs, action: Action) -> Result<()> {
    all(ctx, fleet, action, None)
}

/// `stop --all --manifest FILE`: [`act_on_all`], and each stopped job's entry added to the manifest at `path`
/// as its savepoint completes. The file is written (empty) before anything is stopped: an existing one is
/// refused unless `force`.
pub fn stop_all_into_manifest(ctx: &Ctx, fleet: &FleetArgs, action: Action, path: &Path, force: bool) -> Result<()> {
    let path = crate::pointer::absolutize(path, &ctx.cwd);
    // the cluster names are checked before the file is claimed
    clusters(ctx, fleet)?;
    let created = jiff::Timestamp::now().to_string();
    let writer = manifest::Writer::create(&path, manifest::Manifest::new(action.command(), created), force)?;
    let result = all(ctx, fleet, action, Some(&writer));
    ctx.out.info(format!(
        "Manifest {}: {} job(s); bring them back with: fsp run --manifest {}",
        writer.path().display(),
        writer.len(),
        writer.path().display()
    ));
    result
}

fn all(ctx: &Ctx, fleet: &FleetArgs, action: Action, manifest: Option<&manifest::Writer>) -> Result<()> {
    let pattern = fleet
        .name
        .as_deref()
        .map(|g| glob::Pattern::new(g).map_err(|e| Failure::usage(format!("--name '{g}' is not a glob pattern: {e}"))))
        .transpose()?;
    let mut reports = BTreeMap::new();
    for name in clusters(ctx, fleet)? {
        let (key, report) = match &name {
            None => (key_of(ctx), on_cluster(ctx, &key_of(ctx), &action, pattern.as_ref(), fleet.parallel, manifest)),
            Some(n) => match ctx.for_cluster(n) {
                Ok(other) => {
                    let report = on_cluster(&other, n, &action, pattern.as_ref(), fleet.parallel, manifest);
                    // The process ends soon: dropping the client would only close its connections one by one.
                    std::mem::forget(other);
                    (n.clone(), report)
                }
                Err(e) => (n.clone(), cluster_failed(ctx, n, None, &e)),
            },
        };
        reports.insert(key, report);
    }
    finish(ctx, &action, fleet, &reports)
}

fn cluster_failed(ctx: &Ctx, key: &str, url: Option<String>, e: &anyhow::Error) -> ClusterReport {
    let exit = exit_code(e);
    let error = sanitize(&format!("{e:#}"));
    ctx.out.data(format!("FAILED  {key}  the cluster (exit {}): {error}", exit as u8));
    ClusterReport { url, exit: exit as u8, error: Some(error), jobs: Vec::new() }
}

/// One cluster: its jobs, its savepoint directory (resolved once), then every job, `parallel` at a time.
fn on_cluster(
    ctx: &Ctx,
    key: &str,
    action: &Action,
    pattern: Option<&glob::Pattern>,
    parallel: u32,
    manifest: Option<&manifest::Writer>,
) -> ClusterReport {
    let url = Some(ctx.settings.jobmanager.value.clone());
    let jobs = match ctx.client().and_then(|c| Ok(c.jobs_overview()?)) {
        Ok(jobs) => jobs,
        Err(e) => return cluster_failed(ctx, key, url, &e),
    };
    let (running, others) = select(&jobs, pattern);
    let mut dir = action.dir.clone();
    if !running.is_empty() {
        match resolve_target(ctx, action.dir.as_deref()) {
            Ok(target) => {
                ctx.out.info(format!("{key}: {} job(s); savepoints go to {}.", running.len(), target.describe()));
                dir = target.request_value().map(str::to_string);
            }
            Err(e) => return cluster_failed(ctx, key, url, &e),
        }
    } else if others.is_empty() {
        ctx.out.info(format!("{key}: no running job{}.", if pattern.is_some() { " matches --name" } else { "" }));
    }
    let mut results = bounded(
        &running,
        parallel as usize,
        |j| act(ctx, j, action, dir.as_deref(), manifest),
        |_, r| ctx.out.data(line(key, r)),
    );
    for j in &others {
        let r = JobResult {
            job_id: j.jid.clone(),
            name: j.name.clone(),
            ok: false,
            exit: Exit::Failed as u8,
            location: None,
            error: Some(format!("job {} is not running (state {}); nothing done", j.jid, j.state)),
            duration_ms: 0,
        };
        ctx.out.data(line(key, &r));
        results.push(r);
    }
    ClusterReport { url, exit: 0, error: None, jobs: results }
}

/// One job, through the single-job code path; with a manifest, its entry is added once it is stopped.
fn act(
    ctx: &Ctx,
    job: &JobOverview,
    action: &Action,
    dir: Option<&str>,
    manifest: Option<&manifest::Writer>,
) -> JobResult {
    let started = Instant::now();
    let mut pending = None;
    let result = JobId::parse(&job.jid).map_err(anyhow::Error::from).and_then(|id| {
        if manifest.is_some() {
            // how it was submitted is read before it is stopped
            pending = Some(how_submitted(ctx, &id)?);
        }
        let format = crate::savepoint_target::choose_format(ctx, &id, action.format)?;
        ops::run(ctx, &id, action.op, dir, format).map(|w| (id, w))
    });
    let (ok, exit, location, error) = match result {
        Ok((_, Waited::Done(location))) => match (manifest, pending) {
            (Some(m), Some((recipe, parallelism))) => {
                let cluster = manifest::ClusterRef {
                    profile: ctx.settings.cluster.selected.value.as_ref().map(|s| s.name.clone()),
                    url: ctx.settings.jobmanager.value.clone(),
                };
                let e = manifest::Entry::new(&job.name, &job.jid, cluster, &location, recipe.as_ref(), parallelism);
                if !e.complete {
                    ctx.out.warn(format!(
                        "job {} '{}' was not submitted by fsp: its jar, entry class and arguments are unknown, so \
                         its manifest entry is incomplete; fill in its \"jar\" before `fsp run --manifest`",
                        job.jid,
                        sanitize(&job.name)
                    ));
                }
                match m.add(e) {
                    Ok(()) => (true, Exit::Ok, Some(location), None),
                    Err(err) => {
                        let why = format!(
                            "job {} was stopped into {location}, but the manifest {} could not be written: {err}",
                            job.jid,
                            m.path().display()
                        );
                        (false, Exit::Failed, Some(location), Some(why))
                    }
                }
            }
            _ => (true, Exit::Ok, Some(location), None),
        },
        // the savepoint is usable, so the report says where it is, but the job was not stopped
        Ok((id, Waited::WrittenNotStopped { location, summary })) => {
            let e = ops::written_not_stopped(&id, &location, &summary);
            (false, e.kind, Some(location), Some(e.message))
        }
        Err(e) => (false, exit_code(&e), None, Some(format!("{e:#}"))),
    };
    JobResult {
        job_id: job.jid.clone(),
        name: job.name.clone(),
        ok,
        exit: exit as u8,
        location,
        error,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    }
}

/// A job's recipe (when fsp submitted it) and its parallelism, as the cluster tells them.
fn how_submitted(ctx: &Ctx, job: &JobId) -> Result<(Option<crate::submit::recipe::Recipe>, Option<u32>)> {
    use crate::submit::recipe::{RECIPE_KEY, Recipe};
    let (params, parallelism) = ctx.client()?.job_execution_config(job)?;
    Ok((params.get(RECIPE_KEY).and_then(|s| Recipe::decode(s)), parallelism))
}

/// The line printed as a job finishes.
pub fn line(cluster: &str, r: &JobResult) -> String {
    let name = sanitize(&r.name);
    match (&r.location, &r.error) {
        (Some(loc), _) if r.ok => {
            format!("ok      {cluster}  {}  {name}  {loc}  ({:.1} s)", r.job_id, r.duration_ms as f64 / 1000.0)
        }
        (_, error) => format!(
            "FAILED  {cluster}  {}  {name}  (exit {}) {}",
            r.job_id,
            r.exit,
            sanitize(error.as_deref().unwrap_or_default())
        ),
    }
}

fn finish(ctx: &Ctx, action: &Action, fleet: &FleetArgs, reports: &BTreeMap<String, ClusterReport>) -> Result<()> {
    let all: Vec<&JobResult> = reports.values().flat_map(|c| &c.jobs).collect();
    let succeeded = all.iter().filter(|r| r.ok).count();
    let failed = all.len() - succeeded;
    let bad_clusters: Vec<(&String, &ClusterReport)> = reports.iter().filter(|(_, c)| c.exit != 0).collect();
    let codes =
        all.iter().filter(|r| !r.ok).map(|r| r.exit).chain(bad_clusters.iter().map(|(_, c)| c.exit)).map(exit_from_u8);
    let mut exit = exit_of(codes);
    let none_matched = exit == Exit::Ok && all.is_empty() && fleet.name.is_some();
    if none_matched {
        exit = Exit::NotFound;
    }
    let clusters = if reports.len() == 1 {
        String::new()
    } else {
        format!(
            " on {} clusters{}",
            reports.len(),
            if bad_clusters.is_empty() {
                String::new()
            } else {
                let names: Vec<&str> = bad_clusters.iter().map(|(k, _)| k.as_str()).collect();
                format!(" (not acted on: {})", names.join(", "))
            }
        )
    };
    // like prune's count, the summary is for a person: the lines above are the data
    ctx.out.info(format!("{}: {succeeded} of {} jobs done, {failed} failed{clusters}.", action.command(), all.len()));
    ctx.out.emit_json(&Report {
        command: action.command(),
        clusters: reports,
        jobs: all.len(),
        succeeded,
        failed,
        exit: exit as u8,
    })?;
    if none_matched {
        let seen = reports.len();
        return Err(Failure::not_found(format!(
            "no running job's name matches --name '{}' on the {seen} cluster(s); `fsp list` shows the names",
            fleet.name.as_deref().unwrap_or_default()
        ))
        .into());
    }
    if exit == Exit::Ok {
        return Ok(());
    }
    let mut why = Vec::new();
    if failed > 0 {
        why.push(format!("{failed} of {} jobs failed", all.len()));
    }
    if !bad_clusters.is_empty() {
        let names: Vec<&str> = bad_clusters.iter().map(|(k, _)| k.as_str()).collect();
        why.push(format!("nothing could be done on cluster(s) {}", names.join(", ")));
    }
    let see = if ctx.out.json() { "the report says why" } else { "the lines above say why" };
    Err(Failure::new(exit, format!("{}: {}; {see}", action.command(), why.join("; "))).into())
}

fn exit_from_u8(code: u8) -> Exit {
    [Exit::Failed, Exit::Usage, Exit::Unreachable, Exit::NotFound, Exit::TimedOut, Exit::Interrupted]
        .into_iter()
        .find(|e| *e as u8 == code)
        .unwrap_or(Exit::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: char, name: &str, state: &str) -> JobOverview {
        JobOverview {
            jid: id.to_string().repeat(32),
            name: name.into(),
            state: JobState::from(state.to_string()),
            start_time: 0,
            end_time: 0,
            duration: 0,
        }
    }

    #[test]
    fn selects_running_jobs_by_glob() {
        let jobs = [
            job('a', "orders-b", "RUNNING"),
            job('b', "orders-a", "RUNNING"),
            job('c', "orders-c", "RESTARTING"),
            job('d', "orders-d", "FINISHED"),
            job('e', "billing", "RUNNING"),
        ];
        let (run, other) = select(&jobs, None);
        let names = |v: &[JobOverview]| v.iter().map(|j| j.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&run), ["billing", "orders-a", "orders-b"]);
        assert_eq!(names(&other), ["orders-c"]);
        let p = glob::Pattern::new("orders-[ab]").unwrap();
        let (run, other) = select(&jobs, Some(&p));
        assert_eq!((names(&run), names(&other)), (vec!["orders-a".into(), "orders-b".into()], vec![]));
        let (run, other) = select(&jobs, Some(&glob::Pattern::new("nothing*").unwrap()));
        assert!(run.is_empty() && other.is_empty());
    }

    #[test]
    fn bounded_never_runs_more_than_n_and_keeps_order() {
        for n in [1, 2, 3, 8] {
            let (now, max, done) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
            let items: Vec<u64> = (0..7).collect();
            let out = bounded(
                &items,
                n,
                |i| {
                    let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(running, Ordering::SeqCst);
                    // The first n items wait (at most 5 s) until n run at once, so that the overlap does not
                    // depend on how the threads happen to be scheduled on a loaded machine.
                    let started = std::time::Instant::now();
                    while *i < n as u64
                        && now.load(Ordering::SeqCst) < n.min(7)
                        && started.elapsed() < std::time::Duration::from_secs(5)
                    {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5 + (7 - i) * 2));
                    now.fetch_sub(1, Ordering::SeqCst);
                    i * 10
                },
                |_, _| {
                    done.fetch_add(1, Ordering::SeqCst);
                },
            );
            assert_eq!(out, (0..7).map(|i| i * 10).collect::<Vec<_>>());
            assert_eq!(done.load(Ordering::SeqCst), 7);
            assert!(max.load(Ordering::SeqCst) <= n, "n={n}: {} at once", max.load(Ordering::SeqCst));
            assert_eq!(max.load(Ordering::SeqCst), n.min(7), "n={n}: workers overlap");
        }
        assert!(bounded(&[] as &[u8], 4, |_| 1, |_, _| {}).is_empty());
    }

    #[test]
    fn exit_codes_of_a_run() {
        assert_eq!(exit_of([]), Exit::Ok);
        assert_eq!(exit_of([Exit::Unreachable]), Exit::Unreachable);
        assert_eq!(exit_of([Exit::TimedOut, Exit::TimedOut]), Exit::TimedOut);
        assert_eq!(exit_of([Exit::Unreachable, Exit::Failed]), Exit::Failed);
        assert_eq!(exit_of([Exit::NotFound, Exit::TimedOut]), Exit::Failed);
        for e in [Exit::Failed, Exit::Unreachable, Exit::NotFound, Exit::TimedOut] {
            assert_eq!(exit_from_u8(e as u8), e);
        }
    }

    #[test]
    fn positional_with_all() {
        assert_eq!(one_positional(None, None).unwrap(), None);
        assert_eq!(one_positional(Some("/sp"), None).unwrap().as_deref(), Some("/sp"));
        assert_eq!(one_positional(None, Some("/sp")).unwrap().as_deref(), Some("/sp"));
        let id = "6c4503d93aa3dbc386a545cd5c6fdb70";
        assert_eq!(one_positional(Some(id), None).unwrap_err().kind, Exit::Usage);
        assert_eq!(one_positional(Some(id), Some("/sp")).unwrap_err().kind, Exit::Usage);
    }

    #[test]
    fn lines() {
        let ok = JobResult {
            job_id: "a".repeat(32),
            name: "orders".into(),
            ok: true,
            exit: 0,
            location: Some("file:/sp/savepoint-aaaaaa-1".into()),
            error: None,
            duration_ms: 1250,
        };
        assert_eq!(
            line("prod", &ok),
            format!("ok      prod  {}  orders  file:/sp/savepoint-aaaaaa-1  (1.2 s)", ok.job_id)
        );
        let bad = JobResult { ok: false, exit: 5, location: None, error: Some("timed out\x1b[2J".into()), ..ok };
        assert_eq!(line("prod", &bad), format!("FAILED  prod  {}  orders  (exit 5) timed out\\u{{1b}}[2J", bad.job_id));
    }
}
