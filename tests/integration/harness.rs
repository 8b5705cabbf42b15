//! Real Flink clusters for the end-to-end tests.
//!
//! One cluster per kind for the whole test run, started on first use by `scripts/flink-cluster` (which
//! provisions Flink from PyPI) on free loopback ports. Each is watched by a watchdog that stops it and removes
//! its directory once this test process exits, however it exits: no Flink outlives the run. If Flink or Java
//! cannot be provisioned, the test panics with the script's own words: nothing is skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde_json::Value;

use crate::util::{Out, repo, run, wait_until};

/// The kinds of cluster the tests use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Flink 2.3.0 with `config.yaml` and a default savepoint directory.
    V2,
    /// Flink 1.20.3 with `config.yaml` and a default savepoint directory.
    V1,
    /// Flink 1.20.3 configured by a legacy flat `flink-conf.yaml` (`state.savepoints.dir`).
    V1Legacy,
    /// Flink 2.3.0 with no default savepoint directory anywhere.
    V2NoSavepointDir,
    /// Flink 2.3.0 with an `s3://` file system (the test plugin `scripts/s3fs-plugin` builds, standing in for
    /// flink-s3-fs-*) on the shared S3 server, state files written apart from `_metadata`.
    V2S3,
    /// The newest patch of another Flink line (1.18.1 … 2.2.1), configured as `scripts/flink-cluster` does for
    /// that version (a flat `flink-conf.yaml` for 1.18, `config.yaml` after). The smoke tests `start` one
    /// each and `stop` it when done.
    Smoke(&'static str),
}

impl Kind {
    pub fn version(self) -> &'static str {
        match self {
            Kind::V2 | Kind::V2NoSavepointDir | Kind::V2S3 => "2.3.0",
            Kind::V1 | Kind::V1Legacy => "1.20.3",
            Kind::Smoke(version) => version,
        }
    }

    /// A name for its directory: the kind, and the version of a smoke cluster.
    fn label(self) -> String {
        match self {
            Kind::Smoke(version) => format!("Smoke-{version}"),
            kind => format!("{kind:?}"),
        }
    }

    fn options(self) -> &'static [&'static str] {
        match self {
            Kind::V2 | Kind::V1 | Kind::V2S3 | Kind::Smoke(_) => &[],
            Kind::V1Legacy => &["--legacy-conf"],
            Kind::V2NoSavepointDir => &["--no-savepoint-dir"],
        }
    }
}

pub struct Cluster {
    pub kind: Kind,
    pub rest: String,
    pub dir: PathBuf,
    pub flink_home: PathBuf,
    http: reqwest::blocking::Client,
}

static CLUSTERS: OnceLock<Mutex<Vec<&'static Cluster>>> = OnceLock::new();
static STARTING: Mutex<()> = Mutex::new(());

/// The shared cluster of a kind, started on first use.
pub fn cluster(kind: Kind) -> &'static Cluster {
    let registry = CLUSTERS.get_or_init(|| Mutex::new(Vec::new()));
    if let Some(c) = registry.lock().unwrap().iter().find(|c| c.kind == kind) {
        return c;
    }
    // Start one cluster at a time: two JVMs starting at once on two cores only slow each other down.
    let _starting = STARTING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = registry.lock().unwrap().iter().find(|c| c.kind == kind) {
        return c;
    }
    let c: &'static Cluster = Box::leak(Box::new(start(kind, kind.options())));
    registry.lock().unwrap().push(c);
    c
}

/// Start a private cluster (for tests that break it). Stopped when this process exits, or by `stop`.
pub fn start(kind: Kind, options: &[&str]) -> Cluster {
    let base = std::env::temp_dir().join(format!("fsp-it-{}", std::process::id()));
    std::fs::create_dir_all(&base).unwrap();
    let dir = tempfile::Builder::new().prefix(&format!("{}-", kind.label())).tempdir_in(&base).unwrap().keep();
    let pid = std::process::id().to_string();
    let mut cmd = Command::new(repo().join("scripts/flink-cluster"));
    cmd.args(["start", kind.version()]).arg(&dir).args(options).args(["--watch-pid", &pid, "--cleanup"]);
    if kind == Kind::V2S3 {
        let built = run(Command::new(repo().join("scripts/s3fs-plugin")).arg(kind.version()));
        assert!(built.code == 0, "could not build the s3 test file system plugin:\n{}", built.stderr);
        let plugins = dir.join("plugins");
        std::fs::create_dir_all(plugins.join("fsp-s3fs")).unwrap();
        std::fs::copy(built.stdout.trim(), plugins.join("fsp-s3fs/fsp-s3fs.jar")).unwrap();
        cmd.env("FLINK_PLUGINS_DIR", &plugins);
        for set in [
            format!("s3.endpoint={}", s3().endpoint),
            "s3.access-key=fsp-test".into(),
            "s3.secret-key=fsp-test".into(),
            "execution.checkpointing.data-inline-threshold=0".into(),
        ] {
            cmd.args(["--set", &set]);
        }
    }
    let out = run(&mut cmd);
    assert!(
        out.code == 0,
        "could not start a Flink {} cluster ({kind:?}) with scripts/flink-cluster:\n{}{}",
        kind.version(),
        out.stdout,
        out.stderr
    );
    let var = |name: &str| {
        out.stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("scripts/flink-cluster printed no {name}=: {}", out.stdout))
            .to_string()
    };
    Cluster { kind, rest: var("REST"), dir, flink_home: PathBuf::from(var("FLINK_HOME")), http: http_client() }
}

