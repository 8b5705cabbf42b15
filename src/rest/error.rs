//! The typed error of the REST layer: every way a call to the JobManager can fail, as a sentence a user can
//! act on. Server-supplied text is sanitised before it is stored here.

use std::time::Duration;

use crate::error::Exit;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No TCP connection, or the connection broke before an answer arrived.
    #[error("cannot reach the JobManager at {url} ({origin}): {reason}{}", unreachable_hint(reason, origin))]
    Unreachable { url: String, origin: String, reason: String },

    /// The request was sent but no answer came within the time allowed.
    #[error("the JobManager at {url} did not answer within {}", humantime::format_duration(*waited))]
    NoAnswer { url: String, waited: Duration },

    /// An HTTP error status; `message` is Flink's own first line, `detail` the rest (stack traces).
    #[error("{method} {url} failed with HTTP {status}: {message}")]
    Status { method: String, url: String, status: u16, message: String, detail: Option<String> },

    /// The answer was not what Flink sends.
    #[error("unexpected answer from {url}: {reason}")]
    Decode { url: String, reason: String },

    /// An asynchronous operation finished with a failure cause.
    #[error("{what} failed: {summary}")]
    OperationFailed { what: String, summary: String, class: String, trace: String },

    /// An asynchronous operation is still running at the deadline. It may still complete on the cluster.
    #[error(
        "{what} did not finish within {}; it may still complete on the cluster (trigger id {trigger_id}). \
         Wait longer with --timeout",
        humantime::format_duration(*waited)
    )]
    OperationTimedOut { what: String, trigger_id: String, waited: Duration },

    /// The cluster no longer knows the trigger id (results are kept `rest.async.store-duration`, 5 min by
    /// default, and are lost when the JobManager restarts).
    #[error(
        "the cluster no longer knows {what} (trigger id {trigger_id}): the JobManager may have restarted or the \
         result expired. Check the job with `fsp list -a` and the savepoint directory before retrying"
    )]
    OperationLost { what: String, trigger_id: String },
}

/// TLS reasons carry their own advice; for the rest, the usual suspects. An address from a cluster profile
/// is fixed there (with several clusters at once, `-m` is refused).
fn unreachable_hint(reason: &str, origin: &str) -> &'static str {
    if reason.starts_with("TLS:") {
        ""
    } else if origin.contains("the url of cluster '") {
        ". Is the cluster running and that url right?"
    } else {
        ". Is the cluster running and the address right? Set it with -m/--jobmanager or FSP_JOBMANAGER"
    }
}

impl ApiError {
    pub fn exit(&self) -> Exit {
        match self {
            ApiError::Unreachable { .. } => Exit::Unreachable,
            ApiError::NoAnswer { .. } | ApiError::OperationTimedOut { .. } => Exit::TimedOut,
            ApiError::Status { status: 404, .. } => Exit::NotFound,
            ApiError::OperationFailed { class, .. } if class.ends_with("FlinkJobNotFoundException") => Exit::NotFound,
            ApiError::Status { .. }
            | ApiError::Decode { .. }
            | ApiError::OperationFailed { .. }
            | ApiError::OperationLost { .. } => Exit::Failed,
        }
    }

    /// Java stack traces and other detail, shown only with -v.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ApiError::Status { detail, .. } => detail.as_deref(),
            ApiError::OperationFailed { trace, .. } if !trace.is_empty() => Some(trace),
            _ => None,
        }
    }

    /// Whether a retry of the same idempotent request may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            // A certificate problem does not go away by asking again.
            ApiError::Unreachable { reason, .. } => !reason.starts_with("TLS:"),
            ApiError::Status { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}

/// Flink's error text: `errors[0]` is often a whole Java exception with its stack trace. Keep the first line
/// as the message and strip the Java class name (`org.apache.flink.…Exception: `); the rest is detail.
pub fn split_flink_error(errors: &[String]) -> (String, Option<String>) {
    let joined = errors
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty() && *e != "Internal server error.")
        .collect::<Vec<_>>()
        .join("\n");
    let text = if joined.is_empty() { errors.join(" ") } else { joined };
    let first = text
        .lines()
        .map(|l| l.trim().trim_start_matches("<Exception on server side:").trim())
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let message = strip_java_class(first).to_string();
    let detail = (text.lines().count() > 1).then(|| text.clone());
    (crate::format::sanitize(&message), detail.map(|d| crate::format::sanitize(&d)))
}

/// `org.apache.flink.runtime.rest.NotFoundException: Job x not found` -> `Job x not found`.
pub fn strip_java_class(line: &str) -> &str {
    let line = line.trim();
    if let Some((class, rest)) = line.split_once(": ")
        && !class.contains(' ')
        && class.contains('.')
    {
        return strip_java_class(rest);
    }
    line
}

