//! Finding the cluster and its savepoint directory through Flink's own config files.

use crate::harness::{CommandExt, Kind, cluster};
use crate::util::fsp;

#[test]
fn the_cluster_is_found_through_a_legacy_flink_conf_yaml() {
    let c = cluster(Kind::V1Legacy);
    assert!(c.conf_dir().join("flink-conf.yaml").is_file());
    let job = c.start_job("legacy-conf", &[]);
    // no -m: rest.address/rest.port come from FLINK_CONF_DIR/flink-conf.yaml
    let out = fsp().env("FLINK_CONF_DIR", c.conf_dir()).args(["-o", "json", "list"]).output_ok();
    assert!(out.json()["jobs"].as_array().unwrap().iter().any(|j| j["id"] == job.id.as_str()));
    // the default savepoint directory is the legacy state.savepoints.dir
    let out = fsp().env("FLINK_CONF_DIR", c.conf_dir()).args(["savepoint", &job.id]).output_ok();
    let loc = out.stdout.trim().strip_prefix("Savepoint completed. Path: ").unwrap();
    assert!(crate::harness::local(loc).starts_with(c.savepoint_dir()), "{loc}");
}

#[test]
fn the_cluster_is_found_through_config_yaml_and_flink_home() {
    let c = cluster(Kind::V2);
    assert!(c.conf_dir().join("config.yaml").is_file());
    let job = c.start_job("yaml-conf", &[]);
    let out = fsp().env("FLINK_CONF_DIR", c.conf_dir()).args(["-o", "json", "list"]).output_ok();
    assert!(out.json()["jobs"].as_array().unwrap().iter().any(|j| j["id"] == job.id.as_str()));
    // FLINK_HOME/conf is used when FLINK_CONF_DIR is unset
    let home = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(c.conf_dir(), home.path().join("conf")).unwrap();
    fsp().env("FLINK_HOME", home.path()).args(["list"]).output_ok().stdout_has(&job.id);
    // -m wins over the file
    fsp().env("FLINK_CONF_DIR", c.conf_dir()).args(["-m", "127.0.0.1:1", "list"]).output_code().code(3);
}

#[test]
fn without_a_savepoint_directory_anywhere_nothing_is_triggered() {
    let c = cluster(Kind::V2NoSavepointDir);
    let job = c.start_job("no-savepoint-dir", &[]);
    let before = job.checkpoints()["counts"]["total"].as_u64().unwrap_or(0);
    for cmd in [&["savepoint", &job.id][..], &["stop", &job.id], &["cancel", "-s", &job.id]] {
        let out = c.fsp().args(cmd).output_code();
        out.code(1).stderr_has("execution.checkpointing.savepoint-dir").stderr_has("state.savepoints.dir");
        assert!(!out.stdout.contains("Savepoint completed"));
    }
    assert_eq!(job.checkpoints()["counts"]["total"].as_u64().unwrap_or(0), before, "no savepoint was triggered");
    assert_eq!(job.state(), "RUNNING");
    // a target on the command line works
    let target = tempfile::tempdir().unwrap();
    c.fsp().args(["savepoint", &job.id]).arg(target.path()).output_ok().stdout_has("Savepoint completed. Path: ");
    // a local config naming one works too: fsp sends it explicitly
    let conf = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        conf.path().join("config.yaml"),
        format!("execution:\n  checkpointing:\n    savepoint-dir: file://{}\n", dir.path().display()),
    )
    .unwrap();
    let out = c.fsp().env("FLINK_CONF_DIR", conf.path()).args(["savepoint", &job.id]).output_ok();
    out.stderr_has("from the local Flink config");
    assert!(std::fs::read_dir(dir.path()).unwrap().count() == 1, "the savepoint is in the local config's directory");
}
