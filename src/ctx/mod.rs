//! The resolved context of one run: built once from flags, environment and Flink's config files.
//! Commands take `&Ctx` and never read the environment themselves.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::cli::GlobalArgs;
use crate::error::Failure;
use crate::flink_config::{self, FlinkConfig};
use crate::output::{Output, use_color};
use crate::profile::{self, Profile};
use crate::rest::{self, Client, ClientConfig, RetryPolicy, Tls};

/// The environment variables fsp reads, captured once.
#[derive(Debug, Default, Clone)]
pub struct Env {
    pub flink_conf_dir: Option<PathBuf>,
    pub flink_home: Option<PathBuf>,
    /// `FLINK_REST_CLIENT_HEADERS`, as Flink's own REST client reads it.
    pub flink_rest_client_headers: Option<String>,
    /// `FSP_TOKEN`: a bearer token for every request.
    pub token: Option<String>,
    /// `FSP_CONFIG_DIR`: where `config.toml` is.
    pub fsp_config_dir: Option<PathBuf>,
    /// Every variable, for a profile's `token_env`.
    pub vars: BTreeMap<String, String>,
}

impl Env {
    pub fn from_process() -> Env {
        let path = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let text = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Env {
            flink_conf_dir: path("FLINK_CONF_DIR"),
            flink_home: path("FLINK_HOME"),
            flink_rest_client_headers: text("FLINK_REST_CLIENT_HEADERS"),
            token: text("FSP_TOKEN"),
            fsp_config_dir: path("FSP_CONFIG_DIR"),
            vars: std::env::vars().collect(),
        }
    }
}

/// A header to send with every request, and where it came from (for `fsp config show`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: String,
    pub source: String,
}

/// Every header to send, later ones replacing earlier ones of the same name: `FLINK_REST_CLIENT_HEADERS`,
/// the profile's headers, basic auth from the URL's `user:password`, a bearer token (`FSP_TOKEN`, else the
/// profile's `token_env`), then `-H`. `profile` is the selected profile and how to name it in a source
/// ("cluster 'prod' in …/config.toml").
pub fn request_headers(
    global: &GlobalArgs,
    env: &Env,
    profile: Option<(&Profile, &str)>,
    url: Option<&str>,
    out: &Output,
) -> Vec<Header> {
    use base64::Engine;
    let mut headers = Vec::new();
    let mut add = |name: &str, value: String, source: String| {
        headers.push(Header { name: name.to_string(), value, source });
    };
    if let Some(h) = &env.flink_rest_client_headers {
        let (parsed, malformed) = rest::parse_flink_headers(h);
        if malformed > 0 {
            out.warn(format!(
                "skipped {malformed} malformed line(s) of FLINK_REST_CLIENT_HEADERS (expected newline-separated Name:Value)"
            ));
        }
        for (name, value) in parsed {
            add(&name, value, "FLINK_REST_CLIENT_HEADERS".into());
        }
    }
    if let Some((p, label)) = profile {
        for (name, value) in &p.headers {
            add(name, value.clone(), format!("headers of {label}"));
        }
    }
    if let Some((user, pass)) = url.and_then(rest::url_credentials) {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        add("Authorization", format!("Basic {basic}"), "user:password in the URL".into());
    }
    let profile_token = profile.and_then(|(p, label)| {
        let name = p.token_env.as_ref()?;
        let token = env.vars.get(name).filter(|t| !t.is_empty());
        if token.is_none() && env.token.is_none() {
            out.warn(format!("${name} (token_env of {label}) is not set: no bearer token is sent"));
        }
        Some((token?, format!("${name} (token_env of {label})")))
    });
    if let Some(token) = &env.token {
        add("Authorization", format!("Bearer {token}"), "FSP_TOKEN".into());
    } else if let Some((token, source)) = profile_token {
        add("Authorization", format!("Bearer {token}"), source);
    }
    for (name, value) in &global.headers {
        add(name, value.clone(), "-H/--header".into());
    }
    headers
}

/// The headers that are sent: of several with the same name (in any case), the last.
pub fn effective_headers(headers: &[Header]) -> Vec<&Header> {
    headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !headers[i + 1..].iter().any(|later| later.name.eq_ignore_ascii_case(&h.name)))
        .map(|(_, h)| h)
        .collect()
}

