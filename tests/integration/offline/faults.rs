//! Faults a real cluster cannot produce on demand, against a scripted loopback server: every one ends with
//! the right exit code and a message that says what happened, and never with a success message or exit 0
//! when no savepoint location came back.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::fake_flink::{FakeFlink, Reply, Request, json};
use crate::harness::CommandExt;
use crate::util::{Out, fsp};

const JOB: &str = "6c4503d93aa3dbc386a545cd5c6fdb70";

fn trigger_id(req: &Request) -> String {
    let v: serde_json::Value = serde_json::from_str(&req.body).unwrap_or_default();
    v["triggerId"].as_str().unwrap_or("00000000000000000000000000000000").to_string()
}

/// A job that runs, a default savepoint directory, a trigger that answers with the client's trigger id;
/// `poll` scripts the answers to the status polls (given how many polls came before).
fn savepoint_server(poll: impl Fn(usize) -> Reply + Send + Sync + 'static) -> FakeFlink {
    let polls = AtomicUsize::new(0);
    FakeFlink::start(move |req, _| match (req.method.as_str(), req.path.as_str()) {
        ("GET", p) if p == format!("/v1/jobs/{JOB}/status") => json(200, r#"{"status":"RUNNING"}"#),
        ("GET", "/v1/jobmanager/config") => {
            json(200, r#"[{"key":"execution.checkpointing.savepoint-dir","value":"file:/sp"}]"#)
        }
        ("POST", p) if p.ends_with("/savepoints") || p.ends_with("/stop") => {
            json(202, &format!(r#"{{"request-id":"{}"}}"#, trigger_id(req)))
        }
        ("GET", p) if p.contains("/savepoints/") => poll(polls.fetch_add(1, Ordering::SeqCst)),
        _ => json(404, r#"{"errors":["Not found: unexpected request"]}"#),
    })
}

fn savepoint(server: &FakeFlink, extra: &[&str]) -> Out {
    fsp().args(["-m", &server.url]).args(extra).args(["savepoint", JOB]).output_code()
}

fn never_success(out: &Out) {
    assert!(!out.stdout.contains("Savepoint completed"), "a success message without a location:\n{}", out.stdout);
    assert_ne!(out.code, 0);
}

const COMPLETED: &str =
    r#"{"status":{"id":"COMPLETED"},"operation":{"location":"file:/sp/savepoint-6c4503-000000000001"}}"#;
const IN_PROGRESS: &str = r#"{"status":{"id":"IN_PROGRESS"},"operation":null}"#;

#[test]
fn a_healthy_savepoint_for_reference() {
    let server = savepoint_server(|n| if n < 2 { json(200, IN_PROGRESS) } else { json(200, COMPLETED) });
    let out = savepoint(&server, &[]);
    out.code(0).stdout_has("Savepoint completed. Path: file:/sp/savepoint-6c4503-000000000001");
    assert_eq!(server.count("POST", "/v1/jobs/"), 1);
}

#[test]
fn connection_refused() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = fsp().args(["-m", &format!("127.0.0.1:{port}"), "savepoint", JOB]).output_code();
    out.code(3).stderr_has("cannot reach the JobManager").stderr_has("connection refused");
    never_success(&out);
}

#[test]
fn a_reset_mid_response_is_retried_on_an_idempotent_call() {
    let server = FakeFlink::start(|req, n| match req.path.as_str() {
        "/v1/jobs/overview" if n == 0 => {
            Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n{\"jobs\":[{\"jid\":".to_vec())
        }
        "/v1/jobs/overview" => json(200, r#"{"jobs":[]}"#),
        _ => json(404, "{}"),
    });
    fsp().args(["-m", &server.url, "-o", "json", "list"]).output_ok();
    assert_eq!(server.count("GET", "/v1/jobs/overview"), 2, "retried once");
    // a connection closed without any answer: retried too
    let server = FakeFlink::start(|_, n| if n == 0 { Reply::Close } else { json(200, r#"{"jobs":[]}"#) });
    fsp().args(["-m", &server.url, "list"]).output_ok();
    assert_eq!(server.count("GET", "/v1/jobs/overview"), 2);
    // reset every time: reported as a broken connection, not as data
    let server = FakeFlink::start(|_, _| Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"jo".to_vec()));
    let out = fsp().args(["-m", &server.url, "list"]).output_code();
    out.code(3).stderr_has("cannot reach the JobManager");
    assert_eq!(server.count("GET", "/v1/jobs/overview"), 3, "three attempts in all");
}

#[test]
fn a_503_is_retried_with_the_same_trigger_id_and_a_500_is_not() {
    let posts = Arc::new(AtomicUsize::new(0));
    let p = posts.clone();
    let server = FakeFlink::start(move |req, _| match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/v1/jobmanager/config") => json(200, "[]"),
        ("GET", path) if path.ends_with("/status") => json(200, r#"{"status":"RUNNING"}"#),
        ("POST", _) if p.fetch_add(1, Ordering::SeqCst) == 0 => {
            json(503, r#"{"errors":["Service temporarily unavailable"]}"#)
        }
        ("POST", _) => json(202, &format!(r#"{{"request-id":"{}"}}"#, trigger_id(req))),
        ("GET", _) => json(200, COMPLETED),
        _ => json(404, "{}"),
    });
    fsp().args(["-m", &server.url, "savepoint", JOB, "/target"]).output_ok();
    let triggers: Vec<String> = server.requests().iter().filter(|r| r.method == "POST").map(trigger_id).collect();
    assert_eq!(triggers.len(), 2, "the 503 was retried");
    assert_eq!(triggers[0], triggers[1], "with the same triggerId, so Flink makes one savepoint");
    assert_eq!(triggers[0].len(), 32);

    let server = FakeFlink::start(|req, _| match req.path.as_str() {
        p if p.ends_with("/status") => json(200, r#"{"status":"RUNNING"}"#),
        _ => json(
            500,
            r#"{"errors":["Internal server error.","<Exception on server side:\njava.lang.RuntimeException: boom\n\tat x\nEnd of exception on server side>"]}"#,
        ),
    });
    let out = fsp().args(["-m", &server.url, "savepoint", JOB, "/target"]).output_code();
    out.code(1).stderr_has("HTTP 500").stderr_has("boom");
    assert_eq!(server.count("POST", "/v1/jobs/"), 1, "a 500 is not retried");
    never_success(&out);
}

#[test]
fn slow_answers_past_the_timeout() {
    let server = FakeFlink::start(|_, _| Reply::After(Duration::from_secs(5), Box::new(json(200, r#"{"jobs":[]}"#))));
    let started = Instant::now();
    let out = fsp().args(["-m", &server.url, "--timeout", "1s", "list"]).output_code();
    out.code(5).stderr_has("did not answer within");
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
}

#[test]
fn malformed_and_truncated_json() {
    for body in ["<html>oops</html>", r#"{"jobs":[{"jid":"#, r#"{"jobs":"not a list"}"#] {
        let b = body.to_string();
        let server = FakeFlink::start(move |_, _| json(200, &b));
        let out = fsp().args(["-m", &server.url, "list"]).output_code();
        out.code(1).stderr_has("unexpected answer from");
    }
    let server = savepoint_server(|_| json(200, r#"{"status":{"id":"COMPLETED"},"operation":{"location":"#));
    let out = savepoint(&server, &[]);
    out.code(1).stderr_has("unexpected answer");
    never_success(&out);
}

#[test]
fn a_trigger_that_never_completes() {
    let server = savepoint_server(|_| json(200, IN_PROGRESS));
    let out = savepoint(&server, &["--timeout", "1s"]);
    out.code(5).stderr_has("did not finish within").stderr_has("trigger id").stderr_has("may still complete");
    never_success(&out);
}

#[test]
fn a_job_that_disappears_between_trigger_and_poll() {
    let server = savepoint_server(|_| {
        json(
            200,
            r#"{"status":{"id":"COMPLETED"},"operation":{"failure-cause":{"class":"org.apache.flink.runtime.messages.FlinkJobNotFoundException","stack-trace":"org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (6c4503d93aa3dbc386a545cd5c6fdb70)\n\tat x.y(z)"}}}"#,
        )
    });
    let out = savepoint(&server, &[]);
    out.code(4).stderr_has("Could not find Flink job");
    never_success(&out);
}

#[test]
fn a_nested_failure_cause_shows_the_root_and_the_trace_only_with_v() {
    let trace = "java.util.concurrent.CompletionException: java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: Failure\\n\\tat a.b(C.java:1)\\nCaused by: java.util.concurrent.CompletionException: wrapped\\n\\tat d.e(F.java:2)\\nCaused by: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint was declined (tasks not ready)\\n\\tat g.h(I.java:3)";
    let body = format!(
        r#"{{"status":{{"id":"COMPLETED"}},"operation":{{"failure-cause":{{"class":"java.util.concurrent.CompletionException","stack-trace":"{trace}"}}}}}}"#
    );
    let b = body.clone();
    let server = savepoint_server(move |_| json(200, &b));
    let out = savepoint(&server, &[]);
    out.code(1).stderr_has("CheckpointException: Checkpoint was declined (tasks not ready)");
    let error_lines = out.stderr.lines().filter(|l| !l.starts_with("Triggering")).count();
    assert!(error_lines <= 2, "the cause in at most two lines:\n{}", out.stderr);
    assert!(!out.stderr.contains("\tat "), "no Java trace without -v:\n{}", out.stderr);
    never_success(&out);
    let server = savepoint_server(move |_| json(200, &body));
    let out = savepoint(&server, &["-v"]);
    out.code(1).stderr_has("at g.h(I.java:3)");
}

#[test]
fn completed_without_a_location_is_not_a_success() {
    for op in [r#"{}"#, "null", r#"{"location":""}"#, r#"{"something":"else"}"#] {
        let body = format!(r#"{{"status":{{"id":"COMPLETED"}},"operation":{op}}}"#);
        let server = savepoint_server(move |_| json(200, &body));
        let out = savepoint(&server, &["-o", "json"]);
        out.code(1).stderr_has("without a savepoint location");
        never_success(&out);
        assert!(out.stdout.trim().is_empty(), "no JSON result without a location: {}", out.stdout);
    }
}

#[test]
fn a_result_no_longer_cached() {
    let server = savepoint_server(|_| {
        json(
            404,
            r#"{"errors":["There is no savepoint operation with triggerId=x for job 6c4503d93aa3dbc386a545cd5c6fdb70."]}"#,
        )
    });
    let out = savepoint(&server, &[]);
    out.code(1).stderr_has("no longer knows").stderr_has("trigger id");
    never_success(&out);
}

#[test]
fn an_errors_body_with_status_200_is_an_error() {
    let server = FakeFlink::start(|_, _| json(200, r#"{"errors":["Something went wrong on the server"]}"#));
    let out = fsp().args(["-m", &server.url, "list"]).output_code();
    out.code(1).stderr_has("Something went wrong on the server");
}

#[test]
fn a_stop_that_wrote_the_savepoint_but_failed_to_stop() {
    let server = savepoint_server(|_| {
        json(
            200,
            r#"{"status":{"id":"COMPLETED"},"operation":{"failure-cause":{"class":"java.util.concurrent.CompletionException","stack-trace":"java.util.concurrent.CompletionException: org.apache.flink.runtime.scheduler.stopwithsavepoint.StopWithSavepointStoppingException: A save point has been created at: file:/sp/savepoint-6c4503-00000000000a, but the corresponding job 6c4503d93aa3dbc386a545cd5c6fdb70 failed during stopping. The savepoint is consistent, but might have uncommitted transactions.\n\tat x"}}}"#,
        )
    });
    let out = fsp().args(["-m", &server.url, "-o", "json", "stop", JOB]).output_code();
    out.code(1).stderr_has("was written, but job").stderr_has("failed while stopping");
    let v = out.json();
    assert_eq!(v["location"], "file:/sp/savepoint-6c4503-00000000000a");
    assert_eq!(v["stopped"], false);
}

#[test]
fn server_text_is_sanitised_before_it_reaches_a_terminal() {
    let server = FakeFlink::start(|_, _| json(400, "{\"errors\":[\"bad \\u001b[2J\\u001b]0;pwned\\u0007 thing\"]}"));
    let out = fsp().args(["-m", &server.url, "list"]).output_code();
    out.code(1);
    assert!(!out.stderr.contains('\u{1b}'), "an escape sequence reached the terminal: {:?}", out.stderr);
    out.stderr_has("\\u{1b}[2J");
}
