//! State backends and savepoint formats on real Flink 2.3.0, fsp's verdict beside Flink's own outcome: a
//! ForSt job takes NATIVE savepoints only (fsp chooses NATIVE for it and refuses CANONICAL before triggering,
//! where Flink fails the job's tasks), a NATIVE savepoint restores only on the backend family that wrote it,
//! and ForSt with its default timers restores no full snapshot. The jobs get their backend from `-D
//! state.backend.type` on submission (the fixture job sets none in its code).

use std::path::Path;

use serde_json::Value;

use crate::harness::{Cluster, CommandExt, Job, Kind, cluster, local};

/// Submit the fixture job on `backend` with checkpoints every second, through `fsp run -D`.
fn start_on<'c>(c: &'c Cluster, name: &str, backend: &str, detached: bool, savepoint: Option<&str>) -> Job<'c> {
    let mut cmd = c.fsp();
    cmd.args(["-o", "json", "run", "-D", &format!("state.backend.type={backend}")]);
    if detached {
        cmd.arg("-d");
    }
    if let Some(sp) = savepoint {
        cmd.args(["-s", sp]);
    }
    let out = cmd.arg(c.jar()).args(["--name", name, "--checkpoint-interval", "1000"]).output_ok();
    let job = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    let want = match backend {
        "forst" => "ForStStateBackend",
        "rocksdb" => "EmbeddedRocksDBStateBackend",
        _ => "HashMapStateBackend",
    };
    let config = c.get(&format!("/jobs/{}/checkpoints/config", job.id));
    assert_eq!(config["state_backend"], want, "the job's state backend: {config}");
    job
}

fn savepoint(c: &Cluster, job: &Job<'_>, format: Option<&str>) -> (String, Value) {
    let mut cmd = c.fsp();
    cmd.args(["-o", "json", "savepoint"]);
    if let Some(f) = format {
        cmd.args(["--type", f]);
    }
    let out = cmd.arg(&job.id).output_ok();
    let v = out.json();
    (v["location"].as_str().unwrap().to_string(), v)
}

/// The savepoint format Flink wrote, as `fsp inspect` reads it from `_metadata`.
fn written_format(sp: &str) -> String {
    let v = crate::util::fsp().args(["-o", "json", "inspect", sp]).output_ok().json();
    v["format"].as_str().unwrap_or_default().to_string()
}

/// The Java exception lines of a job's first recorded failure, once it has one.
fn first_failure(c: &Cluster, job: &str) -> String {
    let mut found = String::new();
    c.wait_for(&format!("a failure of job {job}"), 60, || {
        let ex = c.get(&format!("/jobs/{job}/exceptions"));
        found = ex["exceptionHistory"]["entries"][0]["stacktrace"].as_str().unwrap_or_default().to_string();
        !found.is_empty()
    });
    found
}

fn run_check(c: &Cluster, sp: &str, props: &[&str]) -> crate::util::Out {
    let mut cmd = c.fsp();
    cmd.args(["-o", "json", "run", "-s", sp, "--check"]);
    for p in props {
        cmd.args(["-D", p]);
    }
    cmd.arg(c.jar()).output_code()
}

#[test]
fn a_forst_job_gets_a_native_savepoint_and_is_spared_a_canonical_one() {
    let c = cluster(Kind::V2);
    let job = start_on(c, "forst-savepoints", "forst", false, None);
    job.wait_completed_checkpoint();

    // no --type: fsp asks for the backend and takes a NATIVE savepoint
    let out = c.fsp().args(["-o", "json", "savepoint", &job.id]).output_ok();
    out.stderr_has("runs on the ForSt state backend, which takes NATIVE savepoints only");
    let v = out.json();
    assert_eq!(v["format"], "NATIVE", "{v}");
    assert_eq!(written_format(v["location"].as_str().unwrap()), "NATIVE");

    // --type canonical: refused before anything is triggered, and the job runs on untouched
    let refused = c.fsp().args(["savepoint", "--type", "canonical", &job.id]).output_code();
    refused.code(2).stderr_has("cannot take CANONICAL savepoints").stderr_has("--type native");
    let refused = c.fsp().args(["stop", "--type", "canonical", &job.id]).output_code();
    refused.code(2).stderr_has("--type native");
    assert_eq!(job.state(), "RUNNING");
    assert_eq!(job.checkpoints()["counts"]["restored"], 0, "the job was not restarted");

    // what Flink does with that trigger (the distribution's own bin/flink): the savepoint fails, and the job's
    // tasks fail and are restarted
    let flink = c.flink().args(["savepoint", "-type", "canonical", &job.id]).output_code();
    assert_ne!(flink.code, 0, "bin/flink's canonical savepoint of a ForSt job:\n{}", flink.stdout);
    let failure = first_failure(c, &job.id);
    assert!(failure.contains("does not support CANONICAL savepoints"), "{failure}");
    eprintln!("bin/flink savepoint -type canonical on ForSt: {}", failure.lines().next().unwrap_or_default());

    // stop chooses NATIVE too
    job.wait_tasks_running();
    let stopped = c.fsp().args(["-o", "json", "stop", &job.id]).output_ok();
    assert_eq!(written_format(stopped.json()["location"].as_str().unwrap()), "NATIVE");
}

