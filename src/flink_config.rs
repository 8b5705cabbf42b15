//! Flink's own configuration files, read the way Flink reads them.
//!
//! * Directory: `$FLINK_CONF_DIR`, else `$FLINK_HOME/conf`.
//! * `config.yaml` is standard YAML (1.2 core schema); nested maps are flattened with `.`, so
//!   `rest: {port: 1}` and `rest.port: 1` are the same key (the later one in the file wins).
//! * `flink-conf.yaml` (Flink 1.x legacy) is line based: everything after `#` is dropped, each line is split at
//!   the first `": "`, all values are strings. Flink 1.20 prefers it when both files exist; 2.x ignores it.
//! * A key is looked up under its own name first, then its fallback and deprecated names, in Flink's order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use yaml_rust2::{Yaml, YamlLoader};

/// A Flink option: its key, then the older keys Flink still honours, in lookup order.
#[derive(Debug, Clone, Copy)]
pub struct ConfigOption {
    pub keys: &'static [&'static str],
}

pub const SAVEPOINT_DIR: ConfigOption = ConfigOption {
    keys: &["execution.checkpointing.savepoint-dir", "state.savepoints.dir", "savepoints.state.backend.fs.dir"],
};
pub const CHECKPOINT_DIR: ConfigOption =
    ConfigOption { keys: &["execution.checkpointing.dir", "state.checkpoints.dir", "state.backend.fs.checkpointdir"] };
/// The state backend (`hashmap`, `rocksdb`, `forst`); `state.backend` is the 1.x name.
pub const STATE_BACKEND: ConfigOption = ConfigOption { keys: &["state.backend.type", "state.backend"] };
/// Where ForSt keeps its timers (`ForStDB`, the default, or `HEAP`).
pub const FORST_TIMERS: ConfigOption = ConfigOption { keys: &["state.backend.forst.timer-service.factory"] };
pub const REST_ADDRESS: ConfigOption = ConfigOption { keys: &["rest.address", "jobmanager.rpc.address"] };
pub const REST_PORT: ConfigOption = ConfigOption { keys: &["rest.port", "web.port"] };
pub const REST_PATH: ConfigOption = ConfigOption { keys: &["rest.path"] };
/// `security.ssl.enabled` is the 1.x fallback; 2.0 removed it.
pub const REST_SSL_ENABLED: ConfigOption =
    ConfigOption { keys: &["security.ssl.rest.enabled", "security.ssl.enabled"] };

/// Flink's REST SSL stores (the `security.ssl.*` keys are the 1.x fallbacks).
pub const REST_TRUSTSTORE: ConfigOption =
    ConfigOption { keys: &["security.ssl.rest.truststore", "security.ssl.truststore"] };
pub const REST_TRUSTSTORE_PASSWORD: ConfigOption =
    ConfigOption { keys: &["security.ssl.rest.truststore-password", "security.ssl.truststore-password"] };
pub const REST_KEYSTORE: ConfigOption = ConfigOption { keys: &["security.ssl.rest.keystore", "security.ssl.keystore"] };
pub const REST_KEYSTORE_PASSWORD: ConfigOption =
    ConfigOption { keys: &["security.ssl.rest.keystore-password", "security.ssl.keystore-password"] };
pub const REST_AUTHENTICATION: ConfigOption = ConfigOption { keys: &["security.ssl.rest.authentication-enabled"] };

/// Which file a configuration came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFlavor {
    /// `config.yaml`, standard YAML.
    Standard,
    /// `flink-conf.yaml`, the flat legacy format.
    Legacy,
}

/// A flattened Flink configuration and the file it came from (none: no file was found).
#[derive(Debug, Clone, Default)]
pub struct FlinkConfig {
    pub entries: BTreeMap<String, String>,
    pub file: Option<PathBuf>,
}

impl FlinkConfig {
    /// The value of an option and the key it was found under.
    pub fn get(&self, option: &ConfigOption) -> Option<(&'static str, &str)> {
        option.keys.iter().find_map(|k| self.entries.get(*k).filter(|v| !v.trim().is_empty()).map(|v| (*k, v.as_str())))
    }

    pub fn value(&self, option: &ConfigOption) -> Option<&str> {
        self.get(option).map(|(_, v)| v)
    }

    /// Look an option up in a cluster's `GET /jobmanager/config` answer, with the same key precedence.
    pub fn from_pairs<I: IntoIterator<Item = (String, String)>>(pairs: I) -> FlinkConfig {
        FlinkConfig { entries: pairs.into_iter().collect(), file: None }
    }