/// A resolved setting and where it came from, for `fsp config show`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Setting {
    pub name: String,
    pub value: Option<String>,
    pub source: String,
}

fn setting(name: &str, value: Option<String>, source: impl Into<String>) -> Setting {
    Setting { name: name.to_string(), value, source: source.into() }
}

/// Header values that are credentials, shown as `****`.
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["authorization", "cookie", "token", "secret", "key", "auth", "password"].iter().any(|s| n.contains(s))
}

/// The TLS files to use, read only when a client is built (offline commands never need them).
#[derive(Debug, Clone, Default)]
struct TlsFiles {
    ca: Option<TlsSource>,
    identity: Option<TlsSource>,
    insecure: bool,
}

/// Where trusted certificates or the client identity come from.
#[derive(Clone)]
enum TlsSource {
    /// PEM files: a CA bundle (one path), or a certificate and its key.
    Pem(PathBuf, Option<PathBuf>),
    /// A PKCS12 keystore named by the local Flink config, its password, and the key that named it.
    Store { path: PathBuf, password: String, key: &'static str },
}

impl TlsSource {
    fn path(&self) -> &PathBuf {
        match self {
            TlsSource::Pem(p, _) | TlsSource::Store { path: p, .. } => p,
        }
    }
}

impl std::fmt::Debug for TlsSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TlsSource::Pem(a, b) => f.debug_tuple("Pem").field(a).field(b).finish(),
            TlsSource::Store { path, key, .. } => {
                f.debug_struct("Store").field("path", path).field("key", key).finish()
            }
        }
    }
}

fn read_tls(files: &TlsFiles) -> Result<Tls> {
    let read = |p: &PathBuf, what: &str| {
        std::fs::read(p).map_err(|e| Failure::not_found(format!("cannot read the {what} {}: {e}", p.display())))
    };
    let store = |path: &PathBuf, password: &str, key: &str, parse: fn(&[u8], &str) -> Result<Vec<u8>, String>| {
        let bytes = read(path, key)?;
        parse(&bytes, password).map_err(|e| {
            Failure::usage(format!(
                "{} ({key} in the Flink config) cannot be used: {e}; or pass PEM files with --ca-cert/--client-cert",
                path.display()
            ))
        })
    };
    let ca_pem = match &files.ca {
        Some(TlsSource::Pem(p, _)) => Some(read(p, "CA certificate")?),
        Some(TlsSource::Store { path, password, key }) => {
            Some(store(path, password, key, crate::keystore::truststore_pem)?)
        }
        None => None,
    };
    let identity_pem = match &files.identity {
        Some(TlsSource::Pem(cert, key)) => {
            let mut pem = read(cert, "client certificate")?;
            pem.push(b'\n');
            if let Some(key) = key {
                pem.extend(read(key, "client key")?);
            }
            Some(pem)
        }
        Some(TlsSource::Store { path, password, key }) => {
            Some(store(path, password, key, crate::keystore::identity_pem)?)
        }
        None => None,
    };
    Ok(Tls { ca_pem, identity_pem, insecure: files.insecure })
}

/// A keystore the local Flink config names for REST SSL, for an https cluster.
fn flink_store(
    conf: &FlinkConfig,
    https: bool,
    store: &flink_config::ConfigOption,
    password: &flink_config::ConfigOption,
) -> Option<(TlsSource, String)> {
    if !https {
        return None;
    }
    let (key, path) = conf.get(store)?;
    let file = conf.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
    let source = TlsSource::Store {
        path: PathBuf::from(path.trim()),
        password: conf.value(password).unwrap_or_default().to_string(),
        key,
    };
    Some((source, format!("{key} in {file}")))
}