#[test]
fn restores_across_backends_are_checked_before_submission_as_flink_would_fail_them() {
    let c = cluster(Kind::V2);
    let heap = start_on(c, "backends-hashmap", "hashmap", false, None);
    heap.wait_completed_checkpoint();
    let (canonical, _) = savepoint(c, &heap, None);
    let (native, _) = savepoint(c, &heap, Some("native"));
    drop(heap);

    // fsp's verdicts
    let to_rocksdb = run_check(c, &native, &["state.backend.type=rocksdb"]);
    to_rocksdb.code(1).stderr_has("NATIVE savepoint was written by the hashmap state backend");
    to_rocksdb.stderr_has("fsp savepoint --type canonical");
    let to_forst = run_check(c, &canonical, &["state.backend.type=forst"]);
    to_forst.code(1).stderr_has("Not support restoring yet for ForStStateBackend");
    to_forst.stderr_has("-D state.backend.forst.timer-service.factory=HEAP");
    run_check(c, &canonical, &["state.backend.type=rocksdb"]).code(0);
    run_check(c, &canonical, &["state.backend.type=forst", "state.backend.forst.timer-service.factory=HEAP"]).code(0);
    run_check(c, &native, &["state.backend.type=hashmap"]).code(0);

    // run -s refuses the same, and submits nothing
    let name = "backends-refused";
    let refused = c
        .fsp()
        .args(["run", "-s", &canonical, "-D", "state.backend.type=forst"])
        .arg(c.jar())
        .args(["--name", name])
        .output_code();
    refused.code(1).stderr_has("not submitted");
    assert!(c.jobs_named(name).is_empty(), "a refused restore submitted a job");

    // Flink's outcome with --force: both restores fail in the tasks
    for (sp, backend, want) in [
        (&native, "rocksdb", "Could not restore keyed state backend"),
        (&canonical, "forst", "Not support restoring yet for ForStStateBackend"),
    ] {
        let forced = Job { cluster: c, id: forced_run(c, sp, &format!("state.backend.type={backend}")) };
        let failure = first_failure(c, &forced.id);
        assert!(failure.contains(want), "{sp} on {backend}: {failure}");
        eprintln!("Flink 2.3.0 restoring {} on {backend}: {want}", Path::new(sp).display());
    }

    // and with heap timers ForSt restores the canonical savepoint, as fsp said
    let timers = "state.backend.forst.timer-service.factory=HEAP";
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-s", &canonical, "-D", "state.backend.type=forst", "-D", timers])
        .arg(c.jar())
        .args(["--name", "backends-forst-heap-timers", "--checkpoint-interval", "1000"])
        .output_ok();
    let restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    restored.wait_completed_checkpoint();
    assert_eq!(restored.restored_from().map(|p| local(&p)), Some(local(&canonical)));
    assert_eq!(
        c.get(&format!("/jobs/{}/exceptions", restored.id))["exceptionHistory"]["entries"],
        serde_json::json!([])
    );
}

fn forced_run(c: &Cluster, sp: &str, backend: &str) -> String {
    let out = c
        .fsp()
        .args(["-o", "json", "run", "--force", "-d", "-s", sp, "-D", backend])
        .arg(c.jar())
        .args(["--checkpoint-interval", "1000"])
        .output_ok();
    out.stderr_has("--force: ");
    out.json()["job_id"].as_str().unwrap().to_string()
}

#[test]
fn upgrade_chooses_and_checks_the_savepoint_before_anything_is_stopped() {
    let c = cluster(Kind::V2);
    let dir = tempfile::tempdir().unwrap();
    let upgrade = |job: &str, flags: &[&str], name: &str| {
        c.fsp()
            .args(["-o", "json", "upgrade", "--state-file"])
            .arg(dir.path().join(format!("{name}.json")))
            .args(flags)
            .arg(job)
            .arg(c.jar())
            .args(["--name", name, "--checkpoint-interval", "1000"])
            .output_code()
    };

    // a ForSt job: --type canonical is refused with nothing stopped; without --type, a NATIVE savepoint
    let old = start_on(c, "upgrade-forst-v1", "forst", false, None);
    old.wait_completed_checkpoint();
    let forst = ["-D", "state.backend.type=forst"];
    let refused = upgrade(&old.id, &["--type", "canonical", forst[0], forst[1]], "upgrade-forst-refused");
    refused.code(2).stderr_has("--type native");
    // the old job got its backend from -D at submission: an upgrade without it would land on hashmap
    let refused = upgrade(&old.id, &[], "upgrade-forst-no-d");
    refused.code(1).stderr_has("nothing was stopped");
    refused.stderr_has("the old job was submitted with -D state.backend.type=forst: pass it to the upgrade too");
    assert_eq!(old.state(), "RUNNING");
    assert!(!dir.path().join("upgrade-forst-no-d.json").exists(), "a refused upgrade left a state file");
    let done = upgrade(&old.id, &forst, "upgrade-forst-v2");
    done.code(0).stderr_has("takes NATIVE savepoints only");
    let report = done.json();
    let sp = report["savepoint"].as_str().unwrap().to_string();
    assert_eq!(written_format(&sp), "NATIVE", "{report}");
    let new = Job { cluster: c, id: report["new_job_id"].as_str().unwrap().to_string() };
    assert_eq!(new.restored_from().map(|p| local(&p)), Some(local(&sp)));
    drop(new);

    // a hashmap job upgraded onto RocksDB through a NATIVE savepoint: refused, the old job untouched
    let old = start_on(c, "upgrade-hashmap-v1", "hashmap", false, None);
    let flags = ["--type", "native", "-D", "state.backend.type=rocksdb"];
    let dry = c.fsp().args(["upgrade", "--dry-run"]).args(flags).arg(&old.id).arg(c.jar()).output_code();
    dry.code(1).stderr_has("[state backend] failed: a NATIVE savepoint of job");
    let refused = upgrade(&old.id, &flags, "upgrade-hashmap-refused");
    refused.code(1).stderr_has("nothing was stopped").stderr_has("leave out --type native");
    assert_eq!(old.state(), "RUNNING");
    assert!(c.jobs_named("upgrade-hashmap-refused").is_empty());
}
