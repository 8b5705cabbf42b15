//! `fsp checkpoints`: configuration and statistics of a job's checkpoints, on each version.

use crate::harness::{CommandExt, Kind, cluster};

on_each_version!(checkpoint_view);

fn checkpoint_view(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("view-{}", c.version()), &["--checkpoint-interval", "300"]);
    job.wait_completed_checkpoint();
    let sp =
        c.fsp().args(["-o", "json", "savepoint", &job.id]).output_ok().json()["location"].as_str().unwrap().to_string();
    let v = c.fsp().args(["-o", "json", "checkpoints", &job.id]).output_ok().json();
    assert_eq!(v["enabled"], true);
    assert_eq!(v["config"]["interval_ms"], 300);
    assert_eq!(v["config"]["retained_on_cancellation"], true);
    assert!(v["counts"]["completed"].as_u64().unwrap() >= 1);
    assert!(v["latest"]["completed"]["path"].as_str().unwrap().contains("/chk-"));
    // Flink's statistics are cached for up to 3 s: wait until they show the savepoint
    c.wait_for("the savepoint in the statistics", 20, || {
        let v = c.fsp().args(["-o", "json", "checkpoints", &job.id]).output_ok().json();
        v["latest"]["savepoint"]["path"] == sp.as_str()
    });
    let out = c.fsp().args(["checkpoints", &job.id]).output_ok();
    out.stdout_has("Checkpointing: exactly_once, every 300ms").stdout_has("retained on cancellation").stdout_has(&sp);

    // a job without checkpointing, and one restored from the savepoint
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-s", &sp])
        .arg(c.jar())
        .args(["--name", &format!("view-{}-2", c.version())])
        .output_ok();
    let restored = crate::harness::Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    let v = c.fsp().args(["-o", "json", "checkpoints", &restored.id]).output_ok().json();
    assert_eq!(v["enabled"], false);
    assert_eq!(v["latest"]["restored"]["path"], sp.as_str());
    c.fsp().args(["checkpoints", &restored.id]).output_ok().stdout_has("not enabled").stdout_has("Restored from:");
    c.fsp().args(["checkpoints", "00000000000000000000000000000042"]).output_code().code(4);
}
