//! Every setting of a run, each resolved by one small function that returns the value with its source.
//! [`super::Ctx`] is built from these values and `fsp config show` prints the same values ([`Settings::rows`]),
//! so what is shown is what is used.
//!
//! Precedence, for every setting: flag > environment variable > cluster profile > Flink's config files >
//! built-in default.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::error::Failure;
use crate::flink_config::{self, ConfigOption, FlinkConfig};
use crate::output::Output;
use crate::profile::{self, Profile, Selected};
use crate::rest;

use super::Env;
use super::headers::{Header, effective_headers, is_secret_header, request_headers};
use super::tls::{TlsSource, flink_store};

/// A value and where it came from ("--timeout", "timeout of cluster 'prod' in …/config.toml", "the default").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: String,
}

impl<T> Sourced<T> {
    fn new(value: T, source: impl Into<String>) -> Sourced<T> {
        Sourced { value, source: source.into() }
    }

    fn map<U>(self, f: impl FnOnce(T) -> U) -> Sourced<U> {
        Sourced { value: f(self.value), source: self.source }
    }
}

/// The first layer that has a value, with that layer's name.
fn first<T>(layers: impl IntoIterator<Item = (Option<T>, String)>) -> Option<Sourced<T>> {
    layers.into_iter().find_map(|(value, source)| value.map(|v| Sourced::new(v, source)))
}

/// One row of `fsp config show`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Setting {
    pub name: String,
    pub value: Option<String>,
    pub source: String,
}

fn row(name: &str, value: Option<String>, source: &str) -> Setting {
    Setting { name: name.to_string(), value, source: source.to_string() }
}

/// The selected cluster profile of `config.toml`, if any, and how to name it in a source.
#[derive(Debug, Clone)]
pub struct ClusterProfile {
    pub selected: Sourced<Option<Selected>>,
    /// "cluster 'prod' in …/config.toml"
    label: String,
}

impl ClusterProfile {
    pub fn profile(&self) -> Option<&Profile> {
        self.selected.value.as_ref().map(|s| &s.profile)
    }

    /// The source of one of the profile's keys: "timeout of cluster 'prod' in …/config.toml".
    fn source(&self, key: &str) -> String {
        format!("{key} of {}", self.label)
    }

    /// A value of the profile, named by its key.
    fn get<T>(&self, key: &str, value: impl FnOnce(&Profile) -> Option<T>) -> (Option<T>, String) {
        (self.profile().and_then(value), self.source(key))
    }
}

/// `--cluster`/`FSP_CLUSTER`, else the file's `default`, else a cluster named `default`, else none.
pub fn cluster_profile(global: &GlobalArgs, env: &Env) -> Result<ClusterProfile, Failure> {
    let dir = profile::config_dir(env.fsp_config_dir.as_deref());
    let (file, path) = profile::load(dir.as_deref())?;
    let Some(path) = path else {
        let want = dir.unwrap_or_default().join("config.toml");
        if let Some(name) = &global.cluster {
            return Err(Failure::usage(format!(
                "--cluster {name}: there is no {}; define the cluster there",
                want.display()
            )));
        }
        let selected = Sourced::new(None, format!("no {}", want.display()));
        return Ok(ClusterProfile { selected, label: String::new() });
    };
    let selected = profile::select(&file, global.cluster.as_deref(), &path)?;
    let file_name = path.display();
    let source = match (&global.cluster, &file.default, &selected) {
        (Some(_), _, _) => flag_source(global, "cluster", "--cluster", "FSP_CLUSTER").to_string(),
        (None, Some(_), _) => format!("default in {file_name}"),
        (None, None, Some(_)) => format!("the cluster named 'default' in {file_name}"),
        (None, None, None) => format!("no default in {file_name}"),
    };
    let label = format!("cluster '{}' in {file_name}", selected.as_ref().map_or("", |s| s.name.as_str()));
    Ok(ClusterProfile { selected: Sourced::new(selected, source), label })
}

/// Where a global option's value came from: its flag, or the environment variable behind it.
fn flag_source(global: &GlobalArgs, id: &str, flag: &'static str, var: &'static str) -> &'static str {
    if global.from_env.contains(&id) { var } else { flag }
}