    /// Find and read the configuration from the environment's `FLINK_CONF_DIR` / `FLINK_HOME`.
    /// No directory set, or no file in it, is an empty configuration; an unreadable or invalid file is an error.
    pub fn load(conf_dir: Option<&Path>, flink_home: Option<&Path>) -> Result<FlinkConfig> {
        let Some(dir) = conf_dir_from(conf_dir, flink_home) else {
            return Ok(FlinkConfig::default());
        };
        let Some((path, flavor)) = pick_file(&dir, flink_home) else {
            return Ok(FlinkConfig::default());
        };
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read Flink's configuration {}", path.display()))?;
        let entries =
            parse(&text, flavor).with_context(|| format!("invalid Flink configuration {}", path.display()))?;
        Ok(FlinkConfig { entries, file: Some(path) })
    }
}

/// `$FLINK_CONF_DIR`, else `$FLINK_HOME/conf`.
pub fn conf_dir_from(conf_dir: Option<&Path>, flink_home: Option<&Path>) -> Option<PathBuf> {
    conf_dir.map(Path::to_path_buf).or_else(|| flink_home.map(|h| h.join("conf")))
}

/// Which file Flink would read in `dir`. With both present, Flink 1.x reads `flink-conf.yaml` and 2.x reads
/// `config.yaml`; the version is told by `lib/flink-dist-*.jar` next to the conf dir when it can be.
fn pick_file(dir: &Path, flink_home: Option<&Path>) -> Option<(PathBuf, ConfigFlavor)> {
    let standard = dir.join("config.yaml");
    let legacy = dir.join("flink-conf.yaml");
    match (standard.is_file(), legacy.is_file()) {
        (true, false) => Some((standard, ConfigFlavor::Standard)),
        (false, true) => Some((legacy, ConfigFlavor::Legacy)),
        (true, true) => {
            let lib = flink_home.map(|h| h.join("lib")).or_else(|| dir.parent().map(|p| p.join("lib")));
            if lib.is_some_and(|lib| dist_major_version(&lib) == Some(1)) {
                Some((legacy, ConfigFlavor::Legacy))
            } else {
                Some((standard, ConfigFlavor::Standard))
            }
        }
        (false, false) => None,
    }
}

fn dist_major_version(lib: &Path) -> Option<u32> {
    std::fs::read_dir(lib).ok()?.flatten().find_map(|e| {
        let name = e.file_name().into_string().ok()?;
        let version = name.strip_prefix("flink-dist")?.trim_start_matches(|c: char| !c.is_ascii_digit());
        version.split('.').next()?.parse().ok()
    })
}

/// Parse a configuration file's text into flat `key -> value` strings.
pub fn parse(text: &str, flavor: ConfigFlavor) -> Result<BTreeMap<String, String>> {
    match flavor {
        ConfigFlavor::Legacy => Ok(parse_legacy(text)),
        ConfigFlavor::Standard => parse_standard(text),
    }
}

/// Flink's legacy line parser (`GlobalConfiguration.loadYAMLResource`).
pub fn parse_legacy(text: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default();
        if let Some((k, v)) = line.split_once(": ") {
            let (k, v) = (k.trim(), v.trim());
            if !k.is_empty() && !v.is_empty() {
                map.insert(k.to_string(), v.to_string());
            }
        }
    }
    map
}

/// Standard YAML, flattened the way `GlobalConfiguration.flatten` does.
pub fn parse_standard(text: &str) -> Result<BTreeMap<String, String>> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut map = BTreeMap::new();
    match docs.first() {
        None | Some(Yaml::Null) => {}
        Some(Yaml::Hash(h)) => flatten("", h, &mut map)?,
        Some(_) => anyhow::bail!("the top level must be a map of keys to values"),
    }
    Ok(map)
}

