//! `fsp list [-r] [-s] [-a]`: the cluster's jobs.

use anyhow::Result;
use serde::Serialize;

use crate::cli::ListArgs;
use crate::ctx::Ctx;
use crate::format::{local_time, sanitize};
use crate::rest::types::{JobOverview, JobState};
use crate::table;

#[derive(Serialize)]
struct Jobs {
    jobs: Vec<Job>,
}

#[derive(Serialize)]
struct Job {
    id: String,
    name: String,
    state: String,
    /// Milliseconds since the epoch.
    start_time: i64,
    /// RFC 3339, UTC.
    start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<i64>,
    duration_ms: i64,
}

/// Flink's CLI groups: CREATED/INITIALIZING are scheduled; FINISHED/CANCELED/FAILED terminated; the rest running.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Group {
    Scheduled,
    Running,
    Terminated,
}

pub fn group(state: &JobState) -> Group {
    match state {
        JobState::Created | JobState::Initializing => Group::Scheduled,
        s if s.is_terminal() => Group::Terminated,
        _ => Group::Running,
    }
}

/// Which groups to show: by default running and scheduled; `-r`/`-s` narrow it; `-a` shows all.
pub fn wanted(args: &ListArgs, g: Group) -> bool {
    if args.all {
        return true;
    }
    match (args.running, args.scheduled) {
        (false, false) => g != Group::Terminated,
        (r, s) => (r && g == Group::Running) || (s && g == Group::Scheduled),
    }
}

pub fn run(args: &ListArgs, ctx: &Ctx) -> Result<()> {
    let mut jobs: Vec<JobOverview> =
        ctx.client()?.jobs_overview()?.into_iter().filter(|j| wanted(args, group(&j.state))).collect();
    jobs.sort_by(|a, b| a.start_time.cmp(&b.start_time).then_with(|| a.jid.cmp(&b.jid)));
    if ctx.out.json() {
        let jobs = jobs.iter().map(to_json).collect();
        return ctx.out.emit_json(&Jobs { jobs });
    }
    if jobs.is_empty() {
        ctx.out.info(if args.all { "No jobs." } else { "No running or scheduled jobs." });
        return Ok(());
    }
    let rows = jobs
        .iter()
        .map(|j| vec![j.jid.clone(), sanitize(&j.name), j.state.to_string(), local_time(j.start_time)])
        .collect();
    ctx.out.data(table::render(&table::plain(&["JOB ID", "NAME", "STATE", "START TIME"], rows)));
    Ok(())
}

fn to_json(j: &JobOverview) -> Job {
    Job {
        id: j.jid.clone(),
        name: j.name.clone(),
        state: j.state.to_string(),
        start_time: j.start_time,
        start: jiff::Timestamp::from_millisecond(j.start_time).map(|t| t.to_string()).unwrap_or_default(),
        end_time: (j.end_time > 0).then_some(j.end_time),
        duration_ms: j.duration,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(running: bool, scheduled: bool, all: bool) -> ListArgs {
        ListArgs { running, scheduled, all }
    }

    #[test]
    fn grouping_like_flink() {
        assert_eq!(group(&JobState::Initializing), Group::Scheduled);
        assert_eq!(group(&JobState::Restarting), Group::Running);
        assert_eq!(group(&JobState::Cancelling), Group::Running);
        assert_eq!(group(&JobState::Canceled), Group::Terminated);
        let default = args(false, false, false);
        assert!(
            wanted(&default, Group::Running)
                && wanted(&default, Group::Scheduled)
                && !wanted(&default, Group::Terminated)
        );
        assert!(!wanted(&args(true, false, false), Group::Scheduled));
        assert!(!wanted(&args(false, true, false), Group::Running));
        assert!(wanted(&args(false, false, true), Group::Terminated));
    }
}
