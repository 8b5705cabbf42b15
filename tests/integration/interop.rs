//! Savepoints written by the distribution's own `bin/flink` are restored and disposed by fsp, and the other
//! way round.

use crate::harness::{CommandExt, Job, Kind, cluster, local};

on_each_version!(flink_to_fsp, fsp_to_flink);

fn flink_to_fsp(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job_rest(&format!("interop-a-{}", c.version()), &[]);
    let out = c.flink().args(["savepoint", &job.id]).output_ok();
    let sp = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Savepoint completed. Path: "))
        .unwrap_or_else(|| panic!("bin/flink printed no path:\n{}", out.stdout))
        .trim()
        .to_string();
    let name = format!("interop-a-{}-fsp", c.version());
    let out = c.fsp().args(["-o", "json", "run", "-s", &sp]).arg(c.jar()).args(["--name", &name]).output_ok();
    let restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(restored.restored_from().as_deref(), Some(sp.as_str()));
    c.fsp().args(["savepoint", "-d", &sp]).output_ok();
    assert!(!local(&sp).exists());
}

fn fsp_to_flink(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("interop-b-{}", c.version()), &[]);
    let sp = c.fsp().args(["-o", "json", "stop", &job.id]).output_ok().json()["location"].as_str().unwrap().to_string();
    let name = format!("interop-b-{}-flink", c.version());
    let out = c.flink().args(["run", "-d", "-s", &sp]).arg(c.jar()).args(["--name", &name]).output_ok();
    let id = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Job has been submitted with JobID "))
        .unwrap_or_else(|| panic!("bin/flink printed no job id:\n{}", out.stdout))
        .trim()
        .to_string();
    let restored = Job { cluster: c, id };
    restored.wait_tasks_running();
    assert_eq!(restored.restored_from().as_deref(), Some(sp.as_str()));
    c.flink().args(["savepoint", "-d", &sp]).output_ok();
    assert!(!local(&sp).exists());
}

/// A savepoint of Flink 1.20.3 restored on Flink 2.3.0: `run --check` and `run -s` warn, before anything is
/// submitted, that Flink guarantees no state compatibility from 1.x to 2.x; the restore itself (this job has
/// no Kryo state) goes ahead and runs. The same savepoint on its own line is not warned about.
#[test]
fn a_1x_savepoint_on_a_2x_cluster_is_warned_about_before_the_restore() {
    let old = cluster(Kind::V1);
    let new = cluster(Kind::V2);
    let job = old.start_job("cross-major", &[]);
    let shared = tempfile::tempdir().unwrap();
    let sp = old.fsp().args(["-o", "json", "savepoint", &job.id, shared.path().to_str().unwrap()]).output_ok().json()
        ["location"]
        .as_str()
        .unwrap()
        .to_string();
    let warning = "written by Flink 1.16 to 1.20 (format V4) and the cluster runs Flink 2.x";
    let check = new.fsp().args(["-o", "json", "run", "-s", &sp, "--check"]).arg(new.jar()).output_ok();
    let warnings = check.json()["warnings"].as_array().unwrap().clone();
    assert!(warnings.iter().any(|w| w.as_str().unwrap().contains(warning)), "{warnings:?}");
    assert!(!warnings.iter().any(|w| w.as_str().unwrap().contains("Kryo")), "the fixture job has no Kryo state");
    check.stderr_has(warning);
    // the same check on the line that wrote it says nothing
    let same = old.fsp().args(["-o", "json", "run", "-s", &sp, "--check"]).arg(old.jar()).output_ok();
    assert_eq!(same.json()["warnings"], serde_json::json!([]), "{}", same.stdout);
    // run -s warns too, and the restore goes ahead
    let out =
        new.fsp().args(["-o", "json", "run", "-s", &sp]).arg(new.jar()).args(["--name", "cross-major-2x"]).output_ok();
    out.stderr_has(warning);
    let restored = Job { cluster: new, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(restored.restored_from().as_deref(), Some(sp.as_str()));
}

/// A NATIVE savepoint of a hashmap job, checked for a job that would run on RocksDB (`-D
/// state.backend.type=rocksdb`): `run --check` refuses it (Flink fails such a restore:
/// `backends::restores_across_backends_are_checked_before_submission_as_flink_would_fail_them`) and names the
/// fix; for the same backend it says nothing; against Flink's default, which the job's code may replace, it is
/// a warning.
#[test]
fn a_native_savepoint_for_another_backend_is_named_before_the_restore() {
    let c = cluster(Kind::V2);
    let job = c.start_job("native-backend", &[]);
    let dir = tempfile::tempdir().unwrap();
    let sp = c
        .fsp()
        .args(["-o", "json", "savepoint", "--type", "native", &job.id, dir.path().to_str().unwrap()])
        .output_ok()
        .json()["location"]
        .as_str()
        .unwrap()
        .to_string();
    let check = |backend: &str| {
        c.fsp()
            .args(["-o", "json", "run", "-s", &sp, "--check", "-D", &format!("state.backend.type={backend}")])
            .arg(c.jar())
            .output_code()
    };
    let refused = check("rocksdb");
    refused.code(1).stderr_has("fsp would not restore");
    let text = refused.json()["refusals"].to_string();
    assert!(text.contains("NATIVE savepoint was written by the hashmap state backend"), "{text}");
    assert!(text.contains("would run on rocksdb (-D state.backend.type)"), "{text}");
    assert!(text.contains("fsp savepoint --type canonical"), "{text}");
    let same = check("hashmap");
    same.code(0);
    assert_eq!(same.json()["warnings"], serde_json::json!([]));
    assert_eq!(same.json()["refusals"], serde_json::json!([]));
}
