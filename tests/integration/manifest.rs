//! `stop --all --manifest FILE`, a JobManager restart (the uploaded jars are gone), then `run --manifest
//! FILE [--check]`, against private real clusters (restarted here, so not the shared ones): every job back
//! from its own savepoint, with its jar, name, parallelism and arguments; a rerun (also after a run killed
//! right after a submission) submits nothing twice; a job bin/flink submitted is an incomplete entry.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use base64::Engine;
use serde_json::Value;

use crate::harness::{Cluster, CommandExt, Kind, local, start};
use crate::json_contract::has_keys;
use crate::util::{Out, wait_until};

/// Stops a private cluster when the test ends, however it ends.
struct Private(Cluster);

impl Drop for Private {
    fn drop(&mut self) {
        self.0.stop();
    }
}

fn show(what: &str, out: &Out) {
    eprintln!("=== {what} (exit {})\n--- stdout\n{}--- stderr\n{}", out.code, out.stdout, out.stderr);
}

/// Submit the fixture job through `fsp run` with fsp's own options before the jar; its id.
fn fsp_run(c: &Cluster, name: &str, opts: &[&str]) -> String {
    let out = c.fsp().args(["-o", "json", "run"]).args(opts).arg(c.jar()).args(["--name", name]).output_ok();
    out.json()["job_id"].as_str().unwrap().to_string()
}

/// The jobs of the cluster that have not ended: (id, name).
fn live_jobs(c: &Cluster) -> Vec<(String, String)> {
    let jobs = c.get("/jobs/overview")["jobs"].as_array().unwrap().clone();
    let ended = ["FINISHED", "CANCELED", "FAILED", "SUSPENDED"];
    jobs.iter()
        .filter(|j| !ended.contains(&j["state"].as_str().unwrap()))
        .map(|j| (j["jid"].as_str().unwrap().to_string(), j["name"].as_str().unwrap().to_string()))
        .collect()
}

/// Wait until a job runs all its tasks, leaving it running.
fn running(c: &Cluster, id: &str) {
    let job = crate::harness::Job { cluster: c, id: id.to_string() };
    job.wait_tasks_running();
    std::mem::forget(job);
}

fn manifest_of(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn entry<'a>(m: &'a Value, name: &str) -> &'a Value {
    m["entries"].as_array().unwrap().iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("no {name} in {m:#}"))
}

fn same_location(a: &str, b: &str) -> bool {
    local(a).to_string_lossy().trim_end_matches('/') == local(b).to_string_lossy().trim_end_matches('/')
}

/// The job now running under `name` is the entry's job back: restored from the entry's savepoint, with its
/// parallelism and arguments, tagged with the old job id.
fn is_back(c: &Cluster, e: &Value) -> String {
    let name = e["name"].as_str().unwrap();
    let live: Vec<_> = live_jobs(c).into_iter().filter(|(_, n)| n == name).collect();
    assert_eq!(live.len(), 1, "exactly one job {name} runs: {live:?}");
    let id = live[0].0.clone();
    let job = crate::harness::Job { cluster: c, id: id.clone() };
    job.wait_tasks_running();
    let restored = job.restored_from().unwrap_or_else(|| panic!("job {name} ({id}) was not restored"));
    assert!(same_location(&restored, e["savepoint"].as_str().unwrap()), "{name}: restored from {restored}, not {e:#}");
    let config = c.get(&format!("/jobs/{id}/config"));
    let params = &config["execution-config"]["user-config"];
    assert_eq!(params["fsp.manifest-of"], e["old_job_id"], "{config:#}");
    if let Some(p) = e["parallelism"].as_u64() {
        assert_eq!(config["execution-config"]["job-parallelism"].as_u64(), Some(p), "{config:#}");
    }
    let recipe = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(params["fsp.submission"].as_str().unwrap());
    let recipe: Value = serde_json::from_slice(&recipe.unwrap()).unwrap();
    assert_eq!(recipe["args"], e["args"], "{recipe:#}");
    assert_eq!(recipe["properties"], e["properties"], "{recipe:#}");
    std::mem::forget(job); // it stays running
    id
}

