//! The core commands end to end, on each supported Flink version.

use crate::harness::{CommandExt, Kind, cluster, local};

on_each_version!(
    lifecycle,
    savepoint_shapes,
    stop_with_drain_to_a_given_directory,
    cancel_plain_and_twice,
    list_groups_and_json,
    checkpoint_configured_and_full,
    run_checks_the_savepoint_before_submitting,
    run_with_jar_id_and_metadata_file,
);

/// run → savepoint → cancel -s → run -s (restored) → variant fails without -n, runs with -n → stop → dispose.
fn lifecycle(kind: Kind) {
    let c = cluster(kind);
    let name = format!("lifecycle-{}", c.version());
    let job = c.start_job(&name, &[]);
    assert_eq!(job.state(), "RUNNING");

    let out = c.fsp().args(["savepoint", &job.id]).output_ok();
    let first = out.stdout.trim().strip_prefix("Savepoint completed. Path: ").expect("the savepoint line").to_string();
    assert!(local(&first).join("_metadata").is_file(), "{first} has no _metadata");

    let out = c.fsp().args(["-o", "json", "cancel", "-s", &job.id]).output_ok();
    let v = out.json();
    assert_eq!(v["job_id"], job.id.as_str());
    let cancelled_sp = v["location"].as_str().unwrap().to_string();
    assert!(local(&cancelled_sp).join("_metadata").is_file());
    assert_eq!(job.state(), "CANCELED");

    // resume: Flink's own statistics say where the state came from
    let out = c.fsp().args(["-o", "json", "run", "-s", &cancelled_sp]).arg(c.jar()).args(["--name", &name]).output_ok();
    let resumed_id = out.json()["job_id"].as_str().unwrap().to_string();
    let resumed = crate::harness::Job { cluster: c, id: resumed_id };
    assert_eq!(resumed.restored_from().as_deref(), Some(cancelled_sp.as_str()), "restored from the savepoint");

    // the variant without the stateful `dedup` operator: refused without -n, naming the operator and -n
    let out =
        c.fsp().args(["run", "-s", &cancelled_sp]).arg(c.jar()).args(["--name", &name, "--drop-dedup"]).output_code();
    out.code(1).stderr_has("cannot be mapped").stderr_has("-n (--allow-non-restored-state)");
    assert!(!out.stdout.contains("Job has been submitted"), "{}", out.stdout);
    // 5a872f3a… is Flink's hash of the uid "dedup"
    out.stderr_has("5a872f3a73b9dad53994e3e6e14f16e6");
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-s", &cancelled_sp, "-n"])
        .arg(c.jar())
        .args(["--name", &format!("{name}-variant"), "--drop-dedup"])
        .output_ok();
    let variant = crate::harness::Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(variant.state(), "RUNNING");
    assert_eq!(variant.restored_from().as_deref(), Some(cancelled_sp.as_str()));
    drop(variant);

    // stop with a savepoint: the job ends FINISHED and the savepoint is there
    let out = c.fsp().args(["-o", "json", "stop", &resumed.id]).output_ok();
    let stopped_sp = out.json()["location"].as_str().unwrap().to_string();
    assert!(local(&stopped_sp).join("_metadata").is_file());
    resumed.wait_state("FINISHED");

    // dispose: the directory is gone
    for sp in [&first, &stopped_sp] {
        let out = c.fsp().args(["-o", "json", "savepoint", "-d", sp]).output_ok();
        assert_eq!(out.json()["path"], sp.as_str());
        assert!(!local(sp).exists(), "{sp} still exists after dispose");
    }
    let out = c.fsp().args(["savepoint", "--dispose", &cancelled_sp]).output_ok();
    out.stdout_has(&format!("Savepoint '{cancelled_sp}' disposed."));
    assert!(!local(&cancelled_sp).exists());
}

fn savepoint_shapes(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("shapes-{}", c.version()), &[]);
    let target = tempfile::tempdir().unwrap();

    // an explicit target directory, native format, JSON
    let out =
        c.fsp().args(["-o", "json", "savepoint", &job.id]).arg(target.path()).args(["--type", "native"]).output_ok();
    let v = out.json();
    let loc = v["location"].as_str().unwrap();
    assert!(local(loc).starts_with(target.path()), "{loc} not under the target");
    assert_eq!(v["format"], "NATIVE");
    assert_eq!(v["trigger_id"].as_str().unwrap().len(), 32);
    assert_eq!(out.stdout.trim_start().chars().next(), Some('{'), "stdout is only JSON");
    let history = job.checkpoints()["history"].clone();
    assert!(
        history.as_array().unwrap().iter().any(|h| h["external_path"] == loc && h["savepointFormat"] == "NATIVE"),
        "Flink records a NATIVE savepoint at {loc}: {history}"
    );

    // Flink's single-dash spellings
    let out = c.fsp().args(["savepoint", "-type", "canonical", &job.id]).output_ok();
    out.stdout_has("Savepoint completed. Path: ");

    // detached: the trigger id, which Flink knows
    let out = c.fsp().args(["-o", "json", "savepoint", "-detached", &job.id]).output_ok();
    let trigger = out.json()["trigger_id"].as_str().unwrap().to_string();
    c.wait_for("the detached savepoint", 30, || {
        c.get(&format!("/jobs/{}/savepoints/{trigger}", job.id))["status"]["id"] == "COMPLETED"
    });
    let status = c.get(&format!("/jobs/{}/savepoints/{trigger}", job.id));
    assert!(status["operation"]["location"].as_str().is_some(), "{status}");
}

