//! The checked-in completions and man pages are what the CLI generates now. After changing the CLI, run
//! `UPDATE_GENERATED=1 cargo test --test integration generated` to rewrite them.

use std::path::Path;

use crate::harness::CommandExt;
use crate::util::{fsp, repo};

fn check(what: &str, dir: &str) {
    let fresh = tempfile::tempdir().unwrap();
    fsp().args(["generate", what, "--dir"]).arg(fresh.path()).output_ok();
    let committed = repo().join(dir);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::remove_dir_all(&committed).ok();
        std::fs::create_dir_all(&committed).unwrap();
        for e in std::fs::read_dir(fresh.path()).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), committed.join(e.file_name())).unwrap();
        }
        return;
    }
    let names = |d: &Path| {
        let mut v: Vec<String> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    assert_eq!(names(&committed), names(fresh.path()), "{dir}/ has other files than `fsp generate {what}` writes");
    for name in names(fresh.path()) {
        let want = std::fs::read_to_string(fresh.path().join(&name)).unwrap();
        let have = std::fs::read_to_string(committed.join(&name)).unwrap();
        assert!(
            want == have,
            "{dir}/{name} is out of date: run `UPDATE_GENERATED=1 cargo test --test integration generated`"
        );
    }
}

#[test]
fn completions_are_up_to_date() {
    check("completions", "completions");
}

#[test]
fn man_pages_are_up_to_date() {
    check("man", "man");
}
