//! `latest`: `history --latest` and `run -s latest[:JOB]` / `latest-state[:JOB]` pick the newest complete
//! snapshot of a job by checkpoint id, on real savepoints and retained checkpoints of real clusters.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::harness::{Cluster, CommandExt, Job, Kind, cluster, local, s3};

/// A savepoint of `job` into `dir`: its local directory.
fn savepoint(c: &Cluster, job: &Job, dir: &Path) -> PathBuf {
    let v = c.fsp().args(["-o", "json", "savepoint", &job.id]).arg(dir).output_ok().json();
    local(v["location"].as_str().unwrap())
}

/// The checkpoint id in a snapshot's `_metadata`, as `fsp inspect` reads it.
fn checkpoint_id(c: &Cluster, dir: &Path) -> i64 {
    c.fsp().args(["-o", "json", "inspect"]).arg(dir).output_ok().json()["checkpoint_id"].as_i64().unwrap()
}

/// Set the `_metadata` file's modification time `secs` from now (negative: in the past).
fn touch(dir: &Path, secs: i64) {
    let now = SystemTime::now();
    let t = if secs >= 0 { now + Duration::from_secs(secs as u64) } else { now - Duration::from_secs((-secs) as u64) };
    std::fs::File::options().write(true).open(dir.join("_metadata")).unwrap().set_modified(t).unwrap();
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn latest_is_the_highest_checkpoint_id_never_the_newest_file_nor_an_incomplete_one() {
    let c = cluster(Kind::V2);
    let name = format!("latest-order-{}", std::process::id());
    let job = c.start_job(&name, &[]);
    let dir = tempfile::tempdir().unwrap();
    let d = s(dir.path());
    let sps: Vec<PathBuf> = (0..3).map(|_| savepoint(c, &job, dir.path())).collect();
    let ids: Vec<i64> = sps.iter().map(|p| checkpoint_id(c, p)).collect();
    assert!(ids[0] < ids[1] && ids[1] < ids[2], "Flink numbers them in order: {ids:?}");
    // the oldest looks newest on disk (copied, touched), the newest looks oldest
    touch(&sps[0], 3600);
    touch(&sps[2], -3600);
    let listed = c.fsp().args(["-o", "json", "history", "--dir", d]).output_ok().json();
    let last = listed["snapshots"].as_array().unwrap().last().unwrap()["path"].as_str().unwrap().to_string();
    assert_eq!(Path::new(&last), sps[0], "history lists by modification time, so the oldest savepoint is last");

    // the cluster's statistics are cached for a few seconds (web.refresh-interval): once they list the newest
    // savepoint, fsp ties it to the job by them rather than by the 6-hex prefix of its name
    c.wait_for("the newest savepoint in the job's checkpoint statistics", 30, || {
        job.checkpoints()["history"]
            .as_array()
            .is_some_and(|h| h.iter().any(|e| e["external_path"].as_str().is_some_and(|p| local(p) == sps[2])))
    });
    let out = c.fsp().args(["history", "--latest", "--job", &job.id, "--dir", d]).output_ok();
    assert_eq!(out.stdout.trim(), s(&sps[2]), "stdout is the path alone\n{}", out.stderr);
    out.stderr_has(&format!("Chose savepoint {} with checkpoint id {}", s(&sps[2]), ids[2]))
        .stderr_has("the highest of the 3 complete savepoints")
        .stderr_has("checkpoint statistics of job");

    // the newest directories are incomplete: one without _metadata (a savepoint still being written), and a
    // real newer savepoint whose _metadata was cut short
    let unfinished = dir.path().join(format!("savepoint-{}-ffffffffffff", &job.id[..6]));
    std::fs::create_dir(&unfinished).unwrap();
    std::fs::write(unfinished.join("0a1b2c3d-state"), b"partial").unwrap();
    let truncated = savepoint(c, &job, dir.path());
    let meta = std::fs::read(truncated.join("_metadata")).unwrap();
    std::fs::write(truncated.join("_metadata"), &meta[..meta.len() / 2]).unwrap();
    touch(&truncated, 7200);
    let out = c.fsp().args(["history", "--latest", "--name", &name, "--dir", d]).output_ok();
    assert_eq!(out.stdout.trim(), s(&sps[2]), "{}", out.stderr);
    out.stderr_has(&format!("passed over {}: incomplete: no _metadata", s(&unfinished)))
        .stderr_has(&format!("passed over {}: incomplete: its _metadata cannot be read", s(&truncated)));

    // -o json: the snapshot object, with its checkpoint id and the reason
    let v = c.fsp().args(["-o", "json", "history", "--latest", "--name", &name, "--dir", d]).output_ok().json();
    assert_eq!(v["path"], s(&sps[2]));
    assert_eq!(v["checkpoint_id"], ids[2]);
    assert_eq!((&v["kind"], &v["complete"], &v["job"]), (&"savepoint".into(), &true.into(), &job.id.as_str().into()));
    assert!(v["reason"].as_str().unwrap().contains(&format!("checkpoint id {}", ids[2])), "{v}");

    // run --check -s latest:NAME checks that savepoint, submitting nothing
    let out = c
        .fsp()
        .args(["-o", "json", "run", "--check", "-s", &format!("latest:{name}"), "--dir", d])
        .arg(c.jar())
        .args(["--name", &name])
        .output_ok();
    assert_eq!(out.json()["savepoint"], s(&sps[2]), "{}", out.stderr);
    assert_eq!(c.jobs_named(&name).len(), 1, "nothing submitted");

    // run -s latest:NAME restores exactly that savepoint, says so, and Flink reports it as the restore source
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-s", &format!("latest:{name}"), "--dir", d])
        .arg(c.jar())
        .args(["--name", &name])
        .output_ok();
    out.stderr_has(&format!("Chose savepoint {}", s(&sps[2])));
    let restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(out.json()["savepoint"], s(&sps[2]));
    assert_eq!(restored.restored_from().map(|p| local(&p)), Some(sps[2].clone()));
    // fsp's submission record keeps the name for when the cluster has forgotten the job
    let record = crate::util::home().join(format!(".local/state/fsp/submissions/{}.json", restored.id));
    let record: serde_json::Value = serde_json::from_slice(&std::fs::read(&record).unwrap()).unwrap();
    assert_eq!((&record["name"], &record["cluster"]), (&name.as_str().into(), &c.rest.as_str().into()), "{record}");

    // now two jobs of that name run: the name is ambiguous, exit 4, and both are named
    let out = c.fsp().args(["history", "--latest", "--name", &name, "--dir", d]).output_code();
    out.code(4).stderr_has("is ambiguous").stderr_has(&job.id).stderr_has(&restored.id);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let out = c.fsp().args(["run", "-s", &format!("latest:{name}"), "--dir", d]).arg(c.jar()).output_code();
    out.code(4).stderr_has("is ambiguous");

    // nothing complete: exit 4, listing what was found and why each does not count
    let only_broken = tempfile::tempdir().unwrap();
    for p in [&unfinished, &truncated] {
        let to = only_broken.path().join(p.file_name().unwrap());
        std::fs::create_dir(&to).unwrap();
        for f in std::fs::read_dir(p).unwrap().flatten() {
            std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
        }
    }
    let out = c.fsp().args(["history", "--latest", "--job", &job.id, "--dir", s(only_broken.path())]).output_code();
    out.code(4)
        .stderr_has(&format!("no complete savepoint of job {}", job.id))
        .stderr_has("ffffffffffff (checkpoint id unknown): incomplete: no _metadata")
        .stderr_has("its _metadata cannot be read");
    let out = c.fsp().args(["run", "-s", "latest", "--dir", s(only_broken.path())]).arg(c.jar()).output_code();
    out.code(4).stderr_has("no complete savepoint");
    assert!(c.jobs_named(&name).len() == 2, "nothing was submitted");

    // --max-age: the cluster recorded them seconds ago, so 1h passes and a 1 ms limit does not
    c.fsp().args(["history", "--latest", "--job", &job.id, "--dir", d, "--max-age", "1h"]).output_ok();
    let out = c.fsp().args(["history", "--latest", "--job", &job.id, "--dir", d, "--max-age", "1ms"]).output_code();
    out.code(4).stderr_has("older than --max-age 1ms");

    // a name the cluster does not know
    let out = c.fsp().args(["history", "--latest", "--name", "no-such-job-name", "--dir", d]).output_code();
    out.code(4).stderr_has("no job named 'no-such-job-name'");
}

#[test]
fn a_retained_checkpoint_newer_than_the_newest_savepoint_counts_only_with_include_checkpoints() {
    let c = cluster(Kind::V2);
    let name = format!("latest-chk-{}", std::process::id());
    // checkpoints retained on cancellation, the periodic ones an hour apart: the test triggers its own
    let job = c.start_job(&name, &["--checkpoint-interval", "3600000"]);
    let dir = tempfile::tempdir().unwrap();
    let sp = savepoint(c, &job, dir.path());
    let v = c.fsp().args(["-o", "json", "checkpoint", &job.id]).output_ok().json();
    let triggered = v["checkpoint_id"].as_i64().unwrap();
    // cancelled, the job keeps its latest checkpoint (retained on cancellation) and takes no more: had a
    // periodic one come after ours, that one is the latest
    c.fsp().args(["cancel", &job.id]).output_ok();
    job.wait_state("CANCELED");
    let retained: Vec<i64> = std::fs::read_dir(c.dir.join("checkpoints").join(&job.id))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("_metadata").is_file())
        .filter_map(|e| e.file_name().to_string_lossy().strip_prefix("chk-").and_then(|n| n.parse().ok()))
        .collect();
    let chk_id = *retained.iter().max().unwrap_or_else(|| panic!("no retained checkpoint of job {}", job.id));
    assert!(chk_id >= triggered && chk_id > checkpoint_id(c, &sp), "{retained:?}");
    let chk = c.dir.join("checkpoints").join(&job.id).join(format!("chk-{chk_id}"));
    // the checkpoint looks older on disk than the savepoint
    touch(&chk, -3600);
    let chk_root = c.dir.join("checkpoints");
    let dirs = ["--dir", s(dir.path()), "--dir", s(&chk_root)];

    let out = c.fsp().args(["history", "--latest", "--job", &job.id]).args(dirs).output_ok();
    assert_eq!(out.stdout.trim(), s(&sp), "savepoints only by default\n{}", out.stderr);
    out.stderr_has(&format!("passed over {}: a retained checkpoint", s(&chk))).stderr_has("--include-checkpoints");

    let out = c.fsp().args(["history", "--latest", "--include-checkpoints", "--job", &job.id]).args(dirs).output_ok();
    assert_eq!(out.stdout.trim(), s(&chk), "{}", out.stderr);
    out.stderr_has(&format!("Chose checkpoint {} with checkpoint id {chk_id}", s(&chk)))
        .stderr_has("complete savepoints and retained checkpoints")
        .stderr_has(&format!("its directory is {}/chk-N", job.id));

    // run: latest takes the savepoint, latest-state the checkpoint; Flink reports each as the restore source
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-s", &format!("latest:{}", job.id)])
        .args(dirs)
        .arg(c.jar())
        .args(["--name", &format!("{name}-sp")])
        .output_ok();
    let from_sp = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(from_sp.restored_from().map(|p| local(&p)), Some(sp.clone()));
    // free its slot before the next job: the shared cluster has four, and other tests run beside this one
    c.cancel(&from_sp.id);
    from_sp.wait_state("CANCELED");
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-s", &format!("latest-state:{}", job.id)])
        .args(dirs)
        .arg(c.jar())
        .args(["--name", &format!("{name}-chk")])
        .output_ok();
    let from_chk = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(from_chk.restored_from().map(|p| local(&p)), Some(chk.clone()));
}

