//! The `-o json` contract: every command prints exactly one JSON object on stdout, with the documented keys
//! and nothing else (README "JSON output"). A key added or removed here is a change of the contract: update
//! the README with it. Also: an error in JSON mode prints nothing on stdout, and -q leaves only data.

use serde_json::Value;

use crate::harness::{CommandExt, Job, Kind, cluster};
use crate::util::{Out, fsp};

/// The object's keys, sorted; fails unless stdout is exactly one JSON object.
pub fn keys(v: &Value) -> Vec<String> {
    let obj = v.as_object().unwrap_or_else(|| panic!("not a JSON object: {v}"));
    let mut k: Vec<String> = obj.keys().cloned().collect();
    k.sort();
    k
}

/// stdout as one object with exactly these keys.
#[track_caller]
pub fn shape(out: &Out, want: &[&str]) -> Value {
    let v = out.json();
    let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(keys(&v), want, "JSON keys of\n{}", out.stdout);
    v
}

#[track_caller]
pub fn has_keys(v: &Value, want: &[&str]) {
    let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(keys(v), want, "JSON keys of {v}");
}

pub const CHECKPOINT_ENTRY: &[&str] = &["id", "path", "time", "state_size", "duration_ms", "message"];

#[test]
fn every_command_prints_one_object_with_the_documented_keys() {
    let c = cluster(Kind::V2);
    let jar = c.jar();
    let fsp_json = |args: &[&str]| {
        let mut cmd = c.fsp();
        cmd.args(["-o", "json"]).args(args);
        cmd
    };

    // run
    let out =
        fsp_json(&["run"]).arg(&jar).args(["--name", "json-contract", "--checkpoint-interval", "500"]).output_ok();
    let v = shape(&out, &["job_id", "jar_id", "state"]);
    assert_eq!(v["state"], "RUNNING");
    let job = Job { cluster: c, id: v["job_id"].as_str().unwrap().to_string() };

    // list
    let v = shape(&fsp_json(&["list"]).output_ok(), &["jobs"]);
    let mine = v["jobs"].as_array().unwrap().iter().find(|j| j["id"] == job.id.as_str()).expect("the job is listed");
    has_keys(mine, &["id", "name", "state", "start_time", "start", "duration_ms"]);
    let v = shape(&fsp_json(&["list", "-a"]).output_ok(), &["jobs"]);
    for j in v["jobs"].as_array().unwrap().iter().filter(|j| j["state"] == "CANCELED" || j["state"] == "FINISHED") {
        has_keys(j, &["id", "name", "state", "start_time", "start", "end_time", "duration_ms"]);
    }

    // checkpoint and checkpoints
    job.wait_completed_checkpoint();
    let v = shape(&fsp_json(&["checkpoint", &job.id]).output_ok(), &["job_id", "checkpoint_id", "type"]);
    assert_eq!(v["type"], "CONFIGURED");
    let v =
        shape(&fsp_json(&["checkpoints", &job.id]).output_ok(), &["job_id", "enabled", "config", "counts", "latest"]);
    has_keys(
        &v["config"],
        &[
            "mode",
            "interval_ms",
            "timeout_ms",
            "min_pause_ms",
            "max_concurrent",
            "retained_on_cancellation",
            "unaligned",
        ],
    );
    has_keys(&v["counts"], &["total", "completed", "failed", "in_progress", "restored"]);
    has_keys(&v["latest"], &["completed", "savepoint", "failed", "restored"]);
    has_keys(&v["latest"]["completed"], CHECKPOINT_ENTRY);

    // savepoint: waited for, detached then waited for by trigger id, disposed
    let v = shape(&fsp_json(&["savepoint", &job.id]).output_ok(), &["job_id", "location", "trigger_id", "format"]);
    assert_eq!(v["format"], "CANONICAL");
    let sp = v["location"].as_str().unwrap().to_string();
    let v = shape(&fsp_json(&["savepoint", "--detached", &job.id]).output_ok(), &["job_id", "trigger_id"]);
    let trigger = v["trigger_id"].as_str().unwrap().to_string();
    let v = shape(
        &fsp_json(&["savepoint", "--trigger-id", &trigger, &job.id]).output_ok(),
        &["job_id", "location", "trigger_id", "format"],
    );
    let second = v["location"].as_str().unwrap().to_string();
    let v = shape(&fsp_json(&["savepoint", "-d", &second]).output_ok(), &["path"]);
    assert_eq!(v["path"], second.as_str());

    // history and prune (a dry run) of the cluster's savepoint directory
    let dir = c.savepoint_dir().display().to_string();
    let v = shape(
        &fsp_json(&["history", "--dir", &dir, "--job", &job.id]).output_ok(),
        &["snapshots", "cluster_reachable"],
    );
    let snap = v["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| crate::harness::local(s["path"].as_str().unwrap()) == crate::harness::local(&sp));
    let snap = snap.unwrap_or_else(|| panic!("{sp} not in history: {v}"));
    has_keys(
        snap,
        &[
            "path",
            "kind",
            "job",
            "time_ms",
            "size",
            "checkpoint_id",
            "complete",
            "has_metadata",
            "self_contained",
            "format",
            "in_use",
        ],
    );
    let latest = shape(
        &fsp_json(&["history", "--latest", "--dir", &dir, "--job", &job.id]).output_ok(),
        &[
            "path",
            "kind",
            "job",
            "time_ms",
            "size",
            "checkpoint_id",
            "complete",
            "has_metadata",
            "self_contained",
            "format",
            "in_use",
            "reason",
        ],
    );
    assert!(latest["checkpoint_id"].is_i64(), "{latest}");
    let v = shape(
        &fsp_json(&["prune", "--keep", "1", "--dry-run", "--dir", &dir, "--job", &job.id]).output_ok(),
        &["dry_run", "deleted", "kept", "failed"],
    );
    assert_eq!(v["dry_run"], true);
    has_keys(&v["kept"][0], &["path", "delete", "reason"]);

    // run --check (inspect, config show and the JSON shape of errors: offline::json_contract)
    let out = fsp_json(&["run", "--check", "-s", &sp]).arg(&jar).args(["--name", "json-contract-check"]).output_ok();
    shape(&out, &["savepoint", "restored", "not_restored", "start_empty", "refused", "warnings", "refusals"]);

    // upgrade: a dry run, then the real thing
    let state = tempfile::tempdir().unwrap();
    let state_file = state.path().join("upgrade.json");
    let upgrade = |extra: &[&str]| {
        let mut cmd = fsp_json(&["upgrade", "--state-file"]);
        cmd.arg(&state_file).args(extra).arg(&job.id).arg(&jar).args([
            "--name",
            "json-contract-v2",
            "--checkpoint-interval",
            "500",
        ]);
        cmd.output_ok()
    };
    shape(&upgrade(&["--dry-run"]), &["dry_run", "old_job_id", "checks", "state_file"]);
    let v = shape(
        &upgrade(&[]),
        &[
            "old_job_id",
            "savepoint",
            "savepoint_kind",
            "new_job_id",
            "rolled_back",
            "rollback_job_id",
            "outcome",
            "steps",
            "state_file",
        ],
    );
    has_keys(&v["steps"][0], &["step", "status", "detail"]);
    let upgraded = Job { cluster: c, id: v["new_job_id"].as_str().unwrap().to_string() };

    // stop
    let v = shape(
        &fsp_json(&["stop", &upgraded.id]).output_ok(),
        &["job_id", "location", "trigger_id", "drain", "stopped"],
    );
    assert_eq!(v["stopped"], true);

    // a detached run, a job without checkpointing, stop --detached
    let run_detached = |name: &str| {
        let out = fsp_json(&["run", "-d"]).arg(&jar).args(["--name", name]).output_ok();
        let v = shape(&out, &["job_id", "jar_id"]);
        let job = Job { cluster: c, id: v["job_id"].as_str().unwrap().to_string() };
        job.wait_tasks_running();
        job
    };
    let plain = run_detached("json-contract-plain");
    let v =
        shape(&fsp_json(&["checkpoints", &plain.id]).output_ok(), &["job_id", "enabled", "config", "counts", "latest"]);
    assert_eq!((v["enabled"].clone(), v["config"].clone()), (Value::Bool(false), Value::Null));
    shape(&fsp_json(&["stop", "--detached", &plain.id]).output_ok(), &["job_id", "trigger_id"]);

    // cancel, with and without a savepoint
    let j = run_detached("json-contract-cancel-s");
    let v = shape(&fsp_json(&["cancel", "-s", &j.id]).output_ok(), &["job_id", "state", "location", "trigger_id"]);
    assert_eq!(v["state"], "CANCELED");
    let j = run_detached("json-contract-cancel");
    let v = shape(&fsp_json(&["cancel", &j.id]).output_ok(), &["job_id", "state"]);
    assert_eq!(v["state"], "CANCELED");

    // an error in JSON mode: nothing on stdout, the error on stderr
    let out = fsp_json(&["savepoint", "00000000000000000000000000000042"]).output_code();
    out.code(4).stderr_has("error:");
    assert!(out.stdout.is_empty(), "stdout in JSON mode after an error: {}", out.stdout);
}

#[test]
fn quiet_leaves_only_data_and_errors() {
    let c = cluster(Kind::V2);
    let job = c.start_job("quiet", &[]);
    let out = c.fsp().args(["-q", "savepoint", &job.id]).output_ok();
    out.stdout_has("Savepoint completed. Path: ");
    assert_eq!(out.stderr, "", "-q printed on stderr");
    // a warning (here: --insecure on a plain-HTTP cluster) is silenced too, an error is not
    let out = c.fsp().args(["-q", "--insecure", "list"]).output_ok();
    assert_eq!(out.stderr, "");
    out.stdout_has(&job.id);
    c.fsp().args(["--insecure", "list"]).output_ok().stderr_has("warning: --insecure");
    let out = fsp().args(["-q", "-m", "127.0.0.1:1", "list"]).output_code();
    out.code(3).stderr_has("error: cannot reach the JobManager at http://127.0.0.1:1");
}
