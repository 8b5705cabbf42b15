//! The resolved context of one run: built once from flags, environment and Flink's config files.
//! Commands take `&Ctx` and never read the environment themselves. Each setting is resolved, with its
//! source, in [`settings`]; the headers in [`headers`]; the TLS material in [`tls`].

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::cli::GlobalArgs;
use crate::flink_config::FlinkConfig;
use crate::output::{Output, use_color};
use crate::rest::{Client, ClientConfig, RetryPolicy, Tls};

mod headers;
mod settings;
mod tls;

pub use settings::{Setting, Settings};
use tls::{TlsFiles, read_tls};

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

pub struct Ctx {
    pub out: Output,
    /// How long to wait for an operation (savepoint, job start, …).
    pub timeout: Duration,
    pub flink_conf: FlinkConfig,
    pub cwd: PathBuf,
    /// Every resolved setting with its source; `fsp config show` prints them.
    pub settings: Settings,
    client_cfg: ClientConfig,
    tls_files: TlsFiles,
    client: OnceCell<Client>,
}

impl Ctx {
    pub fn new(global: &GlobalArgs, env: &Env) -> Result<Ctx> {
        let out = Output::new(global.output, global.quiet, global.verbose).with_color(use_color(global.color));
        let flink_conf = FlinkConfig::load(env.flink_conf_dir.as_deref(), env.flink_home.as_deref())?;
        let settings = Settings::resolve(global, env, &flink_conf, &out)?;
        let tls_files = TlsFiles {
            ca: settings.ca.value.clone(),
            identity: settings.identity.value.clone(),
            insecure: settings.insecure.value,
        };
        let client_cfg = ClientConfig {
            base_url: settings.jobmanager.value.clone(),
            origin: settings.jobmanager.source.clone(),
            connect_timeout: settings.connect_timeout.value,
            request_timeout: settings.timeout.value.clamp(Duration::from_secs(1), Duration::from_secs(60)),
            retry: RetryPolicy::default(),
            verbose: global.verbose,
            headers: settings.headers.iter().map(|h| (h.name.clone(), h.value.clone())).collect(),
            tls: Tls::default(),
        };
        if settings.insecure.value {
            out.warn("--insecure: the server's TLS certificate is not verified");
        }
        Ok(Ctx {
            out,
            timeout: settings.timeout.value,
            flink_conf,
            cwd: std::env::current_dir().unwrap_or_default(),
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
