//! `latest`: the newest complete snapshot of a job, for `run -s latest[:JOB]` and `history --latest`.
//!
//! The rule ([`choose`], pure): among the snapshots tied to the job, only complete ones (a readable
//! `_metadata`) of the kinds asked for (savepoints; retained checkpoints too with `latest-state` or
//! `--include-checkpoints`) and, with `--max-age`, young enough count. Of those, the newest run of the job
//! comes first (a job name can have several runs, newest start first), then the highest checkpoint id read
//! from `_metadata` (Flink numbers a job's checkpoints and savepoints in one sequence, carried on across a
//! restore), then a savepoint before a checkpoint, then one the cluster's records name before a copy, then
//! the path. Modification times never order anything: they only stand in for the completion time in
//! `--max-age` when the cluster has no record of the snapshot.
//!
//! Which job a snapshot belongs to ([`resolve`]): a checkpoint by its `<job id>/chk-N` directory; a savepoint
//! by the job's own checkpoint statistics on the cluster (its path among them), else by the 6-hex job-id
//! prefix of its name (`savepoint-6c4503-…`), but only when no other job the cluster knows shares that prefix.
//! A job name is looked up among the cluster's jobs, and among those fsp's submission record on this machine
//! still knows ([`crate::submit::record`]) once the cluster has forgotten them.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::Result;

use super::in_use::gather;
use super::scan::roots;
use super::{Kind, Snapshot, normalised};
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::job_id::JobId;
use crate::rest::types::JobOverview;
use crate::submit::record::Submission;

/// What to look for.
#[derive(Debug, Clone, PartialEq)]
pub struct Want {
    pub include_checkpoints: bool,
    pub max_age: Option<Duration>,
    pub now_ms: i64,
}

/// A snapshot tied to the job, with what ties it and what the cluster recorded of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub snapshot: Snapshot,
    /// The job run it belongs to: 0 for the newest run of a name (or the one job asked for), 1 the one before…
    pub run: usize,
    /// The full job id of that run.
    pub job: String,
    /// Why it is taken for this job's.
    pub matched: String,
    /// When the cluster recorded it complete (its checkpoint statistics), in ms since the epoch.
    pub recorded_ms: Option<i64>,
}

impl Candidate {
    fn kind_name(&self) -> &'static str {
        match self.snapshot.kind {
            Kind::Savepoint => "savepoint",
            Kind::Checkpoint => "checkpoint",
        }
    }

    /// Its completion time, and where that came from.
    fn time(&self) -> (i64, &'static str) {
        match self.recorded_ms {
            Some(t) => (t, "completed"),
            None => (self.snapshot.time_ms, "_metadata written"),
        }
    }
}

/// Why a candidate cannot be chosen; `None` when it can.
fn ineligible(c: &Candidate, want: &Want) -> Option<String> {
    let s = &c.snapshot;
    if !s.has_metadata {
        return Some("incomplete: no _metadata (still being written, or a failed snapshot)".into());
    }
    if !s.complete || s.checkpoint_id.is_none() {
        return Some("incomplete: its _metadata cannot be read (truncated or damaged)".into());
    }
    if s.kind == Kind::Checkpoint && !want.include_checkpoints {
        return Some("a retained checkpoint (use latest-state or --include-checkpoints to consider these)".into());
    }
    if let Some(max) = want.max_age {
        let (t, what) = c.time();
        let age = Duration::from_millis(want.now_ms.saturating_sub(t).max(0).unsigned_abs());
        if age > max {
            return Some(format!(
                "older than --max-age {} ({what} {} ago)",
                humantime::format_duration(max),
                crate::format::whole_seconds(age)
            ));
        }
    }
    None
}

/// The order of preference among eligible candidates (smaller is preferred).
fn preference(c: &Candidate) -> (usize, std::cmp::Reverse<i64>, Kind, bool, &str) {
    (
        c.run,
        std::cmp::Reverse(c.snapshot.checkpoint_id.unwrap_or(i64::MIN)),
        c.snapshot.kind,
        c.recorded_ms.is_none(),
        c.snapshot.path.as_str(),
    )
}