fn flatten(prefix: &str, hash: &yaml_rust2::yaml::Hash, out: &mut BTreeMap<String, String>) -> Result<()> {
    for (k, v) in hash {
        let key = scalar(k).ok_or_else(|| anyhow::anyhow!("a key under '{prefix}' is not a plain value"))?;
        let full = if prefix.is_empty() { key } else { format!("{prefix}.{key}") };
        match v {
            Yaml::Hash(inner) => flatten(&full, inner, out)?,
            Yaml::Null => {}
            other => {
                out.insert(full, scalar(other).unwrap_or_else(|| flow(other)));
            }
        }
    }
    Ok(())
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Lists (and anything else) are kept as flow YAML, as Flink does: `[a, b]`.
fn flow(y: &Yaml) -> String {
    match y {
        Yaml::Array(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Yaml::Hash(h) => {
            format!("{{{}}}", h.iter().map(|(k, v)| format!("{}: {}", flow(k), flow(v))).collect::<Vec<_>>().join(", "))
        }
        Yaml::Null => "null".to_string(),
        other => scalar(other).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_nested_and_dotted_are_the_same_key() {
        let text = "
rest:
  address: jm.example
  port: 8081
execution.checkpointing.savepoint-dir: s3://b/sp
state:
  checkpoints:
    dir: file:///ck
list: [a, b]
flag: true
ratio: 0.5
empty:
";
        let m = parse_standard(text).unwrap();
        assert_eq!(m["rest.address"], "jm.example");
        assert_eq!(m["rest.port"], "8081");
        assert_eq!(m["execution.checkpointing.savepoint-dir"], "s3://b/sp");
        assert_eq!(m["state.checkpoints.dir"], "file:///ck");
        assert_eq!(m["list"], "[a, b]");
        assert_eq!(m["flag"], "true");
        assert_eq!(m["ratio"], "0.5");
        assert!(!m.contains_key("empty"));
    }

    #[test]
    fn standard_later_dotted_key_wins_over_nested() {
        let m = parse_standard("rest:\n  port: 8081\nrest.port: 9\n").unwrap();
        assert_eq!(m["rest.port"], "9");
    }

    #[test]
    fn standard_rejects_garbage() {
        assert!(parse_standard("a: [unclosed").is_err());
        assert!(parse_standard("- just\n- a list\n").is_err());
        assert!(parse_standard("").unwrap().is_empty());
        assert!(parse_standard("# only a comment\n").unwrap().is_empty());
    }

    #[test]
    fn legacy_is_line_based() {
        let text = "
# comment
rest.port: 9000
rest.address:   jm.example   # trailing comment
state.savepoints.dir: file:///sp
no-space-after-colon:value
empty-value: 
env.java.opts.all: --add-opens=java.base/java.lang=ALL-UNNAMED
url: http://x:1/y
";
        let m = parse_legacy(text);
        assert_eq!(m["rest.port"], "9000");
        assert_eq!(m["rest.address"], "jm.example");
        assert_eq!(m["state.savepoints.dir"], "file:///sp");
        assert_eq!(m["url"], "http://x:1/y");
        assert!(!m.contains_key("no-space-after-colon:value"));
        assert!(!m.contains_key("empty-value"));
        assert_eq!(m.len(), 5);
    }

    #[test]
    fn precedence_new_key_then_fallbacks_then_deprecated() {
        let cfg =
            |pairs: &[(&str, &str)]| FlinkConfig::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let all = cfg(&[
            ("execution.checkpointing.savepoint-dir", "new"),
            ("state.savepoints.dir", "old"),
            ("savepoints.state.backend.fs.dir", "oldest"),
        ]);
        assert_eq!(all.get(&SAVEPOINT_DIR), Some(("execution.checkpointing.savepoint-dir", "new")));
        let two = cfg(&[("state.savepoints.dir", "old"), ("savepoints.state.backend.fs.dir", "oldest")]);
        assert_eq!(two.get(&SAVEPOINT_DIR), Some(("state.savepoints.dir", "old")));
        let one = cfg(&[("savepoints.state.backend.fs.dir", "oldest")]);
        assert_eq!(one.value(&SAVEPOINT_DIR), Some("oldest"));
        assert_eq!(cfg(&[("execution.checkpointing.savepoint-dir", " ")]).get(&SAVEPOINT_DIR), None);
        assert_eq!(cfg(&[("jobmanager.rpc.address", "jm")]).get(&REST_ADDRESS), Some(("jobmanager.rpc.address", "jm")));
        assert_eq!(cfg(&[("web.port", "1")]).value(&REST_PORT), Some("1"));
        assert_eq!(cfg(&[("state.checkpoints.dir", "c")]).value(&CHECKPOINT_DIR), Some("c"));
    }

    #[test]
    fn load_picks_the_file_flink_would() {
        let tmp = tempfile::tempdir().unwrap();
        let conf = tmp.path().join("conf");
        std::fs::create_dir_all(&conf).unwrap();
        // nothing there: empty
        let c = FlinkConfig::load(Some(&conf), None).unwrap();
        assert!(c.entries.is_empty() && c.file.is_none());
        // legacy only
        std::fs::write(conf.join("flink-conf.yaml"), "rest.port: 1\n").unwrap();
        assert_eq!(FlinkConfig::load(Some(&conf), None).unwrap().value(&REST_PORT), Some("1"));
        // both, unknown version: config.yaml (Flink 2.x)
        std::fs::write(conf.join("config.yaml"), "rest:\n  port: 2\n").unwrap();
        assert_eq!(FlinkConfig::load(Some(&conf), None).unwrap().value(&REST_PORT), Some("2"));
        // both, a 1.x distribution: flink-conf.yaml
        let lib = tmp.path().join("lib");
        std::fs::create_dir_all(&lib).unwrap();
        std::fs::write(lib.join("flink-dist-1.20.3.jar"), "").unwrap();
        let c = FlinkConfig::load(None, Some(tmp.path())).unwrap();
        assert_eq!(c.value(&REST_PORT), Some("1"));
        assert_eq!(c.file.unwrap().file_name().unwrap(), "flink-conf.yaml");
        // a broken config.yaml is an error naming the file
        std::fs::remove_file(conf.join("flink-conf.yaml")).unwrap();
        std::fs::write(conf.join("config.yaml"), "rest: [\n").unwrap();
        let err = format!("{:#}", FlinkConfig::load(Some(&conf), None).unwrap_err());
        assert!(err.contains("config.yaml"), "{err}");
    }
}
