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
use crate::output::Output;
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

/// Every header to send, later ones replacing earlier ones of the same name: `FLINK_REST_CLIENT_HEADERS`,
/// the profile's headers, basic auth from the URL's `user:password`, a bearer token (`FSP_TOKEN`, else the
/// profile's `token_env`), then `-H`.
pub fn request_headers(
    global: &GlobalArgs,
    env: &Env,
    profile: Option<&Profile>,
    url: Option<&str>,
    out: &Output,
) -> Vec<(String, String)> {
    use base64::Engine;
    let mut headers = Vec::new();
    if let Some(h) = &env.flink_rest_client_headers {
        let (parsed, malformed) = rest::parse_flink_headers(h);
        if malformed > 0 {
            out.warn(format!(
                "skipped {malformed} malformed line(s) of FLINK_REST_CLIENT_HEADERS (expected newline-separated Name:Value)"
            ));
        }
        headers.extend(parsed);
    }
    if let Some(p) = profile {
        headers.extend(p.headers.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if let Some((user, pass)) = url.and_then(rest::url_credentials) {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        headers.push(("Authorization".to_string(), format!("Basic {basic}")));
    }
    let profile_token = profile.and_then(|p| p.token_env.as_ref()).and_then(|name| env.vars.get(name));
    if let Some(token) = env.token.as_ref().or(profile_token) {
        headers.push(("Authorization".to_string(), format!("Bearer {token}")));
    }
    headers.extend(global.headers.iter().cloned());
    headers
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

fn read_tls(ca: Option<&PathBuf>, identity: Option<(&PathBuf, &PathBuf)>, insecure: bool) -> Result<Tls> {
    let read = |p: &PathBuf, what: &str| {
        std::fs::read(p).map_err(|e| Failure::not_found(format!("cannot read the {what} {}: {e}", p.display())))
    };
    let ca_pem = ca.map(|p| read(p, "CA certificate")).transpose()?;
    let identity_pem = match identity {
        Some((cert, key)) => {
            let mut pem = read(cert, "client certificate")?;
            pem.push(b'\n');
            pem.extend(read(key, "client key")?);
            Some(pem)
        }
        None => None,
    };
    Ok(Tls { ca_pem, identity_pem, insecure })
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
        let out = Output::new(global.output, global.quiet, global.verbose);
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
        let from_profile = |key: &str| {
            format!("{key} of cluster '{}' in {file_name}", selected.as_ref().map_or("", |s| s.name.as_str()))
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
        let ca = layered(
            global.ca_cert.as_ref(),
            "--ca-cert",
            prof.and_then(|p| p.ca_cert.as_ref()),
            from_profile("ca_cert"),
        );
        let flag_identity = global.client_cert.as_ref().zip(global.client_key.as_ref());
        let prof_identity = prof.and_then(|p| p.client_cert.as_ref().zip(p.client_key.as_ref()));
        let identity = layered(flag_identity, "--client-cert", prof_identity, from_profile("client_cert"));
        let insecure = layered(
            global.insecure.then_some(true),
            "--insecure",
            prof.and_then(|p| p.insecure),
            from_profile("insecure"),
        )
        .unwrap_or((false, "the default".into()));
        let headers = request_headers(global, env, prof, raw_url, &out);

        let dir_setting = |name: &str, from_prof: Option<String>, key: &str, option: &flink_config::ConfigOption| match (
            from_prof,
            flink_conf.get(option),
        ) {
            (Some(d), _) => setting(name, Some(d), from_profile(key)),
            (None, Some((k, v))) => setting(
                name,
                Some(v.to_string()),
                format!("{k} in {}", flink_conf.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default()),
            ),
            (None, None) => setting(name, None, "the cluster's default, if it has one"),
        };
        let mut settings = vec![
            setting("jobmanager", Some(base_url.clone()), origin.trim_start_matches("from ").to_string()),
            setting(
                "cluster profile",
                selected.as_ref().map(|s| s.name.clone()),
                if path.is_some() { file_name.clone() } else { "no config.toml".into() },
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
                ca.as_ref().map(|(p, _)| p.display().to_string()),
                ca.as_ref().map_or("the built-in roots".into(), |(_, s)| s.clone()),
            ),
            setting(
                "client cert",
                identity.as_ref().map(|((c, _), _)| c.display().to_string()),
                identity.as_ref().map_or("none".into(), |(_, s)| s.clone()),
            ),
            setting("insecure", Some(insecure.0.to_string()), insecure.1.clone()),
        ];
        for (name, value) in &headers {
            let shown = if is_secret_header(name) { "****".to_string() } else { crate::output::sanitize(value) };
            settings.push(setting(&format!("header {name}"), Some(shown), "headers"));
        }
        let tls = read_tls(ca.map(|(p, _)| p), identity.map(|(i, _)| i), insecure.0)?;
        let client_cfg = ClientConfig {
            base_url,
            origin,
            connect_timeout,
            request_timeout: timeout.clamp(Duration::from_secs(1), Duration::from_secs(60)),
            retry: RetryPolicy::default(),
            verbose: global.verbose,
            headers,
            tls,
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
            client: OnceCell::new(),
        })
    }

    /// The REST client, built on first use (offline commands never build one).
    pub fn client(&self) -> Result<&Client> {
        if let Some(c) = self.client.get() {
            return Ok(c);
        }
        let c = Client::new(self.client_cfg.clone())?;
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
        crate::cli::parse_from(all).unwrap().global
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
        assert_eq!(
            h,
            vec![
                ("X-A".to_string(), "1".to_string()),
                ("Authorization".into(), "from-env".into()),
                ("Authorization".into(), "Basic dTpwQHNz".into()),
                ("Authorization".into(), "Bearer tok".into()),
                ("X-B".into(), "2".into()),
            ]
        );
        assert!(request_headers(&global(&[]), &Env::default(), None, None, &out).is_empty());
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
