//! `fsp history`, `prune` and `inspect` on S3 (a real S3-compatible server, moto) with real savepoints: taken
//! from a real cluster, then stored in the bucket the way a cluster with an S3 filesystem stores them.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::harness::{CommandExt, Job, Kind, S3, cluster, local, s3};

/// `n` savepoints of `job` uploaded under `prefix`, oldest first, at least a second apart (S3 keeps
/// modification times in seconds). Returns their `s3://` URLs and the local copies.
fn savepoints_on_s3(c: &crate::harness::Cluster, job: &Job, s3: &S3, prefix: &str, n: usize) -> Vec<(String, PathBuf)> {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut out = Vec::new();
    for i in 0..n {
        if i > 0 {
            // not a wait for anything: S3 keeps modification times in whole seconds, and history orders by them
            std::thread::sleep(std::time::Duration::from_millis(1100));
        }
        let v = c.fsp().args(["-o", "json", "savepoint", &job.id, dir.to_str().unwrap()]).output_ok().json();
        let path = local(v["location"].as_str().unwrap());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        s3.upload_dir(&path, &format!("{prefix}/{name}"));
        out.push((s3.url(&format!("{prefix}/{name}")), path));
    }
    out
}

fn fsp_s3(c: &crate::harness::Cluster, s3: &S3) -> Command {
    let mut cmd = c.fsp();
    s3.env(&mut cmd);
    cmd
}

fn keys_of(s3: &S3, url: &str) -> Vec<String> {
    let key = url.strip_prefix(&format!("s3://{}/", s3.bucket)).unwrap();
    s3.keys(&format!("{key}/"))
}