pub struct Ctx {
    pub out: Output,
    /// How long to wait for an operation (savepoint, job start, …).
    pub timeout: Duration,
    pub flink_conf: FlinkConfig,
    pub cwd: PathBuf,
    /// The selected cluster profile's default savepoint directory.
    pub profile_savepoint_dir: Option<String>,
    /// Every resolved setting with its source, for `fsp config show`.
    pub settings: Vec<Setting>,
    client_cfg: ClientConfig,
    tls_files: TlsFiles,
    client: OnceCell<Client>,
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where a value came from: the flag, the profile, or the default.
fn layered<T>(flag: Option<T>, flag_name: &str, profile: Option<T>, profile_src: String) -> Option<(T, String)> {
    match (flag, profile) {
        (Some(v), _) => Some((v, flag_name.to_string())),
        (None, Some(v)) => Some((v, profile_src)),
        (None, None) => None,
    }
}

impl Ctx {
    pub fn new(global: &GlobalArgs, env: &Env) -> Result<Ctx> {
        let out = Output::new(global.output, global.quiet, global.verbose).with_color(use_color(global.color));
        let flink_conf = FlinkConfig::load(env.flink_conf_dir.as_deref(), env.flink_home.as_deref())?;
        let dir = profile::config_dir(env.fsp_config_dir.as_deref());
        let (file, path) = profile::load(dir.as_deref())?;
        let selected = match (&path, &global.cluster) {
            (Some(p), wanted) => profile::select(&file, wanted.as_deref(), p)?,
            (None, Some(name)) => {
                let want = dir.unwrap_or_default().join("config.toml");
                return Err(Failure::usage(format!(
                    "--cluster {name}: there is no {}; define the cluster there",
                    want.display()
                ))
                .into());
            }
            (None, None) => None,
        };
        let prof = selected.as_ref().map(|s| &s.profile);
        let file_name = path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        let profile_label = format!("cluster '{}' in {file_name}", selected.as_ref().map_or("", |s| s.name.as_str()));
        let from_profile = |key: &str| format!("{key} of {profile_label}");
        // Where a global option's value came from: its flag, or the environment variable behind it.
        let flag = |id: &str, name: &'static str, var: &'static str| {
            if global.from_env.contains(&id) { var } else { name }
        };
        let profile_url = prof.and_then(|p| p.url.as_deref()).map(|u| (u, from_profile("url")));
        let (base_url, origin) = resolve_jobmanager(
            global.jobmanager.as_deref(),
            global.jobmanager_from_env,
            profile_url.as_ref().map(|(u, o)| (*u, o.as_str())),
            &flink_conf,
        )?;
        let raw_url = global.jobmanager.as_deref().or(profile_url.as_ref().map(|(u, _)| *u));
        let (timeout, timeout_src) =
            layered(global.timeout, "--timeout", prof.and_then(|p| p.timeout), from_profile("timeout"))
                .unwrap_or((DEFAULT_TIMEOUT, "the default".into()));
        let (connect_timeout, connect_src) = layered(
            global.connect_timeout,
            "--connect-timeout",
            prof.and_then(|p| p.connect_timeout),
            from_profile("connect_timeout"),
        )
        .unwrap_or((DEFAULT_CONNECT_TIMEOUT, "the default".into()));
        // PEM files from the flag or profile; else, for an https cluster, the stores of the local Flink config
        // (the client identity only where it asks for mutual TLS).
        let https = base_url.starts_with("https://");
        let ca = layered(
            global.ca_cert.as_ref(),
            flag("ca_cert", "--ca-cert", "FSP_CA_CERT"),
            prof.and_then(|p| p.ca_cert.as_ref()),
            from_profile("ca_cert"),
        )
        .map(|(p, src)| (TlsSource::Pem(p.clone(), None), src))
        .or_else(|| {
            flink_store(&flink_conf, https, &flink_config::REST_TRUSTSTORE, &flink_config::REST_TRUSTSTORE_PASSWORD)
        });
        let flag_identity = global.client_cert.as_ref().zip(global.client_key.as_ref());
        let prof_identity = prof.and_then(|p| p.client_cert.as_ref().zip(p.client_key.as_ref()));
        let mutual =
            flink_conf.value(&flink_config::REST_AUTHENTICATION).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        let identity = layered(
            flag_identity,
            flag("client_cert", "--client-cert", "FSP_CLIENT_CERT"),
            prof_identity,
            from_profile("client_cert"),
        )
        .map(|((c, k), src)| (TlsSource::Pem(c.clone(), Some(k.clone())), src))
        .or_else(|| {
            flink_store(
                &flink_conf,
                https && mutual,
                &flink_config::REST_KEYSTORE,
                &flink_config::REST_KEYSTORE_PASSWORD,
            )
        });
        let insecure = layered(
            global.insecure.then_some(true),
            "--insecure",
            prof.and_then(|p| p.insecure),
            from_profile("insecure"),
        )
        .unwrap_or((false, "the default".into()));
        let headers = request_headers(global, env, prof.map(|p| (p, profile_label.as_str())), raw_url, &out);

        // Used only when the cluster has no default of its own (which fsp does not ask for here).
        let dir_setting = |name: &str, from_prof: Option<String>, key: &str, option: &flink_config::ConfigOption| {
            let file = flink_conf.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
            let (value, source) = match (from_prof, flink_conf.get(option)) {
                (Some(d), _) => (Some(d), from_profile(key)),
                (None, Some((k, v))) => (Some(v.to_string()), format!("{k} in {file}")),
                (None, None) => return setting(name, None, "the cluster's default, if it has one"),
            };
            setting(name, value, format!("{source}, unless the cluster has a default of its own"))
        };
        let mut settings = vec![
            setting("jobmanager", Some(base_url.clone()), origin.trim_start_matches("from ").to_string()),
            setting(
                "cluster profile",
                selected.as_ref().map(|s| s.name.clone()),
                match (&global.cluster, &file.default, &selected) {
                    (Some(_), _, _) => flag("cluster", "--cluster", "FSP_CLUSTER").to_string(),
                    (None, Some(_), _) => format!("default in {file_name}"),
                    (None, None, Some(_)) => format!("the cluster named 'default' in {file_name}"),
                    (None, None, None) if path.is_some() => format!("no default in {file_name}"),
                    (None, None, None) => format!(
                        "no {}",
                        dir.as_deref().unwrap_or(std::path::Path::new("")).join("config.toml").display()
                    ),
                },
            ),
            dir_setting(
                "savepoint dir",
                prof.and_then(|p| p.savepoint_dir.clone()),
                "savepoint_dir",
                &flink_config::SAVEPOINT_DIR,
            ),
            dir_setting(
                "checkpoint dir",
                prof.and_then(|p| p.checkpoint_dir.clone()),
                "checkpoint_dir",
                &flink_config::CHECKPOINT_DIR,
            ),
            setting("timeout", Some(humantime::format_duration(timeout).to_string()), timeout_src),
            setting("connect timeout", Some(humantime::format_duration(connect_timeout).to_string()), connect_src),
            setting(
                "ca cert",
                ca.as_ref().map(|(s, _)| s.path().display().to_string()),
                ca.as_ref().map_or("the built-in roots".into(), |(_, s)| s.clone()),
            ),
            setting(
                "client cert",
                identity.as_ref().map(|(s, _)| s.path().display().to_string()),
                identity.as_ref().map_or("none".into(), |(_, s)| s.clone()),
            ),
            setting("insecure", Some(insecure.0.to_string()), insecure.1.clone()),
        ];
        for h in effective_headers(&headers) {
            let shown = if is_secret_header(&h.name) { "****".to_string() } else { crate::format::sanitize(&h.value) };
            settings.push(setting(&format!("header {}", h.name), Some(shown), h.source.clone()));
        }
        let tls_files = TlsFiles { ca: ca.map(|(s, _)| s), identity: identity.map(|(s, _)| s), insecure: insecure.0 };
        let client_cfg = ClientConfig {
            base_url,
            origin,
            connect_timeout,
            request_timeout: timeout.clamp(Duration::from_secs(1), Duration::from_secs(60)),
            retry: RetryPolicy::default(),
            verbose: global.verbose,
            headers: headers.into_iter().map(|h| (h.name, h.value)).collect(),
            tls: Tls::default(),
        };
        if insecure.0 {
            out.warn("--insecure: the server's TLS certificate is not verified");
        }
        Ok(Ctx {
            out,
            timeout,
            flink_conf,
            cwd: std::env::current_dir().unwrap_or_default(),
            profile_savepoint_dir: prof.and_then(|p| p.savepoint_dir.clone()),
            settings,
            client_cfg,
            tls_files,
            client: OnceCell::new(),
        })
    }

