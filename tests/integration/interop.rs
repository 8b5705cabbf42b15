//! Savepoints written by the distribution's own `bin/flink` are restored and disposed by fsp, and the other
//! way round.

use crate::harness::{CommandExt, Job, Kind, cluster, local};

on_each_version!(flink_to_fsp, fsp_to_flink);

fn flink_to_fsp(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job_rest(&format!("interop-a-{}", c.version()), &[]);
    let out = c.flink().args(["savepoint", &job.id]).output_ok();
    let sp = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Savepoint completed. Path: "))
        .unwrap_or_else(|| panic!("bin/flink printed no path:\n{}", out.stdout))
        .trim()
        .to_string();
    let name = format!("interop-a-{}-fsp", c.version());
    let out = c.fsp().args(["-o", "json", "run", "-s", &sp]).arg(c.jar()).args(["--name", &name]).output_ok();
    let restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    assert_eq!(restored.restored_from().as_deref(), Some(sp.as_str()));
    c.fsp().args(["savepoint", "-d", &sp]).output_ok();
    assert!(!local(&sp).exists());
}

fn fsp_to_flink(kind: Kind) {
    let c = cluster(kind);
    let job = c.start_job(&format!("interop-b-{}", c.version()), &[]);
    let sp = c.fsp().args(["-o", "json", "stop", &job.id]).output_ok().json()["location"].as_str().unwrap().to_string();
    let name = format!("interop-b-{}-flink", c.version());
    let out = c.flink().args(["run", "-d", "-s", &sp]).arg(c.jar()).args(["--name", &name]).output_ok();
    let id = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Job has been submitted with JobID "))
        .unwrap_or_else(|| panic!("bin/flink printed no job id:\n{}", out.stdout))
        .trim()
        .to_string();
    let restored = Job { cluster: c, id };
    restored.wait_tasks_running();
    assert_eq!(restored.restored_from().as_deref(), Some(sp.as_str()));
    c.flink().args(["savepoint", "-d", &sp]).output_ok();
    assert!(!local(&sp).exists());
}
