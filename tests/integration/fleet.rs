//! `--all` on whole clusters and on several clusters at once, against private real clusters (a 1.20.3 and a
//! 2.3.0 one, started here: `--all` acts on every job of a cluster, so the shared clusters are not used),
//! plus a profile whose cluster is down.

use std::path::Path;

use serde_json::Value;

use crate::harness::{Cluster, CommandExt, Kind, local, start};
use crate::util::fsp;

/// Stops a private cluster when the test ends, however it ends.
struct Private(Cluster);

impl Drop for Private {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// A port nothing listens on: bound, then released.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn jobs_of<'a>(report: &'a Value, cluster: &str) -> &'a Vec<Value> {
    report["clusters"][cluster]["jobs"].as_array().unwrap_or_else(|| panic!("no jobs of {cluster} in {report:#}"))
}

#[test]
fn all_jobs_of_two_clusters_and_one_that_is_down() {
    let old = Private(start(Kind::V1, &[]));
    let new = Private(start(Kind::V2, &[]));
    let (old, new) = (&old.0, &new.0);
    let old_jobs = [old.start_job("fleet-a", &[]), old.start_job("fleet-b", &[])];
    let new_jobs = [new.start_job("fleet-a", &[]), new.start_job("other", &[])];
    let conf = tempfile::tempdir().unwrap();
    std::fs::write(
        conf.path().join("config.toml"),
        format!(
            "[clusters.old]\nurl = \"{}\"\n\n[clusters.new]\nurl = \"{}\"\n\n[clusters.down]\nurl = \"http://127.0.0.1:{}\"\n",
            old.rest,
            new.rest,
            closed_port()
        ),
    )
    .unwrap();
    let with = || {
        let mut f = fsp();
        f.env("FSP_CONFIG_DIR", conf.path());
        f
    };

    // a savepoint of every running job of both clusters; the one that is down is reported (exit 3)
    let out = with().args(["--cluster", "old,new,down", "-o", "json", "savepoint", "--all"]).output_code();
    out.code(3);
    let report = out.json();
    assert_eq!(report["succeeded"], 4, "{report:#}");
    assert_eq!(report["failed"], 0, "{report:#}");
    assert_eq!(report["clusters"]["down"]["exit"], 3, "{report:#}");
    for (cluster, jobs) in [("old", old_jobs.iter().collect::<Vec<_>>()), ("new", new_jobs.iter().collect())] {
        let entries = jobs_of(&report, cluster);
        assert_eq!(entries.len(), 2, "{report:#}");
        for job in jobs {
            let e = entries.iter().find(|e| e["job_id"] == job.id.as_str()).expect("every job in the report");
            assert_eq!(e["ok"], true, "{e:#}");
            let location = e["location"].as_str().unwrap();
            assert!(local(location).join("_metadata").is_file(), "{location} has no _metadata");
            assert_eq!(job.state(), "RUNNING", "a savepoint leaves the job running");
        }
    }

    // text: one line per job and a summary; --name picks jobs by glob on every cluster of config.toml
    let out =
        with().args(["savepoint", "--all", "--all-clusters", "--name", "fleet-*", "--parallel", "1"]).output_code();
    out.code(3);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("ok      ")).count(), 3, "{}", out.stdout);
    assert!(lines.iter().any(|l| l.starts_with("FAILED  down  the cluster (exit 3)")), "{}", out.stdout);
    assert!(!out.stdout.contains(&new_jobs[1].id), "'other' does not match fleet-*:\n{}", out.stdout);
    out.stdout_has("savepoint --all: 3 of 3 jobs done, 0 failed on 3 clusters (1 not reached).");
    let out = with().args(["--cluster", "old,new", "savepoint", "--all", "--name", "nothing-*"]).output_code();
    out.code(4).stderr_has("--name 'nothing-*'");

    the_readme_fleet_cron_line_runs_as_written(old, new);

    // a job that cannot stop (more parallelism than free slots: its tasks never run) is reported, and the
    // other jobs are stopped all the same
    let stuck = new
        .fsp()
        .args(["-o", "json", "run", "-d", "-p", "8"])
        .arg(new.jar())
        .args(["--name", "fleet-stuck"])
        .output_ok();
    let stuck = stuck.json()["job_id"].as_str().unwrap().to_string();
    let out = with().args(["--cluster", "old,new,down", "-o", "json", "stop", "--all"]).output_code();
    out.code(1);
    let report = out.json();
    assert_eq!(report["succeeded"], 4, "{report:#}");
    assert_eq!(report["failed"], 1, "{report:#}");
    let entry = jobs_of(&report, "new").iter().find(|e| e["job_id"] == stuck.as_str()).expect("the stuck job").clone();
    assert_eq!((entry["ok"].clone(), entry["exit"].clone()), (Value::Bool(false), Value::from(1)), "{entry:#}");
    for job in old_jobs.iter().chain(&new_jobs) {
        job.wait_state("FINISHED");
    }
    assert!(new.state(&stuck) != "FINISHED", "the stuck job was not stopped");
    new.cancel(&stuck);

    // cancel -s --all on one cluster given by -m: a savepoint of each job, then cancelled
    let job = old.start_job("fleet-c", &[]);
    let out = old.fsp().args(["-o", "json", "cancel", "-s", "--all"]).output_ok();
    let report = out.json();
    let key = report["clusters"].as_object().unwrap().keys().next().unwrap().clone();
    let entries = jobs_of(&report, &key);
    assert_eq!(entries.len(), 1, "{report:#}");
    assert!(Path::new(&local(entries[0]["location"].as_str().unwrap())).join("_metadata").is_file());
    job.wait_state("CANCELED");

    // bad input is refused before anything is sent
    with().args(["--cluster", "old,new", "list"]).output_code().code(2).stderr_has("--all");
    with().args(["--cluster", "old,nope", "savepoint", "--all"]).output_code().code(2).stderr_has("no cluster 'nope'");
    with().args(["cancel", "--all"]).output_code().code(2).stderr_has("-s");
}

