//! `fsp history` and `fsp prune` on real savepoints from a real cluster.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::harness::{CommandExt, Job, Kind, cluster, local};

#[test]
fn history_and_reference_safe_prune() {
    let c = cluster(Kind::V2);
    let job = c.start_job("prune", &[]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let mut sps = Vec::new();
    for _ in 0..4 {
        let v = c.fsp().args(["-o", "json", "savepoint", &job.id, d]).output_ok().json();
        sps.push(v["location"].as_str().unwrap().to_string());
        // deliberately a second apart: history orders by the _metadata modification time, which some file
        // systems keep in whole seconds (not a wait for anything)
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    let paths: Vec<PathBuf> = sps.iter().map(|s| local(s)).collect();

    let v = c.fsp().args(["-o", "json", "history", "--dir", d]).output_ok().json();
    assert_eq!(v["cluster_reachable"], true);
    let snaps = v["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 4);
    for (i, s) in snaps.iter().enumerate() {
        assert_eq!(s["path"], paths[i].display().to_string().as_str(), "oldest first");
        assert_eq!(s["job"], job.id.as_str(), "the full id, from the cluster");
        assert_eq!(s["complete"], true);
        assert_eq!(s["kind"], "savepoint");
        let newest = i == 3;
        assert_eq!(s["in_use"]["state"], if newest { "yes" } else { "no" }, "{s}");
    }
    assert!(snaps[3]["in_use"]["reason"].as_str().unwrap().contains("newest complete savepoint"));

    // dry run: says what it would delete, deletes nothing
    let out = c.fsp().args(["prune", "--keep", "2", "--grace", "0s", "--dir", d, "--dry-run"]).output_ok();
    assert_eq!(out.stdout.matches("would delete").count(), 2, "{}", out.stdout);
    assert!(paths.iter().all(|p| p.join("_metadata").is_file()));

    // a job restored from the oldest savepoint keeps it protected
    let out =
        c.fsp().args(["-o", "json", "run", "-s", &sps[0]]).arg(c.jar()).args(["--name", "prune-restored"]).output_ok();
    let _restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    let v: Value = c.fsp().args(["-o", "json", "prune", "--keep", "1", "--grace", "0s", "--dir", d]).output_ok().json();
    let deleted: Vec<&str> = v["deleted"].as_array().unwrap().iter().map(|x| x["path"].as_str().unwrap()).collect();
    assert_eq!(deleted.len(), 2, "{v}");
    assert!(!paths[1].exists() && !paths[2].exists(), "the two middle savepoints are gone");
    assert!(paths[0].join("_metadata").is_file(), "the restore source of a running job is kept");
    assert!(paths[3].join("_metadata").is_file(), "the newest is kept");
    let kept = v["kept"].as_array().unwrap();
    assert!(kept.iter().any(|k| k["reason"].as_str().unwrap().contains("restored from it")), "{v}");

    // idempotent: nothing more to delete
    let v = c.fsp().args(["-o", "json", "prune", "--keep", "1", "--grace", "0s", "--dir", d]).output_ok().json();
    assert!(v["deleted"].as_array().unwrap().is_empty(), "{v}");

    // the cluster unreachable: history still works, prune deletes nothing it cannot prove unused
    let out = crate::util::fsp().args(["-m", "127.0.0.1:1", "-o", "json", "history", "--dir", d]).output_ok();
    assert_eq!(out.json()["cluster_reachable"], false);
    let v = crate::util::fsp()
        .args(["-m", "127.0.0.1:1", "-o", "json", "prune", "--keep", "0", "--grace", "0s", "--dir", d])
        .output_ok()
        .json();
    assert!(v["deleted"].as_array().unwrap().is_empty(), "{v}");
    assert!(paths[0].exists() && paths[3].exists());

    // two prunes at once: the second refuses
    let lock = std::fs::File::create(dir.path().join(".fsp-prune.lock")).unwrap();
    lock.lock().unwrap();
    let out = c.fsp().args(["prune", "--keep", "0", "--grace", "0s", "--dir", d]).output_code();
    out.code(1).stderr_has("another fsp prune is running");
    drop(lock);
    assert!(paths[0].exists() && paths[3].exists());
}

/// What a snapshot directory holds: `dir name → file names`.
pub type Listing = BTreeMap<String, BTreeSet<String>>;

const FILLERS: [&str; 3] = ["5e2b7c1a-state-1", "5e2b7c1a-state-2", "5e2b7c1a-state-3"];

/// A small deterministic random source, so a failing run can be repeated.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// `per_job` synthetic savepoints for each job prefix: a real savepoint's `_metadata` plus state files,
/// `_metadata` timestamped an hour apart (oldest first). Returns their directory names, per job.
pub fn synthetic(dir: &Path, jobs: &[&str], per_job: usize) -> Vec<Vec<String>> {
    let meta =
        std::fs::read(crate::util::repo().join("tests/fixtures/metadata/2.3.0-savepoint-canonical/_metadata")).unwrap();
    let now = std::time::SystemTime::now();
    jobs.iter()
        .enumerate()
        .map(|(j, prefix)| {
            (0..per_job)
                .map(|i| {
                    let name = format!("savepoint-{prefix}-{:012x}", j * 1000 + i);
                    let d = dir.join(&name);
                    std::fs::create_dir_all(&d).unwrap();
                    for f in FILLERS {
                        std::fs::write(d.join(f), vec![b'x'; 2048]).unwrap();
                    }
                    std::fs::write(d.join("_metadata"), &meta).unwrap();
                    let age = std::time::Duration::from_secs(3600 * (per_job - i) as u64);
                    std::fs::File::options()
                        .write(true)
                        .open(d.join("_metadata"))
                        .unwrap()
                        .set_modified(now - age)
                        .unwrap();
                    name
                })
                .collect()
        })
        .collect()
}

pub fn listing(dir: &Path) -> Listing {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let files =
                std::fs::read_dir(e.path()).unwrap().flatten().map(|f| f.file_name().to_string_lossy().into_owned());
            (e.file_name().to_string_lossy().into_owned(), files.collect())
        })
        .collect()
}

/// After any interruption: the protected snapshots are whole, and every directory that still has
/// `_metadata` still has every file it had.
pub fn assert_safe(after: &Listing, before: &Listing, protected: &[String], when: &str) {
    for p in protected {
        assert_eq!(after.get(p), before.get(p), "{when}: protected {p} was touched");
    }
    for (d, files) in after {
        if files.contains("_metadata") {
            assert_eq!(Some(files), before.get(d), "{when}: {d} still looks restorable but lost files");
        }
    }
}

/// Run a prune and kill it after a random delay up to `max_ms`, `runs` times, checking `assert_safe` after
/// each kill; then a prune to the end must leave exactly the protected snapshots. `setup` makes the
/// directory for a run and names the protected snapshots in it.
pub fn kill_at_random_points(
    runs: u64,
    max_ms: u64,
    setup: &dyn Fn() -> (String, Vec<String>),
    listing: &dyn Fn(&str) -> Listing,
    prune: &dyn Fn(&str) -> Command,
) {
    let mut rng = Lcg(0x5eed_f5b0);
    let mut interrupted = 0;
    for run in 0..runs {
        let (dir, protected) = setup();
        let before = listing(&dir);
        let delay = rng.below(max_ms);
        let mut child =
            prune(&dir).env("FSP_PRUNE_TEST_SLOW_MS", "2").stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        // deliberately: the random point at which to kill the prune (not a wait for anything)
        std::thread::sleep(std::time::Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        let when = format!("run {run}, killed after {delay} ms");
        assert_safe(&listing(&dir), &before, &protected, &when);
        // the next prune finishes the job: only the protected snapshots are left, whole
        let finished = prune(&dir).output_ok();
        let after = listing(&dir);
        assert_eq!(
            after.keys().cloned().collect::<BTreeSet<_>>(),
            protected.iter().cloned().collect(),
            "{when}; the prune that finished said:\n{}{}",
            finished.stdout,
            finished.stderr
        );
        assert_safe(&after, &before, &protected, &when);
    }
    assert!(interrupted >= runs / 4, "only {interrupted} of {runs} prunes were interrupted: shorten the delays");
}

#[test]
fn a_prune_killed_while_the_cluster_disposes_never_touches_the_savepoint_a_job_runs_from() {
    let c = cluster(Kind::V2);
    let job = c.start_job("prune-kill", &[]);
    let real = tempfile::tempdir().unwrap();
    let sp = c.fsp().args(["-o", "json", "savepoint", &job.id, real.path().to_str().unwrap()]).output_ok().json();
    let sp = local(sp["location"].as_str().unwrap());
    let out = c
        .fsp()
        .args(["-o", "json", "run", "-s"])
        .arg(&sp)
        .arg(c.jar())
        .args(["--name", "prune-kill-restored"])
        .output_ok();
    let _restored = Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    let name = sp.file_name().unwrap().to_string_lossy().into_owned();
    // older than the synthetic savepoints of its job beside it: only its use protects it
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(30 * 3600);
    std::fs::File::options().write(true).open(sp.join("_metadata")).unwrap().set_modified(old).unwrap();
    // each run: three old synthetic savepoints of the job (disposed through the cluster) and a newest one
    let setup = || {
        let names = synthetic(real.path(), &[&job.id[..6]], 4);
        (real.path().display().to_string(), vec![name.clone(), names[0][3].clone()])
    };
    let prune = |d: &str| {
        let mut cmd = c.fsp();
        cmd.args(["prune", "--keep", "1", "--grace", "0s", "--dir", d]);
        cmd
    };
    // how long a whole prune takes here (the faster of two) sets the range of the kill delays
    let whole = (0..2)
        .map(|_| {
            setup();
            let started = std::time::Instant::now();
            prune(&real.path().display().to_string()).output_ok();
            started.elapsed().as_millis() as u64
        })
        .min()
        .unwrap();
    kill_at_random_points(16, whole, &setup, &|d| listing(Path::new(d)), &prune);
    assert!(sp.join("_metadata").is_file(), "the restored job's source outlives every run");
}

/// The README's cron line, run as written (with the log in a temporary file) by `sh`, against a real
/// cluster found through the Flink configuration; older savepoints were taken a day earlier.
#[test]
fn the_readme_cron_example_runs_as_written() {
    let readme = std::fs::read_to_string(crate::util::repo().join("README.md")).unwrap();
    let block = readme.split("```cron\n").nth(1).and_then(|b| b.split("```").next()).expect("a cron block");
    let line = block.lines().find(|l| l.starts_with(|c: char| c.is_ascii_digit())).expect("a schedule line");
    let command: String = line.split_whitespace().skip(5).collect::<Vec<_>>().join(" ");
    let log = tempfile::NamedTempFile::new().unwrap();
    let command = command.replace("/var/log/fsp-prune.log", log.path().to_str().unwrap());

    let c = cluster(Kind::V2NoSavepointDir);
    let job = c.start_job("cron", &[]);
    let (conf, dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let rest = c.rest.trim_start_matches("http://");
    let (address, port) = rest.split_once(':').unwrap();
    std::fs::write(
        conf.path().join("config.yaml"),
        format!(
            "rest:\n  address: {address}\n  port: {port}\nexecution:\n  checkpointing:\n    savepoint-dir: file://{}\n",
            dir.path().display()
        ),
    )
    .unwrap();
    let mut old = Vec::new();
    for i in 0..4u64 {
        let v = c.fsp().args(["-o", "json", "savepoint", &job.id]).arg(dir.path()).output_ok().json();
        let p = local(v["location"].as_str().unwrap());
        let t = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400 + 60 * (4 - i));
        std::fs::File::options().write(true).open(p.join("_metadata")).unwrap().set_modified(t).unwrap();
        old.push(p);
    }
    let fsp_dir = Path::new(env!("CARGO_BIN_EXE_fsp")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", fsp_dir.display(), std::env::var("PATH").unwrap_or_default());
    let out = crate::util::hermetic(Command::new("sh"))
        .args(["-c", &command])
        .env("PATH", path)
        .env("JOB_ID", &job.id)
        .env("FLINK_CONF_DIR", conf.path())
        .output_ok();
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "everything goes to the log");
    let log = std::fs::read_to_string(log.path()).unwrap();
    eprintln!("the cron log:\n{log}");
    assert!(log.contains("Savepoint completed. Path: "), "{log}");
    assert!(log.contains("2 deleted, 3 kept."), "{log}");
    assert!(!old[0].exists() && !old[1].exists(), "the two oldest are gone:\n{log}");
    assert!(old[2].join("_metadata").is_file() && old[3].join("_metadata").is_file(), "{log}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count(), 3);
}
