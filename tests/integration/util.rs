//! Running the fsp binary hermetically, and reading what it printed.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A home directory for fsp runs, so no user config leaks in.
pub fn home() -> &'static PathBuf {
    static HOME: OnceLock<PathBuf> = OnceLock::new();
    HOME.get_or_init(|| tempfile::Builder::new().prefix("fsp-it-home-").tempdir().unwrap().keep())
}

/// The fsp binary with a clean environment: none of our variables, no Flink config, a private HOME.
pub fn fsp() -> Command {
    hermetic(Command::new(env!("CARGO_BIN_EXE_fsp")))
}

/// A command with none of the caller's fsp, Flink or cloud settings, and a home of its own.
pub fn hermetic(mut c: Command) -> Command {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().to_string();
        if ["FSP_", "FLINK_", "XDG_", "AWS_", "GOOGLE_", "AZURE_"].iter().any(|p| k.starts_with(p)) {
            c.env_remove(&k);
        }
    }
    c.env("HOME", home()).env("FSP_CONFIG_DIR", home().join("config")).env("NO_COLOR", "1");
    c
}

#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// stdout as the one JSON object it must be.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not one JSON object ({e}):\n{}\n--- stderr\n{}", self.stdout, self.stderr)
        })
    }

    /// Assert the exit code, showing both streams when it is wrong.
    pub fn code(&self, want: i32) -> &Self {
        assert_eq!(self.code, want, "exit code\n--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }

    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }

    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}:\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        self
    }
}

pub fn run(cmd: &mut Command) -> Out {
    let out = cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Poll `done` every 100 ms until it holds; panic, naming `what` was waited for, if it does not within `within`.
/// The way to wait for something to happen: never a fixed sleep that hopes it has.
pub fn wait_until(within: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !done() {
        assert!(Instant::now() < deadline, "timed out after {within:?} waiting for {what}");
        // the interval between two looks at the condition, not a wait for anything
        std::thread::sleep(Duration::from_millis(100));
    }
}