#[test]
fn latest_on_flink_1_20_from_the_clusters_own_directories() {
    let c = cluster(Kind::V1);
    let name = format!("latest-v1-{}", std::process::id());
    let job = c.start_job(&name, &[]);
    // into the cluster's default savepoint directory, where other tests' savepoints are too
    let sps: Vec<PathBuf> = (0..2).map(|_| savepoint(c, &job, &c.savepoint_dir())).collect();
    touch(&sps[0], 3600);
    // no --dir: the directories come from the cluster's configuration
    let out = c.fsp().args(["history", "--latest", "--name", &name]).output_ok();
    assert_eq!(out.stdout.trim(), s(&sps[1]), "{}", out.stderr);
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-s", &format!("latest:{}", job.id)])
        .arg(c.jar())
        .args(["--name", &format!("{name}-restored")])
        .output_ok();
    let restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(restored.restored_from().map(|p| local(&p)), Some(sps[1].clone()));
}

#[test]
fn latest_on_s3_orders_by_checkpoint_id_not_upload_time() {
    let c = cluster(Kind::V2);
    let s3 = s3();
    let job = c.start_job(&format!("latest-s3-{}", std::process::id()), &[]);
    let dir = tempfile::tempdir().unwrap();
    let sps: Vec<PathBuf> = (0..3).map(|_| savepoint(c, &job, dir.path())).collect();
    let prefix = format!("latest-{}", std::process::id());
    let url = |p: &Path| s3.url(&format!("{prefix}/{}", p.file_name().unwrap().to_string_lossy()));
    // uploaded newest first, a second apart (S3 keeps whole seconds): the oldest has the newest time
    for p in sps.iter().rev() {
        s3.upload_dir(p, &format!("{prefix}/{}", p.file_name().unwrap().to_string_lossy()));
        // not a wait for anything: the next upload must get a later modification time
        std::thread::sleep(Duration::from_millis(1100));
    }
    // and a newer one whose _metadata is cut short
    let cut = savepoint(c, &job, dir.path());
    let cut_key = format!("{prefix}/{}", cut.file_name().unwrap().to_string_lossy());
    let meta = std::fs::read(cut.join("_metadata")).unwrap();
    s3.upload_dir(&cut, &cut_key);
    s3.put(&format!("{cut_key}/_metadata"), meta[..meta.len() / 2].to_vec());

    let mut cmd = c.fsp();
    s3.env(&mut cmd);
    let out = cmd.args(["history", "--latest", "--job", &job.id, "--dir", &s3.url(&prefix)]).output_ok();
    assert_eq!(out.stdout.trim(), url(&sps[2]), "{}", out.stderr);
    out.stderr_has(&format!("passed over {}: incomplete: its _metadata cannot be read", url(&cut)));
}