/// Where the JobManager is: `-m`, else `FSP_JOBMANAGER`, else the profile's `url`, else `rest.address`/
/// `rest.port` (and `rest.path`, `security.ssl.rest.enabled`) from Flink's config file, else
/// `http://localhost:8081`. The source reads "from …", as error messages quote it.
pub fn jobmanager(
    given: Option<&str>,
    from_env: bool,
    profile: Option<(&str, &str)>,
    conf: &FlinkConfig,
) -> Result<Sourced<String>, Failure> {
    let normalized = |url: &str, origin: String| {
        rest::normalize_base_url(url)
            .map(|url| Sourced::new(url, origin.clone()))
            .map_err(|e| Failure::usage(format!("{e} ({origin})")))
    };
    if let Some(given) = given {
        let origin = if from_env { "from FSP_JOBMANAGER" } else { "from -m/--jobmanager" };
        return normalized(given, origin.to_string());
    }
    if let Some((url, origin)) = profile {
        return normalized(url, format!("from the {origin}"));
    }
    if let Some((key, address)) = conf.get(&flink_config::REST_ADDRESS) {
        let file = conf.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
        let port = conf.value(&flink_config::REST_PORT).unwrap_or("8081");
        let port: u16 = port
            .trim()
            .parse()
            .map_err(|_| Failure::usage(format!("rest.port '{port}' in {file} is not a port number")))?;
        let https = conf.value(&flink_config::REST_SSL_ENABLED).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let path = conf.value(&flink_config::REST_PATH).unwrap_or("").trim().trim_matches('/');
        let scheme = if https { "https" } else { "http" };
        let raw = if path.is_empty() {
            format!("{scheme}://{}:{port}", address.trim())
        } else {
            format!("{scheme}://{}:{port}/{path}", address.trim())
        };
        return normalized(&raw, format!("from {key} in {file}"));
    }
    Ok(Sourced::new("http://localhost:8081".to_string(), "the default, as no address is configured"))
}

/// A directory the cluster may have a default for: the profile's is used as given; the local Flink config's
/// only where the cluster has none of its own (which is asked only when it matters).
#[derive(Debug, Clone, Default)]
pub struct DirDefault {
    pub profile: Option<Sourced<String>>,
    pub local: Option<Sourced<String>>,
}

impl DirDefault {
    fn resolve(
        cluster: &ClusterProfile,
        key: &str,
        value: Option<&String>,
        conf: &FlinkConfig,
        option: &ConfigOption,
    ) -> Self {
        let (from_profile, source) = cluster.get(key, |_| value.cloned());
        let file = conf.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
        DirDefault {
            profile: from_profile.map(|v| Sourced::new(v, source)),
            local: conf.get(option).map(|(k, v)| Sourced::new(v.to_string(), format!("{k} in {file}"))),
        }
    }

    /// The directory to look in without asking the cluster: the profile's, else the local config's.
    pub fn known(&self) -> Option<&str> {
        self.profile.as_ref().or(self.local.as_ref()).map(|d| d.value.as_str())
    }

