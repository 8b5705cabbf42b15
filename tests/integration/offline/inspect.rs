//! `fsp inspect` on the committed `_metadata` files from real clusters, and on broken ones.

use std::path::PathBuf;

use serde_json::Value;

use crate::harness::CommandExt;
use crate::util::{fsp, repo};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/metadata").join(name)
}

pub fn inspect_json(args: &[&str]) -> Value {
    fsp().args(["-o", "json", "inspect"]).args(args).output_ok().json()
}

/// Flink's operator ids for the fixture job's uids (checked against Flink in the unit tests).
pub const IDS: [(&str, &str); 5] = [
    ("counter", "0da08f51eaa85fc298e176a139b3649a"),
    ("sink", "2e588ce1c86a9d46e2e85186773ce4fd"),
    ("dedup", "5a872f3a73b9dad53994e3e6e14f16e6"),
    ("throttle", "8ad0a339064fd18ef5b9c94282a00e10"),
    ("numbers", "ca88eee0095684d687a1b6495617f957"),
];

#[test]
fn committed_files_of_both_versions() {
    for (name, version, kind, format) in [
        ("2.3.0-savepoint-canonical", 6, "savepoint", Some("CANONICAL")),
        ("2.3.0-savepoint-native", 6, "savepoint", Some("NATIVE")),
        ("2.3.0-checkpoint", 6, "checkpoint", None),
        ("1.20.3-savepoint-canonical", 4, "savepoint", Some("CANONICAL")),
        ("1.20.3-savepoint-native", 4, "savepoint", Some("NATIVE")),
        ("1.20.3-checkpoint", 4, "checkpoint", None),
    ] {
        let dir = fixture(name);
        let v = inspect_json(&[dir.to_str().unwrap()]);
        assert_eq!(v["version"], version, "{name}");
        assert_eq!(v["kind"], kind, "{name}");
        assert_eq!(v["format"].as_str(), format, "{name}");
        let ops = v["operators"].as_array().unwrap();
        let ids: Vec<&str> = ops.iter().map(|o| o["id"].as_str().unwrap()).collect();
        assert_eq!(ids, IDS.map(|(_, id)| id), "{name}: sorted by id");
        for (o, (uid, _)) in ops.iter().zip(IDS) {
            // 2.x files carry uids; 1.20 files do not
            assert_eq!(o["uid"].as_str(), (version >= 5).then_some(uid), "{name}");
        }
        // the same file by its _metadata path and as a file: URI
        let again = inspect_json(&[&format!("file://{}/_metadata", dir.display())]);
        assert_eq!(again["operators"], v["operators"]);
    }
}

#[test]
fn uids_name_the_operators_of_a_1_x_savepoint() {
    let dir = fixture("1.20.3-savepoint-canonical");
    let list = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(list.path(), "# the fixture's uids\ncounter\n\ndedup\nnot-there\n").unwrap();
    let v = inspect_json(&[dir.to_str().unwrap(), "--uid", "numbers", "--uids-from", list.path().to_str().unwrap()]);
    let matched: Vec<(String, String)> = v["operators"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| Some((o["id"].as_str()?.to_string(), o["matched_uid"].as_str()?.to_string())))
        .collect();
    assert_eq!(matched.len(), 3, "{matched:?}");
    for (id, uid) in matched {
        assert_eq!(IDS.iter().find(|(u, _)| *u == uid).unwrap().1, id);
    }
    assert_eq!(v["unmatched_uids"], serde_json::json!(["not-there"]));
    // text: the matched uid is shown, the unmatched one warned about
    let out = fsp().args(["inspect", dir.to_str().unwrap(), "--uid", "dedup", "--uid", "not-there"]).output_ok();
    out.stdout_has("dedup (matched)").stdout_has("format V4").stderr_has("uid 'not-there'");
}

#[test]
fn files_of_an_incremental_rocksdb_checkpoint() {
    let dir = fixture("2.3.0-rocksdb-incremental-checkpoint");
    let v = inspect_json(&[dir.to_str().unwrap(), "--files"]);
    let files = v["files"].as_array().unwrap();
    assert!(!files.is_empty());
    for f in files {
        assert!(f["path"].as_str().unwrap().contains("/shared/"), "{f}");
        assert_eq!(f["inside"], false, "shared files live outside chk-N");
        let on_disk = std::path::Path::new(f["resolved"].as_str().unwrap()).is_file();
        assert_eq!(f["exists"], on_disk, "{f}");
    }
    let out = fsp().args(["inspect", "--files", dir.to_str().unwrap()]).output_ok();
    out.stdout_has("outside").stdout_has("/shared/");
}

