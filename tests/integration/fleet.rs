//! `--all` on whole clusters and on several clusters at once, against private real clusters (a 1.20.3 and a
//! 2.3.0 one, started here: `--all` acts on every job of a cluster, so the shared clusters are not used),
//! plus a profile whose cluster is down.

use std::path::Path;

use serde_json::Value;

use crate::harness::{Cluster, CommandExt, Kind, local, start};
use crate::json_contract::{has_keys, shape};
use crate::util::{Out, fsp};

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

const REPORT: &[&str] = &["command", "clusters", "jobs", "succeeded", "failed", "exit"];
const JOB_OK: &[&str] = &["job_id", "name", "ok", "exit", "location", "duration_ms"];

fn jobs_of<'a>(report: &'a Value, cluster: &str) -> &'a Vec<Value> {
    report["clusters"][cluster]["jobs"].as_array().unwrap_or_else(|| panic!("no jobs of {cluster} in {report:#}"))
}

/// The report's entry for a job, with the documented keys.
fn entry<'a>(report: &'a Value, cluster: &str, job: &str) -> &'a Value {
    let e = jobs_of(report, cluster)
        .iter()
        .find(|e| e["job_id"] == job)
        .unwrap_or_else(|| panic!("no job {job} of {cluster} in {report:#}"));
    if e["ok"] == true {
        has_keys(e, JOB_OK);
    }
    e
}

/// The report of the cluster that is down: exit 3, why, and no jobs.
fn down_cluster(report: &Value) {
    let down = &report["clusters"]["down"];
    has_keys(down, &["url", "exit", "error", "jobs"]);
    assert_eq!(down["exit"], 3, "{report:#}");
    assert!(down["error"].as_str().unwrap().contains("cannot reach the JobManager"), "{report:#}");
    assert_eq!(down["jobs"], serde_json::json!([]), "{report:#}");
}

