//! The `-o json` contract of what needs no cluster: `inspect`, `config show`, `history` and `prune` of a
//! directory the cluster cannot be asked about, and an error (nothing on stdout). The commands that talk to a
//! cluster are in `json_contract`.

use crate::harness::CommandExt;
use crate::json_contract::{has_keys, shape};
use crate::util::{fsp, repo};

#[test]
fn offline_commands_print_one_object_with_the_documented_keys() {
    let fsp_json = |args: &[&str]| {
        let mut cmd = fsp();
        cmd.args(["-m", "127.0.0.1:1", "-o", "json"]).args(args);
        cmd
    };

    // inspect, of a savepoint a real 2.3.0 cluster wrote
    let sp = repo().join("tests/fixtures/metadata/2.3.0-savepoint-canonical").display().to_string();
    let v = shape(
        &fsp_json(&["inspect", &sp]).output_ok(),
        &[
            "path",
            "metadata_file",
            "version",
            "checkpoint_id",
            "kind",
            "format",
            "operators",
            "total_state_size",
            "unmatched_uids",
            "warnings",
        ],
    );
    has_keys(
        &v["operators"][0],
        &[
            "id",
            "name",
            "uid",
            "matched_uid",
            "parallelism",
            "max_parallelism",
            "state",
            "state_size",
            "finished",
            "subtasks",
            "finished_subtasks",
            "checkpoint-id",
            "operator-name",
            "operator-uid",
            "operator-uid-hash",
            "operator-parallelism",
            "operator-max-parallelism",
            "operator-subtask-state-count",
            "operator-coordinator-state-size-in-bytes",
            "operator-total-size-in-bytes",
        ],
    );
    let v = fsp_json(&["inspect", "--files", &sp]).output_ok().json();
    assert!(v["files"].is_array(), "--files adds \"files\": {v}");

    // config show
    let v = shape(&fsp_json(&["config", "show"]).output_ok(), &["settings"]);
    for s in v["settings"].as_array().unwrap() {
        has_keys(s, &["name", "value", "source"]);
    }

    // history and a dry-run prune of synthetic savepoints, the cluster unreachable
    let dir = tempfile::tempdir().unwrap();
    crate::prune::synthetic(dir.path(), &["f6f6f6"], 3);
    let d = dir.path().to_str().unwrap();
    let v = shape(&fsp_json(&["history", "--dir", d]).output_ok(), &["snapshots", "cluster_reachable"]);
    assert_eq!(v["cluster_reachable"], false);
    has_keys(
        &v["snapshots"][0],
        &[
            "path",
            "kind",
            "job",
            "time_ms",
            "size",
            "checkpoint_id",
            "complete",
            "has_metadata",
            "self_contained",
            "format",
            "in_use",
        ],
    );
    let v = shape(
        &fsp_json(&["prune", "--offline", "--keep", "1", "--grace", "0s", "--dry-run", "--dir", d]).output_ok(),
        &["dry_run", "deleted", "kept", "failed"],
    );
    assert_eq!(v["dry_run"], true);
    has_keys(&v["kept"][0], &["path", "delete", "reason"]);

    // gc: a dry run of a job directory holding one unreferenced file, the cluster unreachable (kept)
    let root = tempfile::tempdir().unwrap();
    let job = root.path().join("f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6f6/shared");
    std::fs::create_dir_all(&job).unwrap();
    std::fs::write(job.join("an-sst"), b"x").unwrap();
    let v = shape(
        &fsp_json(&["gc", "--dir", root.path().to_str().unwrap()]).output_ok(),
        &["dry_run", "root", "savepoint_dirs", "cluster_reachable", "jobs", "totals", "failed"],
    );
    assert_eq!((v["dry_run"].as_bool(), v["cluster_reachable"].as_bool()), (Some(true), Some(false)));
    has_keys(
        &v["jobs"][0],
        &["job", "state", "grace_ms", "blocked", "referenced_files", "referenced_bytes", "orphans"],
    );
    has_keys(&v["jobs"][0]["orphans"][0], &["path", "kind", "files", "size", "age_ms", "delete", "reason"]);
    assert_eq!(v["jobs"][0]["orphans"][0]["delete"], false, "{v}");
    has_keys(
        &v["totals"],
        &["referenced_files", "referenced_bytes", "orphans", "orphan_bytes", "deletable", "deletable_bytes", "deleted"],
    );

    // an error in JSON mode: nothing on stdout, the error on stderr
    for args in [&["list"][..], &["inspect", "/no/such/savepoint"]] {
        let out = fsp_json(args).output_code();
        assert_ne!(out.code, 0);
        out.stderr_has("error:");
        assert!(out.stdout.is_empty(), "stdout in JSON mode after an error: {}", out.stdout);
    }
}