fn stop_with_drain_to_a_given_directory(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("drain-{}", c.version()), &[]);
    let target = tempfile::tempdir().unwrap();
    let dir = target.path().to_str().unwrap();
    // Flink's `-p DIR` and `--drain` spellings
    let out = c.fsp().args(["stop", "--savepointPath", dir, "-d", &job.id]).output_ok();
    let loc = out.stdout.trim().strip_prefix("Savepoint completed. Path: ").unwrap().to_string();
    assert!(local(&loc).starts_with(target.path()));
    out.stderr_has("Draining job");
    job.wait_state("FINISHED");
    // stopping it again: not running, exit 1, says so
    c.fsp().args(["stop", &job.id]).output_code().code(1).stderr_has("is not running (state FINISHED)");
}

fn cancel_plain_and_twice(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("cancel-{}", c.version()), &[]);
    let out = c.fsp().args(["cancel", &job.id]).output_ok();
    out.stdout_has(&format!("Cancelled job {}.", job.id));
    assert_eq!(job.state(), "CANCELED");
    // again: already cancelled is not an error
    c.fsp().args(["cancel", &job.id]).output_ok();
    // `cancel -s JOB_ID` form on a cancelled job: not running
    c.fsp().args(["cancel", "-s", &job.id]).output_code().code(1).stderr_has("is not running");
}

fn list_groups_and_json(kind: Kind) {
    let c = cluster(kind);
    let name = format!("list-{}", c.version());
    let job = c.start_job(&name, &[]);
    let out = c.fsp().arg("list").output_ok();
    let header = out.stdout.lines().next().unwrap();
    for col in ["JOB ID", "NAME", "STATE", "START TIME"] {
        assert!(header.contains(col), "{header}");
    }
    assert!(out.stdout.lines().any(|l| l.contains(&job.id) && l.contains(&name) && l.contains("RUNNING")));
    let v = c.fsp().args(["-o", "json", "list", "-r"]).output_ok().json();
    let jobs = v["jobs"].as_array().unwrap();
    let me = jobs.iter().find(|j| j["id"] == job.id.as_str()).expect("the job in list -r");
    assert_eq!(me["name"], name.as_str());
    assert_eq!(me["state"], "RUNNING");
    assert!(jobs.iter().all(|j| j["state"] != "CANCELED" && j["state"] != "FINISHED"));
    // scheduled only: a running job is not there
    let v = c.fsp().args(["-o", "json", "list", "--scheduled"]).output_ok().json();
    assert!(v["jobs"].as_array().unwrap().iter().all(|j| j["id"] != job.id.as_str()));
    c.fsp().args(["cancel", &job.id]).output_ok();
    let v = c.fsp().args(["-o", "json", "list"]).output_ok().json();
    assert!(
        v["jobs"].as_array().unwrap().iter().all(|j| j["id"] != job.id.as_str()),
        "a cancelled job is not listed by default"
    );
    let v = c.fsp().args(["-o", "json", "list", "-a"]).output_ok().json();
    let me =
        v["jobs"].as_array().unwrap().iter().find(|j| j["id"] == job.id.as_str()).cloned().expect("listed with -a");
    assert_eq!(me["state"], "CANCELED");
}

fn checkpoint_configured_and_full(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("checkpoint-{}", c.version()), &[]);
    let out = c.fsp().args(["checkpoint", &job.id]).output_ok();
    assert!(out.stdout.starts_with("Checkpoint ") && out.stdout.contains(&format!("for job {} completed.", job.id)));
    let v = c.fsp().args(["-o", "json", "checkpoint", "-full", &job.id]).output_ok().json();
    let id = v["checkpoint_id"].as_u64().unwrap();
    assert_eq!(v["type"], "FULL");
    let history = job.checkpoints()["history"].clone();
    assert!(history.as_array().unwrap().iter().any(|h| h["id"].as_u64() == Some(id) && h["status"] == "COMPLETED"));
}

fn run_checks_the_savepoint_before_submitting(kind: Kind) {
    let c = cluster(kind);
    let empty = tempfile::tempdir().unwrap();
    let name = format!("never-submitted-{}", c.version());
    let out = c.fsp().args(["run", "-s"]).arg(empty.path()).arg(c.jar()).args(["--name", &name]).output_code();
    out.code(4).stderr_has("has no _metadata");
    let out = c.fsp().args(["run", "-s", "/no/such/savepoint"]).arg(c.jar()).args(["--name", &name]).output_code();
    out.code(4).stderr_has("does not exist");
    let out = c.fsp().args(["run", "/no/such/job.jar"]).output_code();
    out.code(4).stderr_has("jar file /no/such/job.jar does not exist");
    assert!(c.jobs_named(&name).is_empty(), "nothing was submitted");
}

fn run_with_jar_id_and_metadata_file(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("jarid-{}", c.version()), &[]);
    let sp =
        c.fsp().args(["-o", "json", "savepoint", &job.id]).output_ok().json()["location"].as_str().unwrap().to_string();
    let jars = c.get("/jars");
    let jar_id = jars["files"][0]["id"].as_str().unwrap().to_string();
    // the _metadata file as a file: URI, and an uploaded jar by id
    let metadata = format!("file://{}/_metadata", local(&sp).display());
    let name = format!("jarid-{}-again", c.version());
    let out = c
        .fsp()
        .args([
            "-o",
            "json",
            "run",
            "--jar-id",
            &jar_id,
            "-s",
            &metadata,
            "-p",
            "1",
            "-c",
            "fsp.fixture.CounterJob",
            "--",
        ])
        .args(["--name", &name])
        .output_ok();
    let again = crate::harness::Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(again.restored_from().as_deref(), Some(sp.as_str()));
    assert_eq!(c.jobs_named(&name).len(), 1);
}