/// The chosen snapshot and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice<'a> {
    pub chosen: &'a Candidate,
    /// One sentence: which, and why this one.
    pub reason: String,
    /// Candidates with a higher checkpoint id (or none readable) that were passed over, and why.
    pub passed_over: Vec<(&'a Candidate, String)>,
}

/// Nothing could be chosen: every candidate, and why not.
#[derive(Debug, Clone, PartialEq)]
pub struct NoneFound<'a> {
    pub rejected: Vec<(&'a Candidate, String)>,
}

/// The newest complete snapshot by the rule in the module's documentation.
pub fn choose<'a>(candidates: &'a [Candidate], want: &Want) -> Result<Choice<'a>, NoneFound<'a>> {
    let mut eligible: Vec<&Candidate> = Vec::new();
    let mut rejected: Vec<(&Candidate, String)> = Vec::new();
    for c in candidates {
        match ineligible(c, want) {
            Some(why) => rejected.push((c, why)),
            None => eligible.push(c),
        }
    }
    eligible.sort_by(|a, b| preference(a).cmp(&preference(b)));
    let Some(&chosen) = eligible.first() else {
        rejected.sort_by(|(a, _), (b, _)| a.snapshot.path.cmp(&b.snapshot.path));
        return Err(NoneFound { rejected });
    };
    let id = chosen.snapshot.checkpoint_id.unwrap_or_default();
    let same_run = eligible.iter().filter(|c| c.run == chosen.run).count();
    let kinds = if want.include_checkpoints { "savepoints and retained checkpoints" } else { "savepoints" };
    let mut reason = format!(
        "{} {} with checkpoint id {id}, the highest of the {same_run} complete {kinds} of job {} found",
        chosen.kind_name(),
        chosen.snapshot.path,
        chosen.job
    );
    if chosen.run > 0 {
        reason += &format!(" (an earlier run of the name: its {} newer run(s) have none that counts)", chosen.run);
    }
    if let Some(twin) = eligible[1..].iter().find(|c| c.run == chosen.run && c.snapshot.checkpoint_id == Some(id)) {
        let why = if twin.snapshot.kind != chosen.snapshot.kind {
            "a savepoint is preferred"
        } else if twin.recorded_ms.is_none() && chosen.recorded_ms.is_some() {
            "the cluster's records name this one"
        } else {
            "by path"
        };
        reason += &format!("; {} has the same id ({why})", twin.snapshot.path);
    }
    reason += &format!("; matched to the job because {}", chosen.matched);
    let mut passed_over: Vec<(&Candidate, String)> = rejected
        .into_iter()
        .filter(|(c, _)| c.run < chosen.run || (c.run == chosen.run && c.snapshot.checkpoint_id.is_none_or(|x| x > id)))
        .collect();
    passed_over.sort_by(|(a, _), (b, _)| a.snapshot.path.cmp(&b.snapshot.path));
    Ok(Choice { chosen, reason, passed_over })
}

/// `latest`, `latest:JOB`, `latest-state`, `latest-state:JOB` → (include checkpoints, JOB). Anything else is a
/// path (`./latest` for a directory of that name).
pub fn parse_spec(s: &str) -> Option<(bool, Option<&str>)> {
    let (head, job) = match s.split_once(':') {
        Some((h, j)) => (h, Some(j)),
        None => (s, None),
    };
    let include_checkpoints = match head {
        "latest" => false,
        "latest-state" => true,
        _ => return None,
    };
    Some((include_checkpoints, job.filter(|j| !j.is_empty())))
}

/// Which job `latest` is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobRef {
    /// The one job whose snapshots are in the directories.
    Only,
    Id(JobId),
    Name(String),
}

impl JobRef {
    /// A 32-hex job id, else a job name.
    pub fn parse(s: &str) -> JobRef {
        match JobId::parse(s) {
            Ok(id) => JobRef::Id(id),
            Err(_) => JobRef::Name(s.to_string()),
        }
    }
}

/// What [`resolve`] found.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub snapshot: Snapshot,
    pub reason: String,
}

/// One run of the job: its id and what the cluster recorded of its snapshots (normalised path → completion ms).
struct Run {
    id: String,
    recorded: BTreeMap<String, i64>,
}

