//! Named clusters in `config.toml` (`$FSP_CONFIG_DIR`, else the platform's config dir + `/fsp`):
//!
//! ```toml
//! default = "prod"                       # used without --cluster (or a cluster named "default")
//!
//! [clusters.prod]
//! url = "https://flink.prod.example:8081"
//! savepoint_dir = "s3://bucket/savepoints"
//! checkpoint_dir = "s3://bucket/checkpoints"
//! ca_cert = "/etc/ssl/flink-ca.pem"
//! client_cert = "/etc/ssl/fsp.pem"       # with client_key: mutual TLS
//! client_key = "/etc/ssl/fsp.key"
//! insecure = false
//! timeout = "15m"
//! connect_timeout = "3s"
//! token_env = "PROD_FLINK_TOKEN"        # the name of an env var holding a bearer token
//! headers = { "X-Tenant" = "analytics" }
//! ```
//!
//! Precedence, for every setting: flag > environment variable > this profile > Flink's config files >
//! built-in default. The savepoint directory of a command without one: the profile's `savepoint_dir`, else
//! the cluster's own default, else the local Flink config's. Relative file paths are relative to the
//! directory of `config.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::error::Failure;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default: Option<String>,
    #[serde(default)]
    pub clusters: BTreeMap<String, Profile>,
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub url: Option<String>,
    pub savepoint_dir: Option<String>,
    pub checkpoint_dir: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
    pub insecure: Option<bool>,
    #[serde(default, deserialize_with = "duration")]
    pub timeout: Option<Duration>,
    #[serde(default, deserialize_with = "duration")]
    pub connect_timeout: Option<Duration>,
    pub token_env: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

fn duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    let s = Option::<String>::deserialize(d)?;
    s.map(|s| humantime::parse_duration(&s).map_err(|e| serde::de::Error::custom(format!("'{s}': {e}")))).transpose()
}

/// The selected profile and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    pub name: String,
    pub profile: Profile,
}

pub fn config_dir(fsp_config_dir: Option<&Path>) -> Option<PathBuf> {
    fsp_config_dir.map(Path::to_path_buf).or_else(|| dirs::config_dir().map(|d| d.join("fsp")))
}

pub fn parse(text: &str) -> Result<ConfigFile, String> {
    toml::from_str(text).map_err(|e| e.to_string())
}

/// Choose the profile: `--cluster`/`FSP_CLUSTER`, else the file's `default`, else a cluster named `default`.
/// A name that is not in the file is a usage error listing the names that are.
pub fn select(file: &ConfigFile, wanted: Option<&str>, path: &Path) -> Result<Option<Selected>, Failure> {
    let name = match wanted {
        Some(n) => n.to_string(),
        None => match &file.default {
            Some(d) => d.clone(),
            None if file.clusters.contains_key("default") => "default".to_string(),
            None => return Ok(None),
        },
    };
    match file.clusters.get(&name) {
        Some(p) => Ok(Some(Selected { name, profile: p.clone() })),
        None => {
            let known: Vec<&str> = file.clusters.keys().map(String::as_str).collect();
            Err(Failure::usage(format!(
                "no cluster '{name}' in {}; known: {}",
                path.display(),
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            )))
        }
    }
}

/// Load `config.toml` from the directory; a missing file is no profiles. Relative certificate and key paths
/// are taken relative to the directory, so the file means the same from any working directory.
pub fn load(dir: Option<&Path>) -> Result<(ConfigFile, Option<PathBuf>), Failure> {
    let Some(dir) = dir else { return Ok((ConfigFile::default(), None)) };
    let path = dir.join("config.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let mut file = parse(&text).map_err(|e| Failure::usage(format!("invalid {}: {e}", path.display())))?;
            for p in file.clusters.values_mut() {
                for f in [&mut p.ca_cert, &mut p.client_cert, &mut p.client_key].into_iter().flatten() {
                    if f.is_relative() {
                        *f = dir.join(&*f);
                    }
                }
            }
            Ok((file, Some(path)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((ConfigFile::default(), None)),
        Err(e) => Err(Failure::usage(format!("cannot read {}: {e}", path.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
default = "prod"
[clusters.prod]
url = "https://prod:8081"
savepoint_dir = "s3://b/sp"
timeout = "15m"
headers = { "X-Tenant" = "a" }
[clusters.staging]
url = "http://staging:8081"
insecure = true
"#;

    #[test]
    fn parse_and_select() {
        let f = parse(FILE).unwrap();
        let p = Path::new("/c/config.toml");
        let s = select(&f, None, p).unwrap().unwrap();
        assert_eq!(s.name, "prod");
        assert_eq!(s.profile.timeout, Some(Duration::from_secs(900)));
        assert_eq!(s.profile.headers["X-Tenant"], "a");
        assert_eq!(select(&f, Some("staging"), p).unwrap().unwrap().profile.insecure, Some(true));
        let err = select(&f, Some("nope"), p).unwrap_err();
        assert_eq!(err.kind, crate::error::Exit::Usage);
        assert!(err.message.contains("known: prod, staging"), "{err}");
    }

    #[test]
    fn defaults_and_errors() {
        let f = parse("[clusters.default]\nurl = \"http://x:1\"\n").unwrap();
        assert_eq!(select(&f, None, Path::new("c")).unwrap().unwrap().name, "default");
        let f = parse("[clusters.a]\nurl = \"http://x:1\"\n").unwrap();
        assert_eq!(select(&f, None, Path::new("c")).unwrap(), None);
        assert!(parse("[clusters.a]\nurll = \"typo\"\n").unwrap_err().contains("urll"));
        assert!(parse("[clusters.a]\ntimeout = \"soon\"\n").is_err());
        assert!(parse("not toml").is_err());
    }

    #[test]
    fn load_from_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(Some(dir.path())).unwrap().1.is_none(), "no file, no profiles");
        std::fs::write(
            dir.path().join("config.toml"),
            "[clusters.a]\nca_cert = \"certs/ca.pem\"\nclient_cert = \"/abs/c.pem\"\n",
        )
        .unwrap();
        let (file, path) = load(Some(dir.path())).unwrap();
        assert_eq!(path.unwrap(), dir.path().join("config.toml"));
        let a = &file.clusters["a"];
        assert_eq!(a.ca_cert.as_deref(), Some(dir.path().join("certs/ca.pem").as_path()));
        assert_eq!(a.client_cert.as_deref(), Some(Path::new("/abs/c.pem")));
        std::fs::write(dir.path().join("config.toml"), "[clusters.a]\nurl = 1\n").unwrap();
        let err = load(Some(dir.path())).unwrap_err();
        assert_eq!(err.kind, crate::error::Exit::Usage);
        assert!(err.message.contains("config.toml"), "{err}");
    }
}