    fn row(&self, name: &str) -> Setting {
        match (&self.profile, &self.local) {
            (Some(d), _) => row(name, Some(d.value.clone()), &d.source),
            (None, Some(d)) => {
                row(name, Some(d.value.clone()), &format!("{}, unless the cluster has a default of its own", d.source))
            }
            (None, None) => row(name, None, "the cluster's default, if it has one"),
        }
    }
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Every resolved setting of a run.
#[derive(Debug)]
pub struct Settings {
    pub cluster: ClusterProfile,
    pub jobmanager: Sourced<String>,
    pub savepoint_dir: DirDefault,
    pub checkpoint_dir: DirDefault,
    pub timeout: Sourced<Duration>,
    pub connect_timeout: Sourced<Duration>,
    /// Trusted certificates; none means the built-in roots.
    pub(super) ca: Sourced<Option<TlsSource>>,
    /// The client identity for mutual TLS.
    pub(super) identity: Sourced<Option<TlsSource>>,
    pub insecure: Sourced<bool>,
    /// Every header in the order it was found; of several with the same name, the last is sent.
    pub headers: Vec<Header>,
}

impl Settings {
    pub fn resolve(global: &GlobalArgs, env: &Env, conf: &FlinkConfig, out: &Output) -> Result<Settings, Failure> {
        let cluster = cluster_profile(global, env)?;
        let prof = cluster.profile();
        let profile_url = cluster.get("url", |p| p.url.clone());
        let jobmanager = jobmanager(
            global.jobmanager.as_deref(),
            global.jobmanager_from_env,
            profile_url.0.as_deref().map(|u| (u, profile_url.1.as_str())),
            conf,
        )?;
        let raw_url = global.jobmanager.as_deref().or(profile_url.0.as_deref());
        let timeout = first([(global.timeout, "--timeout".into()), cluster.get("timeout", |p| p.timeout)])
            .unwrap_or(Sourced::new(DEFAULT_TIMEOUT, "the default"));
        let connect_timeout = first([
            (global.connect_timeout, "--connect-timeout".into()),
            cluster.get("connect_timeout", |p| p.connect_timeout),
        ])
        .unwrap_or(Sourced::new(DEFAULT_CONNECT_TIMEOUT, "the default"));
        let https = jobmanager.value.starts_with("https://");
        let (ca, identity) = tls_sources(global, &cluster, conf, https);
        let insecure =
            first([(global.insecure.then_some(true), "--insecure".into()), cluster.get("insecure", |p| p.insecure)])
                .unwrap_or(Sourced::new(false, "the default"));
        let headers = request_headers(global, env, prof.map(|p| (p, cluster.label.as_str())), raw_url, out);
        let savepoint_dir = DirDefault::resolve(
            &cluster,
            "savepoint_dir",
            prof.and_then(|p| p.savepoint_dir.as_ref()),
            conf,
            &flink_config::SAVEPOINT_DIR,
        );
        let checkpoint_dir = DirDefault::resolve(
            &cluster,
            "checkpoint_dir",
            prof.and_then(|p| p.checkpoint_dir.as_ref()),
            conf,
            &flink_config::CHECKPOINT_DIR,
        );
        Ok(Settings {
            cluster,
            jobmanager,
            savepoint_dir,
            checkpoint_dir,
            timeout,
            connect_timeout,
            ca,
            identity,
            insecure,
            headers,
        })
    }