#[test]
fn stop_all_restart_and_bring_every_job_back_flink_2_3() {
    let private = Private(start(Kind::V2, &[]));
    let c = &private.0;
    let jar = c.jar();
    fsp_run(c, "orders", &["-p", "2", "-D", "pipeline.auto-watermark-interval=300ms"]);
    fsp_run(c, "billing", &[]);
    // a job fsp did not submit: its jar, class and arguments are unknown
    c.flink().args(["run", "-d"]).arg(&jar).args(["--name", "cli-job"]).output_ok();
    c.wait_for("cli-job to run", 60, || live_jobs(c).iter().any(|(_, n)| n == "cli-job"));
    let old: Vec<(String, String)> = live_jobs(c);
    assert_eq!(old.len(), 3, "{old:?}");
    for (id, _) in &old {
        running(c, id);
    }

    // (4) onto an existing file: refused before anything is stopped, the file untouched
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing.json");
    std::fs::write(&existing, "precious").unwrap();
    let out = c.fsp().args(["stop", "--all", "--manifest"]).arg(&existing).output_code();
    out.code(2).stderr_has("exists: a manifest is never written over another file");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "precious");
    assert_eq!(live_jobs(c).len(), 3, "nothing was stopped");

    // stop --all --manifest: every job stopped, an entry each; the job fsp did not submit is said on stderr
    let file = dir.path().join("maintenance.json");
    let out = c.fsp().args(["stop", "--all", "--manifest"]).arg(&file).output_code();
    show("stop --all --manifest maintenance.json", &out);
    out.code(0);
    let cli_id = old.iter().find(|(_, n)| n == "cli-job").unwrap().0.clone();
    out.stderr_has(&format!("job {cli_id} 'cli-job' was not submitted by fsp: its jar, entry class and arguments are unknown, so its manifest entry is incomplete"));
    out.stderr_has(&format!("Manifest {}: 3 job(s); bring them back with: fsp run --manifest", file.display()));
    assert!(live_jobs(c).is_empty(), "every job was stopped");
    let m = manifest_of(&file);
    eprintln!("=== the manifest\n{}", std::fs::read_to_string(&file).unwrap());
    has_keys(&m, &["version", "created", "command", "entries"]);
    assert_eq!((m["version"].clone(), m["command"].clone()), (1.into(), "stop --all".into()));
    assert_eq!(m["entries"].as_array().unwrap().len(), 3, "{m:#}");
    let orders = entry(&m, "orders");
    let keys = ["name", "old_job_id", "cluster", "savepoint", "jar", "entry_class", "args", "parallelism"];
    has_keys(orders, &[&keys[..], &["allow_non_restored_state", "properties", "complete"]].concat());
    assert_eq!(orders["cluster"]["url"], c.rest.as_str());
    assert_eq!(orders["jar"]["path"], jar.to_str().unwrap(), "{orders:#}");
    assert_eq!(orders["jar"]["sha256"].as_str().map(str::len), Some(64), "{orders:#}");
    assert!(orders["jar"]["id"].as_str().unwrap().ends_with("_counter-job.jar"), "{orders:#}");
    assert_eq!((orders["parallelism"].clone(), orders["complete"].clone()), (2.into(), true.into()));
    assert_eq!(orders["args"], serde_json::json!(["--name", "orders"]));
    assert_eq!(orders["properties"], serde_json::json!({"pipeline.auto-watermark-interval": "300ms"}));
    for e in m["entries"].as_array().unwrap() {
        let sp = local(e["savepoint"].as_str().unwrap());
        assert!(sp.starts_with(c.savepoint_dir()) && sp.join("_metadata").is_file(), "{e:#}");
    }
    let cli = entry(&m, "cli-job");
    assert_eq!((cli["complete"].clone(), cli["parallelism"].clone()), (false.into(), 1.into()), "{cli:#}");
    assert_eq!(cli["jar"], serde_json::json!({"id": null, "path": null, "sha256": null}), "{cli:#}");
    assert_eq!(cli["missing"], serde_json::json!(["jar.path", "entry_class", "args"]));

    // maintenance: the JobManager restarts, its jobs and uploaded jars are gone
    c.restart();
    assert!(live_jobs(c).is_empty());
    assert_eq!(c.get("/jars")["files"], serde_json::json!([]), "the jar ids are gone");

    // --check previews every entry and submits nothing; the incomplete one is refused, naming the field
    let out = c.fsp().args(["run", "--manifest"]).arg(&file).arg("--check").output_code();
    show("run --manifest maintenance.json --check", &out);
    out.code(2);
    for name in ["orders", "billing"] {
        let l = out.stdout.lines().find(|l| l.contains(&format!("  {name}  "))).unwrap();
        assert!(l.starts_with("would   "), "{l}");
        assert!(l.contains(": all state of ") && l.ends_with(&format!(" restored; uploads {}", jar.display())), "{l}");
    }
    let refused = out.stdout.lines().find(|l| l.contains("cli-job")).unwrap();
    assert!(refused.starts_with(&format!("FAILED  {}  {cli_id}  cli-job  (exit 2) ", c.rest)), "{refused}");
    assert!(refused.contains(r#"fill in "jar": {"path": "/absolute/path/job.jar"}"#), "{refused}");
    out.stderr_has("run --manifest --check: 2 of 3 entries would come back, 1 would not; nothing was submitted.");
    assert!(live_jobs(c).is_empty(), "--check submits nothing");
    assert_eq!(c.get("/jars")["files"], serde_json::json!([]), "a jar uploaded for a plan is deleted again");

    // run --manifest: the two complete entries come back, each from its own savepoint; the third is refused
    let out = c.fsp().args(["run", "--manifest"]).arg(&file).output_code();
    show("run --manifest maintenance.json", &out);
    out.code(2);
    assert_eq!(out.stdout.lines().filter(|l| l.starts_with("ok      ")).count(), 2, "{}", out.stdout);
    out.stderr_has("run --manifest: 2 of 3 entries running (2 submitted, 0 already back), 1 failed.");
    let orders_id = is_back(c, orders);
    let billing_id = is_back(c, entry(&m, "billing"));

    // (2) a rerun submits nothing twice: both are already back
    let out = c.fsp().args(["run", "--manifest"]).arg(&file).output_code();
    show("run --manifest maintenance.json, again", &out);
    let old_orders = orders["old_job_id"].as_str().unwrap();
    out.code(2).stdout_has(&format!("running {}  {old_orders} -> {orders_id}  orders", c.rest));
    out.stdout_has(&format!("-> {billing_id}  billing  already back from its entry"));
    out.stderr_has("run --manifest: 2 of 3 entries running (0 submitted, 2 already back), 1 failed.");
    assert_eq!(live_jobs(c).len(), 2, "{:?}", live_jobs(c));
    let out = c.fsp().args(["-o", "json", "run", "--manifest"]).arg(&file).output_code();
    out.code(2);
    let report = out.json();
    has_keys(&report, &["command", "manifest", "check", "entries", "total", "succeeded", "failed", "exit"]);
    assert_eq!((report["succeeded"].clone(), report["failed"].clone()), (2.into(), 1.into()), "{report:#}");
    for e in report["entries"].as_array().unwrap() {
        let want = if e["name"] == "cli-job" { "incomplete" } else { "running" };
        assert_eq!(e["status"], want, "{report:#}");
    }
    assert_eq!(live_jobs(c).len(), 2, "{:?}", live_jobs(c));

    // (3) the incomplete entry, filled in as the error says, comes back too; the others are left alone
    let mut edited = m.clone();
    for e in edited["entries"].as_array_mut().unwrap() {
        if e["name"] == "cli-job" {
            e["jar"]["path"] = jar.to_str().unwrap().into();
            e["args"] = serde_json::json!(["--name", "cli-job"]);
        }
    }
    std::fs::write(&file, serde_json::to_string_pretty(&edited).unwrap()).unwrap();
    let out = c.fsp().args(["run", "--manifest"]).arg(&file).output_code();
    show("run --manifest maintenance.json, the cli-job entry filled in", &out);
    out.code(0).stdout_has(&format!("ok      {}  {cli_id} -> ", c.rest));
    is_back(c, entry(&edited, "cli-job"));
    assert_eq!(live_jobs(c).len(), 3);

    // (2) a run killed right after its submission: the rerun finds the job by its tag and submits nothing
    c.cancel(&orders_id);
    c.wait_for("orders to be cancelled", 60, || c.state(&orders_id) == "CANCELED");
    let mut child =
        c.fsp().args(["run", "--manifest"]).arg(&file).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    wait_until(Duration::from_secs(120), "the killed run's orders job on the cluster", || {
        live_jobs(c).iter().any(|(_, n)| n == "orders")
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let out = c.fsp().args(["run", "--manifest"]).arg(&file).output_code();
    show("run --manifest maintenance.json, after a run killed once it had submitted orders", &out);
    out.code(0).stderr_has("(0 submitted, 3 already back), 0 failed.");
    is_back(c, orders);
    assert_eq!(live_jobs(c).len(), 3, "one job per entry: {:?}", live_jobs(c));
}

/// The same round trip on Flink 1.20.3: two jobs fsp submitted, stopped into a manifest, the cluster
/// restarted, previewed, brought back, and a rerun that submits nothing.
#[test]
fn stop_all_restart_and_bring_every_job_back_flink_1_20() {
    let private = Private(start(Kind::V1, &[]));
    let c = &private.0;
    fsp_run(c, "orders", &["-p", "2"]);
    fsp_run(c, "billing", &[]);
    for (id, _) in live_jobs(c) {
        running(c, &id);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("m.json");
    c.fsp().args(["stop", "--all", "--manifest"]).arg(&file).output_ok();
    let m = manifest_of(&file);
    assert_eq!(m["entries"].as_array().unwrap().len(), 2, "{m:#}");
    c.restart();
    assert_eq!(c.get("/jars")["files"], serde_json::json!([]));
    let out = c.fsp().args(["run", "--manifest"]).arg(&file).arg("--check").output_ok();
    assert_eq!(out.stdout.lines().filter(|l| l.starts_with("would   ")).count(), 2, "{}", out.stdout);
    // --jar-dir: the jar by its file name there, and only if it is the jar the job ran (its SHA-256)
    let jars = tempfile::tempdir().unwrap();
    let name = c.jar().file_name().unwrap().to_owned();
    let mut other = std::fs::read(c.jar()).unwrap();
    other.extend_from_slice(b"not the same jar");
    std::fs::write(jars.path().join(&name), other).unwrap();
    let out =
        c.fsp().args(["run", "--manifest"]).arg(&file).arg("--check").arg("--jar-dir").arg(jars.path()).output_code();
    out.code(1).stdout_has("is not the jar the job ran: its SHA-256 is ");
    std::fs::copy(c.jar(), jars.path().join(&name)).unwrap();
    let out =
        c.fsp().args(["run", "--manifest"]).arg(&file).arg("--check").arg("--jar-dir").arg(jars.path()).output_ok();
    out.stdout_has(&format!("; uploads {}", jars.path().join(&name).display()));
    assert!(live_jobs(c).is_empty(), "--check submits nothing");
    let out = c.fsp().args(["run", "--manifest"]).arg(&file).output_ok();
    show("run --manifest m.json on 1.20.3", &out);
    for name in ["orders", "billing"] {
        is_back(c, entry(&m, name));
    }
    // without -m each entry goes back to the cluster it names (its URL here: no profile)
    let out = crate::util::fsp().args(["run", "--manifest"]).arg(&file).output_ok();
    out.stderr_has("run --manifest: 2 of 2 entries running (0 submitted, 2 already back), 0 failed.");
    assert!(out.stdout.lines().all(|l| l.starts_with(&format!("running {}  ", c.rest))), "{}", out.stdout);
    assert_eq!(live_jobs(c).len(), 2);
}