/// The cause a person needs from a Java stack trace: the root `Caused by:` (or the first line), without
/// the class names of wrapping exceptions, plus its exception's simple class name.
pub fn root_cause(stack_trace: &str) -> (String, String) {
    let mut last = stack_trace.lines().next().unwrap_or_default().trim();
    for line in stack_trace.lines() {
        if let Some(c) = line.trim().strip_prefix("Caused by: ") {
            last = c;
        }
    }
    let class = last.split(": ").next().unwrap_or_default().trim();
    let simple = class.rsplit('.').next().unwrap_or(class);
    let message = strip_java_class(last);
    let summary =
        if message == class || message.is_empty() { simple.to_string() } else { format!("{simple}: {message}") };
    (crate::format::sanitize(&summary), class.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unreachable_hint_says_where_the_address_is_fixed() {
        let e = |origin: &str, reason: &str| {
            ApiError::Unreachable { url: "http://jm:1".into(), origin: origin.into(), reason: reason.into() }
                .to_string()
        };
        let flag = e("from -m/--jobmanager", "connection refused");
        assert!(flag.ends_with("the address right? Set it with -m/--jobmanager or FSP_JOBMANAGER"), "{flag}");
        let profile = e("from the url of cluster 'prod' in /c/config.toml", "connection refused");
        assert!(profile.ends_with("connection refused. Is the cluster running and that url right?"), "{profile}");
        assert!(e("from -m/--jobmanager", "TLS: bad certificate").ends_with("TLS: bad certificate"));
    }

    #[test]
    fn flink_error_first_line_without_class() {
        let (m, d) = split_flink_error(&[
            "org.apache.flink.runtime.rest.NotFoundException: Job 00 not found\n\tat org.x.Y.z(Y.java:1)".into(),
        ]);
        assert_eq!(m, "Job 00 not found");
        assert!(d.unwrap().contains("Y.java"));
        let (m, d) = split_flink_error(&["Job could not be found.".into()]);
        assert_eq!((m.as_str(), d), ("Job could not be found.", None));
        let (m, _) = split_flink_error(&[
            "Internal server error.".into(),
            "<Exception on server side:\njava.lang.IllegalStateException: boom\n\tat a.b(c)\nEnd of exception on server side>".into(),
        ]);
        assert_eq!(m, "boom");
        let (m, _) = split_flink_error(&["bad \x1b[2J thing".into()]);
        assert_eq!(m, "bad \\u{1b}[2J thing");
    }

    #[test]
    fn root_cause_of_a_trace() {
        let trace = "java.util.concurrent.CompletionException: java.util.concurrent.CompletionException: x\n\
            \tat a.b(c)\n\
            Caused by: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before completing.\n\
            \tat d.e(f)\n";
        let (summary, class) = root_cause(trace);
        assert_eq!(summary, "CheckpointException: Checkpoint expired before completing.");
        assert_eq!(class, "org.apache.flink.runtime.checkpoint.CheckpointException");
        let (summary, _) =
            root_cause("org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (ab)");
        assert_eq!(summary, "FlinkJobNotFoundException: Could not find Flink job (ab)");
        assert_eq!(root_cause("java.lang.NullPointerException").0, "NullPointerException");
    }

    #[test]
    fn exit_codes() {
        let status = |s| ApiError::Status {
            method: "GET".into(),
            url: "u".into(),
            status: s,
            message: "m".into(),
            detail: None,
        };
        assert_eq!(status(404).exit(), Exit::NotFound);
        assert_eq!(status(500).exit(), Exit::Failed);
        assert!(status(503).is_transient() && !status(500).is_transient());
        let unreachable =
            |reason: &str| ApiError::Unreachable { url: "u".into(), origin: "o".into(), reason: reason.into() };
        assert!(unreachable("connection refused").is_transient());
        assert!(unreachable("connection refused").to_string().ends_with("or FSP_JOBMANAGER"));
        let tls = unreachable("TLS: invalid peer certificate: UnknownIssuer (trust … with --ca-cert)");
        assert!(!tls.is_transient(), "a certificate problem is not retried");
        assert!(tls.to_string().ends_with("--ca-cert)"), "{tls}");
        assert_eq!(tls.exit(), Exit::Unreachable);
        let failed = |c: &str| ApiError::OperationFailed {
            what: "w".into(),
            summary: "s".into(),
            class: c.into(),
            trace: String::new(),
        };
        assert_eq!(failed("org.apache.flink.runtime.messages.FlinkJobNotFoundException").exit(), Exit::NotFound);
        assert_eq!(failed("java.lang.Exception").exit(), Exit::Failed);
    }
}
