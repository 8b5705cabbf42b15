//! A short lifecycle on the newest patch of every other supported Flink line (1.20.3 and 2.3.0 have the full
//! suite): run -d → savepoint → inspect → stop → run -s -n → dispose → checkpoint → cancel, each outcome
//! checked against the cluster's REST API or the file system, not only fsp's exit code.

use std::collections::BTreeSet;
use std::time::Instant;

use crate::harness::{Cluster, CommandExt, Job, Kind, local, start};
use crate::offline::inspect::IDS;

macro_rules! smoke_tests {
    ($($name:ident => $version:literal),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                smoke($version);
            }
        )*
    };
}

smoke_tests!(
    smoke_flink_1_18 => "1.18.1",
    smoke_flink_1_19 => "1.19.3",
    smoke_flink_1_20 => "1.20.5",
    smoke_flink_2_0 => "2.0.2",
    smoke_flink_2_1 => "2.1.3",
    smoke_flink_2_2 => "2.2.1",
);

struct Private(Cluster);

impl Drop for Private {
    fn drop(&mut self) {
        self.0.stop();
    }
}

fn smoke(version: &'static str) {
    let started = Instant::now();
    // a cluster of its own, stopped as soon as the test is done (even when it fails) to free its memory
    let cluster = Private(start(Kind::Smoke(version), &[]));
    let c = &cluster.0;
    let up = started.elapsed();
    let rest_version = c.get("/config")["flink-version"].as_str().unwrap_or_default().to_string();
    assert_eq!(rest_version, version, "the cluster is the version asked for");
    let name = format!("smoke-{version}");
    let jar = c.jar();

    // run -d: submitted, and Flink runs it
    let v = c.fsp().args(["-o", "json", "run", "-d"]).arg(&jar).args(["--name", &name]).output_ok().json();
    let job = Job { cluster: c, id: v["job_id"].as_str().expect("job_id").to_string() };
    job.wait_tasks_running();
    assert_eq!(c.jobs_named(&name), vec![(job.id.clone(), "RUNNING".to_string())]);

    // savepoint: into the cluster's default directory, with a _metadata file
    let v = c.fsp().args(["-o", "json", "savepoint", &job.id]).output_ok().json();
    let first = v["location"].as_str().expect("location").to_string();
    assert!(local(&first).starts_with(c.savepoint_dir()), "{first} is not in the default savepoint directory");
    assert!(local(&first).join("_metadata").is_file(), "{first} has no _metadata");
    c.wait_for(&format!("Flink's statistics to record the savepoint at {first}"), 30, || {
        job.checkpoints()["history"].as_array().is_some_and(|h| h.iter().any(|h| h["external_path"] == first.as_str()))
    });

    // inspect: a savepoint of this job's five operators
    let v = c.fsp().args(["-o", "json", "inspect", &first]).output_ok().json();
    assert_eq!(v["kind"], "savepoint", "{v}");
    let ids: BTreeSet<&str> = v["operators"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids, IDS.iter().map(|(_, id)| *id).collect(), "the operators of the savepoint");
    let text = c.fsp().args(["inspect", &first]).output_ok();
    text.stdout_has(IDS[0].1);

    // stop with a savepoint: FINISHED, and the savepoint is there
    let v = c.fsp().args(["-o", "json", "stop", &job.id]).output_ok().json();
    assert_eq!(v["stopped"], true, "{v}");
    let stopped = v["location"].as_str().expect("location").to_string();
    assert!(local(&stopped).join("_metadata").is_file(), "{stopped} has no _metadata");
    job.wait_state("FINISHED");

    // restore the variant without `dedup` from it: needs -n, and Flink says where its state came from
    let restored_name = format!("{name}-restored");
    let v = c
        .fsp()
        .args(["-o", "json", "run", "-s", &stopped, "-n"])
        .arg(&jar)
        .args(["--name", &restored_name, "--drop-dedup"])
        .output_ok()
        .json();
    let restored = Job { cluster: c, id: v["job_id"].as_str().expect("job_id").to_string() };
    restored.wait_tasks_running();
    assert_eq!(restored.restored_from().as_deref(), Some(stopped.as_str()), "restored from the stop's savepoint");

    // dispose of the first savepoint: through the cluster, the directory is gone
    let v = c.fsp().args(["-o", "json", "savepoint", "-d", &first]).output_ok().json();
    assert_eq!(v["path"], first.as_str());
    assert!(!local(&first).exists(), "{first} still exists after dispose");

    // checkpoint: the REST trigger is there in every version (only `bin/flink checkpoint` is new in 1.19);
    // Flink's checkpoint statistics are cached for a few seconds, so wait for it to show
    let v = c.fsp().args(["-o", "json", "checkpoint", &restored.id]).output_ok().json();
    let id = v["checkpoint_id"].as_u64().expect("checkpoint_id");
    c.wait_for(&format!("checkpoint {id} completed in Flink's history"), 30, || {
        let history = restored.checkpoints()["history"].clone();
        history.as_array().is_some_and(|h| h.iter().any(|h| h["id"].as_u64() == Some(id) && h["status"] == "COMPLETED"))
    });

    // cancel
    c.fsp().args(["cancel", &restored.id]).output_ok().stdout_has(&format!("Cancelled job {}.", restored.id));
    assert_eq!(restored.state(), "CANCELED");
    eprintln!("smoke {version}: cluster up in {up:?}, whole test {:?}", started.elapsed());
}
