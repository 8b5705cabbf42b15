//! `fsp upgrade` end to end: plain, rollbacks, checkpoint fallback, refusal, dry run, and resuming after a kill.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{Cluster, CommandExt, Job, Kind, cluster, local};
use crate::util::wait_until;

on_each_version!(
    plain_upgrade,
    dropping_a_stateful_operator_rolls_back_without_n,
    a_new_jar_whose_main_throws_rolls_back,
    a_job_that_is_not_running_needs_the_checkpoint_fallback,
    a_job_fsp_did_not_submit_needs_a_rollback_jar,
    a_retry_after_a_kill_resumes_without_a_second_job,
);

fn state_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("upgrade.json");
    (dir, f)
}

fn upgrade(c: &Cluster, job: &str, state: &PathBuf, flags: &[&str], job_args: &[&str]) -> crate::util::Out {
    c.fsp()
        .args(["-o", "json", "upgrade", "--state-file"])
        .arg(state)
        .args(flags)
        .args([job])
        .arg(c.jar())
        .args(job_args)
        .output_code()
}

fn running_named(c: &Cluster, name: &str) -> Vec<String> {
    c.jobs_named(name)
        .into_iter()
        .filter(|(_, s)| s != "CANCELED" && s != "FINISHED" && s != "FAILED")
        .map(|(id, _)| id)
        .collect()
}

fn plain_upgrade(kind: Kind) {
    let c = cluster(kind);
    let name = format!("up-plain-{}", c.version());
    let old = c.start_job(&name, &["--checkpoint-interval", "500"]);
    let (_d, state) = state_file();
    let v2 = format!("{name}-v2");
    let out = upgrade(c, &old.id, &state, &[], &["--name", &v2, "--checkpoint-interval", "500"]);
    out.code(0);
    let v = out.json();
    assert_eq!(v["outcome"], "upgraded");
    assert_eq!(v["rolled_back"], false);
    assert_eq!(v["old_job_id"], old.id.as_str());
    let sp = v["savepoint"].as_str().unwrap().to_string();
    let new = Job { cluster: c, id: v["new_job_id"].as_str().unwrap().to_string() };
    assert_eq!(new.state(), "RUNNING");
    assert_eq!(new.restored_from().as_deref(), Some(sp.as_str()));
    assert_eq!(old.state(), "FINISHED");
    assert!(v["steps"].as_array().unwrap().iter().any(|s| s["step"] == "healthy" && s["status"] == "done"));
    // running it again does nothing more: the state file says it is done
    let again = upgrade(c, &old.id, &state, &[], &["--name", &v2, "--checkpoint-interval", "500"]);
    again.code(0);
    assert_eq!(running_named(c, &v2).len(), 1, "no second job");
}

fn dropping_a_stateful_operator_rolls_back_without_n(kind: Kind) {
    let c = cluster(kind);
    let name = format!("up-drop-{}", c.version());
    let old = c.start_job(&name, &["--checkpoint-interval", "500"]);
    let (_d, state) = state_file();
    let out = upgrade(c, &old.id, &state, &[], &["--name", &format!("{name}-v2"), "--drop-dedup"]);
    out.code(1).stderr_has("cannot be mapped").stderr_has("rolled back");
    let v = out.json();
    assert_eq!(v["rolled_back"], true);
    let sp = v["savepoint"].as_str().unwrap().to_string();
    // exactly the previous job runs again, from the same savepoint
    let back = Job { cluster: c, id: v["rollback_job_id"].as_str().unwrap().to_string() };
    assert_eq!(back.state(), "RUNNING");
    assert_eq!(back.restored_from().as_deref(), Some(sp.as_str()));
    assert_eq!(running_named(c, &name), vec![back.id.clone()], "the previous job, under its own name");
    assert!(running_named(c, &format!("{name}-v2")).is_empty());

    // with -n the same upgrade goes through
    let (_d2, state2) = state_file();
    let out = upgrade(
        c,
        &back.id,
        &state2,
        &["-n"],
        &["--name", &format!("{name}-v2"), "--drop-dedup", "--checkpoint-interval", "500"],
    );
    out.code(0);
    let v = out.json();
    assert_eq!(v["outcome"], "upgraded");
    let new = Job { cluster: c, id: v["new_job_id"].as_str().unwrap().to_string() };
    assert_eq!(new.state(), "RUNNING");
}

fn a_new_jar_whose_main_throws_rolls_back(kind: Kind) {
    let c = cluster(kind);
    let name = format!("up-throw-{}", c.version());
    let old = c.start_job(&name, &[]);
    let (_d, state) = state_file();
    let out = upgrade(c, &old.id, &state, &[], &["--fail"]);
    out.code(1).stderr_has("fixture job asked to fail").stderr_has("rolled back");
    let v = out.json();
    let back = Job { cluster: c, id: v["rollback_job_id"].as_str().unwrap().to_string() };
    assert_eq!(back.state(), "RUNNING");
    assert_eq!(back.restored_from().as_deref(), v["savepoint"].as_str());
    assert_eq!(running_named(c, &name).len(), 1);
}

