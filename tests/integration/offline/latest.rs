//! `latest` with the cluster out of reach, on committed `_metadata` files of different checkpoint ids: the
//! 6-hex prefix rule, said as such; names need the cluster.

use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::harness::CommandExt;
use crate::util::{fsp, repo};

const JOB: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";

/// `savepoint-a1b2c3-<suffix>` holding the `_metadata` of a committed fixture, written `age_s` ago.
fn savepoint(root: &Path, suffix: &str, fixture: &str, age_s: u64) -> String {
    let dir = root.join(format!("savepoint-{}-{suffix}", &JOB[..6]));
    std::fs::create_dir(&dir).unwrap();
    let meta = std::fs::read(repo().join("tests/fixtures/metadata").join(fixture).join("_metadata")).unwrap();
    std::fs::write(dir.join("_metadata"), meta).unwrap();
    let f = std::fs::File::options().write(true).open(dir.join("_metadata")).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(age_s)).unwrap();
    dir.display().to_string()
}

#[test]
fn offline_latest_takes_the_highest_id_by_the_prefix_rule_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let newest_file = savepoint(root, "000000000001", "2.3.0-savepoint-canonical", 0); // id 12
    let highest = savepoint(root, "000000000002", "2.3.0-savepoint-native", 7200); // id 14
    savepoint(root, "000000000003", "2.3.0-savepoint-native", 3600); // id 14 too: a tie, broken by path
    let d = root.to_str().unwrap();
    let unreachable = || {
        let mut c = fsp();
        c.args(["-m", "127.0.0.1:1"]);
        c
    };
    let out = unreachable().args(["history", "--latest", "--job", JOB, "--dir", d]).output_ok();
    assert_eq!(out.stdout.trim(), highest, "not {newest_file}, the newest file\n{}", out.stderr);
    out.stderr_has("with checkpoint id 14")
        .stderr_has("000000000003 has the same id (by path)")
        .stderr_has("the cluster could not be asked whether another job shares that prefix");

    // a file: URI is the same directory
    let uri = format!("file://{d}");
    let out = unreachable().args(["history", "--latest", "--job", JOB, "--dir", &uri]).output_ok();
    assert_eq!(out.stdout.trim(), highest);

    // without a job: the one job of the directory
    let out = unreachable().args(["history", "--latest", "--dir", d]).output_ok();
    assert_eq!(out.stdout.trim(), highest);

    // --max-age falls back to the _metadata time when the cluster has no record: only the 1h-old one is young enough
    let out = unreachable().args(["history", "--latest", "--job", JOB, "--dir", d, "--max-age", "90m"]).output_ok();
    assert!(out.stdout.trim().ends_with("000000000003"), "{}{}", out.stdout, out.stderr);

    // a name needs the cluster, or fsp's submission record: exit 3, saying to use the id
    let home = tempfile::tempdir().unwrap();
    let out = unreachable()
        .env("HOME", home.path())
        .args(["history", "--latest", "--name", "orders", "--dir", d])
        .output_code();
    out.code(3).stderr_has("the cluster cannot be asked for the job named 'orders'").stderr_has("--job JOB_ID");
    // what `fsp run` recorded of a job on that cluster names it while the cluster is down
    let records = home.path().join(".local/state/fsp/submissions");
    std::fs::create_dir_all(&records).unwrap();
    let record =
        serde_json::json!({"job_id": JOB, "name": "orders", "cluster": "http://127.0.0.1:1", "submitted_ms": 1});
    std::fs::write(records.join(format!("{JOB}.json")), record.to_string()).unwrap();
    let out = unreachable()
        .env("HOME", home.path())
        .args(["history", "--latest", "--name", "orders", "--dir", d])
        .output_ok();
    assert_eq!(out.stdout.trim(), highest, "{}", out.stderr);
    let listed = unreachable()
        .env("HOME", home.path())
        .args(["-o", "json", "history", "--name", "orders", "--dir", d])
        .output_ok();
    assert_eq!(listed.json()["snapshots"].as_array().unwrap().len(), 3, "history --name lists them too");
    // --job with --latest must be a full id
    unreachable().args(["history", "--latest", "--job", "a1b2c3", "--dir", d]).output_code().code(2);
    // --include-checkpoints and --max-age only with --latest; run's --dir only with -s latest
    unreachable().args(["history", "--include-checkpoints", "--dir", d]).output_code().code(2);
    let jar = root.join("job.jar");
    std::fs::write(&jar, b"PK").unwrap();
    let out = unreachable().args(["run", "-s", &highest, "--dir", d]).arg(&jar).output_code();
    out.code(2).stderr_has("only go with -s latest");

    // another job's snapshots beside: which job is then ambiguous
    std::fs::create_dir_all(root.join("ffffffffffffffffffffffffffffffff/chk-3")).unwrap();
    let out = unreachable().args(["history", "--latest", "--dir", d]).output_code();
    out.code(4).stderr_has("belong to 2 jobs").stderr_has("latest:JOB");
}
