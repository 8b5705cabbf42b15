//! `fsp inspect` on fresh savepoints of real clusters, and the restore check `fsp run --check` (the committed
//! `_metadata` files are inspected in `offline::inspect`).

use crate::harness::{CommandExt, Kind, cluster, local};
use crate::offline::inspect::inspect_json;

on_each_version!(fresh_savepoints_match_the_running_job, restore_check_predicts_flinks_verdict);

fn fresh_savepoints_match_the_running_job(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("inspect-{}", c.version()), &[]);
    let sp = c.fsp().args(["-o", "json", "savepoint", "--type", "native", &job.id]).output_ok().json()["location"]
        .as_str()
        .unwrap()
        .to_string();
    let v = inspect_json(&[&sp, "--files", "--uid", "numbers", "--uid", "counter", "--uid", "dedup"]);
    assert_eq!(v["kind"], "savepoint");
    assert_eq!(v["format"], "NATIVE");
    // every vertex of the running job is an operator of the savepoint, with state
    let vertices = c.get(&format!("/jobs/{}", job.id))["vertices"].clone();
    for vx in vertices.as_array().unwrap() {
        let op = v["operators"].as_array().unwrap().iter().find(|o| o["id"] == vx["id"]).cloned();
        let op = op.unwrap_or_else(|| panic!("vertex {} not in the savepoint", vx["id"]));
        assert!(op["matched_uid"].is_string(), "{op}");
        assert!(!op["state"].as_array().unwrap().is_empty(), "{op}");
    }
    for f in v["files"].as_array().unwrap() {
        assert_eq!(f["exists"], true, "{f}");
        assert_eq!(f["inside"], true, "a savepoint is self-contained: {f}");
    }
    c.fsp().args(["savepoint", "-d", &sp]).output_ok();
    assert!(!local(&sp).exists());
}

fn restore_check_predicts_flinks_verdict(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("check-{}", c.version()), &[]);
    let sp =
        c.fsp().args(["-o", "json", "savepoint", &job.id]).output_ok().json()["location"].as_str().unwrap().to_string();
    let jars_before = c.get("/jars")["files"].as_array().unwrap().len();
    let name = format!("check-{}-never", c.version());
    // the same job: everything restored
    let v = c
        .fsp()
        .args(["-o", "json", "run", "--check", "-s", &sp])
        .arg(c.jar())
        .args(["--name", &name])
        .output_ok()
        .json();
    assert_eq!(v["refused"], false);
    assert_eq!(v["restored"].as_array().unwrap().len(), 3);
    // the variant: refused without -n (Flink agrees: see core::lifecycle), accepted with -n
    let out = c
        .fsp()
        .args(["-o", "json", "run", "--check", "-s", &sp])
        .arg(c.jar())
        .args(["--name", &name, "--drop-dedup"])
        .output_code();
    out.code(1).stderr_has("Flink would refuse");
    let v = out.json();
    assert_eq!(v["not_restored"][0]["id"], "5a872f3a73b9dad53994e3e6e14f16e6");
    let v = c
        .fsp()
        .args(["-o", "json", "run", "--check", "-n", "-s", &sp])
        .arg(c.jar())
        .args(["--name", &name, "--drop-dedup"])
        .output_ok()
        .json();
    assert_eq!(v["refused"], false);
    // nothing was submitted, and the jar uploaded for the plan is gone again
    assert!(c.jobs_named(&name).is_empty());
    assert_eq!(c.get("/jars")["files"].as_array().unwrap().len(), jars_before);
    // and Flink's own verdict on the variant with -n: it runs, without the dropped state
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-n", "-s", &sp])
        .arg(c.jar())
        .args(["--name", &name, "--drop-dedup"])
        .output_ok();
    let _variant = crate::harness::Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
}