/// The stateful fixture job compiled against a version (cached by `scripts/fixture-jar`).
pub fn fixture_jar(version: &str) -> PathBuf {
    static JARS: Mutex<Vec<(String, PathBuf)>> = Mutex::new(Vec::new());
    let mut jars = JARS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = jars.iter().find(|(v, _)| v == version) {
        return p.clone();
    }
    let out = run(Command::new(repo().join("scripts/fixture-jar")).arg(version));
    assert!(out.code == 0, "could not compile the fixture job for Flink {version}:\n{}", out.stderr);
    let p = PathBuf::from(out.stdout.trim());
    jars.push((version.to_string(), p.clone()));
    p
}

/// The states fixture job (tests/fixtures/states-job: one operator per kind of state) compiled against a version
/// (cached by `scripts/states-fixture-jar`).
pub fn states_jar(version: &str) -> PathBuf {
    static JARS: Mutex<Vec<(String, PathBuf)>> = Mutex::new(Vec::new());
    let mut jars = JARS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = jars.iter().find(|(v, _)| v == version) {
        return p.clone();
    }
    let out = run(Command::new(repo().join("scripts/states-fixture-jar")).arg(version));
    assert!(out.code == 0, "could not compile the states fixture job for Flink {version}:\n{}", out.stderr);
    let p = PathBuf::from(out.stdout.trim());
    jars.push((version.to_string(), p.clone()));
    p
}

/// The S3-compatible server (moto, from PyPI, started by `scripts/s3-server`) shared by the run, and one
/// bucket in it. Like the clusters it stops once this process exits; if it cannot start, the test panics.
pub struct S3 {
    pub endpoint: String,
    pub bucket: &'static str,
    http: reqwest::blocking::Client,
}

pub fn s3() -> &'static S3 {
    static S3_SERVER: OnceLock<S3> = OnceLock::new();
    S3_SERVER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("fsp-it-{}/s3", std::process::id()));
        let pid = std::process::id().to_string();
        let out =
            run(Command::new(repo().join("scripts/s3-server")).arg("start").arg(&dir).args(["--watch-pid", &pid]));
        assert!(out.code == 0, "could not start the S3 server with scripts/s3-server:\n{}{}", out.stdout, out.stderr);
        let endpoint = out.stdout.lines().find_map(|l| l.strip_prefix("ENDPOINT=")).expect("ENDPOINT=").to_string();
        let s3 = S3 { endpoint, bucket: "fsp-test", http: http_client() };
        s3.send(s3.http.put(format!("{}/{}", s3.endpoint, s3.bucket)));
        s3
    })
}

impl S3 {
    fn send(&self, req: reqwest::blocking::RequestBuilder) -> reqwest::blocking::Response {
        // moto does not check signatures, but takes the account from the credential: without one, an
        // anonymous request may create an object but not replace or delete it.
        const AUTH: &str = "AWS4-HMAC-SHA256 Credential=fsp-test/20260101/us-east-1/s3/aws4_request, \
                            SignedHeaders=host, Signature=0";
        let resp = req.header("Authorization", AUTH).send().unwrap_or_else(|e| panic!("S3 request: {e}"));
        assert!(resp.status().is_success(), "S3 request: {}", resp.status());
        resp
    }

    /// `s3://bucket/prefix`.
    pub fn url(&self, prefix: &str) -> String {
        format!("s3://{}/{prefix}", self.bucket)
    }