/// Print a run for the test's log (the README shows real output).
fn show(what: &str, out: &Out) {
    eprintln!("=== {what} (exit {})\n--- stdout\n{}--- stderr\n{}", out.code, out.stdout, out.stderr);
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

    // a savepoint of every running job of both clusters; the one that is down is reported (exit 3), and the
    // JSON report is printed all the same
    let out = with().args(["--cluster", "old,new,down", "-o", "json", "savepoint", "--all"]).output_code();
    out.code(3);
    let report = shape(&out, REPORT);
    assert_eq!(report["command"], "savepoint --all");
    assert_eq!((report["jobs"].clone(), report["succeeded"].clone()), (4.into(), 4.into()), "{report:#}");
    assert_eq!((report["failed"].clone(), report["exit"].clone()), (0.into(), 3.into()), "{report:#}");
    down_cluster(&report);
    for (cluster, c, jobs) in [("old", old, &old_jobs), ("new", new, &new_jobs)] {
        has_keys(&report["clusters"][cluster], &["url", "exit", "jobs"]);
        assert_eq!(report["clusters"][cluster]["url"], c.rest.as_str());
        assert_eq!(jobs_of(&report, cluster).len(), 2, "{report:#}");
        for job in jobs {
            let e = entry(&report, cluster, &job.id);
            assert_eq!(e["ok"], true, "{e:#}");
            let location = e["location"].as_str().unwrap();
            assert!(local(location).starts_with(c.savepoint_dir()), "{location}: the cluster's own default");
            assert!(local(location).join("_metadata").is_file(), "{location} has no _metadata");
            assert_eq!(job.state(), "RUNNING", "a savepoint leaves the job running");
        }
    }
    out.stderr_has("savepoint --all: nothing could be done on cluster(s) down");

    // text: one line per job on stdout and a summary; --name picks jobs by glob on every cluster of
    // config.toml; what is for a person goes to stderr. FSP_JOBMANAGER does not override the profiles' urls.
    let mut all = with();
    all.env("FSP_JOBMANAGER", format!("127.0.0.1:{}", closed_port()));
    let out = all.args(["savepoint", "--all", "--all-clusters", "--name", "fleet-*", "--parallel", "1"]).output_code();
    show("savepoint --all --all-clusters --name 'fleet-*'", &out);
    out.code(3);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "3 jobs and the cluster that is down:\n{}", out.stdout);
    for job in [&old_jobs[0], &old_jobs[1], &new_jobs[0]] {
        let cluster = if job.cluster.rest == old.rest { "old" } else { "new" };
        let l = lines.iter().find(|l| l.contains(&job.id)).unwrap_or_else(|| panic!("no line of {}", job.id));
        assert!(l.starts_with(&format!("ok      {cluster}  {}  fleet-", job.id)), "{l}");
    }
    assert!(lines.iter().any(|l| l.starts_with("FAILED  down  the cluster (exit 3): ")), "{}", out.stdout);
    assert!(!out.stdout.contains(&new_jobs[1].id), "'other' does not match fleet-*:\n{}", out.stdout);
    out.stderr_has("savepoint --all: 3 of 3 jobs done, 0 failed on 3 clusters (not acted on: down).\n");
    out.stderr_has("old: 2 job(s); savepoints go to").stderr_has("error: savepoint --all: nothing could be done");

    // --name matching no job anywhere is exit 4
    let out = with().args(["--cluster", "old,new", "savepoint", "--all", "--name", "nothing-*"]).output_code();
    out.code(4).stderr_has("--name 'nothing-*'");

    the_readme_fleet_cron_line_runs_as_written(old, new);
    at_most_parallel_jobs_at_once(&with, new);

    // a job that cannot take a savepoint (more parallelism than free slots: its tasks never run) fails alone;
    // the other jobs get theirs all the same
    let mut run = new.fsp();
    run.args(["-o", "json", "run", "-d", "-p", "8"]).arg(new.jar()).args(["--name", "fleet-stuck"]);
    let stuck = run.output_ok().json()["job_id"].as_str().unwrap().to_string();
    let out = with().args(["--cluster", "new,down", "savepoint", "--all"]).output_code();
    show("savepoint --all --cluster new,down, with a job that cannot take one", &out);
    out.code(1);
    let failed = out.stdout.lines().find(|l| l.contains(&stuck)).expect("a line for the stuck job");
    assert!(failed.starts_with(&format!("FAILED  new  {stuck}  fleet-stuck  (exit 1) ")), "{failed}");
    out.stderr_has("savepoint --all: 2 of 3 jobs done, 1 failed on 2 clusters (not acted on: down).");

    // stop --all: the stuck job is reported (with exit 1) and every other job is stopped
    let out = with().args(["--cluster", "old,new,down", "-o", "json", "stop", "--all"]).output_code();
    show("stop --all -o json", &out);
    out.code(1);
    let report = shape(&out, REPORT);
    assert_eq!(report["command"], "stop --all");
    assert_eq!((report["succeeded"].clone(), report["failed"].clone()), (4.into(), 1.into()), "{report:#}");
    down_cluster(&report);
    let e = entry(&report, "new", &stuck);
    has_keys(e, &["job_id", "name", "ok", "exit", "error", "duration_ms"]);
    assert_eq!((e["ok"].clone(), e["exit"].clone()), (Value::Bool(false), Value::from(1)), "{e:#}");
    assert!(e["error"].as_str().unwrap().contains(&format!("job {stuck} was not stopped")), "{e:#}");
    for job in old_jobs.iter().chain(&new_jobs) {
        job.wait_state("FINISHED");
        let cluster = if job.cluster.rest == old.rest { "old" } else { "new" };
        let location = entry(&report, cluster, &job.id)["location"].as_str().unwrap().to_string();
        assert!(local(&location).join("_metadata").is_file(), "{location}");
    }
    assert_eq!(new.state(&stuck), "RUNNING", "the stuck job was not stopped");
    new.cancel(&stuck);

    // cancel -s --all on one cluster given by -m: a savepoint of each job into the given directory, then
    // cancelled; the report is keyed by the cluster's URL
    let job = old.start_job("fleet-c", &[]);
    let into = tempfile::tempdir().unwrap();
    let out = old.fsp().args(["-o", "json", "cancel", "-s"]).arg(into.path()).arg("--all").output_ok();
    let report = shape(&out, REPORT);
    assert_eq!(report["command"], "cancel -s --all");
    has_keys(&report["clusters"], &[old.rest.as_str()]);
    let e = entry(&report, &old.rest, &job.id);
    assert!(local(e["location"].as_str().unwrap()).starts_with(into.path()), "{e:#}");
    assert!(Path::new(&local(e["location"].as_str().unwrap())).join("_metadata").is_file());
    assert_eq!(job.state(), "CANCELED", "cancel -s --all returns once the job has ended");

    // with no running job, there is nothing to do, and that is not a failure
    let out = old.fsp().args(["savepoint", "--all"]).output_ok();
    assert_eq!(out.stdout, "", "no job, no line");
    out.stderr_has("savepoint --all: 0 of 0 jobs done, 0 failed.\n");
    let out = old.fsp().args(["-q", "savepoint", "--all"]).output_ok();
    assert_eq!((out.stdout.as_str(), out.stderr.as_str()), ("", ""), "-q: only data and errors");

    // bad input is refused before anything is sent
    with().args(["--cluster", "old,new", "list"]).output_code().code(2).stderr_has("--all");
    with().args(["--cluster", "old,nope", "savepoint", "--all"]).output_code().code(2).stderr_has("no cluster 'nope'");
    with().args(["--cluster", "old", "savepoint", "--all", "--all-clusters"]).output_code().code(2);
    with().args(["-m", &old.rest, "savepoint", "--all", "--all-clusters"]).output_code().code(2).stderr_has("drop -m");
    with().args(["cancel", "--all"]).output_code().code(2).stderr_has("-s");
    with().args(["savepoint", "--all", &stuck]).output_code().code(2).stderr_has("give no JOB_ID");
    with().args(["savepoint", "--all", "--name", "x["]).output_code().code(2).stderr_has("not a glob pattern");
    with().args(["savepoint", "--name", "x"]).output_code().code(2).stderr_has("--all");
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
    // the command is what follows the five time fields, exactly as written
    let mut rest = line;
    for _ in 0..5 {
        rest = rest.trim_start().split_once(char::is_whitespace).expect("five time fields").1;
    }
    let log = tempfile::NamedTempFile::new().unwrap();
    assert!(rest.contains(">> /var/log/fsp-fleet.log 2>&1"), "the recipe logs to /var/log/fsp-fleet.log: {rest}");
    let command = rest.trim().replace("/var/log/fsp-fleet.log", log.path().to_str().unwrap());

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
    let count = |dir: &Path| {
        std::fs::read_dir(dir).unwrap().filter(|e| e.as_ref().unwrap().path().join("_metadata").is_file()).count()
    };
    assert_eq!((count(prod_dir.path()), count(staging_dir.path())), (6, 6), "three savepoints of two jobs each");
    let fsp_dir = Path::new(env!("CARGO_BIN_EXE_fsp")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", fsp_dir.display(), std::env::var("PATH").unwrap_or_default());
    let out = crate::util::hermetic(std::process::Command::new("sh"))
        .args(["-c", &command])
        .env("PATH", path)
        .env("FSP_CONFIG_DIR", conf.path())
        .output_ok();
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "everything goes to the log: {out:?}");
    let log = std::fs::read_to_string(log.path()).unwrap();
    eprintln!("=== the fleet cron log:\n{log}");
    assert!(log.contains("savepoint --all: 4 of 4 jobs done, 0 failed on 2 clusters."), "{log}");
    assert_eq!(log.lines().filter(|l| l.starts_with("deleted  ")).count(), 4, "one savepoint of each job:\n{log}");
    assert_eq!(log.matches(" deleted, ").count(), 2, "a prune summary per cluster:\n{log}");
    for dir in [prod_dir.path(), staging_dir.path()] {
        assert_eq!(count(dir), 6, "three savepoints of each of the two jobs stay in {}:\n{log}", dir.display());
    }
}

