//! Cluster profiles in config.toml against real clusters: the profile's URL and savepoint_dir (the
//! precedence of flags, environment, profiles and Flink's config: `offline::config_files`).

use crate::harness::{CommandExt, Kind, cluster, local};
use crate::util::fsp;

#[test]
fn a_profiles_url_and_savepoint_dir_on_real_clusters() {
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
             [clusters.bare]\nurl = \"{}\"\nsavepoint_dir = \"{sp}\"\n",
            c.rest,
            bare.rest,
            sp = sp_dir.path().display()
        ),
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
}
