//! `fsp prune --offline` on synthetic savepoints: killed at random points, and several at once.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

use crate::prune::{assert_safe, kill_at_random_points, listing, synthetic};

#[test]
fn a_prune_killed_at_random_points_never_loses_a_protected_or_restorable_savepoint() {
    // offline: fsp deletes by itself; protected are the newest 2 of each job
    let dirs = std::cell::RefCell::new(Vec::new());
    let setup = || {
        let tmp = tempfile::tempdir().unwrap();
        let names = synthetic(tmp.path(), &["a1a1a1", "b2b2b2", "c3c3c3"], 6);
        let dir = tmp.path().display().to_string();
        dirs.borrow_mut().push(tmp);
        (dir, names.iter().flat_map(|n| n[4..].to_vec()).collect())
    };
    let prune = |d: &str| {
        let mut c = crate::util::fsp();
        c.args(["prune", "--keep", "2", "--grace", "0s", "--offline", "--dir", d]);
        c
    };
    kill_at_random_points(40, 90, &setup, &|d| listing(Path::new(d)), &prune);
}

#[test]
fn concurrent_prunes_delete_each_savepoint_once_and_never_collide() {
    let tmp = tempfile::tempdir().unwrap();
    let names = synthetic(tmp.path(), &["d4d4d4", "e5e5e5"], 8);
    let before = listing(tmp.path());
    let protected: Vec<String> = names.iter().flat_map(|n| n[5..].to_vec()).collect();
    let children: Vec<_> = (0..4)
        .map(|_| {
            crate::util::fsp()
                .args(["-o", "json", "prune", "--keep", "3", "--grace", "0s", "--offline", "--dir"])
                .arg(tmp.path())
                .env("FSP_PRUNE_TEST_SLOW_MS", "5")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut deleted = 0;
    let mut refused = 0;
    for ch in children {
        let out = ch.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {
                let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                assert!(v["failed"].as_array().unwrap().is_empty(), "{v}");
                deleted += v["deleted"].as_array().unwrap().len();
            }
            Some(1) if stderr.contains("another fsp prune is running") => refused += 1,
            other => panic!("exit {other:?}: {stderr}"),
        }
    }
    assert_eq!(deleted, 10, "each of the 10 old savepoints deleted exactly once ({refused} prunes refused)");
    assert!(refused >= 1, "the prunes ran one after another: slow them down");
    let after = listing(tmp.path());
    assert_eq!(after.keys().cloned().collect::<BTreeSet<_>>(), protected.iter().cloned().collect());
    assert_safe(&after, &before, &protected, "concurrent prunes");
}
