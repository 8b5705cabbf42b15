//! `fsp checkpoints JOB_ID`: how a job checkpoints, and how its checkpoints went.

use anyhow::Result;
use serde::Serialize;

use crate::cli::CheckpointsArgs;
use crate::ctx::Ctx;
use crate::format::{millis, sanitize};
use crate::job_id::JobId;
use crate::jobs::job_not_found;
use crate::rest::ApiError;
use crate::rest::types::{CheckpointConfig, CheckpointCounts, CheckpointSummary, CheckpointingStatistics};

/// `-o json`: one object. `config` is null and `enabled` false when the job does not checkpoint; `counts`
/// is null when Flink keeps no statistics for the job (a batch job).
#[derive(Debug, Serialize)]
struct Report {
    job_id: String,
    enabled: bool,
    config: Option<Config>,
    counts: Option<CheckpointCounts>,
    latest: Latest,
}

#[derive(Debug, Serialize)]
struct Config {
    mode: String,
    interval_ms: i64,
    timeout_ms: i64,
    min_pause_ms: i64,
    max_concurrent: i64,
    retained_on_cancellation: bool,
    unaligned: bool,
}

#[derive(Debug, Default, Serialize)]
struct Latest {
    completed: Option<Entry>,
    savepoint: Option<Entry>,
    failed: Option<Entry>,
    restored: Option<Entry>,
}

/// A checkpoint: `time` is when it completed, failed or was restored (ms since the epoch); `message` is a
/// failed checkpoint's cause.
#[derive(Debug, Serialize)]
struct Entry {
    id: i64,
    path: Option<String>,
    time: Option<i64>,
    state_size: Option<u64>,
    duration_ms: Option<u64>,
    message: Option<String>,
}

impl Entry {
    fn new(s: CheckpointSummary, time: fn(&CheckpointSummary) -> Option<i64>) -> Entry {
        Entry {
            id: s.id,
            time: time(&s).filter(|t| *t > 0),
            path: s.external_path.filter(|p| !p.is_empty()).map(|p| sanitize(&p)),
            state_size: s.state_size,
            duration_ms: s.end_to_end_duration,
            message: s.failure_message.map(|m| sanitize(&m)),
        }
    }
}

fn report(job: &JobId, config: Option<CheckpointConfig>, stats: Option<CheckpointingStatistics>) -> Report {
    let (counts, latest) = match stats {
        Some(s) => {
            let l = s.latest;
            let latest = Latest {
                completed: l.completed.map(|c| Entry::new(c, |c| c.latest_ack_timestamp)),
                savepoint: l.savepoint.map(|c| Entry::new(c, |c| c.latest_ack_timestamp)),
                failed: l.failed.map(|c| Entry::new(c, |c| c.failure_timestamp)),
                restored: l.restored.map(|c| Entry::new(c, |c| c.restore_timestamp)),
            };
            (Some(s.counts), latest)
        }
        None => (None, Latest::default()),
    };
    Report {
        job_id: job.to_string(),
        enabled: config.is_some(),
        config: config.map(|c| Config {
            retained_on_cancellation: c.retained_on_cancellation(),
            mode: sanitize(&c.mode),
            interval_ms: c.interval,
            timeout_ms: c.timeout,
            min_pause_ms: c.min_pause,
            max_concurrent: c.max_concurrent,
            unaligned: c.unaligned_checkpoints,
        }),
        counts,
        latest,
    }
}