    /// Set the environment fsp reads its S3 settings from.
    pub fn env<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_ACCESS_KEY_ID", "fsp-test")
            .env("AWS_SECRET_ACCESS_KEY", "fsp-test")
            .env("AWS_REGION", "us-east-1")
    }

    pub fn put(&self, key: &str, bytes: Vec<u8>) {
        self.send(self.http.put(format!("{}/{}/{key}", self.endpoint, self.bucket)).body(bytes));
    }

    /// One object's bytes.
    pub fn read(&self, key: &str) -> Vec<u8> {
        self.send(self.http.get(format!("{}/{}/{key}", self.endpoint, self.bucket))).bytes().unwrap().to_vec()
    }

    /// Upload a local directory's files (not recursive) under `prefix/`.
    pub fn upload_dir(&self, dir: &Path, prefix: &str) {
        for e in std::fs::read_dir(dir).unwrap().flatten().filter(|e| e.path().is_file()) {
            self.put(&format!("{prefix}/{}", e.file_name().to_string_lossy()), std::fs::read(e.path()).unwrap());
        }
    }

    /// Every key under `prefix`, sorted.
    pub fn keys(&self, prefix: &str) -> Vec<String> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut url = format!("{}/{}?list-type=2&prefix={}", self.endpoint, self.bucket, encode(prefix));
            if let Some(t) = &token {
                url += &format!("&continuation-token={}", encode(t));
            }
            let body = self.send(self.http.get(url)).text().unwrap();
            keys.extend(xml_values(&body, "Key"));
            token = xml_values(&body, "NextContinuationToken").pop();
            if token.is_none() {
                break;
            }
        }
        keys.sort();
        keys
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn xml_values(body: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    body.split(&open).skip(1).filter_map(|p| p.split_once(&close)).map(|(v, _)| v.replace("&amp;", "&")).collect()
}

impl Cluster {
    /// Stop a private cluster (from `start`) now and remove its directory, once a test is done with it.
    pub fn stop(&self) {
        run(Command::new(repo().join("scripts/flink-cluster")).arg("stop").arg(&self.dir));
        std::fs::remove_dir_all(&self.dir).ok();
    }

    /// Restart a private cluster's JobManager and TaskManager on the same ports, config and directories (as
    /// after maintenance): its jobs and its uploaded jars are gone, savepoints and checkpoints stay.
    pub fn restart(&self) {
        let out = run(Command::new(repo().join("scripts/flink-cluster")).arg("restart").arg(&self.dir));
        assert!(
            out.code == 0,
            "could not restart the cluster in {}:\n{}{}",
            self.dir.display(),
            out.stdout,
            out.stderr
        );
        assert!(out.stdout.contains(&format!("REST={}", self.rest)), "restarted elsewhere: {}", out.stdout);
    }

    pub fn version(&self) -> &'static str {
        self.kind.version()
    }

    pub fn jar(&self) -> PathBuf {
        fixture_jar(self.version())
    }

    pub fn conf_dir(&self) -> PathBuf {
        self.dir.join("conf")
    }

    pub fn savepoint_dir(&self) -> PathBuf {
        self.dir.join("savepoints")
    }

    /// fsp pointed at this cluster with `-m`.
    pub fn fsp(&self) -> Command {
        let mut c = crate::util::fsp();
        c.args(["-m", &self.rest]);
        c
    }

    /// The distribution's own `bin/flink`, configured for this cluster.
    pub fn flink(&self) -> Command {
        let mut c = Command::new(self.flink_home.join("bin/flink"));
        c.env("FLINK_CONF_DIR", self.conf_dir()).env("FLINK_LOG_DIR", self.dir.join("log"));
        c
    }

    pub fn get(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.rest);
        let resp = self.http.get(&url).send().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        resp.json().unwrap_or_else(|e| panic!("GET {url}: not JSON: {e}"))
    }

    /// A job's state, from `/jobs/:id/status`: `/jobs/:id` is cached for `web.refresh-interval` (3 s).
    pub fn state(&self, job: &str) -> String {
        self.get(&format!("/jobs/{job}/status"))["status"].as_str().unwrap_or_default().to_string()
    }

    /// Submit the fixture job through `fsp run` (waiting until its tasks run); a guard cancels it at the end.
    pub fn start_job(&self, name: &str, extra: &[&str]) -> Job<'_> {
        self.start_jar(&self.jar(), name, extra)
    }

    /// Submit another job's jar (taking `--name NAME`) through `fsp run`, like `start_job`.
    pub fn start_jar(&self, jar: &Path, name: &str, extra: &[&str]) -> Job<'_> {
        let out = self.fsp().args(["-o", "json", "run"]).arg(jar).args(["--name", name]).args(extra).output_ok();
        let id = out.json()["job_id"].as_str().expect("job_id in fsp run's JSON").to_string();
        Job { cluster: self, id }
    }

    /// Submit the fixture job with plain REST calls, not through fsp.
    pub fn start_job_rest(&self, name: &str, extra: &[&str]) -> Job<'_> {
        let form = reqwest::blocking::multipart::Form::new().file("jarfile", self.jar()).unwrap();
        let up: Value =
            self.http.post(format!("{}/jars/upload", self.rest)).multipart(form).send().unwrap().json().unwrap();
        let jar_id = up["filename"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        let mut args = vec!["--name".to_string(), name.to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        let body = serde_json::json!({ "programArgsList": args });
        let r: Value =
            self.http.post(format!("{}/jars/{jar_id}/run", self.rest)).json(&body).send().unwrap().json().unwrap();
        let id = r["jobid"].as_str().unwrap_or_else(|| panic!("no jobid: {r}")).to_string();
        let job = Job { cluster: self, id };
        job.wait_tasks_running();
        job
    }

    /// Wait until `f` holds, for at most `secs` (`util::wait_until`).
    pub fn wait_for(&self, what: &str, secs: u64, f: impl FnMut() -> bool) {
        wait_until(Duration::from_secs(secs), what, f);
    }

    pub fn jobs_named(&self, name: &str) -> Vec<(String, String)> {
        self.get("/jobs/overview")["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|j| j["name"] == name)
            .map(|j| (j["jid"].as_str().unwrap().to_string(), j["state"].as_str().unwrap().to_string()))
            .collect()
    }

    pub fn cancel(&self, job: &str) {
        let _ = self.http.patch(format!("{}/jobs/{job}?mode=cancel", self.rest)).send();
    }
}

/// A job submitted by a test; cancelled when the guard is dropped, even if the test failed.
pub struct Job<'a> {
    pub cluster: &'a Cluster,
    pub id: String,
}