#[test]
fn history_inspect_and_prune_on_s3() {
    let c = cluster(Kind::V2);
    let s3 = s3();
    let job = c.start_job("s3-prune", &[]);
    let prefix = format!("history-{}", std::process::id());
    let sps = savepoints_on_s3(c, &job, s3, &prefix, 4);
    let root = s3.url(&prefix);
    let files: Vec<Vec<String>> = sps.iter().map(|(u, _)| keys_of(s3, u)).collect();
    assert!(files.iter().all(|f| f.iter().any(|k| k.ends_with("/_metadata"))), "{files:?}");

    // history: complete, self-contained savepoints of the job, in use by nobody (the cluster says)
    let v = fsp_s3(c, s3).args(["-o", "json", "history", "--dir", &root]).output_ok().json();
    assert_eq!(v["cluster_reachable"], true);
    let snaps = v["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 4, "{v}");
    for (s, (url, _)) in snaps.iter().zip(&sps) {
        assert_eq!(s["path"], url.as_str());
        assert_eq!(s["job"], job.id.as_str(), "the full id, from the cluster");
        assert_eq!(
            (&s["complete"], &s["self_contained"], &s["kind"]),
            (&Value::Bool(true), &Value::Bool(true), &"savepoint".into())
        );
        assert_eq!(s["format"], "CANONICAL");
        assert!(s["size"].as_u64().unwrap() > 0);
    }
    let table = fsp_s3(c, s3).args(["history", "--dir", &root]).output_ok();
    assert!(table.stdout.contains(&sps[0].0), "{}", table.stdout);

    // inspect reads the same _metadata from S3 as from the local copy
    let remote = fsp_s3(c, s3).args(["-o", "json", "inspect", "--files", &sps[0].0]).output_ok().json();
    let here = c.fsp().args(["-o", "json", "inspect", "--files"]).arg(&sps[0].1).output_ok().json();
    assert_eq!(remote["operators"], here["operators"]);
    assert_eq!(remote["metadata_file"], format!("{}/_metadata", sps[0].0).as_str());
    assert!(remote["files"].as_array().unwrap().iter().all(|f| f["exists"] == true && f["inside"] == true), "{remote}");
    let missing = fsp_s3(c, s3).args(["inspect", &format!("{root}/savepoint-000000-000000000000")]).output_code();
    missing.code(4).stderr_has("does not exist");

    // the default grace period (10 minutes): savepoints seconds old may still be being written, none goes
    let v = fsp_s3(c, s3).args(["-o", "json", "prune", "--keep", "0", "--dir", &root]).output_ok().json();
    assert!(v["deleted"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(
        v["kept"].as_array().unwrap().iter().filter(|k| k["reason"].as_str().unwrap().contains("grace period")).count(),
        3,
        "{v}"
    );

    // dry run: deletes nothing
    let out = fsp_s3(c, s3).args(["prune", "--keep", "1", "--grace", "0s", "--dir", &root, "--dry-run"]).output_ok();
    assert_eq!(out.stdout.matches("would delete").count(), 3, "{}", out.stdout);
    for (f, (u, _)) in files.iter().zip(&sps) {
        assert_eq!(&keys_of(s3, u), f);
    }

    // prune: the cluster cannot reach S3 (no S3 filesystem in it), so fsp deletes the self-contained ones
    let v =
        fsp_s3(c, s3).args(["-o", "json", "prune", "--keep", "2", "--grace", "0s", "--dir", &root]).output_ok().json();
    let mut deleted: Vec<&str> = v["deleted"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    deleted.sort();
    let mut oldest = vec![sps[0].0.as_str(), sps[1].0.as_str()];
    oldest.sort();
    assert_eq!(deleted, oldest, "{v}");
    assert!(v["deleted"][0]["reason"].as_str().unwrap().contains("deleted by fsp"), "{v}");
    assert!(
        keys_of(s3, &sps[0].0).is_empty() && keys_of(s3, &sps[1].0).is_empty(),
        "every object of the two oldest is gone"
    );
    assert_eq!(keys_of(s3, &sps[2].0), files[2]);
    assert_eq!(keys_of(s3, &sps[3].0), files[3]);
    assert!(s3.keys(&format!("{prefix}/.fsp-prune.lock")).is_empty(), "the lock is released");

    // idempotent
    let v =
        fsp_s3(c, s3).args(["-o", "json", "prune", "--keep", "2", "--grace", "0s", "--dir", &root]).output_ok().json();
    assert!(v["deleted"].as_array().unwrap().is_empty(), "{v}");

    // the cluster down: nothing whose use is unknown is deleted; --offline says "no job uses these"
    let down = |args: &[&str]| {
        let mut cmd = crate::util::fsp();
        s3.env(&mut cmd).args(["-m", "127.0.0.1:1", "-o", "json", "prune", "--grace", "0s", "--dir", &root]).args(args);
        cmd.output_ok().json()
    };
    assert!(down(&["--keep", "0"])["deleted"].as_array().unwrap().is_empty());
    let v = down(&["--keep", "0", "--offline"]);
    assert_eq!(v["deleted"].as_array().unwrap().len(), 1, "{v}");
    assert!(keys_of(s3, &sps[2].0).is_empty());
    assert_eq!(keys_of(s3, &sps[3].0), files[3], "the newest complete savepoint is never deleted");

    // another prune holding the lock: refused, nothing deleted
    s3.put(&format!("{prefix}/.fsp-prune.lock"), b"{\"host\":\"elsewhere\"}".to_vec());
    let out = fsp_s3(c, s3).args(["prune", "--keep", "0", "--grace", "0s", "--dir", &root]).output_code();
    out.code(1).stderr_has("another fsp prune is running").stderr_has(".fsp-prune.lock").stderr_has("elsewhere");
    assert_eq!(keys_of(s3, &sps[3].0), files[3]);
    // a lock left by a prune of this host that is gone (killed) is taken over, and released
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap().trim().to_string();
    let stale = format!("{{\"host\":\"{host}\",\"pid\":4194303,\"since\":\"2026-01-01T00:00:00Z\"}}");
    s3.put(&format!("{prefix}/.fsp-prune.lock"), stale.into_bytes());
    let out = fsp_s3(c, s3).args(["prune", "--keep", "0", "--grace", "0s", "--dir", &root]).output_ok();
    out.stderr_has("took over").stderr_has("pid 4194303");
    assert!(s3.keys(&format!("{prefix}/.fsp-prune.lock")).is_empty());
    assert_eq!(keys_of(s3, &sps[3].0), files[3]);
}

#[test]
fn on_s3_a_checkpoint_that_references_files_outside_is_not_deleted_without_the_cluster() {
    let s3 = s3();
    let prefix = format!("shared-{}", std::process::id());
    let job = "5b5a2f1ed6b7fdc6ce0ad7e0b1a4e3c2";
    let fixture = crate::util::repo().join("tests/fixtures/metadata/2.3.0-rocksdb-incremental-checkpoint/_metadata");
    for n in [3, 4] {
        s3.put(&format!("{prefix}/{job}/chk-{n}/_metadata"), std::fs::read(&fixture).unwrap());
        // not a wait for anything: S3 keeps modification times in whole seconds, and history orders by them
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    let root = s3.url(&prefix);
    let mut cmd = crate::util::fsp();
    let v = s3.env(&mut cmd).args(["-o", "json", "history", "--dir", &root]).output_ok().json();
    let snaps = v["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 2, "{v}");
    assert!(snaps.iter().all(|s| s["kind"] == "checkpoint" && s["job"] == job && s["self_contained"] == false), "{v}");
    let mut cmd = crate::util::fsp();
    let out = s3
        .env(&mut cmd)
        .args(["-o", "json", "prune", "--keep", "0", "--grace", "0s", "--include-checkpoints", "--offline"])
        .args(["--dir", &root])
        .output_code();
    out.code(1);
    let v = out.json();
    assert!(v["failed"][0]["reason"].as_str().unwrap().contains("outside its directory"), "{v}");
    assert_eq!(s3.keys(&format!("{prefix}/{job}/chk-3/")).len(), 1, "chk-3 left alone");
}

#[test]
fn s3_errors_name_the_problem() {
    let s3 = s3();
    let mut cmd = crate::util::fsp();
    let out = s3.env(&mut cmd).args(["history", "--dir", "s3://no-such-bucket-fsp/sp"]).output_code();
    out.code(1).stderr_has("cannot list s3://no-such-bucket-fsp/sp");
    let out = crate::util::fsp().args(["history", "--dir", "hdfs://nn:8020/sp"]).output_code();
    out.code(2).stderr_has("not hdfs://");
    // wrong endpoint: unreachable storage fails within the timeout, saying what it tried
    let out = crate::util::fsp()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
        .env("AWS_ACCESS_KEY_ID", "x")
        .env("AWS_SECRET_ACCESS_KEY", "y")
        .args(["--timeout", "5s", "inspect", "s3://b/sp/savepoint-000000-000000000000"])
        .output_code();
    out.code(1).stderr_has("cannot read s3://b/sp/savepoint-000000-000000000000/_metadata");
}

#[test]
fn a_prune_on_s3_killed_at_random_points_never_loses_a_protected_or_restorable_savepoint() {
    use crate::prune::{Listing, kill_at_random_points, synthetic};
    let s3 = s3();
    let run = std::cell::Cell::new(0);
    let local = tempfile::tempdir().unwrap();
    let names = synthetic(local.path(), &["f6f6f6", "a7a7a7"], 5);
    // uploaded oldest first: S3's times (in seconds) and the names agree on which is newest
    let setup = || {
        run.set(run.get() + 1);
        let prefix = format!("kill-{}-{}", std::process::id(), run.get());
        for name in names.iter().flatten() {
            s3.upload_dir(&local.path().join(name), &format!("{prefix}/{name}"));
        }
        (s3.url(&prefix), names.iter().flat_map(|n| n[3..].to_vec()).collect())
    };
    let listing = |url: &str| -> Listing {
        let prefix = url.strip_prefix(&format!("s3://{}/", s3.bucket)).unwrap();
        let mut out = Listing::new();
        for k in s3.keys(&format!("{prefix}/")) {
            let rel = &k[prefix.len() + 1..];
            if let Some((dir, file)) = rel.split_once('/') {
                out.entry(dir.to_string()).or_default().insert(file.to_string());
            }
        }
        out
    };
    let prune = |url: &str| {
        let mut cmd = crate::util::fsp();
        s3.env(&mut cmd).args(["prune", "--keep", "2", "--grace", "0s", "--offline", "--dir", url]);
        cmd
    };
    let (url, _) = setup();
    let started = std::time::Instant::now();
    prune(&url).output_ok();
    let whole = started.elapsed().as_millis() as u64;
    kill_at_random_points(12, whole, &setup, &listing, &prune);
}

/// The S3 lock is a lease. A running prune renews it, so a second prune is refused however long the first
/// takes; a prune whose lock another one took over stops deleting and leaves that lock alone; and a lock
/// nobody renewed for the stale period (a prune killed on a machine that is gone) is taken over. The lease
/// is shortened for the test (`FSP_PRUNE_TEST_LEASE_MS`: stale after 4 s, renewed every second; S3 keeps
/// modification times in whole seconds).
#[test]
fn the_s3_lock_is_a_lease_renewed_while_a_prune_runs_and_taken_over_once_stale() {
    use crate::prune::synthetic;
    use crate::util::wait_until;
    use std::time::Duration;
    let s3 = s3();
    let local = tempfile::tempdir().unwrap();
    let names: Vec<String> = synthetic(local.path(), &["b1b1b1"], 40).concat();
    let prefix = format!("lease-{}", std::process::id());
    for name in &names {
        s3.upload_dir(&local.path().join(name), &format!("{prefix}/{name}"));
    }
    let url = s3.url(&prefix);
    let lock = format!("{prefix}/.fsp-prune.lock");
    // Each prune as if on a machine of its own: fsp keeps its host-local lock under the runtime directory.
    let machines = tempfile::tempdir().unwrap();
    let prune = |slow_ms: u64| {
        let mut cmd = crate::util::fsp();
        let machine = tempfile::tempdir_in(machines.path()).unwrap().keep();
        s3.env(&mut cmd)
            .env("XDG_RUNTIME_DIR", &machine)
            .env("FSP_PRUNE_TEST_LEASE_MS", "4000")
            .env("FSP_PRUNE_TEST_SLOW_MS", slow_ms.to_string())
            .args(["prune", "--keep", "1", "--grace", "0s", "--offline", "--dir", &url]);
        cmd
    };

    // A: 39 to delete, eight at a time, each taking 3 s: it holds the lock for about 15 s.
    let a = prune(3000).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    wait_until(Duration::from_secs(20), "the first prune to take its lock", || !s3.keys(&lock).is_empty());
    let mine = s3.read(&lock);
    // Past the stale period, the lock is still fresh: A renews it. B is refused.
    // Not a wait for an event: the premise is that more than the 4 s stale period has passed, only time does that.
    std::thread::sleep(Duration::from_secs(5));
    let b = prune(0).output_code();
    b.code(1).stderr_has("another fsp prune is running").stderr_has("renews its lock every");
    assert_eq!(s3.read(&lock), mine, "B left the lock alone");

    // Another prune takes the lock over (as one would that found it stale): A notices at its next renewal,
    // finishes the savepoints it has started and deletes no more, and leaves the other's lock alone.
    let foreign = b"{\"host\":\"elsewhere\",\"pid\":1,\"since\":\"2026-12-01T00:00:00Z\"}".to_vec();
    s3.put(&lock, foreign.clone());
    let a = a.wait_with_output().unwrap();
    let a = crate::util::Out {
        code: a.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&a.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&a.stderr).into_owned(),
    };
    a.code(1).stdout_has("lost its lock").stdout_has("elsewhere");
    assert_eq!(s3.read(&lock), foreign, "A left the lock that is no longer its own");
    assert_ne!(mine, foreign);
    let left = keys_of(s3, &url);
    let metas = left.iter().filter(|k| k.ends_with("/_metadata")).count();
    assert!(metas > 1, "A stopped deleting: {metas} savepoints left");
    for dir in left.iter().filter_map(|k| k.strip_suffix("/_metadata")) {
        assert_eq!(left.iter().filter(|k| k.starts_with(&format!("{dir}/"))).count(), 4, "{dir} is whole");
    }

    // Nobody renews that lock: once it is older than the stale period, the next prune takes it over, says
    // so, finishes the job and releases it.
    // Not a wait for an event: the lock must become older than the 4 s stale period, only time does that.
    std::thread::sleep(Duration::from_secs(5));
    let c = prune(0).output_ok();
    c.stderr_has("took over").stderr_has("last renewed").stderr_has("elsewhere");
    assert!(s3.keys(&lock).is_empty(), "the lock is released");
    let metas = keys_of(s3, &url).iter().filter(|k| k.ends_with("/_metadata")).count();
    assert_eq!(metas, 1, "only the newest is kept");
}

/// Savepoints Flink itself writes to S3: a job restored from one keeps it protected; the others are disposed
/// of through the cluster (which can reach S3 here) and fsp checks every object is gone; `bin/flink` restores
/// from and disposes of what fsp wrote.
#[test]
fn savepoints_flink_writes_to_s3_are_disposed_through_the_cluster_and_the_restore_source_is_kept() {
    let c = cluster(Kind::V2S3);
    let s3 = s3();
    let prefix = format!("flink-{}", std::process::id());
    let root = s3.url(&prefix);
    let job = c.start_job("s3-flink", &[]);
    let mut sps = Vec::new();
    for i in 0..4 {
        if i > 0 {
            // not a wait for anything: S3 keeps modification times in whole seconds, and history orders by them
            std::thread::sleep(std::time::Duration::from_millis(1100));
        }
        let v = fsp_s3(c, s3).args(["-o", "json", "savepoint", &job.id, &root]).output_ok().json();
        let loc = v["location"].as_str().unwrap().to_string();
        assert!(loc.starts_with(&format!("{root}/savepoint-")), "{loc}");
        sps.push(loc);
    }
    let files: Vec<Vec<String>> = sps.iter().map(|u| keys_of(s3, u)).collect();
    assert!(files.iter().all(|f| f.len() > 1), "state files apart from _metadata: {files:?}");

    // a job restored (by fsp) from the oldest: in use
    let out = fsp_s3(c, s3)
        .args(["-o", "json", "run", "-s", &sps[0]])
        .arg(c.jar())
        .args(["--name", "s3-restored"])
        .output_ok();
    let restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(restored.restored_from().as_deref(), Some(sps[0].as_str()));
    let v = fsp_s3(c, s3).args(["-o", "json", "history", "--dir", &root]).output_ok().json();
    let oldest = v["snapshots"].as_array().unwrap().iter().find(|s| s["path"] == sps[0].as_str()).unwrap().clone();
    assert_eq!(oldest["in_use"]["state"], "yes", "{v}");

    let v =
        fsp_s3(c, s3).args(["-o", "json", "prune", "--keep", "1", "--grace", "0s", "--dir", &root]).output_ok().json();
    let deleted: Vec<&str> = v["deleted"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(deleted.len(), 2, "{v}");
    assert!(deleted.contains(&sps[1].as_str()) && deleted.contains(&sps[2].as_str()), "{v}");
    assert!(
        v["deleted"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["reason"].as_str().unwrap().contains("disposed through the cluster")),
        "{v}"
    );
    assert!(keys_of(s3, &sps[1]).is_empty() && keys_of(s3, &sps[2]).is_empty());
    assert_eq!(keys_of(s3, &sps[0]), files[0], "the restore source of a running job is whole");
    assert_eq!(keys_of(s3, &sps[3]), files[3], "the newest is whole");
    assert!(
        v["kept"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["path"] == sps[0].as_str() && k["reason"].as_str().unwrap().contains("restored from it")),
        "{v}"
    );

    // bin/flink restores from and disposes of a savepoint fsp took to S3
    let out = c.flink().args(["run", "-d", "-s", &sps[3]]).arg(c.jar()).args(["--name", "s3-by-flink"]).output_ok();
    let id = out.stdout.split("JobID ").nth(1).unwrap().trim().to_string();
    let by_flink = Job { cluster: c, id };
    by_flink.wait_state("RUNNING");
    assert_eq!(by_flink.restored_from().as_deref(), Some(sps[3].as_str()));
    drop(by_flink);
    c.flink().args(["savepoint", "-d", &sps[3]]).output_ok();
    assert!(keys_of(s3, &sps[3]).is_empty(), "bin/flink disposed of it");
}

/// `inspect --states` of a savepoint Flink wrote to S3, every state file apart from `_metadata`: fsp reads the
/// heads of those files with ranged reads and finds what a local savepoint of the same job holds.
#[test]
fn states_of_a_savepoint_on_s3_are_read_from_the_heads_of_its_files() {
    let c = cluster(Kind::V2S3);
    let s3 = s3();
    let root = s3.url(&format!("states-{}", std::process::id()));
    let job = c.start_job("s3-states", &[]);
    let on_s3 = fsp_s3(c, s3).args(["-o", "json", "savepoint", &job.id, &root]).output_ok().json()["location"]
        .as_str()
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let on_disk =
        c.fsp().args(["-o", "json", "savepoint", &job.id, dir.path().to_str().unwrap()]).output_ok().json()["location"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(keys_of(s3, &on_s3).len() > 1, "state files apart from _metadata");
    let states = |v: Value| -> Vec<(String, Value)> {
        v["operators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                assert_eq!(o["states_unread"], serde_json::json!([]), "{o}");
                (o["uid"].as_str().or(o["name"].as_str()).unwrap_or_default().to_string(), o["states"].clone())
            })
            .collect()
    };
    let remote = states(fsp_s3(c, s3).args(["-o", "json", "inspect", "--states", &on_s3]).output_ok().json());
    let local = states(c.fsp().args(["-o", "json", "inspect", "--states", &on_disk]).output_ok().json());
    assert_eq!(remote, local);
    let counter = remote.iter().find(|(uid, _)| uid == "counter").map(|(_, s)| s.to_string()).unwrap_or_default();
    assert!(counter.contains(r#""name":"count""#) && counter.contains(r#""kind":"VALUE""#), "{remote:?}");
}
