//! The resolved context of one run: built once from flags, environment and Flink's config files.
//! Commands take `&Ctx` and never read the environment themselves.

use std::cell::OnceCell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::cli::GlobalArgs;
use crate::error::Failure;
use crate::flink_config::{self, FlinkConfig};
use crate::output::Output;
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
        }
    }
}

/// Every header to send, later ones replacing earlier ones of the same name: `FLINK_REST_CLIENT_HEADERS`,
/// then basic auth from the URL's `user:password`, then `FSP_TOKEN` as a bearer token, then `-H`.
pub fn request_headers(global: &GlobalArgs, env: &Env, out: &Output) -> Vec<(String, String)> {
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
    if let Some((user, pass)) = global.jobmanager.as_deref().and_then(rest::url_credentials) {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
        headers.push(("Authorization".to_string(), format!("Basic {basic}")));
    }
    if let Some(token) = &env.token {
        headers.push(("Authorization".to_string(), format!("Bearer {token}")));
    }
    headers.extend(global.headers.iter().cloned());
    headers
}

fn read_tls(global: &GlobalArgs) -> Result<Tls> {
    let read = |p: &PathBuf, what: &str| {
        std::fs::read(p).map_err(|e| Failure::not_found(format!("cannot read the {what} {}: {e}", p.display())))
    };
    let ca_pem = global.ca_cert.as_ref().map(|p| read(p, "CA certificate")).transpose()?;
    let identity_pem = match (&global.client_cert, &global.client_key) {
        (Some(cert), Some(key)) => {
            let mut pem = read(cert, "client certificate")?;
            pem.push(b'\n');
            pem.extend(read(key, "client key")?);
            Some(pem)
        }
        _ => None,
    };
    Ok(Tls { ca_pem, identity_pem, insecure: global.insecure })
}

pub struct Ctx {
    pub out: Output,
    /// How long to wait for an operation (savepoint, job start, …).
    pub timeout: Duration,
    pub flink_conf: FlinkConfig,
    pub cwd: PathBuf,
    client_cfg: ClientConfig,
    client: OnceCell<Client>,
}

impl Ctx {
    pub fn new(global: &GlobalArgs, env: &Env) -> Result<Ctx> {
        let out = Output::new(global.output, global.quiet, global.verbose);
        let flink_conf = FlinkConfig::load(env.flink_conf_dir.as_deref(), env.flink_home.as_deref())?;
        let (base_url, origin) =
            resolve_jobmanager(global.jobmanager.as_deref(), global.jobmanager_from_env, &flink_conf)?;
        let client_cfg = ClientConfig {
            base_url,
            origin,
            connect_timeout: global.connect_timeout,
            request_timeout: global.timeout.clamp(Duration::from_secs(1), Duration::from_secs(60)),
            retry: RetryPolicy::default(),
            verbose: global.verbose,
            headers: request_headers(global, env, &out),
            tls: read_tls(global)?,
        };
        if global.insecure {
            out.warn("--insecure: the server's TLS certificate is not verified");
        }
        Ok(Ctx {
            out,
            timeout: global.timeout,
            flink_conf,
            cwd: std::env::current_dir().unwrap_or_default(),
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
    conf: &FlinkConfig,
) -> Result<(String, String), Failure> {
    if let Some(given) = given {
        let origin = if from_env { "from FSP_JOBMANAGER" } else { "from -m/--jobmanager" };
        let url = rest::normalize_base_url(given).map_err(|e| Failure::usage(format!("{e} ({origin})")))?;
        return Ok((url, origin.to_string()));
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
        let h = request_headers(&g, &env, &out);
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
        assert!(request_headers(&global(&[]), &Env::default(), &out).is_empty());
    }

    #[test]
    fn jobmanager_precedence() {
        let file = conf(&[("rest.address", "jm.file"), ("rest.port", "9000")]);
        assert_eq!(resolve_jobmanager(Some("flag:1"), false, &file).unwrap().0, "http://flag:1");
        let (url, origin) = resolve_jobmanager(Some("env:2"), true, &file).unwrap();
        assert_eq!((url.as_str(), origin.as_str()), ("http://env:2", "from FSP_JOBMANAGER"));
        let (url, origin) = resolve_jobmanager(None, false, &file).unwrap();
        assert_eq!(url, "http://jm.file:9000");
        assert_eq!(origin, "from rest.address in /etc/flink/config.yaml");
        let (url, _) = resolve_jobmanager(None, false, &conf(&[])).unwrap();
        assert_eq!(url, "http://localhost:8081");
    }

    #[test]
    fn jobmanager_from_config_keys() {
        let url = |pairs: &[(&str, &str)]| resolve_jobmanager(None, false, &conf(pairs)).unwrap().0;
        assert_eq!(url(&[("jobmanager.rpc.address", "rpc")]), "http://rpc:8081");
        assert_eq!(url(&[("rest.address", "a"), ("web.port", "7")]), "http://a:7");
        assert_eq!(url(&[("rest.address", "a"), ("security.ssl.rest.enabled", "true")]), "https://a:8081");
        assert_eq!(url(&[("rest.address", "a"), ("security.ssl.enabled", "TRUE")]), "https://a:8081");
        assert_eq!(url(&[("rest.address", "a"), ("rest.path", "/flink/")]), "http://a:8081/flink");
        let err = resolve_jobmanager(None, false, &conf(&[("rest.address", "a"), ("rest.port", "x")])).unwrap_err();
        assert!(err.message.contains("rest.port 'x'"), "{err}");
        let err = resolve_jobmanager(Some("ftp://x"), false, &conf(&[])).unwrap_err();
        assert_eq!(err.kind, crate::error::Exit::Usage);
    }
}