impl Job<'_> {
    pub fn state(&self) -> String {
        self.cluster.state(&self.id)
    }

    pub fn wait_state(&self, state: &str) {
        self.cluster.wait_for(&format!("job {} to be {state}", self.id), 60, || self.state() == state);
    }

    pub fn wait_tasks_running(&self) {
        self.cluster.wait_for(&format!("job {} to run all its tasks", self.id), 60, || {
            let j = self.cluster.get(&format!("/jobs/{}", self.id));
            j["state"] == "RUNNING"
                && j["vertices"].as_array().is_some_and(|v| v.iter().all(|v| v["status"] == "RUNNING"))
        });
    }

    pub fn checkpoints(&self) -> Value {
        self.cluster.get(&format!("/jobs/{}/checkpoints", self.id))
    }

    /// Where Flink says this job was restored from.
    pub fn restored_from(&self) -> Option<String> {
        self.checkpoints()["latest"]["restored"]["external_path"].as_str().map(str::to_string)
    }

    /// Wait until the cluster reports a checkpoint or savepoint of this job in progress (`counts.in_progress`):
    /// for a job without periodic checkpoints, the savepoint just triggered.
    pub fn wait_checkpoint_in_progress(&self) {
        self.cluster.wait_for(&format!("a checkpoint or savepoint of job {} in progress", self.id), 30, || {
            self.checkpoints()["counts"]["in_progress"].as_u64().unwrap_or(0) > 0
        });
    }

    pub fn wait_completed_checkpoint(&self) {
        self.cluster.wait_for(&format!("a completed checkpoint of job {}", self.id), 60, || {
            self.checkpoints()["counts"]["completed"].as_u64().unwrap_or(0) > 0
        });
    }
}

impl Drop for Job<'_> {
    fn drop(&mut self) {
        self.cluster.cancel(&self.id);
    }
}

/// The local directory of a `file:` location.
pub fn local(location: &str) -> PathBuf {
    let p = location.strip_prefix("file://").or_else(|| location.strip_prefix("file:")).unwrap_or(location);
    Path::new(p).to_path_buf()
}

/// Convenience on `Command`.
pub trait CommandExt {
    fn output_ok(&mut self) -> Out;
    fn output_code(&mut self) -> Out;
}

impl CommandExt for Command {
    /// Run and insist on exit 0.
    fn output_ok(&mut self) -> Out {
        let out = run(self);
        assert_eq!(out.code, 0, "command failed: {self:?}\n--- stdout\n{}\n--- stderr\n{}", out.stdout, out.stderr);
        out
    }

    /// Run, whatever the exit code.
    fn output_code(&mut self) -> Out {
        run(self)
    }
}

/// The tests' own HTTP client to the cluster, with the TLS crypto provider fsp uses (reqwest is built
/// without one of its own).
fn http_client() -> reqwest::blocking::Client {
    static PROVIDER: std::sync::Once = std::sync::Once::new();
    PROVIDER.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::blocking::Client::builder().timeout(Duration::from_secs(30)).build().unwrap()
}