#[test]
fn bad_paths_and_corrupt_files() {
    fsp().args(["inspect", "/no/such/savepoint"]).output_code().code(4).stderr_has("does not exist");
    let empty = tempfile::tempdir().unwrap();
    fsp().args(["inspect"]).arg(empty.path()).output_code().code(4).stderr_has("has no _metadata");
    std::fs::write(empty.path().join("_metadata"), b"PK\x03\x04 not flink").unwrap();
    let out = fsp().args(["inspect"]).arg(empty.path()).output_code();
    out.code(1).stderr_has(
        "not a Flink savepoint/checkpoint _metadata file: it starts with 0x504B0304, Flink's start with 0x4960672D",
    );
    assert!(!out.stderr.contains("truncated"), "{}", out.stderr);
    let real = std::fs::read(fixture("2.3.0-checkpoint").join("_metadata")).unwrap();
    std::fs::write(empty.path().join("_metadata"), &real[..real.len() / 2]).unwrap();
    let out = fsp().args(["inspect"]).arg(empty.path()).output_code();
    out.code(1)
        .stderr_has("the file ends early, at byte")
        .stderr_has("(truncated by a crash, or still being written?)");
    // complete, but a format version fsp does not read: named, and not blamed on truncation
    let mut v1 = real.clone();
    v1[4..8].copy_from_slice(&1i32.to_be_bytes());
    std::fs::write(empty.path().join("_metadata"), &v1).unwrap();
    let out = fsp().args(["inspect"]).arg(empty.path()).output_code();
    out.code(1).stderr_has("format V1 is Flink 1.2's savepoint format").stderr_has("fsp reads V2 to V7");
    assert!(!out.stderr.contains("truncated"), "{}", out.stderr);
    fsp().args(["inspect", "hdfs://nn:8020/savepoints/savepoint-1"]).output_code().code(2).stderr_has("s3://");
    // S3 with no credentials anywhere (no instance metadata service here either): says where to put them
    let out = fsp()
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
        .env("AWS_SHARED_CREDENTIALS_FILE", empty.path().join("none"))
        .args(["--timeout", "5s", "inspect", "s3://bucket/savepoints/savepoint-1"])
        .output_code();
    out.code(1).stderr_has("cannot read s3://bucket/savepoints/savepoint-1/_metadata").stderr_has("AWS_ACCESS_KEY_ID");
}

/// A snapshot of `../shared/flink-snapshots`, written by Flink's own tests (its absence fails the test).
fn corpus(rel: &str) -> String {
    let p = repo().join("../shared/flink-snapshots").join(rel);
    assert!(p.join("_metadata").is_file(), "{}: the real snapshots these tests read are missing", p.display());
    p.display().to_string()
}

#[test]
fn states_of_a_real_flink_2_3_savepoint_table_and_json() {
    // StatefulJobWBroadcastStateMigrationITCase's savepoint: broadcast state, user timers, union and list state
    let sp = corpus(
        "apache-flink/flink-tests/src/test/resources/new-stateful-broadcast-udf-migration-itcase-flink2.3-rocksdb-savepoint",
    );
    let out = fsp().args(["inspect", "--states", &sp]).output_ok();
    let table =
        out.stdout.split("\n\n").find(|b| b.starts_with("OPERATOR  ")).unwrap_or_else(|| panic!("{}", out.stdout));
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(header, ["OPERATOR", "STATE", "KIND", "KEY TYPE", "VALUE TYPE", "TTL", "KRYO"]);
    let rows: Vec<Vec<&str>> =
        lines.map(|l| l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()).collect();
    for want in [
        ["BrProcess1", "broadcast-state-2", "BROADCAST", "String", "Long", "-", "-"],
        ["BrProcess2", "broadcast-state-3", "BROADCAST", "Long", "String", "-", "-"],
        ["BrProcess1", "_timer_state/event_user-timers", "TIMERS", "Long", "Timer<Long, VoidNamespace>", "-", "-"],
        ["BrCheckpointingSource2", "source-state", "OPERATOR_UNION", "-", "String", "-", "-"],
    ] {
        assert!(rows.iter().any(|r| r[..] == want), "{want:?} not in\n{table}");
    }
    assert!(!out.stdout.contains("cannot read"), "{}", out.stdout);

    let v = inspect_json(&["--states", &sp]);
    let ops = v["operators"].as_array().unwrap();
    let all: Vec<&serde_json::Value> = ops.iter().flat_map(|o| o["states"].as_array().unwrap()).collect();
    let b2 = all.iter().find(|s| s["name"] == "broadcast-state-2").unwrap();
    assert_eq!(
        **b2,
        serde_json::json!({"name": "broadcast-state-2", "kind": "BROADCAST", "key_type": "String",
                           "value_type": "Long", "ttl": false, "kryo": false})
    );
    let union = all.iter().filter(|s| s["kind"] == "OPERATOR_UNION").count();
    assert!(union >= 1, "{all:?}");
    for o in ops {
        assert_eq!(o["states_unread"], serde_json::json!([]), "{o}");
    }
    // without the flag, no states
    let v = inspect_json(&[&sp]);
    assert!(v["operators"][0].get("states").is_none() && v["operators"][0].get("states_unread").is_none());
}

#[test]
fn states_say_what_could_not_be_read() {
    // the Flink 1.15 migration test's own serializer: the state's name and kind, not its type
    let sp = corpus(
        "apache-flink-history/flink-tests/src/test/resources/type-serializer-snapshot-migration-itcase-flink1.15-rocksdb-checkpoint",
    );
    let class = "org.apache.flink.test.migration.TypeSerializerSnapshotMigrationITCase$TestSerializerSnapshot";
    let out = fsp().args(["inspect", "--states", &sp]).output_ok();
    assert!(
        out.stdout.contains(&format!("keyed state: cannot read further: unknown serializer snapshot class {class}"))
    );
    let v = inspect_json(&["--states", &sp]);
    let o = v["operators"].as_array().unwrap().iter().find(|o| o["states_unread"] != serde_json::json!([])).unwrap();
    assert_eq!(o["states"][0]["name"], "testState");
    assert_eq!(o["states"][0]["kind"], "VALUE");
    assert_eq!(o["states"][0]["value_type"], format!("unknown {class}"));
}