    /// The rows of `fsp config show`: each setting above, secrets masked.
    pub fn rows(&self) -> Vec<Setting> {
        let duration = |name: &str, d: &Sourced<Duration>| {
            row(name, Some(humantime::format_duration(d.value).to_string()), &d.source)
        };
        let path = |s: &Sourced<Option<TlsSource>>| s.value.as_ref().map(|t| t.path().display().to_string());
        let mut rows = vec![
            row("jobmanager", Some(self.jobmanager.value.clone()), self.jobmanager.source.trim_start_matches("from ")),
            row(
                "cluster profile",
                self.cluster.selected.value.as_ref().map(|s| s.name.clone()),
                &self.cluster.selected.source,
            ),
            self.savepoint_dir.row("savepoint dir"),
            self.checkpoint_dir.row("checkpoint dir"),
            duration("timeout", &self.timeout),
            duration("connect timeout", &self.connect_timeout),
            row("ca cert", path(&self.ca), &self.ca.source),
            row("client cert", path(&self.identity), &self.identity.source),
            row("insecure", Some(self.insecure.value.to_string()), &self.insecure.source),
        ];
        for h in effective_headers(&self.headers) {
            let shown = if is_secret_header(&h.name) { "****".to_string() } else { crate::format::sanitize(&h.value) };
            rows.push(row(&format!("header {}", h.name), Some(shown), &h.source));
        }
        rows
    }
}

/// Trusted certificates and the client identity: PEM files from the flag or profile; else, for an https
/// cluster, the stores of the local Flink config (the client identity only where it asks for mutual TLS).
fn tls_sources(
    global: &GlobalArgs,
    cluster: &ClusterProfile,
    conf: &FlinkConfig,
    https: bool,
) -> (Sourced<Option<TlsSource>>, Sourced<Option<TlsSource>>) {
    let pem = |cert: &PathBuf, key: Option<&Path>| TlsSource::Pem(cert.clone(), key.map(Path::to_path_buf));
    let ca = first([
        (
            global.ca_cert.as_ref().map(|c| pem(c, None)),
            flag_source(global, "ca_cert", "--ca-cert", "FSP_CA_CERT").into(),
        ),
        cluster.get("ca_cert", |p| p.ca_cert.as_ref().map(|c| pem(c, None))),
    ])
    .or_else(|| store(conf, https, &flink_config::REST_TRUSTSTORE, &flink_config::REST_TRUSTSTORE_PASSWORD))
    .map_or(Sourced::new(None, "the built-in roots"), |s| s.map(Some));
    let mutual = conf.value(&flink_config::REST_AUTHENTICATION).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let identity = first([
        (
            global.client_cert.as_ref().zip(global.client_key.as_ref()).map(|(c, k)| pem(c, Some(k))),
            flag_source(global, "client_cert", "--client-cert", "FSP_CLIENT_CERT").into(),
        ),
        cluster.get("client_cert", |p| p.client_cert.as_ref().zip(p.client_key.as_ref()).map(|(c, k)| pem(c, Some(k)))),
    ])
    .or_else(|| store(conf, https && mutual, &flink_config::REST_KEYSTORE, &flink_config::REST_KEYSTORE_PASSWORD))
    .map_or(Sourced::new(None, "none"), |s| s.map(Some));
    (ca, identity)
}

fn store(conf: &FlinkConfig, https: bool, store: &ConfigOption, password: &ConfigOption) -> Option<Sourced<TlsSource>> {
    flink_store(conf, https, store, password).map(|(source, from)| Sourced::new(source, from))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(pairs: &[(&str, &str)]) -> FlinkConfig {
        let mut c = FlinkConfig::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        c.file = Some(PathBuf::from("/etc/flink/config.yaml"));
        c
    }

    fn global(args: &[&str]) -> GlobalArgs {
        let mut all = vec!["fsp"];
        all.extend_from_slice(args);
        all.push("list");
        crate::argv::parse_from(all).unwrap().global
    }

    fn quiet() -> Output {
        Output::new(crate::cli::OutputFormat::Text, true, false)
    }

    fn with_config(toml: &str) -> (tempfile::TempDir, Env) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), toml).unwrap();
        let env = Env { fsp_config_dir: Some(dir.path().to_path_buf()), ..Default::default() };
        (dir, env)
    }

    #[test]
    fn secrets_are_masked_in_the_rows() {
        for name in ["Authorization", "proxy-authorization", "Cookie", "X-Api-Key", "X-Auth-Token"] {
            assert!(is_secret_header(name), "{name}");
        }
        assert!(!is_secret_header("X-Tenant"));
        let (_dir, mut env) = with_config(
            "default = \"p\"\n[clusters.p]\nurl = \"https://bob:hunter2@jm:8443\"\n\
             headers = { \"X-Api-Key\" = \"k3y\" }\ntoken_env = \"T\"\n",
        );
        env.vars.insert("T".into(), "t0ken".into());
        let g = global(&["-q", "-H", "Authorization: Basic c2VjcmV0"]);
        let rows = Settings::resolve(&g, &env, &FlinkConfig::default(), &quiet()).unwrap().rows();
        let shown = format!("{rows:?}");
        for secret in ["hunter2", "k3y", "t0ken", "c2VjcmV0"] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
        let value = |n: &str| rows.iter().find(|s| s.name == n).unwrap().value.clone().unwrap();
        assert_eq!(value("jobmanager"), "https://jm:8443");
        assert_eq!(value("header Authorization"), "****");
        assert_eq!(value("header X-Api-Key"), "****");
        assert_eq!(value("cluster profile"), "p");
    }

    #[test]
    fn every_row_is_the_value_used_with_its_source() {
        let (dir, env) = with_config(
            "default = \"p\"\n[clusters.p]\nurl = \"http://jm:1\"\ntimeout = \"2m\"\ncheckpoint_dir = \"/ck\"\n\
             ca_cert = \"ca.pem\"\n",
        );
        let file = dir.path().join("config.toml").display().to_string();
        let local = conf(&[("state.savepoints.dir", "/sp"), ("state.checkpoints.dir", "/local-ck")]);
        let s = Settings::resolve(&global(&["--connect-timeout", "3s"]), &env, &local, &quiet()).unwrap();
        assert_eq!(s.timeout, Sourced::new(Duration::from_secs(120), format!("timeout of cluster 'p' in {file}")));
        assert_eq!(s.connect_timeout, Sourced::new(Duration::from_secs(3), "--connect-timeout"));
        assert_eq!(s.savepoint_dir.known(), Some("/sp"), "the local config, as the profile has none");
        assert_eq!(s.checkpoint_dir.known(), Some("/ck"), "the profile beats the local config");
        let rows: Vec<(String, Option<String>, String)> =
            s.rows().into_iter().map(|r| (r.name, r.value, r.source)).collect();
        let get = |name: &str| rows.iter().find(|r| r.0 == name).unwrap().clone();
        assert_eq!(
            get("jobmanager"),
            ("jobmanager".into(), Some("http://jm:1".into()), format!("the url of cluster 'p' in {file}"))
        );
        assert_eq!(get("timeout").1.as_deref(), Some("2m"));
        assert_eq!(get("connect timeout").2, "--connect-timeout");
        assert_eq!(
            get("savepoint dir").2,
            "state.savepoints.dir in /etc/flink/config.yaml, unless the cluster has a default of its own"
        );
        assert_eq!(
            get("checkpoint dir"),
            ("checkpoint dir".into(), Some("/ck".into()), format!("checkpoint_dir of cluster 'p' in {file}"))
        );
        let ca = dir.path().join("ca.pem").display().to_string();
        assert_eq!(get("ca cert"), ("ca cert".into(), Some(ca), format!("ca_cert of cluster 'p' in {file}")));
        assert_eq!(get("client cert"), ("client cert".into(), None, "none".into()));
        assert_eq!(get("insecure"), ("insecure".into(), Some("false".into()), "the default".into()));
        assert_eq!(get("cluster profile").2, format!("default in {file}"));
    }

    #[test]
    fn without_a_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let env = Env { fsp_config_dir: Some(dir.path().to_path_buf()), ..Default::default() };
        let s = Settings::resolve(&global(&[]), &env, &FlinkConfig::default(), &quiet()).unwrap();
        assert_eq!(s.cluster.selected.source, format!("no {}", dir.path().join("config.toml").display()));
        assert_eq!(s.jobmanager.value, "http://localhost:8081");
        assert_eq!(s.savepoint_dir.known(), None);
        let err = Settings::resolve(&global(&["--cluster", "x"]), &env, &FlinkConfig::default(), &quiet()).unwrap_err();
        assert!(err.message.contains("--cluster x: there is no"), "{err}");
    }

    #[test]
    fn jobmanager_precedence() {
        let file = conf(&[("rest.address", "jm.file"), ("rest.port", "9000")]);
        assert_eq!(jobmanager(Some("flag:1"), false, None, &file).unwrap().value, "http://flag:1");
        let s = jobmanager(Some("env:2"), true, Some(("http://p:3", "url of p")), &file).unwrap();
        assert_eq!(s, Sourced::new("http://env:2".to_string(), "from FSP_JOBMANAGER"));
        let s = jobmanager(None, false, None, &file).unwrap();
        assert_eq!(s, Sourced::new("http://jm.file:9000".to_string(), "from rest.address in /etc/flink/config.yaml"));
        let s = jobmanager(None, false, Some(("http://p:3", "url of p")), &file).unwrap();
        assert_eq!(s, Sourced::new("http://p:3".to_string(), "from the url of p"), "a profile beats Flink's config");
        assert_eq!(jobmanager(None, false, None, &conf(&[])).unwrap().value, "http://localhost:8081");
    }

    #[test]
    fn jobmanager_from_config_keys() {
        let url = |pairs: &[(&str, &str)]| jobmanager(None, false, None, &conf(pairs)).unwrap().value;
        assert_eq!(url(&[("jobmanager.rpc.address", "rpc")]), "http://rpc:8081");
        assert_eq!(url(&[("rest.address", "a"), ("web.port", "7")]), "http://a:7");
        assert_eq!(url(&[("rest.address", "a"), ("security.ssl.rest.enabled", "true")]), "https://a:8081");
        assert_eq!(url(&[("rest.address", "a"), ("security.ssl.enabled", "TRUE")]), "https://a:8081");
        assert_eq!(url(&[("rest.address", "a"), ("rest.path", "/flink/")]), "http://a:8081/flink");
        let err = jobmanager(None, false, None, &conf(&[("rest.address", "a"), ("rest.port", "x")])).unwrap_err();
        assert!(err.message.contains("rest.port 'x'"), "{err}");
        let err = jobmanager(Some("ftp://x"), false, None, &conf(&[])).unwrap_err();
        assert_eq!(err.kind, crate::error::Exit::Usage);
    }
}