/// `--parallel N` on a real cluster: two jobs whose savepoints cannot complete (each record sleeps ten
/// minutes in the source's task, and the first one has only just begun) time out after `--timeout 3s` each:
/// one at a time that takes at least 6 s, two at a time about 3 s. Timeouts only: exit 5.
fn at_most_parallel_jobs_at_once(with: &dyn Fn() -> std::process::Command, c: &Cluster) {
    let slow = [c.start_job("slow-1", &["--delay-ms", "600000"]), c.start_job("slow-2", &["--delay-ms", "600000"])];
    let timed = |parallel: &str| {
        let started = std::time::Instant::now();
        let out = with()
            .args(["--cluster", "new", "--timeout", "3s", "-o", "json", "savepoint", "--all", "--name", "slow-*"])
            .args(["--parallel", parallel])
            .output_code();
        let wall = started.elapsed();
        out.code(5);
        let report = out.json();
        assert_eq!((report["failed"].clone(), report["exit"].clone()), (2.into(), 5.into()), "{report:#}");
        for job in &slow {
            let e = entry(&report, "new", &job.id);
            assert_eq!(e["exit"], 5, "{e:#}");
            assert!(e["duration_ms"].as_u64().unwrap() >= 3000, "{e:#}");
        }
        wall
    };
    let one_at_a_time = timed("1");
    assert!(one_at_a_time >= std::time::Duration::from_secs(6), "--parallel 1 took only {one_at_a_time:?}");
    let two_at_a_time = timed("2");
    assert!(two_at_a_time < std::time::Duration::from_secs(6), "--parallel 2 took {two_at_a_time:?}: not at once");
    eprintln!("--parallel 1: {one_at_a_time:?}, --parallel 2: {two_at_a_time:?}");
    drop(slow);
    for name in ["slow-1", "slow-2"] {
        c.wait_for(&format!("{name} to be cancelled"), 60, || c.jobs_named(name).iter().all(|(_, s)| s == "CANCELED"));
    }
}