/// Find the newest complete snapshot of `job` under `dirs` (default: the configured directories), say on
/// stderr which was chosen and why, and what newer ones were passed over. Not found, or an ambiguous name or
/// job: a [`Failure`] of kind not-found (exit 4) listing what was found.
pub fn resolve(ctx: &Ctx, dirs: &[String], job: &JobRef, want: &Want) -> Result<Resolved> {
    let roots = roots(ctx, dirs)?;
    let where_ = roots.iter().map(|r| r.display()).collect::<Vec<_>>().join(", ");
    let (all, reachable) = gather(ctx, &roots, None, false)?;
    let snapshots: Vec<Snapshot> = all.into_iter().map(|(_, s)| s).collect();
    let cluster_jobs: Option<Vec<JobOverview>> =
        if reachable { ctx.client().ok().and_then(|c| c.jobs_overview().ok()) } else { None };
    let records = match ctx.client() {
        Ok(c) => crate::submit::record::load(&crate::submit::record::records_dir(), c.base_url()),
        Err(_) => Vec::new(),
    };
    let runs = runs_of(job, &snapshots, cluster_jobs.as_deref(), &records, &where_)?;
    let runs: Vec<Run> = runs.into_iter().map(|id| Run { recorded: recorded(ctx, &id), id }).collect();
    let candidates = candidates(&snapshots, &runs, cluster_jobs.as_deref());
    let described = match job {
        JobRef::Name(n) => format!("job '{n}' ({})", runs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ")),
        _ => format!("job {}", runs.first().map_or("?", |r| r.id.as_str())),
    };
    match choose(&candidates, want) {
        Ok(choice) => {
            ctx.out.info(format!("Chose {}.", choice.reason));
            for (c, why) in &choice.passed_over {
                ctx.out.info(format!("  passed over {}: {why}", c.snapshot.path));
            }
            Ok(Resolved { snapshot: choice.chosen.snapshot.clone(), reason: choice.reason })
        }
        Err(none) => {
            let kinds = if want.include_checkpoints { "savepoint or retained checkpoint" } else { "savepoint" };
            let mut msg = format!("no complete {kinds} of {described} in {where_}");
            if none.rejected.is_empty() {
                msg += ": none of its snapshots are there";
            } else {
                msg += "; found:";
                for (c, why) in &none.rejected {
                    msg += &format!(
                        "\n  {} (checkpoint id {}): {why}",
                        c.snapshot.path,
                        id_text(c.snapshot.checkpoint_id)
                    );
                }
            }
            Err(Failure::not_found(msg).into())
        }
    }
}

fn id_text(id: Option<i64>) -> String {
    id.map_or_else(|| "unknown".into(), |i| i.to_string())
}

/// The job runs `latest` looks at, newest first.
fn runs_of(
    job: &JobRef,
    snapshots: &[Snapshot],
    cluster: Option<&[JobOverview]>,
    records: &[Submission],
    where_: &str,
) -> Result<Vec<String>> {
    match job {
        JobRef::Id(id) => Ok(vec![id.to_string()]),
        JobRef::Name(name) => {
            // the cluster's jobs of that name, then those only fsp's submission record still knows
            let mut named: Vec<(String, i64)> = Vec::new();
            if let Some(jobs) = cluster {
                let live: Vec<&JobOverview> =
                    jobs.iter().filter(|j| j.name == *name && !j.state.is_terminal()).collect();
                if live.len() > 1 {
                    return Err(Failure::not_found(format!(
                        "the name '{name}' is ambiguous: {} jobs of that name are not finished ({}); name one by \
                         its id",
                        live.len(),
                        live.iter().map(|j| format!("{} {}", j.jid, j.state.as_str())).collect::<Vec<_>>().join(", ")
                    ))
                    .into());
                }
                named.extend(jobs.iter().filter(|j| j.name == *name).map(|j| (j.jid.clone(), j.start_time)));
            }
            for r in records.iter().filter(|r| r.name == *name) {
                if !named.iter().any(|(id, _)| *id == r.job_id) {
                    named.push((r.job_id.clone(), r.submitted_ms));
                }
            }
            if named.is_empty() {
                let Some(jobs) = cluster else {
                    return Err(Failure::new(
                        crate::error::Exit::Unreachable,
                        format!(
                            "the cluster cannot be asked for the job named '{name}', and fsp's submission record \
                             has no job of that name: name the job by its id (latest:JOB_ID, --job JOB_ID)"
                        ),
                    )
                    .into());
                };
                let mut names: Vec<&str> = jobs.iter().map(|j| j.name.as_str()).collect();
                names.sort();
                names.dedup();
                return Err(Failure::not_found(format!(
                    "no job named '{name}' on the cluster or in fsp's submission record; the cluster's jobs are \
                     named: {}",
                    if names.is_empty() { "(none)".to_string() } else { names.join(", ") }
                ))
                .into());
            }
            named.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Ok(named.into_iter().map(|(id, _)| id).collect())
        }
        JobRef::Only => {
            let mut jobs: Vec<&str> = Vec::new();
            for s in snapshots {
                // a savepoint's 6-hex prefix is the same job as a full id starting with it
                let known = jobs.iter().position(|j| j.starts_with(&s.job) || s.job.starts_with(*j));
                match known {
                    Some(i) if s.job.len() > jobs[i].len() => jobs[i] = &s.job,
                    Some(_) => {}
                    None => jobs.push(&s.job),
                }
            }
            match jobs[..] {
                [one] if one.len() == 32 => Ok(vec![one.to_string()]),
                [one] => {
                    // only savepoints, and the cluster does not know the job: take the prefix rule on its own
                    let full = cluster.into_iter().flatten().find(|j| j.jid.starts_with(one)).map(|j| j.jid.clone());
                    Ok(vec![full.unwrap_or_else(|| one.to_string())])
                }
                [] => Err(Failure::not_found(format!("no savepoints or retained checkpoints in {where_}")).into()),
                _ => Err(Failure::not_found(format!(
                    "the snapshots in {where_} belong to {} jobs ({}): say which with latest:JOB (a job id or name)",
                    jobs.len(),
                    jobs.join(", ")
                ))
                .into()),
            }
        }
    }
}

/// What the cluster recorded of a job's completed snapshots: normalised path → completion time. Empty when
/// the cluster does not know the job or cannot be asked.
fn recorded(ctx: &Ctx, job: &str) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    let (Ok(client), Ok(id)) = (ctx.client(), JobId::parse(job)) else { return out };
    let Ok(stats) = client.job_checkpoints(&id) else { return out };
    let latest = [stats.latest.completed, stats.latest.savepoint].into_iter().flatten();
    for c in stats.history.into_iter().filter(|c| c.status.as_deref() == Some("COMPLETED")).chain(latest) {
        if let (Some(p), Some(t)) = (c.external_path, c.latest_ack_timestamp) {
            out.insert(normalised(&p), t);
        }
    }
    out
}