    /// The REST client, built on first use (offline commands never build one).
    pub fn client(&self) -> Result<&Client> {
        if let Some(c) = self.client.get() {
            return Ok(c);
        }
        let c = Client::new(ClientConfig { tls: read_tls(&self.tls_files)?, ..self.client_cfg.clone() })?;
        Ok(self.client.get_or_init(|| c))
    }

    /// The deadline for an operation that starts now.
    pub fn deadline(&self) -> Instant {
        Instant::now() + self.timeout
    }
}

/// Where the JobManager is: `-m`, else `FSP_JOBMANAGER`, else `rest.address`/`rest.port` (and `rest.path`,
/// `security.ssl.rest.enabled`) from Flink's config file, else `http://localhost:8081`.
/// Returns the base URL and where it came from.
pub fn resolve_jobmanager(
    given: Option<&str>,
    from_env: bool,
    profile: Option<(&str, &str)>,
    conf: &FlinkConfig,
) -> Result<(String, String), Failure> {
    if let Some(given) = given {
        let origin = if from_env { "from FSP_JOBMANAGER" } else { "from -m/--jobmanager" };
        let url = rest::normalize_base_url(given).map_err(|e| Failure::usage(format!("{e} ({origin})")))?;
        return Ok((url, origin.to_string()));
    }
    if let Some((url, origin)) = profile {
        let origin = format!("from the {origin}");
        let url = rest::normalize_base_url(url).map_err(|e| Failure::usage(format!("{e} ({origin})")))?;
        return Ok((url, origin));
    }
    if let Some((key, address)) = conf.get(&flink_config::REST_ADDRESS) {
        let file = conf.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
        let origin = format!("from {key} in {file}");
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
        let url = rest::normalize_base_url(&raw).map_err(|e| Failure::usage(format!("{e} ({origin})")))?;
        return Ok((url, origin));
    }
    Ok(("http://localhost:8081".to_string(), "the default, as no address is configured".to_string()))
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

    #[test]
    fn headers_in_order_later_ones_win() {
        let out = Output::new(crate::cli::OutputFormat::Text, true, false);
        let env = Env {
            flink_rest_client_headers: Some("X-A:1\nAuthorization:from-env\nbroken".into()),
            token: Some("tok".into()),
            ..Default::default()
        };
        let g = global(&["-m", "http://u:p%40ss@jm:1", "-H", "X-B: 2"]);
        let h = request_headers(&g, &env, None, g.jobmanager.as_deref(), &out);
        let pairs: Vec<(&str, &str, &str)> =
            h.iter().map(|h| (h.name.as_str(), h.value.as_str(), h.source.as_str())).collect();
        assert_eq!(
            pairs,
            vec![
                ("X-A", "1", "FLINK_REST_CLIENT_HEADERS"),
                ("Authorization", "from-env", "FLINK_REST_CLIENT_HEADERS"),
                ("Authorization", "Basic dTpwQHNz", "user:password in the URL"),
                ("Authorization", "Bearer tok", "FSP_TOKEN"),
                ("X-B", "2", "-H/--header"),
            ]
        );
        let sent: Vec<&str> = effective_headers(&h).iter().map(|h| h.source.as_str()).collect();
        assert_eq!(sent, ["FLINK_REST_CLIENT_HEADERS", "FSP_TOKEN", "-H/--header"]);
        assert!(request_headers(&global(&[]), &Env::default(), None, None, &out).is_empty());
    }

    #[test]
    fn profile_headers_and_token_env() {
        let out = Output::new(crate::cli::OutputFormat::Text, true, false);
        let p = profile::parse("[clusters.p]\ntoken_env = \"MY_TOKEN\"\nheaders = { \"x-tenant\" = \"a\" }\n")
            .unwrap()
            .clusters
            .remove("p")
            .unwrap();
        let mut env = Env::default();
        env.vars.insert("MY_TOKEN".into(), "t0k".into());
        let h = request_headers(&global(&["-H", "X-Tenant: b"]), &env, Some((&p, "cluster 'p' in c")), None, &out);
        let eff: Vec<(&str, &str, &str)> =
            effective_headers(&h).iter().map(|h| (h.name.as_str(), h.value.as_str(), h.source.as_str())).collect();
        assert_eq!(
            eff,
            [
                ("Authorization", "Bearer t0k", "$MY_TOKEN (token_env of cluster 'p' in c)"),
                ("X-Tenant", "b", "-H/--header"),
            ],
            "a flag beats the profile, whatever the case of the name"
        );
        // FSP_TOKEN beats the profile's token_env
        env.token = Some("env-tok".into());
        let h = request_headers(&global(&[]), &env, Some((&p, "c")), None, &out);
        assert_eq!(h.last().unwrap().value, "Bearer env-tok");
    }

    #[test]
    fn secrets_are_masked_in_settings() {
        for name in ["Authorization", "proxy-authorization", "Cookie", "X-Api-Key", "X-Auth-Token"] {
            assert!(is_secret_header(name), "{name}");
        }
        assert!(!is_secret_header("X-Tenant"));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "default = \"p\"\n[clusters.p]\nurl = \"https://bob:hunter2@jm:8443\"\n\
             headers = { \"X-Api-Key\" = \"k3y\" }\ntoken_env = \"T\"\n",
        )
        .unwrap();
        let mut env = Env { fsp_config_dir: Some(dir.path().to_path_buf()), ..Default::default() };
        env.vars.insert("T".into(), "t0ken".into());
        let ctx = Ctx::new(&global(&["-q", "-H", "Authorization: Basic c2VjcmV0"]), &env).unwrap();
        let shown = format!("{:?}", ctx.settings);
        for secret in ["hunter2", "k3y", "t0ken", "c2VjcmV0"] {
            assert!(!shown.contains(secret), "{secret} shown in {shown}");
        }
        let value = |n: &str| ctx.settings.iter().find(|s| s.name == n).unwrap().value.clone().unwrap();
        assert_eq!(value("jobmanager"), "https://jm:8443");
        assert_eq!(value("header Authorization"), "****");
        assert_eq!(value("header X-Api-Key"), "****");
        assert_eq!(value("cluster profile"), "p");
    }

