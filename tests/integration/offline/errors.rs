//! Exit codes and messages for bad input and unreachable clusters: no cluster needed.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::harness::CommandExt;
use crate::util::fsp;

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn a_bad_job_id_is_a_usage_error_before_any_request() {
    let m = format!("127.0.0.1:{}", closed_port());
    for cmd in [
        &["savepoint", "not-a-job"][..],
        &["cancel", "123"],
        &["stop", "6c4503d93aa3dbc386a545cd5c6fdb7g"],
        &["checkpoint", "x"],
    ] {
        let out = fsp().args(["-m", &m]).args(cmd).output_code();
        out.code(2).stderr_has("is not a job id: expected 32 hex characters");
    }
    // 33 characters: Flink would accept it by dropping one; fsp does not
    fsp().args(["-m", &m, "savepoint", "6c4503d93aa3dbc386a545cd5c6fdb700"]).output_code().code(2);
}

#[test]
fn usage_errors_exit_2() {
    fsp().args(["savepoint"]).output_code().code(2);
    fsp().args(["list", "--bogus"]).output_code().code(2);
    fsp().args(["run", "-n", "job.jar"]).output_code().code(2).stderr_has("--from-savepoint");
    fsp().args(["-m", "ftp://x", "list"]).output_code().code(2).stderr_has("http or https");
    fsp().args(["cancel", "-s"]).output_code().code(2).stderr_has("missing JOB_ID");
    fsp().args(["--version"]).output_ok().stdout_has(env!("CARGO_PKG_VERSION"));
}

#[test]
fn an_unreachable_cluster_is_reported_quickly_with_the_url_and_its_origin() {
    let port = closed_port();
    let started = Instant::now();
    let out = fsp().args(["-m", &format!("127.0.0.1:{port}"), "list"]).output_code();
    out.code(3)
        .stderr_has(&format!("http://127.0.0.1:{port}"))
        .stderr_has("from -m/--jobmanager")
        .stderr_has("connection refused");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    let out = fsp().env("FSP_JOBMANAGER", format!("127.0.0.1:{port}")).arg("list").output_code();
    out.code(3).stderr_has("from FSP_JOBMANAGER");
}

#[test]
fn the_job_id_is_validated_for_every_version_of_the_command() {
    // `cancel -s <jobid>`: the option's value is the job id, as in Flink
    let out = fsp().args(["-m", "127.0.0.1:1", "cancel", "-s", "zz"]).output_code();
    out.code(2).stderr_has("'zz' is not a job id");
}

#[test]
fn colour_only_when_asked() {
    let out = fsp().args(["--color", "always", "savepoint", "bad"]).output_code();
    out.code(2);
    let out = fsp().args(["-m", "127.0.0.1:1", "--color", "always", "list"]).output_code();
    assert!(out.stderr.starts_with("\x1b[1;31merror:"), "{:?}", out.stderr);
    let out = fsp().args(["-m", "127.0.0.1:1", "list"]).output_code();
    assert!(out.stderr.starts_with("error:"), "not a terminal, NO_COLOR set: {:?}", out.stderr);
    let out = fsp().args(["-m", "127.0.0.1:1", "--color", "never", "list"]).output_code();
    assert!(!out.stderr.contains('\x1b'));
    // warnings too, in yellow
    let out = fsp().args(["-m", "127.0.0.1:1", "--insecure", "--color", "always", "list"]).output_code();
    assert!(out.stderr.starts_with("\x1b[1;33mwarning:\x1b[0m --insecure"), "{:?}", out.stderr);
    let out = fsp().args(["-m", "127.0.0.1:1", "--insecure", "list"]).output_code();
    assert!(out.stderr.starts_with("warning: --insecure"), "{:?}", out.stderr);
}

/// `fsp --version`: the version, the commit of this checkout, and the Flink releases of
/// `tested-flink-versions` — which are the ones the harness and the smoke tests run.
#[test]
fn the_version_names_the_commit_and_the_tested_flink_releases() {
    let repo = crate::util::repo();
    let list = std::fs::read_to_string(repo.join("tested-flink-versions")).unwrap();
    let lines: Vec<Vec<&str>> =
        list.lines().filter(|l| !l.starts_with('#')).map(|l| l.split_whitespace().collect()).collect();
    let (full, smoke) = (&lines[0], &lines[1]);
    let head = std::process::Command::new("git").args(["rev-parse", "HEAD"]).current_dir(&repo).output().unwrap();
    let head = String::from_utf8(head.stdout).unwrap();
    let out = fsp().args(["--version"]).output_ok();
    let text = &out.stdout;
    assert!(
        text.starts_with(&format!("fsp {} (commit {})\n", env!("CARGO_PKG_VERSION"), &head.trim()[..12])),
        "{text}"
    );
    let shown = format!("tested with Flink {} (full suite); {} (smoke test)", full.join(", "), smoke.join(", "));
    assert!(text.contains(&shown), "{text}");
    // the list is the one that is run
    let harness = std::fs::read_to_string(repo.join("tests/integration/harness.rs")).unwrap();
    let smoke_rs = std::fs::read_to_string(repo.join("tests/integration/smoke.rs")).unwrap();
    for v in full {
        assert!(harness.contains(&format!("=> \"{v}\"")), "the harness runs no full suite on {v}");
    }
    for v in smoke {
        assert!(smoke_rs.contains(&format!("=> \"{v}\",")), "smoke.rs has no test on {v}");
    }
    assert_eq!(smoke_rs.matches("smoke_flink_").count(), smoke.len(), "smoke.rs tests a release not listed");
}