fn a_job_that_is_not_running_needs_the_checkpoint_fallback(kind: Kind) {
    let c = cluster(kind);
    let name = format!("up-fallback-{}", c.version());
    let old = c.start_job(&name, &["--checkpoint-interval", "300"]);
    old.wait_completed_checkpoint();
    c.fsp().args(["cancel", &old.id]).output_ok();
    let (_d, state) = state_file();
    let v2 = format!("{name}-v2");
    // without the fallback: refused, nothing submitted, no state left behind
    let out = upgrade(c, &old.id, &state, &[], &["--name", &v2]);
    out.code(1).stderr_has("is not running").stderr_has("--fallback-to-checkpoint");
    assert!(c.jobs_named(&v2).is_empty());
    assert!(!state.exists(), "no state file for an upgrade that changed nothing");
    // with it: the latest retained checkpoint
    let out = upgrade(
        c,
        &old.id,
        &state,
        &["--fallback-to-checkpoint=10m"],
        &["--name", &v2, "--checkpoint-interval", "300"],
    );
    out.code(0);
    let v = out.json();
    assert_eq!(v["savepoint_kind"], "checkpoint");
    let chk = v["savepoint"].as_str().unwrap().to_string();
    assert!(chk.contains(&format!("/{}/chk-", old.id)), "{chk}");
    let new = Job { cluster: c, id: v["new_job_id"].as_str().unwrap().to_string() };
    assert_eq!(new.restored_from().as_deref(), Some(chk.as_str()));
    // too old a checkpoint is refused
    let newer = c.start_job(&format!("{name}-3"), &["--checkpoint-interval", "300"]);
    newer.wait_completed_checkpoint();
    c.fsp().args(["cancel", &newer.id]).output_ok();
    // not a wait for an event: the checkpoint must get older than the 1 s allowed below, only time does that
    std::thread::sleep(Duration::from_millis(1200));
    let (_d3, state3) = state_file();
    let out = upgrade(c, &newer.id, &state3, &["--fallback-to-checkpoint=1s"], &["--name", &format!("{name}-4")]);
    out.code(1).stderr_has("older than the allowed");
}

fn a_job_fsp_did_not_submit_needs_a_rollback_jar(kind: Kind) {
    let c = cluster(kind);
    let name = format!("up-foreign-{}", c.version());
    let old = c.start_job_rest(&name, &["--checkpoint-interval", "500"]);
    let (_d, state) = state_file();
    let out = upgrade(c, &old.id, &state, &[], &["--name", &format!("{name}-v2")]);
    out.code(2).stderr_has("cannot roll back job").stderr_has("--rollback-jar").stderr_has("nothing was changed");
    assert_eq!(old.state(), "RUNNING");
    // dry run: says what would happen, changes nothing
    let jar = c.jar();
    let rb = [
        "--rollback-jar",
        jar.to_str().unwrap(),
        "--rollback-args",
        &format!("--name {name} --checkpoint-interval 500"),
    ];
    let mut flags = vec!["--dry-run"];
    flags.extend_from_slice(&rb);
    let out = upgrade(c, &old.id, &state, &flags, &["--name", &format!("{name}-v2")]);
    out.code(0);
    let v = out.json();
    assert_eq!(v["dry_run"], true);
    assert!(v["checks"].as_array().unwrap().iter().any(|c| c["step"] == "restore" && c["status"] == "ok"), "{v}");
    assert_eq!(old.state(), "RUNNING");
    // a dry run of an upgrade that drops a stateful operator: the restore check fails, nothing changes
    let out = upgrade(c, &old.id, &state, &flags, &["--name", &format!("{name}-v2"), "--drop-dedup"]);
    out.code(1).stderr_has("refuse their state without -n").stderr_has("5a872f3a73b9dad53994e3e6e14f16e6");
    assert_eq!(old.state(), "RUNNING");
    assert!(!state.exists(), "a dry run writes no state");
    // with a rollback jar, a failing upgrade rolls back to it
    let out = upgrade(c, &old.id, &state, &rb, &["--fail"]);
    out.code(1).stderr_has("rolled back");
    let back = out.json()["rollback_job_id"].as_str().unwrap().to_string();
    assert_eq!(running_named(c, &name), vec![back]);
}

fn a_retry_after_a_kill_resumes_without_a_second_job(kind: Kind) {
    let c = cluster(kind);
    let name = format!("up-kill-{}", c.version());
    let old = c.start_job(&name, &[]);
    let (_d, state) = state_file();
    let v2 = format!("{name}-v2");
    // checkpointing is off in the new job, so health takes --healthy-after: kill fsp while it waits
    let mut child = c
        .fsp()
        .args(["upgrade", "--healthy-after", "60s", "--state-file"])
        .arg(&state)
        .arg(&old.id)
        .arg(c.jar())
        .args(["--name", &v2])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until(Duration::from_secs(60), "the upgrade to record its new job in the state file", || {
        let recorded: Option<Value> = std::fs::read(&state).ok().and_then(|b| serde_json::from_slice(&b).ok());
        if recorded.is_some_and(|s| s["new_job_id"].is_string()) {
            return true;
        }
        assert!(child.try_wait().unwrap().is_none(), "fsp upgrade ended before it could be killed");
        false
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(old.state(), "FINISHED");
    // the retry resumes: no second stop, no second submission
    let out = c
        .fsp()
        .args(["-o", "json", "upgrade", "--healthy-after", "2s", "--state-file"])
        .arg(&state)
        .arg(&old.id)
        .arg(c.jar())
        .args(["--name", &v2])
        .output_code();
    out.code(0).stderr_has("Resuming the upgrade");
    let v = out.json();
    assert_eq!(v["outcome"], "upgraded");
    let submits = v["steps"].as_array().unwrap().iter().filter(|s| s["step"] == "submit").count();
    assert_eq!(submits, 1, "one submission: {}", v["steps"]);
    assert_eq!(running_named(c, &v2).len(), 1, "exactly one new job");
    let _new = Job { cluster: c, id: v["new_job_id"].as_str().unwrap().to_string() };
    assert!(local(v["savepoint"].as_str().unwrap()).join("_metadata").is_file());
}