    #[test]
    fn jobmanager_precedence() {
        let file = conf(&[("rest.address", "jm.file"), ("rest.port", "9000")]);
        assert_eq!(resolve_jobmanager(Some("flag:1"), false, None, &file).unwrap().0, "http://flag:1");
        let (url, origin) = resolve_jobmanager(Some("env:2"), true, Some(("http://p:3", "url of p")), &file).unwrap();
        assert_eq!((url.as_str(), origin.as_str()), ("http://env:2", "from FSP_JOBMANAGER"));
        let (url, origin) = resolve_jobmanager(None, false, None, &file).unwrap();
        assert_eq!(url, "http://jm.file:9000");
        assert_eq!(origin, "from rest.address in /etc/flink/config.yaml");
        let (url, origin) = resolve_jobmanager(None, false, Some(("http://p:3", "url of p")), &file).unwrap();
        assert_eq!(
            (url.as_str(), origin.as_str()),
            ("http://p:3", "from the url of p"),
            "a profile beats Flink's config"
        );
        let (url, _) = resolve_jobmanager(None, false, None, &conf(&[])).unwrap();
        assert_eq!(url, "http://localhost:8081");
    }

    #[test]
    fn jobmanager_from_config_keys() {
        let url = |pairs: &[(&str, &str)]| resolve_jobmanager(None, false, None, &conf(pairs)).unwrap().0;
        assert_eq!(url(&[("jobmanager.rpc.address", "rpc")]), "http://rpc:8081");
        assert_eq!(url(&[("rest.address", "a"), ("web.port", "7")]), "http://a:7");
        assert_eq!(url(&[("rest.address", "a"), ("security.ssl.rest.enabled", "true")]), "https://a:8081");
        assert_eq!(url(&[("rest.address", "a"), ("security.ssl.enabled", "TRUE")]), "https://a:8081");
        assert_eq!(url(&[("rest.address", "a"), ("rest.path", "/flink/")]), "http://a:8081/flink");
        let err =
            resolve_jobmanager(None, false, None, &conf(&[("rest.address", "a"), ("rest.port", "x")])).unwrap_err();
        assert!(err.message.contains("rest.port 'x'"), "{err}");
        let err = resolve_jobmanager(Some("ftp://x"), false, None, &conf(&[])).unwrap_err();
        assert_eq!(err.kind, crate::error::Exit::Usage);
    }
}