/// The README's fleet cron line, run by `sh` as written (the log in a temporary file), with profiles `prod`
/// and `staging` for the two clusters; each job has three savepoints taken a day earlier.
fn the_readme_fleet_cron_line_runs_as_written(prod: &Cluster, staging: &Cluster) {
    let readme = std::fs::read_to_string(crate::util::repo().join("README.md")).unwrap();
    let block = readme
        .split("```cron\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("--all"))
        .expect("a cron block with --all");
    let line = block.lines().find(|l| l.starts_with(|c: char| c.is_ascii_digit())).expect("a schedule line");
    let command: String = line.split_whitespace().skip(5).collect::<Vec<_>>().join(" ");
    let log = tempfile::NamedTempFile::new().unwrap();
    let command = command.replace("/var/log/fsp-fleet.log", log.path().to_str().unwrap());

    let conf = tempfile::tempdir().unwrap();
    let (prod_dir, staging_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(
        conf.path().join("config.toml"),
        format!(
            "[clusters.prod]\nurl = \"{}\"\nsavepoint_dir = \"{}\"\n\n[clusters.staging]\nurl = \"{}\"\nsavepoint_dir = \"{}\"\n",
            prod.rest,
            prod_dir.path().display(),
            staging.rest,
            staging_dir.path().display()
        ),
    )
    .unwrap();
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    for _ in 0..3 {
        let out = fsp()
            .env("FSP_CONFIG_DIR", conf.path())
            .args(["-o", "json", "--cluster", "prod,staging", "savepoint", "--all"])
            .output_ok();
        for c in out.json()["clusters"].as_object().unwrap().values() {
            for j in c["jobs"].as_array().unwrap() {
                let p = local(j["location"].as_str().unwrap()).join("_metadata");
                std::fs::File::options().write(true).open(p).unwrap().set_modified(day_ago).unwrap();
            }
        }
    }
    let fsp_dir = Path::new(env!("CARGO_BIN_EXE_fsp")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", fsp_dir.display(), std::env::var("PATH").unwrap_or_default());
    let out = crate::util::hermetic(std::process::Command::new("sh"))
        .args(["-c", &command])
        .env("PATH", path)
        .env("FSP_CONFIG_DIR", conf.path())
        .output_ok();
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "everything goes to the log");
    let log = std::fs::read_to_string(log.path()).unwrap();
    eprintln!("the fleet cron log:\n{log}");
    assert!(log.contains("savepoint --all: 4 of 4 jobs done, 0 failed on 2 clusters."), "{log}");
    assert_eq!(log.matches(" deleted, ").count(), 2, "a prune summary per cluster:\n{log}");
    for dir in [prod_dir.path(), staging_dir.path()] {
        let kept =
            std::fs::read_dir(dir).unwrap().filter(|e| e.as_ref().unwrap().path().join("_metadata").is_file()).count();
        assert_eq!(kept, 6, "three savepoints of each of the two jobs stay in {}:\n{log}", dir.display());
    }
}
