//! How fsp reads its cluster profiles (config.toml) and Flink's own config files, and the precedence
//! flag > env > profile > Flink config > default, as `fsp config show` and failing connections tell: no
//! cluster needed (`profiles` and `config_files` use them against real clusters).

use serde_json::Value;

use crate::harness::CommandExt;
use crate::util::fsp;

fn setting<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["settings"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no {name} in {v}"))
}

fn show(cmd: &mut std::process::Command) -> Value {
    cmd.args(["-o", "json", "config", "show"]).output_ok().json()
}

#[test]
fn profiles_and_precedence() {
    let conf = tempfile::tempdir().unwrap();
    let sp_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        conf.path().join("config.toml"),
        format!(
            "default = \"main\"\n\n[clusters.main]\nurl = \"http://127.0.0.9:8081\"\nsavepoint_dir = \"{sp}\"\n\
             timeout = \"2m\"\n\
             headers = {{ \"X-Tenant\" = \"analytics\", \"Authorization\" = \"Bearer top-secret-token\" }}\n\n\
             [clusters.broken]\nurl = \"http://127.0.0.1:1\"\n",
            sp = sp_dir.path().display()
        ),
    )
    .unwrap();
    // Flink's config files, naming another address and a savepoint directory
    let flink_conf = tempfile::tempdir().unwrap();
    std::fs::write(
        flink_conf.path().join("config.yaml"),
        "rest.address: 127.0.0.2\nrest.port: 1\nstate.savepoints.dir: file:/from-flink-conf\n",
    )
    .unwrap();
    let with = || {
        let mut f = fsp();
        f.env("FSP_CONFIG_DIR", conf.path());
        f
    };
    // --cluster and FSP_CLUSTER choose another; an unknown name is a usage error naming the known ones
    with().args(["--cluster", "broken", "list"]).output_code().code(3).stderr_has("url of cluster 'broken'");
    with().env("FSP_CLUSTER", "broken").arg("list").output_code().code(3).stderr_has("url of cluster 'broken'");
    with().args(["--cluster", "nope", "list"]).output_code().code(2).stderr_has("known: broken, main");
    fsp().args(["--cluster", "main", "list"]).output_code().code(2).stderr_has("config.toml");
    // flag > env > profile > Flink's config files
    with().args(["-m", "127.0.0.1:1", "list"]).output_code().code(3).stderr_has("from -m");
    with().env("FSP_JOBMANAGER", "127.0.0.1:1").arg("list").output_code().code(3).stderr_has("from FSP_JOBMANAGER");
    let v = show(with().env("FLINK_CONF_DIR", flink_conf.path()));
    assert_eq!(setting(&v, "jobmanager")["value"], "http://127.0.0.9:8081", "the profile beats Flink's config");
    assert_eq!(setting(&v, "timeout")["value"], "2m");
    assert!(setting(&v, "timeout")["source"].as_str().unwrap().contains("cluster 'main'"));
    assert_eq!(setting(&v, "savepoint dir")["value"], sp_dir.path().display().to_string().as_str());
    assert!(setting(&v, "header X-Tenant")["source"].as_str().unwrap().starts_with("headers of cluster 'main'"));
    let v = show(with().args(["-H", "x-tenant: cli"]));
    assert_eq!(setting(&v, "header x-tenant")["value"], "cli", "-H beats the profile's header: {v}");
    assert_eq!(setting(&v, "header x-tenant")["source"], "-H/--header");
    let v = show(with().args(["--timeout", "30s"]));
    assert_eq!(setting(&v, "timeout")["value"], "30s");
    assert_eq!(setting(&v, "timeout")["source"], "--timeout");
    // without any profile, Flink's config file
    let v = show(fsp().env("FLINK_CONF_DIR", flink_conf.path()));
    assert_eq!(setting(&v, "jobmanager")["value"], "http://127.0.0.2:1");
    assert_eq!(setting(&v, "savepoint dir")["value"], "file:/from-flink-conf");
    assert!(setting(&v, "savepoint dir")["source"].as_str().unwrap().starts_with("state.savepoints.dir in"));
    // secrets are masked, other headers shown
    let out = with().args(["config", "show"]).output_ok();
    out.stdout_has("header X-Tenant").stdout_has("analytics").stdout_has("****");
    assert!(!out.stdout.contains("top-secret-token") && !out.stderr.contains("top-secret-token"));
    let out = with().args(["--cluster", "broken", "-v", "list"]).output_code();
    assert!(!out.stderr.contains("top-secret-token"));
}

#[test]
fn flink_config_files_legacy_and_standard_yaml() {
    // a legacy flat flink-conf.yaml (Flink 1.x): the address and state.savepoints.dir
    let legacy = tempfile::tempdir().unwrap();
    std::fs::write(
        legacy.path().join("flink-conf.yaml"),
        "# legacy\nrest.address: 127.0.0.3\nrest.port: 8089\nstate.savepoints.dir: file:/legacy-savepoints\n",
    )
    .unwrap();
    let v = show(fsp().env("FLINK_CONF_DIR", legacy.path()));
    assert_eq!(setting(&v, "jobmanager")["value"], "http://127.0.0.3:8089", "{v}");
    assert_eq!(setting(&v, "savepoint dir")["value"], "file:/legacy-savepoints");
    assert!(setting(&v, "savepoint dir")["source"].as_str().unwrap().contains("flink-conf.yaml"), "{v}");
    // a standard config.yaml with nested keys, the new savepoint key
    let yaml = tempfile::tempdir().unwrap();
    std::fs::write(
        yaml.path().join("config.yaml"),
        "rest:\n  address: 127.0.0.4\n  port: 8090\nexecution:\n  checkpointing:\n    savepoint-dir: file:/yaml-sp\n",
    )
    .unwrap();
    let v = show(fsp().env("FLINK_CONF_DIR", yaml.path()));
    assert_eq!(setting(&v, "jobmanager")["value"], "http://127.0.0.4:8090", "{v}");
    assert_eq!(setting(&v, "savepoint dir")["value"], "file:/yaml-sp");
    let source = setting(&v, "savepoint dir")["source"].as_str().unwrap().to_string();
    assert!(source.starts_with("execution.checkpointing.savepoint-dir in") && source.contains("config.yaml"), "{v}");
    // FLINK_HOME/conf when FLINK_CONF_DIR is unset
    let home = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(yaml.path(), home.path().join("conf")).unwrap();
    let v = show(fsp().env("FLINK_HOME", home.path()));
    assert_eq!(setting(&v, "jobmanager")["value"], "http://127.0.0.4:8090", "{v}");
    // -m wins over the file, and says where the address came from when it cannot connect
    let out = fsp().env("FLINK_CONF_DIR", yaml.path()).args(["-m", "127.0.0.1:1", "list"]).output_code();
    out.code(3).stderr_has("from -m");
    let out = fsp().env("FLINK_CONF_DIR", legacy.path()).args(["--timeout", "3s", "list"]).output_code();
    out.code(3).stderr_has("http://127.0.0.3:8089");
}
