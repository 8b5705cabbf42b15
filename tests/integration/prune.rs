//! `fsp history` and `fsp prune` on real savepoints from a real cluster.

use std::path::PathBuf;

use serde_json::Value;

use crate::harness::{CommandExt, Job, Kind, cluster, local};

#[test]
fn history_and_reference_safe_prune() {
    let c = cluster(Kind::V2);
    let job = c.start_job("prune", &[]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let mut sps = Vec::new();
    for _ in 0..4 {
        let v = c.fsp().args(["-o", "json", "savepoint", &job.id, d]).output_ok().json();
        sps.push(v["location"].as_str().unwrap().to_string());
        std::thread::sleep(std::time::Duration::from_millis(1100)); // distinct modification times
    }
    let paths: Vec<PathBuf> = sps.iter().map(|s| local(s)).collect();

    let v = c.fsp().args(["-o", "json", "history", "--dir", d]).output_ok().json();
    assert_eq!(v["cluster_reachable"], true);
    let snaps = v["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 4);
    for s in snaps {
        assert_eq!(s["job"], job.id.as_str(), "the full id, from the cluster");
        assert_eq!(s["complete"], true);
        assert_eq!(s["kind"], "savepoint");
        assert_eq!(s["in_use"]["state"], "no");
    }

    // dry run: says what it would delete, deletes nothing
    let out = c.fsp().args(["prune", "--keep", "2", "--grace", "0s", "--dir", d, "--dry-run"]).output_ok();
    assert_eq!(out.stdout.matches("would delete").count(), 2, "{}", out.stdout);
    assert!(paths.iter().all(|p| p.join("_metadata").is_file()));

    // a job restored from the oldest savepoint keeps it protected
    let out =
        c.fsp().args(["-o", "json", "run", "-s", &sps[0]]).arg(c.jar()).args(["--name", "prune-restored"]).output_ok();
    let _restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    let v: Value = c.fsp().args(["-o", "json", "prune", "--keep", "1", "--grace", "0s", "--dir", d]).output_ok().json();
    let deleted: Vec<&str> = v["deleted"].as_array().unwrap().iter().map(|x| x["path"].as_str().unwrap()).collect();
    assert_eq!(deleted.len(), 2, "{v}");
    assert!(!paths[1].exists() && !paths[2].exists(), "the two middle savepoints are gone");
    assert!(paths[0].join("_metadata").is_file(), "the restore source of a running job is kept");
    assert!(paths[3].join("_metadata").is_file(), "the newest is kept");
    let kept = v["kept"].as_array().unwrap();
    assert!(kept.iter().any(|k| k["reason"].as_str().unwrap().contains("restored from it")), "{v}");

    // idempotent: nothing more to delete
    let v = c.fsp().args(["-o", "json", "prune", "--keep", "1", "--grace", "0s", "--dir", d]).output_ok().json();
    assert!(v["deleted"].as_array().unwrap().is_empty(), "{v}");

    // the cluster unreachable: history still works, prune deletes nothing it cannot prove unused
    let out = crate::util::fsp().args(["-m", "127.0.0.1:1", "-o", "json", "history", "--dir", d]).output_ok();
    assert_eq!(out.json()["cluster_reachable"], false);
    let v = crate::util::fsp()
        .args(["-m", "127.0.0.1:1", "-o", "json", "prune", "--keep", "0", "--grace", "0s", "--dir", d])
        .output_ok()
        .json();
    assert!(v["deleted"].as_array().unwrap().is_empty(), "{v}");
    assert!(paths[0].exists() && paths[3].exists());

    // two prunes at once: the second refuses
    let lock = std::fs::File::create(dir.path().join(".fsp-prune.lock")).unwrap();
    lock.lock().unwrap();
    let out = c.fsp().args(["prune", "--keep", "0", "--grace", "0s", "--dir", d]).output_code();
    out.code(1).stderr_has("another fsp prune is running");
    drop(lock);
    assert!(paths[0].exists() && paths[3].exists());
}