#[test]
fn upgrade_from_latest_restores_an_ended_job_from_its_newest_complete_savepoint() {
    let c = cluster(Kind::V2);
    let name = format!("latest-upgrade-{}", std::process::id());
    let old = c.start_job(&name, &[]);
    let dir = tempfile::tempdir().unwrap();
    let sps: Vec<PathBuf> = (0..2).map(|_| savepoint(c, &old, dir.path())).collect();
    touch(&sps[0], 3600);
    let state = tempfile::tempdir().unwrap();
    let state_file = state.path().join("upgrade.json");
    let v2 = format!("{name}-v2");
    let upgrade = |flags: &[&str]| {
        let mut cmd = c.fsp();
        cmd.args(["-o", "json", "upgrade", "--from", "latest", "--savepoint-dir", s(dir.path())])
            .args(flags)
            .args(["--healthy-after", "2s", "--state-file"])
            .arg(&state_file)
            .arg(&old.id)
            .arg(c.jar())
            .args(["--name", &v2]);
        cmd
    };
    // a running job is upgraded from a fresh savepoint, not from an older one: refused, nothing changed
    let out = upgrade(&[]).output_code();
    out.code(2).stderr_has("is for a job that has ended").stderr_has("nothing was changed");
    assert_eq!(old.state(), "RUNNING");
    assert!(c.jobs_named(&v2).is_empty());

    // once it has ended (cancelled, say, or failed), the new job restores its newest complete savepoint
    c.fsp().args(["cancel", &old.id]).output_ok();
    old.wait_state("CANCELED");
    // a dry run names the snapshot it would restore, and changes nothing
    let v = upgrade(&["--dry-run"]).output_ok().json();
    let step = v["checks"].as_array().unwrap().iter().find(|c| c["step"] == "snapshot").cloned().unwrap();
    assert_eq!(step["status"], "ok", "{v}");
    assert!(step["detail"].as_str().unwrap().ends_with(s(&sps[1])), "{v}");
    assert!(c.jobs_named(&v2).is_empty() && !state_file.exists());
    let out = upgrade(&[]).output_ok();
    out.stderr_has(&format!("Chose savepoint {}", s(&sps[1])));
    let v = out.json();
    assert_eq!((&v["outcome"], &v["savepoint_kind"]), (&"upgraded".into(), &"savepoint".into()), "{v}");
    assert_eq!(v["savepoint"], s(&sps[1]));
    let new = Job { cluster: c, id: v["new_job_id"].as_str().unwrap().to_string() };
    assert_eq!(new.restored_from().map(|p| local(&p)), Some(sps[1].clone()));
    assert!(v["steps"][0]["detail"].as_str().unwrap().contains("has ended (CANCELED)"), "{v}");
}
