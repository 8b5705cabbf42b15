//! What can go wrong, as kinds that pick the exit code. Commands use `anyhow` and add context; `main`
//! finds the kind by walking the chain (`exit_code`).

use std::fmt;

use crate::rest::ApiError;

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

/// The exit code for an error: the first typed error found in its chain decides.
pub fn exit_code(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Failure>() {
            return f.kind;
        }
        if let Some(api) = cause.downcast_ref::<ApiError>() {
            return api.exit();
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::NotFound
        {
            return Exit::NotFound;
        }
    }
    Exit::Failed
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn kind_found_under_context() {
        let err = Err::<(), _>(Failure::timed_out("slow")).context("waiting").unwrap_err();
        assert_eq!(exit_code(&err), Exit::TimedOut);
        let err = anyhow::anyhow!("plain");
        assert_eq!(exit_code(&err), Exit::Failed);
        let err = Err::<(), _>(std::io::Error::from(std::io::ErrorKind::NotFound)).context("reading x").unwrap_err();
        assert_eq!(exit_code(&err), Exit::NotFound);
    }
}
