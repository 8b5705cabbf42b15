//! What can go wrong, as kinds that pick the exit code. Commands use `anyhow` and add context; `app`
//! finds the kind by walking the chain (`app::exit_code`), where the REST layer's errors are known too.

use std::fmt;

/// Documented exit codes (README, `fsp --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Failed = 1,
    Usage = 2,
    Unreachable = 3,
    NotFound = 4,
    TimedOut = 5,
    Interrupted = 130,
}

/// An error raised by fsp itself (not by the REST layer), with the kind that decides the exit code.
#[derive(Debug)]
pub struct Failure {
    pub kind: Exit,
    pub message: String,
    /// Server-side detail (a Java stack trace), shown only with -v.
    pub detail: Option<String>,
}

impl Failure {
    pub fn new(kind: Exit, message: impl Into<String>) -> Self {
        Failure { kind, message: message.into(), detail: None }
    }
    pub fn with_detail(mut self, detail: Option<String>) -> Self {
        self.detail = detail;
        self
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Exit::NotFound, message)
    }
    pub fn failed(message: impl Into<String>) -> Self {
        Self::new(Exit::Failed, message)
    }
    pub fn timed_out(message: impl Into<String>) -> Self {
        Self::new(Exit::TimedOut, message)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}
