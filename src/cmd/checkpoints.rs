//! `fsp checkpoints JOB_ID`: how a job checkpoints, and how its checkpoints went.

use std::time::Duration;

use anyhow::Result;
use serde::Serialize;
use serde_json::{Value, json};

use super::job_not_found;
use crate::cli::CheckpointsArgs;
use crate::ctx::Ctx;
use crate::job_id::JobId;
use crate::output::sanitize;
use crate::rest::ApiError;

/// `-o json`: `{"job_id", "enabled", "config": {"mode", "interval_ms", "timeout_ms", "min_pause_ms",
/// "max_concurrent", "retained_on_cancellation", "unaligned"} | null, "counts": {"total", "completed",
/// "failed", "in_progress", "restored"}, "latest": {"completed", "savepoint", "failed", "restored"}}`;
/// each latest entry is `{"id", "path", "time" (ms), "state_size", "duration_ms", "message"}` or null.
#[derive(Serialize)]
struct Report {
    job_id: String,
    enabled: bool,
    config: Option<Value>,
    counts: Value,
    latest: Value,
}

pub fn run(args: &CheckpointsArgs, ctx: &Ctx) -> Result<()> {
    let job = JobId::parse(&args.job_id)?;
    let client = ctx.client()?;
    let config: Option<Value> = match client.get::<Value>(&format!("/jobs/{job}/checkpoints/config")) {
        Ok(v) => Some(v),
        Err(ApiError::Status { status: 404, message, .. }) if message.contains("not enabled") => None,
        Err(ApiError::Status { status: 404, .. }) => return Err(job_not_found(ctx, &job).into()),
        Err(e) => return Err(e.into()),
    };
    // Long.MAX_VALUE as the interval: checkpointing is off.
    let config = config.filter(|c| c["interval"].as_u64().is_some_and(|i| i < i64::MAX as u64));
    let stats: Value = match client.get::<Value>(&format!("/jobs/{job}/checkpoints")) {
        Ok(v) => v,
        Err(ApiError::Status { status: 404, .. }) => Value::Null,
        Err(e) => return Err(e.into()),
    };
    let entry = |v: &Value, time_field: &str| -> Value {
        if v.is_null() {
            return Value::Null;
        }
        json!({
            "id": v["id"],
            "path": v["external_path"],
            "time": v[time_field],
            "state_size": v["state_size"],
            "duration_ms": v["end_to_end_duration"],
            "message": v["failure_message"],
        })
    };
    let latest = &stats["latest"];
    let report = Report {
        job_id: job.to_string(),
        enabled: config.is_some(),
        config: config.as_ref().map(|c| {
            json!({
                "mode": c["mode"],
                "interval_ms": c["interval"],
                "timeout_ms": c["timeout"],
                "min_pause_ms": c["min_pause"],
                "max_concurrent": c["max_concurrent"],
                "retained_on_cancellation": c["externalization"]["enabled"].as_bool() == Some(true)
                    && c["externalization"]["delete_on_cancellation"].as_bool() == Some(false),
                "unaligned": c["unaligned_checkpoints"],
            })
        }),
        counts: stats["counts"].clone(),
        latest: json!({
            "completed": entry(&latest["completed"], "latest_ack_timestamp"),
            "savepoint": entry(&latest["savepoint"], "latest_ack_timestamp"),
            "failed": entry(&latest["failed"], "failure_timestamp"),
            "restored": entry(&latest["restored"], "restore_timestamp"),
        }),
    };
    if ctx.out.json() {
        return ctx.out.emit_json(&report);
    }
    for line in text(&report) {
        ctx.out.data(line);
    }
    Ok(())
}

fn ms(v: &Value) -> String {
    v.as_u64().map(|m| humantime::format_duration(Duration::from_millis(m)).to_string()).unwrap_or_else(|| "-".into())
}

fn text(r: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    match &r.config {
        None => lines.push(format!("Checkpointing is not enabled for job {}.", r.job_id)),
        Some(c) => lines.push(format!(
            "Checkpointing: {}, every {}, timeout {}, minimum pause {}, at most {} at once, {}, unaligned {}",
            c["mode"].as_str().unwrap_or("-"),
            ms(&c["interval_ms"]),
            ms(&c["timeout_ms"]),
            ms(&c["min_pause_ms"]),
            c["max_concurrent"],
            if c["retained_on_cancellation"] == true { "retained on cancellation" } else { "deleted on cancellation" },
            if c["unaligned"] == true { "on" } else { "off" },
        )),
    }
    let n = |k: &str| r.counts[k].as_u64().unwrap_or(0);
    if !r.counts.is_null() {
        lines.push(format!(
            "Counts: {} completed, {} failed, {} in progress, {} restored ({} in all)",
            n("completed"),
            n("failed"),
            n("in_progress"),
            n("restored"),
            n("total")
        ));
    }
    for (label, key) in [
        ("Latest completed", "completed"),
        ("Latest savepoint", "savepoint"),
        ("Latest failed", "failed"),
        ("Restored from", "restored"),
    ] {
        let e = &r.latest[key];
        if e.is_null() {
            lines.push(format!("{label}: none"));
            continue;
        }
        let when = e["time"].as_i64().map(crate::cmd::list::local_time).unwrap_or_else(|| "-".into());
        let mut line = format!("{label}: {} at {when}", e["id"]);
        if let Some(p) = e["path"].as_str().filter(|p| !p.is_empty()) {
            line.push_str(&format!(", {}", sanitize(p)));
        }
        if let Some(size) = e["state_size"].as_u64() {
            line.push_str(&format!(", {}", crate::cmd::inspect::human_bytes(size)));
        }
        if e["duration_ms"].is_u64() {
            line.push_str(&format!(", took {}", ms(&e["duration_ms"])));
        }
        if let Some(m) = e["message"].as_str().filter(|m| !m.is_empty()) {
            line.push_str(&format!(": {}", sanitize(m.lines().next().unwrap_or(m))));
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_a_report() {
        let r = Report {
            job_id: "j".into(),
            enabled: true,
            config: Some(json!({"mode": "exactly_once", "interval_ms": 1000, "timeout_ms": 600000, "min_pause_ms": 0,
                "max_concurrent": 1, "retained_on_cancellation": true, "unaligned": false})),
            counts: json!({"completed": 3, "failed": 1, "in_progress": 0, "restored": 0, "total": 4}),
            latest: json!({"completed": {"id": 3, "path": "file:/c/chk-3", "time": 0, "state_size": 2048, "duration_ms": 31, "message": null},
                "savepoint": null, "failed": {"id": 2, "path": null, "time": 0, "state_size": 0, "duration_ms": null,
                "message": "Checkpoint expired before completing.\nmore"}, "restored": null}),
        };
        let t = text(&r);
        assert_eq!(
            t[0],
            "Checkpointing: exactly_once, every 1s, timeout 10m, minimum pause 0s, at most 1 at once, retained on cancellation, unaligned off"
        );
        assert_eq!(t[1], "Counts: 3 completed, 1 failed, 0 in progress, 0 restored (4 in all)");
        assert_eq!(t[2], "Latest completed: 3 at -, file:/c/chk-3, 2.0 KiB, took 31ms");
        assert_eq!(t[3], "Latest savepoint: none");
        assert!(t[4].ends_with(": Checkpoint expired before completing."), "{}", t[4]);
    }
}
