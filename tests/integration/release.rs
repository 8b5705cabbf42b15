//! `scripts/release`: the archive holds a static binary, built from the packaged crate, that runs with an
//! empty environment from a directory with no Flink, no config and no HOME: `--version`, `--help`, `inspect`
//! of a fixture, and a savepoint against a real cluster. The archive's SHA256SUMS line checks out.

use std::path::Path;
use std::process::Command;

use crate::harness::{Kind, cluster};
use crate::util::{repo, run};

#[test]
fn the_release_archive_runs_anywhere() {
    let dist = tempfile::tempdir().unwrap();
    let built = run(Command::new(repo().join("scripts/release")).args(["--out"]).arg(dist.path()));
    assert_eq!(built.code, 0, "scripts/release failed:\n{}", built.stderr);
    let archive = Path::new(built.stdout.trim());
    let name = archive.file_name().unwrap().to_string_lossy().into_owned();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        name == format!("fsp-{version}-x86_64-unknown-linux-musl.tar.gz")
            || name == format!("fsp-{version}-x86_64-unknown-linux-gnu.tar.gz"),
        "{name}"
    );
    let sums = run(Command::new("sha256sum").arg("--check").arg("SHA256SUMS").current_dir(dist.path()));
    assert_eq!(sums.code, 0, "SHA256SUMS does not check out: {}{}", sums.stdout, sums.stderr);
    assert!(sums.stdout.contains(&format!("{name}: OK")), "{}", sums.stdout);

    // unpacked where nothing else is, run with nothing set
    let unpacked = tempfile::tempdir().unwrap();
    let untar = run(Command::new("tar").arg("-xzf").arg(archive).arg("-C").arg(unpacked.path()));
    assert_eq!(untar.code, 0, "{}", untar.stderr);
    let top = unpacked.path().join(name.trim_end_matches(".tar.gz"));
    for f in
        ["fsp", "README.md", "LICENSE", "completions/fsp.bash", "completions/_fsp", "man/fsp.1", "man/fsp-savepoint.1"]
    {
        assert!(top.join(f).is_file(), "{f} missing from the archive");
    }
    let file = run(Command::new("file").arg("-b").arg(top.join("fsp")));
    assert!(file.stdout.contains("statically linked") || file.stdout.contains("static-pie linked"), "{}", file.stdout);
    let empty = tempfile::tempdir().unwrap();
    let bare = |args: &[&str]| {
        let mut c = Command::new("env");
        c.arg("-i").arg(top.join("fsp")).args(args).current_dir(empty.path());
        run(&mut c)
    };
    let v = bare(&["--version"]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    assert!(v.stdout.starts_with(&format!("fsp {version} (commit ")), "{}", v.stdout);
    assert!(!v.stdout.contains("(commit unknown)"), "the packaged crate lost its commit: {}", v.stdout);
    assert!(v.stdout.contains("tested with Flink 2.3.0, 1.20.3"), "{}", v.stdout);
    let help = bare(&["--help"]);
    assert_eq!(help.code, 0, "{}", help.stderr);
    assert!(help.stdout.contains("savepoint") && help.stdout.contains("inspect"), "{}", help.stdout);

    let fixture = repo().join("tests/fixtures/metadata/2.3.0-savepoint-canonical");
    let inspect = bare(&["-o", "json", "inspect", fixture.to_str().unwrap()]);
    assert_eq!(inspect.code, 0, "{}", inspect.stderr);
    let json: serde_json::Value = serde_json::from_str(&inspect.stdout).unwrap();
    assert_eq!(json["kind"], "savepoint", "{json}");
    assert!(!json["operators"].as_array().unwrap().is_empty(), "{json}");

    let c = cluster(Kind::V2);
    let job = c.start_job("release-binary", &[]);
    let target = tempfile::tempdir().unwrap();
    let sp = bare(&["-m", &c.rest, "-o", "json", "savepoint", &job.id, target.path().to_str().unwrap()]);
    assert_eq!(sp.code, 0, "{}", sp.stderr);
    let sp: serde_json::Value = serde_json::from_str(&sp.stdout).unwrap();
    let location = crate::harness::local(sp["location"].as_str().unwrap());
    assert!(location.starts_with(target.path()) && location.join("_metadata").is_file(), "{location:?}");
}
