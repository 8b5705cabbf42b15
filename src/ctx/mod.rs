//! The resolved context of one run: built once from flags, environment and Flink's config files.
//! Commands take `&Ctx` and never read the environment themselves. Each setting is resolved, with its
//! source, in [`settings`]; the headers in [`headers`]; the TLS material in [`tls`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
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
    client: OnceLock<Client>,
    /// What it was built from, for a context of another cluster ([`Ctx::for_cluster`]).
    global: GlobalArgs,
    env: Env,
}

impl Ctx {
    pub fn new(global: &GlobalArgs, env: &Env) -> Result<Ctx> {
        let original = global.clone();
        // `--cluster a,b` names several clusters, each resolved in turn (`for_cluster`); this one is none.
        let mut global = global.clone();
        global.cluster = global.cluster.filter(|c| !c.contains(','));
        let global = &global;
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
            client: OnceLock::new(),
            global: original,
            env: env.clone(),
        })
    }

    /// The context of the cluster profile `name`, one of several (`--cluster a,b`, `--all-clusters`): the
    /// same flags and environment, but that profile, whose URL wins over FSP_JOBMANAGER.
    pub fn for_cluster(&self, name: &str) -> Result<Ctx> {
        let mut g = self.global.clone();
        g.cluster = Some(name.to_string());
        g.from_env.retain(|id| *id != "cluster");
        if g.jobmanager_from_env {
            g.jobmanager = None;
            g.jobmanager_from_env = false;
        }
        Ctx::new(&g, &self.env)
    }

    /// The context of the JobManager at `url` (as if given with `-m`), with the same flags otherwise.
    pub fn for_url(&self, url: &str) -> Result<Ctx> {
        let mut g = self.global.clone();
        g.jobmanager = Some(url.to_string());
        g.jobmanager_from_env = false;
        g.cluster = None;
        g.from_env.retain(|id| *id != "cluster" && *id != "jobmanager");
        Ctx::new(&g, &self.env)
    }

    /// The clusters named by `--cluster a,b,c`, when it names more than one.
    pub fn cluster_list(&self) -> Option<Vec<String>> {
        let list = self.global.cluster.as_deref().filter(|c| c.contains(','))?;
        Some(list.split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect())
    }

    /// Whether `--cluster` was given on the command line (not through FSP_CLUSTER).
    pub fn cluster_flag(&self) -> bool {
        self.global.cluster.is_some() && !self.global.from_env.contains(&"cluster")
    }

    /// Whether `-m` was given on the command line (not through FSP_JOBMANAGER).
    pub fn jobmanager_flag(&self) -> bool {
        self.global.jobmanager.is_some() && !self.global.jobmanager_from_env
    }

    /// The names of every cluster in fsp's `config.toml`, and the file's path.
    pub fn profile_names(&self) -> Result<(Vec<String>, String), crate::error::Failure> {
        let dir = crate::profile::config_dir(self.env.fsp_config_dir.as_deref());
        let (file, path) = crate::profile::load(dir.as_deref())?;
        let shown = path.or(dir.map(|d| d.join("config.toml"))).map(|p| p.display().to_string()).unwrap_or_default();
        Ok((file.clusters.keys().cloned().collect(), shown))
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
