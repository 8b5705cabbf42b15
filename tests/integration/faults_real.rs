//! Faults on real clusters: a TaskManager killed during a savepoint, the JobManager restarted while fsp waits,
//! a savepoint directory that cannot be created. Each uses its own throw-away cluster where it breaks one.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Cluster, CommandExt, Kind, cluster, start};
use crate::util::Out;

fn pid_of(c: &Cluster, role: &str) -> String {
    let dir = c.dir.join("pid");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().contains(role))
        .unwrap_or_else(|| panic!("no {role} pid file in {}", dir.display()));
    std::fs::read_to_string(file).unwrap().trim().lines().next().unwrap().to_string()
}

fn finish(child: Child) -> Out {
    let out = child.wait_with_output().unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A savepoint of the fixture job with a large `--delay-ms` waits for the source task's current record.
fn slow_savepoint(c: &Cluster, job: &str) -> Child {
    c.fsp().args(["--timeout", "120s", "savepoint", job]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

#[test]
fn a_taskmanager_killed_during_a_savepoint() {
    let c = start(Kind::V2, &[]);
    let job = c.start_job("tm-killed", &["--delay-ms", "60000"]);
    let child = slow_savepoint(&c, &job.id);
    std::thread::sleep(Duration::from_millis(1000));
    let tm = pid_of(&c, "taskexecutor");
    assert!(std::process::Command::new("kill").args(["-9", &tm]).status().unwrap().success());
    let out = finish(child);
    assert!(!out.stdout.contains("Savepoint completed"), "{}", out.stdout);
    assert!(out.code == 1 || out.code == 5, "exit {}:\n{}", out.code, out.stderr);
    out.stderr_has("the savepoint of job");
}

#[test]
fn the_jobmanager_restarted_between_trigger_and_poll() {
    let c = start(Kind::V2, &[]);
    // each record sleeps a minute in the source's task, so this savepoint cannot complete meanwhile
    let job = c.start_job("jm-restarted", &["--delay-ms", "60000"]);
    let out = c.fsp().args(["-o", "json", "savepoint", "--detached", &job.id]).output_ok();
    let trigger = out.json()["trigger_id"].as_str().unwrap().to_string();
    let child = c
        .fsp()
        .args(["--timeout", "120s", "savepoint", "--trigger-id", &trigger, &job.id])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let jm = |action: &str| {
        std::process::Command::new(c.flink_home.join("bin/jobmanager.sh"))
            .arg(action)
            .env("FLINK_CONF_DIR", c.conf_dir())
            .env("FLINK_LOG_DIR", c.dir.join("log"))
            .env("FLINK_PID_DIR", c.dir.join("pid"))
            .output_ok()
    };
    // fsp keeps polling through the outage (connection refused is transient) ...
    jm("stop");
    jm("start");
    let started = Instant::now();
    let out = finish(child);
    assert!(started.elapsed() < Duration::from_secs(110), "fsp waited for its whole timeout");
    // ... and when the JobManager is back it has forgotten the trigger (and, without HA, the job)
    assert!(!out.stdout.contains("Savepoint completed"), "{}", out.stdout);
    out.code(1).stderr_has("no longer knows").stderr_has("JobManager may have restarted");
}

#[test]
fn a_savepoint_directory_that_cannot_be_created() {
    let c = cluster(Kind::V2);
    let job = c.start_job("unwritable-dir", &[]);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, b"not a directory").unwrap();
    let target = file.join("savepoints");
    let out = c.fsp().args(["savepoint", &job.id]).arg(&target).output_code();
    out.code(1).stderr_has("the savepoint of job").stderr_has(&format!("{}", target.display()));
    assert!(!out.stdout.contains("Savepoint completed"));
    assert_eq!(job.state(), "RUNNING", "the job keeps running");
}
