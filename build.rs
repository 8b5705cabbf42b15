//! Build facts for `fsp --version`: the git commit fsp is built from, and the Flink releases it is tested on
//! (from `tested-flink-versions`, the list `scripts/test` runs).

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=tested-flink-versions");
    let versions = std::fs::read_to_string("tested-flink-versions").expect("tested-flink-versions beside Cargo.toml");
    let mut lines = versions.lines().filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty());
    let full = lines.next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(", ");
    let smoke = lines.next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(", ");
    println!("cargo:rustc-env=FSP_TESTED_FLINK={full} (full suite); {smoke} (smoke test)");
    println!("cargo:rustc-env=FSP_GIT_COMMIT={}", commit().unwrap_or_else(|| "unknown".to_string()));
}

/// The commit of the checkout, else the one `cargo package` recorded in `.cargo_vcs_info.json`.
fn commit() -> Option<String> {
    if let Some(sha) = git(&["rev-parse", "HEAD"]) {
        // Rebuild when HEAD moves: the file HEAD, and the branch file it names (or packed-refs).
        if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
            println!("cargo:rerun-if-changed={dir}/HEAD");
            if let Some(head) = git(&["symbolic-ref", "-q", "HEAD"]) {
                let common = git(&["rev-parse", "--git-common-dir"]).unwrap_or(dir);
                // Only files that exist: cargo reruns the build script every time for a missing one. The
                // directory of the branch files catches a branch file created later (a packed ref moving).
                for file in
                    [format!("{common}/{head}"), format!("{common}/packed-refs"), format!("{common}/refs/heads")]
                {
                    if Path::new(&file).exists() {
                        println!("cargo:rerun-if-changed={file}");
                    }
                }
            }
        }
        return Some(short(&sha));
    }
    let info = std::fs::read_to_string(Path::new(".cargo_vcs_info.json")).ok()?;
    let sha = info.split("\"sha1\"").nth(1)?.split('"').nth(1)?;
    // `cargo package --allow-dirty` of a tree with uncommitted changes says so
    let dirty =
        info.split("\"dirty\"").nth(1).is_some_and(|rest| rest.trim_start_matches([':', ' ']).starts_with("true"));
    Some(format!("{}{}", short(sha), if dirty { "-dirty" } else { "" }))
}

fn short(sha: &str) -> String {
    sha.chars().take(12).collect()
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