pub fn run(args: &CheckpointsArgs, ctx: &Ctx) -> Result<()> {
    let job = JobId::parse(&args.job_id)?;
    let client = ctx.client()?;
    let config = match client.job_checkpoint_config(&job) {
        Ok(c) => c,
        Err(ApiError::Status { status: 404, .. }) => return Err(job_not_found(ctx, &job).into()),
        Err(e) => return Err(e.into()),
    };
    // A job without statistics (batch) answers 404 "Checkpointing has not been enabled".
    let stats = match client.job_checkpoints(&job) {
        Ok(s) => Some(s),
        Err(ApiError::Status { status: 404, .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let report = report(&job, config, stats);
    if ctx.out.json() {
        return ctx.out.emit_json(&report);
    }
    for line in text(&report) {
        ctx.out.data(line);
    }
    Ok(())
}

fn text(r: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    match &r.config {
        None => lines.push(format!("Checkpointing is not enabled for job {}.", r.job_id)),
        Some(c) => lines.push(format!(
            "Checkpointing: {}, every {}, timeout {}, minimum pause {}, at most {} at once, {}, unaligned {}",
            c.mode,
            millis(c.interval_ms),
            millis(c.timeout_ms),
            millis(c.min_pause_ms),
            c.max_concurrent,
            if c.retained_on_cancellation { "retained on cancellation" } else { "deleted on cancellation" },
            if c.unaligned { "on" } else { "off" },
        )),
    }
    if let Some(n) = &r.counts {
        lines.push(format!(
            "Counts: {} completed, {} failed, {} in progress, {} restored ({} in all)",
            n.completed, n.failed, n.in_progress, n.restored, n.total
        ));
    }
    let l = &r.latest;
    for (label, entry) in [
        ("Latest completed", &l.completed),
        ("Latest savepoint", &l.savepoint),
        ("Latest failed", &l.failed),
        ("Restored from", &l.restored),
    ] {
        let Some(e) = entry else {
            lines.push(format!("{label}: none"));
            continue;
        };
        let when = e.time.map(crate::format::local_time).unwrap_or_else(|| "-".into());
        let mut line = format!("{label}: {} at {when}", e.id);
        if let Some(p) = &e.path {
            line.push_str(&format!(", {p}"));
        }
        if let Some(size) = e.state_size {
            line.push_str(&format!(", {}", crate::format::human_bytes(size)));
        }
        if let Some(d) = e.duration_ms.and_then(|d| i64::try_from(d).ok()) {
            line.push_str(&format!(", took {}", millis(d)));
        }
        if let Some(m) = e.message.as_deref().filter(|m| !m.is_empty()) {
            line.push_str(&format!(": {}", m.lines().next().unwrap_or(m)));
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "6c4503d93aa3dbc386a545cd5c6fdb70";

    fn parse<T: serde::de::DeserializeOwned>(s: &str) -> T {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn report_from_flinks_answers() {
        // shapes as Flink 2.3 sends them (trimmed)
        let config: CheckpointConfig = parse(
            r#"{"mode":"exactly_once","interval":1000,"timeout":600000,"min_pause":0,"max_concurrent":1,
            "externalization":{"enabled":true,"delete_on_cancellation":false},"state_backend":"hashmap",
            "unaligned_checkpoints":false,"tolerable_failed_checkpoints":0}"#,
        );
        let stats: CheckpointingStatistics = parse(
            r#"{"counts":{"restored":0,"total":4,"in_progress":0,"completed":3,"failed":1},
            "latest":{"completed":{"className":"completed","id":3,"status":"COMPLETED","is_savepoint":false,
              "latest_ack_timestamp":0,"state_size":2048,"end_to_end_duration":31,"external_path":"file:/c/chk-3"},
            "savepoint":null,
            "failed":{"className":"failed","id":2,"status":"FAILED","failure_timestamp":0,"state_size":0,
              "end_to_end_duration":600000,"failure_message":"Checkpoint expired before completing.\nmore"},
            "restored":null},"history":[]}"#,
        );
        let job = JobId::parse(JOB).unwrap();
        let r = report(&job, Some(config), Some(stats));
        let t = text(&r);
        assert_eq!(
            t[0],
            "Checkpointing: exactly_once, every 1s, timeout 10m, minimum pause 0s, at most 1 at once, \
             retained on cancellation, unaligned off"
        );
        assert_eq!(t[1], "Counts: 3 completed, 1 failed, 0 in progress, 0 restored (4 in all)");
        assert_eq!(t[2], "Latest completed: 3 at -, file:/c/chk-3, 2.0 KiB, took 31ms");
        assert_eq!(t[3], "Latest savepoint: none");
        assert_eq!(t[4], "Latest failed: 2 at -, 0 B, took 10m: Checkpoint expired before completing.");
        assert_eq!(t[5], "Restored from: none");

        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["enabled"], true);
        assert_eq!(v["config"]["retained_on_cancellation"], true);
        assert_eq!(v["counts"]["failed"], 1);
        assert_eq!(v["latest"]["completed"]["path"], "file:/c/chk-3");
        assert_eq!(v["latest"]["failed"]["path"], serde_json::Value::Null);
        assert_eq!(v["latest"]["savepoint"], serde_json::Value::Null);
        let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&v), ["config", "counts", "enabled", "job_id", "latest"]);
        assert_eq!(keys(&v["latest"]["completed"]), ["duration_ms", "id", "message", "path", "state_size", "time"]);
    }

    #[test]
    fn checkpointing_off_and_restored() {
        let stats: CheckpointingStatistics = parse(
            r#"{"counts":{"restored":1,"total":0,"in_progress":0,"completed":0,"failed":0},
            "latest":{"completed":null,"savepoint":null,"failed":null,
            "restored":{"id":7,"restore_timestamp":0,"is_savepoint":true,"external_path":"file:/sp/savepoint-1"}}}"#,
        );
        let job = JobId::parse(JOB).unwrap();
        let r = report(&job, None, Some(stats));
        let t = text(&r);
        assert_eq!(t[0], format!("Checkpointing is not enabled for job {JOB}."));
        assert_eq!(t[5], "Restored from: 7 at -, file:/sp/savepoint-1");
        let v = serde_json::to_value(report(&job, None, None)).unwrap();
        assert_eq!(
            (v["enabled"].clone(), v["config"].clone(), v["counts"].clone()),
            (false.into(), ().into(), ().into())
        );
    }

    #[test]
    fn server_text_is_sanitised() {
        let s: CheckpointSummary = parse(r#"{"id":1,"failure_message":"bad \u001b[2J","external_path":"x\u001b"}"#);
        let e = Entry::new(s, |c| c.failure_timestamp);
        assert_eq!(e.message.as_deref(), Some("bad \\u{1b}[2J"));
        assert_eq!(e.path.as_deref(), Some("x\\u{1b}"));
    }
}
