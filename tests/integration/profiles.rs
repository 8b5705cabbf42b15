//! Cluster profiles in config.toml, and the precedence flag > env > profile > Flink config > default.

use serde_json::Value;

use crate::harness::{CommandExt, Kind, cluster, local};
use crate::util::fsp;

fn setting<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["settings"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap_or_else(|| panic!("no {name} in {v}"))
}

#[test]
fn profiles_and_precedence() {
    let c = cluster(Kind::V2);
    let other = cluster(Kind::V1Legacy);
    let job = c.start_job("profile", &[]);
    let conf = tempfile::tempdir().unwrap();
    let sp_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        conf.path().join("config.toml"),
        format!(
            "default = \"main\"\n\n[clusters.main]\nurl = \"{}\"\nsavepoint_dir = \"{}\"\ntimeout = \"2m\"\n\
             headers = {{ \"X-Tenant\" = \"analytics\", \"Authorization\" = \"Bearer top-secret-token\" }}\n\n\
             [clusters.broken]\nurl = \"http://127.0.0.1:1\"\n",
            c.rest,
            sp_dir.path().display()
        ),
    )
    .unwrap();
    let with = || {
        let mut f = fsp();
        f.env("FSP_CONFIG_DIR", conf.path());
        f
    };
    // the default profile: its URL, and its savepoint directory
    with().arg("list").output_ok().stdout_has(&job.id);
    let out = with().args(["-o", "json", "savepoint", &job.id]).output_ok();
    let loc = out.json()["location"].as_str().unwrap().to_string();
    assert!(local(&loc).starts_with(sp_dir.path()), "{loc} is not in the profile's savepoint_dir");
    // --cluster and FSP_CLUSTER choose another; an unknown name is a usage error naming the known ones
    with().args(["--cluster", "broken", "list"]).output_code().code(3).stderr_has("url of cluster 'broken'");
    with().env("FSP_CLUSTER", "broken").arg("list").output_code().code(3);
    with().args(["--cluster", "nope", "list"]).output_code().code(2).stderr_has("known: broken, main");
    fsp().args(["--cluster", "main", "list"]).output_code().code(2).stderr_has("config.toml");
    // flag > env > profile > Flink's config files
    with().args(["-m", "127.0.0.1:1", "list"]).output_code().code(3).stderr_has("from -m");
    with().env("FSP_JOBMANAGER", "127.0.0.1:1").arg("list").output_code().code(3).stderr_has("from FSP_JOBMANAGER");
    let v = with().env("FLINK_CONF_DIR", other.conf_dir()).args(["-o", "json", "config", "show"]).output_ok().json();
    assert_eq!(setting(&v, "jobmanager")["value"], c.rest.as_str(), "the profile beats Flink's config");
    assert_eq!(setting(&v, "timeout")["value"], "2m");
    assert!(setting(&v, "timeout")["source"].as_str().unwrap().contains("cluster 'main'"));
    let v = with().args(["--timeout", "30s", "-o", "json", "config", "show"]).output_ok().json();
    assert_eq!(setting(&v, "timeout")["value"], "30s");
    assert_eq!(setting(&v, "timeout")["source"], "--timeout");
    // without any profile, Flink's config file
    let v = fsp().env("FLINK_CONF_DIR", other.conf_dir()).args(["-o", "json", "config", "show"]).output_ok().json();
    assert_eq!(setting(&v, "jobmanager")["value"], other.rest.as_str());
    assert!(setting(&v, "savepoint dir")["source"].as_str().unwrap().starts_with("state.savepoints.dir in"));
    // secrets are masked, other headers shown
    let out = with().args(["config", "show"]).output_ok();
    out.stdout_has("header X-Tenant").stdout_has("analytics").stdout_has("****");
    assert!(!out.stdout.contains("top-secret-token") && !out.stderr.contains("top-secret-token"));
    let out = with().args(["--cluster", "broken", "-v", "list"]).output_code();
    assert!(!out.stderr.contains("top-secret-token"));
}
