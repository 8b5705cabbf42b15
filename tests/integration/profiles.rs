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
    let bare = cluster(Kind::V2NoSavepointDir);
    let job = c.start_job("profile", &[]);
    let bare_job = bare.start_job("profile-bare", &[]);
    let conf = tempfile::tempdir().unwrap();
    let sp_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        conf.path().join("config.toml"),
        format!(
            "default = \"main\"\n\n[clusters.main]\nurl = \"{}\"\nsavepoint_dir = \"{sp}\"\ntimeout = \"2m\"\n\
             headers = {{ \"X-Tenant\" = \"analytics\", \"Authorization\" = \"Bearer top-secret-token\" }}\n\n\
             [clusters.bare]\nurl = \"{}\"\nsavepoint_dir = \"{sp}\"\n\n\
             [clusters.broken]\nurl = \"http://127.0.0.1:1\"\n",
            c.rest,
            bare.rest,
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
    // the default profile: its URL, and its savepoint_dir before the cluster's own default
    with().arg("list").output_ok().stdout_has(&job.id);
    let out = with().args(["-o", "json", "savepoint", &job.id]).output_ok();
    let loc = out.json()["location"].as_str().unwrap().to_string();
    assert!(local(&loc).starts_with(sp_dir.path()), "{loc} is not in the profile's savepoint_dir");
    // a directory on the command line beats the profile's
    let given = tempfile::tempdir().unwrap();
    let out = with().args(["-o", "json", "savepoint", &job.id]).arg(given.path()).output_ok();
    assert!(local(out.json()["location"].as_str().unwrap()).starts_with(given.path()));
    let out = with().args(["--cluster", "bare", "-o", "json", "savepoint", &bare_job.id]).output_ok();
    let loc = out.json()["location"].as_str().unwrap().to_string();
    assert!(local(&loc).starts_with(sp_dir.path()), "{loc} is not in the profile's savepoint_dir");
    out.stderr_has("savepoint_dir of the cluster profile");
    // --cluster and FSP_CLUSTER choose another; an unknown name is a usage error naming the known ones
    with().args(["--cluster", "broken", "list"]).output_code().code(3).stderr_has("url of cluster 'broken'");
    with().env("FSP_CLUSTER", "broken").arg("list").output_code().code(3);
    with().args(["--cluster", "nope", "list"]).output_code().code(2).stderr_has("known: bare, broken, main");
    fsp().args(["--cluster", "main", "list"]).output_code().code(2).stderr_has("config.toml");
    // flag > env > profile > Flink's config files
    with().args(["-m", "127.0.0.1:1", "list"]).output_code().code(3).stderr_has("from -m");
    with().env("FSP_JOBMANAGER", "127.0.0.1:1").arg("list").output_code().code(3).stderr_has("from FSP_JOBMANAGER");
    let v = with().env("FLINK_CONF_DIR", flink_conf.path()).args(["-o", "json", "config", "show"]).output_ok().json();
    assert_eq!(setting(&v, "jobmanager")["value"], c.rest.as_str(), "the profile beats Flink's config");
    assert_eq!(setting(&v, "timeout")["value"], "2m");
    assert!(setting(&v, "timeout")["source"].as_str().unwrap().contains("cluster 'main'"));
    assert_eq!(setting(&v, "savepoint dir")["value"], sp_dir.path().display().to_string().as_str());
    assert!(setting(&v, "header X-Tenant")["source"].as_str().unwrap().starts_with("headers of cluster 'main'"));
    let v = with().args(["-H", "x-tenant: cli", "-o", "json", "config", "show"]).output_ok().json();
    assert_eq!(setting(&v, "header x-tenant")["value"], "cli", "-H beats the profile's header: {v}");
    assert_eq!(setting(&v, "header x-tenant")["source"], "-H/--header");
    let v = with().args(["--timeout", "30s", "-o", "json", "config", "show"]).output_ok().json();
    assert_eq!(setting(&v, "timeout")["value"], "30s");
    assert_eq!(setting(&v, "timeout")["source"], "--timeout");
    // without any profile, Flink's config file
    let v = fsp().env("FLINK_CONF_DIR", flink_conf.path()).args(["-o", "json", "config", "show"]).output_ok().json();
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
