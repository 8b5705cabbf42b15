//! Exit codes and messages for unknown jobs and timeouts on a real cluster (bad input and unreachable
//! clusters: `offline::errors`).

use crate::harness::{CommandExt, Kind, cluster};

#[test]
fn an_unknown_job_is_not_found() {
    let c = cluster(Kind::V2);
    let unknown = "00000000000000000000000000000042";
    for cmd in [
        &["savepoint", unknown][..],
        &["cancel", unknown],
        &["stop", unknown],
        &["checkpoint", unknown],
        &["cancel", "-s", unknown],
    ] {
        let out = c.fsp().args(cmd).output_code();
        out.code(4).stderr_has(&format!("job {unknown} not found"));
        assert!(!out.stdout.contains("completed"), "{}", out.stdout);
    }
    // disposing of a savepoint that does not exist: Flink's reason, exit 1
    let out = c.fsp().args(["savepoint", "-d", "/no/such/savepoint-000000-000000000000"]).output_code();
    out.code(1).stderr_has("could not dispose of savepoint");
}

#[test]
fn a_timeout_exits_5_and_says_the_operation_may_still_complete() {
    let c = cluster(Kind::V2);
    let job = c.start_job("timeout", &[]);
    let out = c.fsp().args(["--timeout", "1ms", "savepoint", &job.id]).output_code();
    out.code(5).stderr_has("did not finish within").stderr_has("trigger id");
    assert!(!out.stdout.contains("Savepoint completed"), "{}", out.stdout);
}
