//! Faults on real clusters: a TaskManager killed during a savepoint, the JobManager restarted while fsp waits,
//! a savepoint directory that cannot be created. Each uses its own throw-away cluster where it breaks one.

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::harness::{Cluster, CommandExt, Kind, cluster, start};
use crate::util::{Out, wait_until};

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

/// An fsp run whose stderr is collected as it is written, so a test can wait until fsp says it did something.
struct Watched {
    child: Child,
    stderr: Arc<Mutex<String>>,
    reader: JoinHandle<()>,
}

fn watch(cmd: &mut Command) -> Watched {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut pipe = std::io::BufReader::new(child.stderr.take().unwrap());
    let stderr = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&stderr);
    let reader = std::thread::spawn(move || {
        let mut line = String::new();
        while pipe.read_line(&mut line).unwrap_or(0) > 0 {
            sink.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    Watched { child, stderr, reader }
}

impl Watched {
    fn stderr_has(&self, needle: &str) -> bool {
        self.stderr.lock().unwrap().contains(needle)
    }

    fn finish(self) -> Out {
        let out = finish(self.child);
        self.reader.join().unwrap();
        let stderr = Arc::try_unwrap(self.stderr).unwrap().into_inner().unwrap();
        Out { stderr, ..out }
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
    job.wait_checkpoint_in_progress();
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
    job.wait_checkpoint_in_progress();
    // -v: fsp prints each request and its status, so the test knows when it has polled the trigger
    let child = watch(c.fsp().args(["-v", "--timeout", "120s", "savepoint", "--trigger-id", &trigger, &job.id]));
    let polled = format!("/jobs/{}/savepoints/{trigger}\n< 200", job.id);
    wait_until(Duration::from_secs(30), "fsp to poll the savepoint's trigger id (200)", || child.stderr_has(&polled));
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
    let out = child.finish();
    assert!(started.elapsed() < Duration::from_secs(110), "fsp waited for its whole timeout");
    assert!(
        out.stderr.contains("retrying in") || out.stderr.contains("still waiting after"),
        "fsp saw no outage while the JobManager restarted:\n{}",
        out.stderr
    );
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