/// The snapshots tied to one of the runs, each with what ties it.
fn candidates(snapshots: &[Snapshot], runs: &[Run], cluster: Option<&[JobOverview]>) -> Vec<Candidate> {
    let mut out = Vec::new();
    for s in snapshots {
        let key = normalised(&s.path);
        let tie = runs.iter().enumerate().find_map(|(i, r)| {
            let recorded = r.recorded.get(&key).copied();
            match s.kind {
                Kind::Checkpoint if s.job == r.id => Some((i, format!("its directory is {}/chk-N", r.id), recorded)),
                // a checkpoint's directory names its job: one listed under another job's is a copy of it
                Kind::Checkpoint => None,
                Kind::Savepoint if recorded.is_some() => {
                    Some((i, format!("the cluster's checkpoint statistics of job {} list it", r.id), recorded))
                }
                Kind::Savepoint if s.job == r.id => Some((
                    i,
                    format!(
                        "its name carries {}, the first 6 hex of the job id, and no other job the cluster knows \
                         starts so",
                        &r.id[..6]
                    ),
                    None,
                )),
                Kind::Savepoint if s.job.len() == 6 && r.id.starts_with(&s.job) => {
                    let sharing = cluster.map(|jobs| jobs.iter().filter(|j| j.jid.starts_with(&s.job)).count());
                    match sharing {
                        // the cluster knows other jobs with the prefix: this savepoint could be any of theirs
                        Some(n) if n > 1 => None,
                        Some(_) => Some((
                            i,
                            format!(
                                "its name carries {}, the first 6 hex of the job id (the cluster knows no other \
                                 job with that prefix)",
                                s.job
                            ),
                            None,
                        )),
                        None => Some((
                            i,
                            format!(
                                "its name carries {}, the first 6 hex of the job id; the cluster could not be \
                                 asked whether another job shares that prefix",
                                s.job
                            ),
                            None,
                        )),
                    }
                }
                _ => None,
            }
        });
        if let Some((run, matched, recorded_ms)) = tie {
            out.push(Candidate { snapshot: s.clone(), run, job: runs[run].id.clone(), matched, recorded_ms });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::InUse;

    const NOW: i64 = 1_000_000_000;

    fn cand(path: &str, kind: Kind, id: Option<i64>, time_ms: i64) -> Candidate {
        Candidate {
            snapshot: Snapshot {
                path: path.into(),
                kind,
                job: "j".into(),
                time_ms,
                size: 1,
                checkpoint_id: id,
                complete: id.is_some(),
                has_metadata: true,
                self_contained: true,
                format: None,
                in_use: InUse::Unknown,
            },
            run: 0,
            job: "j".into(),
            matched: "test".into(),
            recorded_ms: None,
        }
    }

    fn want(include_checkpoints: bool) -> Want {
        Want { include_checkpoints, max_age: None, now_ms: NOW }
    }

    fn chosen(c: &[Candidate], w: &Want) -> String {
        choose(c, w).map(|x| x.chosen.snapshot.path.clone()).unwrap_or_else(|_| "none".into())
    }

    #[test]
    fn the_highest_checkpoint_id_wins_whatever_the_modification_time() {
        let c = vec![cand("old-but-touched", Kind::Savepoint, Some(3), NOW), cand("new", Kind::Savepoint, Some(7), 5)];
        let choice = choose(&c, &want(false)).unwrap();
        assert_eq!(choice.chosen.snapshot.path, "new");
        assert!(
            choice.reason.contains("checkpoint id 7, the highest of the 2 complete savepoints"),
            "{}",
            choice.reason
        );
        assert!(choice.passed_over.is_empty());
    }

    #[test]
    fn incomplete_ones_are_passed_over_and_named() {
        let mut none = cand("no-meta", Kind::Savepoint, None, NOW);
        none.snapshot.has_metadata = false;
        let truncated = cand("truncated", Kind::Savepoint, None, NOW);
        let c = vec![cand("good", Kind::Savepoint, Some(4), 1), none, truncated];
        let choice = choose(&c, &want(false)).unwrap();
        assert_eq!(choice.chosen.snapshot.path, "good");
        let passed: Vec<(&str, &str)> =
            choice.passed_over.iter().map(|(c, why)| (c.snapshot.path.as_str(), why.as_str())).collect();
        assert_eq!(passed.len(), 2, "{passed:?}");
        assert!(passed[0].0 == "no-meta" && passed[0].1.contains("no _metadata"));
        assert!(passed[1].0 == "truncated" && passed[1].1.contains("cannot be read"));
    }

    #[test]
    fn checkpoints_only_when_asked() {
        let c = vec![cand("sp", Kind::Savepoint, Some(5), 1), cand("chk-9", Kind::Checkpoint, Some(9), 1)];
        assert_eq!(chosen(&c, &want(false)), "sp");
        let choice = choose(&c, &want(false)).unwrap();
        assert!(choice.passed_over[0].1.contains("--include-checkpoints"), "{:?}", choice.passed_over);
        assert_eq!(chosen(&c, &want(true)), "chk-9");
        let only_chk = &c[1..];
        let err = choose(only_chk, &want(false)).unwrap_err();
        assert_eq!(err.rejected.len(), 1);
        assert!(err.rejected[0].1.contains("retained checkpoint"));
    }

    #[test]
    fn ties_prefer_a_savepoint_then_a_recorded_one_then_the_path() {
        let c = vec![cand("chk-5", Kind::Checkpoint, Some(5), 1), cand("sp", Kind::Savepoint, Some(5), 1)];
        let choice = choose(&c, &want(true)).unwrap();
        assert_eq!(choice.chosen.snapshot.path, "sp");
        assert!(choice.reason.contains("chk-5 has the same id (a savepoint is preferred)"), "{}", choice.reason);
        let mut copy = vec![cand("a-copy", Kind::Savepoint, Some(5), 1), cand("b-orig", Kind::Savepoint, Some(5), 1)];
        copy[1].recorded_ms = Some(1);
        assert_eq!(chosen(&copy, &want(false)), "b-orig");
        copy[1].recorded_ms = None;
        assert_eq!(chosen(&copy, &want(false)), "a-copy");
    }

    #[test]
    fn a_newer_run_of_a_name_comes_first_even_with_lower_ids() {
        let mut c = vec![cand("old-run", Kind::Savepoint, Some(50), 1), cand("new-run", Kind::Savepoint, Some(2), 1)];
        c[0].run = 1;
        assert_eq!(chosen(&c, &want(false)), "new-run");
        c[1].snapshot.complete = false;
        let choice = choose(&c, &want(false)).unwrap();
        assert_eq!(choice.chosen.snapshot.path, "old-run");
        assert!(choice.reason.contains("earlier run"), "{}", choice.reason);
        assert_eq!(choice.passed_over.len(), 1, "the newer run's incomplete one is named");
    }

    #[test]
    fn max_age_uses_the_recorded_time_else_the_metadata_time() {
        let hour = 3_600_000;
        let mut c = vec![cand("new-id-old-file", Kind::Savepoint, Some(9), NOW - 5 * hour)];
        let w = Want { max_age: Some(Duration::from_secs(3600)), ..want(false) };
        let err = choose(&c, &w).unwrap_err();
        assert!(err.rejected[0].1.contains("older than --max-age 1h"), "{:?}", err.rejected);
        c[0].recorded_ms = Some(NOW - 60_000);
        assert_eq!(chosen(&c, &w), "new-id-old-file", "the cluster recorded it a minute ago");
    }

    const A: &str = "aaaaaa00000000000000000000000001";
    const A2: &str = "aaaaaa00000000000000000000000002";
    const B: &str = "bbbbbb00000000000000000000000001";

    fn job(jid: &str, name: &str, state: &str, start_time: i64) -> JobOverview {
        JobOverview {
            jid: jid.into(),
            name: name.into(),
            state: crate::rest::types::JobState::from(state.to_string()),
            start_time,
            end_time: 0,
            duration: 0,
        }
    }

    fn found(path: &str, kind: Kind, job: &str) -> Snapshot {
        Snapshot { job: job.into(), ..cand(path, kind, Some(1), 1).snapshot }
    }

    fn run_ids(job: &JobRef, snaps: &[Snapshot], cluster: Option<&[JobOverview]>, records: &[Submission]) -> String {
        match runs_of(job, snaps, cluster, records, "/sp") {
            Ok(ids) => ids.join(","),
            Err(e) => format!("error: {e:#}"),
        }
    }

    #[test]
    fn a_name_is_its_runs_newest_first_and_ambiguous_only_when_two_are_live() {
        let name = JobRef::Name("orders".into());
        let cluster =
            vec![job(A, "orders", "CANCELED", 10), job(A2, "orders", "RUNNING", 20), job(B, "x", "RUNNING", 5)];
        assert_eq!(run_ids(&name, &[], Some(&cluster), &[]), format!("{A2},{A}"));
        let mut two_live = cluster.clone();
        two_live[0].state = crate::rest::types::JobState::Running;
        let err = run_ids(&name, &[], Some(&two_live), &[]);
        assert!(err.contains("is ambiguous") && err.contains(A) && err.contains(A2), "{err}");
        // a run only fsp's record knows (the cluster restarted since), by its submission time
        let rec = Submission { job_id: B.into(), name: "orders".into(), cluster: "c".into(), submitted_ms: 15 };
        assert_eq!(run_ids(&name, &[], Some(&cluster), std::slice::from_ref(&rec)), format!("{A2},{B},{A}"));
        assert_eq!(run_ids(&name, &[], None, std::slice::from_ref(&rec)), B, "the cluster down: the record alone");
        assert!(run_ids(&name, &[], None, &[]).contains("cannot be asked"));
        let err = run_ids(&JobRef::Name("nope".into()), &[], Some(&cluster), &[]);
        assert!(err.contains("no job named 'nope'") && err.contains("orders, x"), "{err}");
    }

    #[test]
    fn without_a_job_the_directories_must_hold_one() {
        let one =
            vec![found("/sp/savepoint-aaaaaa-1", Kind::Savepoint, "aaaaaa"), found("/c/chk-3", Kind::Checkpoint, A)];
        assert_eq!(run_ids(&JobRef::Only, &one, None, &[]), A, "the prefix and the full id are one job");
        let only_prefix = &one[..1];
        assert_eq!(run_ids(&JobRef::Only, only_prefix, None, &[]), "aaaaaa");
        let cluster = vec![job(A, "orders", "RUNNING", 1)];
        assert_eq!(run_ids(&JobRef::Only, only_prefix, Some(&cluster), &[]), A, "completed from the cluster");
        let mut two = one.clone();
        two.push(found("/c/chk-4", Kind::Checkpoint, B));
        assert!(run_ids(&JobRef::Only, &two, None, &[]).contains("belong to 2 jobs"));
        assert!(run_ids(&JobRef::Only, &[], None, &[]).contains("no savepoints or retained checkpoints"));
    }

    #[test]
    fn whose_snapshot_is_whose() {
        let snaps = vec![
            found("/sp/savepoint-aaaaaa-1", Kind::Savepoint, "aaaaaa"),
            found("/sp/savepoint-aaaaaa-2", Kind::Savepoint, "aaaaaa"),
            found(&format!("/c/{A}/chk-3"), Kind::Checkpoint, A),
            found(&format!("/c/{B}/chk-4"), Kind::Checkpoint, B),
        ];
        let run =
            |recorded: &[&str]| Run { id: A.into(), recorded: recorded.iter().map(|p| (normalised(p), 7)).collect() };
        let tied = |runs: &[Run], cluster: Option<&[JobOverview]>| -> Vec<(String, String)> {
            candidates(&snaps, runs, cluster)
                .into_iter()
                .map(|c| (c.snapshot.path.rsplit('/').next().unwrap().to_string(), c.matched))
                .collect()
        };
        // the cluster down: the prefix alone, and said so; the other job's checkpoint is not this job's
        let t = tied(&[run(&[])], None);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(t[0].1.contains("could not be asked") && t[2].1.contains("its directory is"), "{t:?}");
        // another job the cluster knows shares the prefix: only what its statistics list counts
        let sharing = vec![job(A, "a", "RUNNING", 1), job(A2, "b", "RUNNING", 1)];
        let t = tied(&[run(&["file:/sp/savepoint-aaaaaa-2"])], Some(&sharing));
        let names: Vec<&str> = t.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["savepoint-aaaaaa-2", "chk-3"], "{t:?}");
        assert!(t[0].1.contains("checkpoint statistics of job"));
        let recorded = candidates(&snaps, &[run(&["file:/sp/savepoint-aaaaaa-2"])], Some(&sharing));
        assert_eq!(recorded[0].recorded_ms, Some(7));
    }

    #[test]
    fn specs() {
        assert_eq!(parse_spec("latest"), Some((false, None)));
        assert_eq!(parse_spec("latest:"), Some((false, None)));
        assert_eq!(parse_spec("latest:orders"), Some((false, Some("orders"))));
        assert_eq!(
            parse_spec("latest-state:6c4503d93aa3dbc386a545cd5c6fdb70"),
            Some((true, Some("6c4503d93aa3dbc386a545cd5c6fdb70")))
        );
        for path in ["./latest", "/sp/latest", "latest/", "latestx", "s3://b/latest", "file:/latest"] {
            assert_eq!(parse_spec(path), None, "{path}");
        }
        assert_eq!(
            JobRef::parse("6C4503D93AA3DBC386A545CD5C6FDB70"),
            JobRef::Id(JobId::parse("6c4503d93aa3dbc386a545cd5c6fdb70").unwrap())
        );
        assert_eq!(JobRef::parse("orders"), JobRef::Name("orders".into()));
    }
}
