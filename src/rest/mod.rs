//! The REST layer: the only code in fsp that knows HTTP.
//!
//! One [`Client`] per run, built once with the base URL, timeouts and headers. Every response goes through
//! one funnel ([`Client::send`]) that turns non-2xx answers, and Flink's `{"errors": [...]}` bodies, into an
//! [`ApiError`]. Idempotent calls are retried on connection errors and 502/503/504 with exponential backoff;
//! triggers are idempotent because fsp always sends its own `triggerId`. Polling lives in [`poll`], and the
//! rule that `COMPLETED` is only a success with a result (a savepoint location) lives in [`api`].

pub mod api;
mod error;
pub mod poll;
pub mod types;

use std::time::{Duration, Instant};

use backon::{BlockingRetryable, ExponentialBuilder};
use reqwest::{Method, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use error::{ApiError, root_cause, split_flink_error};

/// How to reach the cluster. Its `Debug` shows header names, never their values or key material.
#[derive(Clone)]
pub struct ClientConfig {
    /// `http(s)://host:port[/path]`, no trailing slash.
    pub base_url: String,
    /// Where the URL came from, for error messages ("from -m", "from rest.address in …/config.yaml").
    pub origin: String,
    pub connect_timeout: Duration,
    /// Upper bound for one request's answer (polls, small calls).
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub verbose: bool,
    /// Sent with every request (custom headers, credentials). Never printed.
    pub headers: Vec<(String, String)>,
    pub tls: Tls,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("origin", &self.origin)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("verbose", &self.verbose)
            .field("headers", &self.headers.iter().map(|(n, _)| format!("{n}: ****")).collect::<Vec<_>>())
            .field("tls", &self.tls)
            .finish()
    }
}

/// TLS settings for HTTPS. Verification is on unless `insecure`.
#[derive(Clone, Default)]
pub struct Tls {
    /// PEM CA certificates trusted in addition to the built-in roots.
    pub ca_pem: Option<Vec<u8>>,
    /// PEM client certificate and private key, concatenated, for mutual TLS.
    pub identity_pem: Option<Vec<u8>>,
    pub insecure: bool,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("ca_pem", &self.ca_pem.as_ref().map(|p| format!("{} bytes", p.len())))
            .field("identity_pem", &self.identity_pem.as_ref().map(|_| "****"))
            .field("insecure", &self.insecure)
            .finish()
    }
}

/// Retries for idempotent calls: only connection errors and 502/503/504, with exponential backoff.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub attempts: usize,
    pub first_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { attempts: 3, first_delay: Duration::from_millis(200), max_delay: Duration::from_secs(2) }
    }
}

impl RetryPolicy {
    fn backoff(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.first_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_max_times(self.attempts.saturating_sub(1))
    }
}

/// Whether a call may be sent again after a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotent {
    Yes,
    No,
}

/// The HTTP client runs on a current-thread runtime that the calling thread drives itself (`block_on`):
/// no runtime thread to hand each request to and each answer back from, which on a loaded machine costs a
/// wake-up of another thread per request (measured: README "Speed and memory"). Threads that share one
/// `Client` (`--all --parallel N`) take turns driving it, as tokio's current-thread runtime allows.
pub struct Client {
    http: reqwest::Client,
    rt: tokio::runtime::Runtime,
    cfg: ClientConfig,
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()
}

impl Client {
    pub fn new(cfg: ClientConfig) -> anyhow::Result<Client> {
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &cfg.headers {
            let n = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| crate::error::Failure::usage(format!("'{name}' is not a valid HTTP header name")))?;
            let mut v = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                crate::error::Failure::usage(format!("the value of header '{name}' is not valid in HTTP"))
            })?;
            v.set_sensitive(true);
            headers.insert(n, v);
        }
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(cfg.connect_timeout)
            .default_headers(headers)
            .danger_accept_invalid_certs(cfg.tls.insecure);
        let usage = |what: &str| crate::error::Failure::usage(what.to_string());
        if cfg.base_url.starts_with("http://") {
            // Plain HTTP: no TLS roots to load (reading the system's certificates costs milliseconds).
            builder = builder.tls_certs_only([]);
        }
        if let Some(pem) = &cfg.tls.ca_pem {
            let certs = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|_| usage("the CA certificate (--ca-cert) is not a PEM certificate file"))?;
            if certs.is_empty() {
                anyhow::bail!(usage("the CA certificate file (--ca-cert) holds no PEM certificate"));
            }
            for c in certs {
                builder = builder.tls_certs_merge([c]);
            }
        }
        if let Some(pem) = &cfg.tls.identity_pem {
            let id = reqwest::Identity::from_pem(pem)
                .map_err(|_| usage("--client-cert/--client-key are not a PEM certificate and its PEM private key"))?;
            builder = builder.identity(id);
        }
        Ok(Client { http: builder.build()?, rt: runtime()?, cfg })
    }

    pub fn base_url(&self) -> &str {
        &self.cfg.base_url
    }

    pub fn verbose(&self) -> bool {
        self.cfg.verbose
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v1{}", self.cfg.base_url, path)
    }

    pub fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call(Method::GET, path, None, Idempotent::Yes)
    }

    pub fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        idempotent: Idempotent,
    ) -> Result<T, ApiError> {
        let body =
            serde_json::to_vec(body).map_err(|e| ApiError::Decode { url: self.url(path), reason: e.to_string() })?;
        self.call(Method::POST, path, Some(body), idempotent)
    }

    pub fn patch<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call(Method::PATCH, path, None, Idempotent::Yes)
    }

    pub fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call(Method::DELETE, path, None, Idempotent::Yes)
    }

    fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        idempotent: Idempotent,
    ) -> Result<T, ApiError> {
        let url = self.url(path);
        let once = || {
            let mut req = self.http.request(method.clone(), &url).timeout(self.cfg.request_timeout);
            if let Some(b) = &body {
                req = req.header("Content-Type", "application/json").body(b.clone());
            }
            self.send(method.as_str(), &url, req)
        };
        let value = match idempotent {
            Idempotent::No => once()?,
            Idempotent::Yes => once
                .retry(self.cfg.retry.backoff())
                .sleep(std::thread::sleep)
                .when(ApiError::is_transient)
                .notify(|e, d| {
                    if self.cfg.verbose {
                        let d = Duration::from_millis(d.as_millis().try_into().unwrap_or(u64::MAX));
                        eprintln!("retrying in {} after: {e}", humantime::format_duration(d));
                    }
                })
                .call()?,
        };
        serde_json::from_value(value.clone()).map_err(|e| ApiError::Decode {
            url: url.clone(),
            reason: format!("{e} in {}", crate::format::sanitize(&truncate(&value.to_string(), 300))),
        })
    }

    /// Upload a file as a multipart form (for jars). Not retried: a repeated upload is a second jar.
    pub fn upload<T: DeserializeOwned>(
        &self,
        path: &str,
        file: &std::path::Path,
        timeout: Duration,
    ) -> Result<T, ApiError> {
        let url = self.url(path);
        let part = self
            .rt
            .block_on(reqwest::multipart::Part::file(file))
            .map_err(|e| ApiError::Decode { url: url.clone(), reason: format!("cannot read {}: {e}", file.display()) })?
            .mime_str("application/x-java-archive")
            .map_err(|e| ApiError::Decode { url: url.clone(), reason: e.to_string() })?;
        let form = reqwest::multipart::Form::new().part("jarfile", part);
        let req = self.http.post(&url).multipart(form).timeout(timeout);
        let value = self.send("POST", &url, req)?;
        serde_json::from_value(value).map_err(|e| ApiError::Decode { url, reason: e.to_string() })
    }

    /// The single funnel: send, check the status, decode JSON, recognise Flink's error bodies.
    fn send(&self, method: &str, url: &str, req: RequestBuilder) -> Result<Value, ApiError> {
        let started = Instant::now();
        if self.cfg.verbose {
            eprintln!("> {method} {url}");
        }
        let (status, text) = self
            .rt
            .block_on(async {
                let resp = req.send().await?;
                let status = resp.status().as_u16();
                read_body(resp).await.map(|text| (status, text))
            })
            .map_err(|e| self.transport_error(url, &e))?;
        if self.cfg.verbose {
            eprintln!("< {status} in {} ms", started.elapsed().as_millis());
        }
        let parsed: Option<Value> =
            if text.trim().is_empty() { Some(Value::Null) } else { serde_json::from_str(&text).ok() };
        let flink_errors = parsed.as_ref().and_then(errors_only);
        if !(200..300).contains(&status) || flink_errors.is_some() {
            let (message, detail) = match flink_errors {
                Some(errors) => split_flink_error(&errors),
                None => (
                    http_reason(status, &text),
                    (!text.trim().is_empty()).then(|| crate::format::sanitize(&truncate(&text, 4000))),
                ),
            };
            return Err(ApiError::Status { method: method.to_string(), url: url.to_string(), status, message, detail });
        }
        parsed.ok_or_else(|| ApiError::Decode {
            url: url.to_string(),
            reason: format!("not JSON: {}", crate::format::sanitize(&truncate(&text, 200))),
        })
    }

    fn transport_error(&self, url: &str, e: &reqwest::Error) -> ApiError {
        if e.is_timeout() && !e.is_connect() {
            return ApiError::NoAnswer { url: url.to_string(), waited: self.cfg.request_timeout };
        }
        ApiError::Unreachable {
            url: self.cfg.base_url.clone(),
            origin: self.cfg.origin.clone(),
            reason: transport_reason(e, self.cfg.tls.identity_pem.is_some()),
        }
    }
}

async fn read_body(resp: Response) -> Result<String, reqwest::Error> {
    resp.text().await
}

/// A JSON object whose only key is `errors` is an error whatever the status (Flink's RestClient rule).
fn errors_only(v: &Value) -> Option<Vec<String>> {
    let obj = v.as_object()?;
    if obj.len() != 1 {
        return None;
    }
    let errs = obj.get("errors")?.as_array()?;
    Some(errs.iter().map(|e| e.as_str().map(str::to_string).unwrap_or_else(|| e.to_string())).collect())
}

fn http_reason(status: u16, body: &str) -> String {
    let reason = reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("error");
    let hint = match status {
        401 | 403 => " (the server or a proxy in front of it refused the credentials)",
        502..=504 => " (a proxy could not reach the JobManager)",
        _ => "",
    };
    let first = body.lines().next().unwrap_or_default().trim();
    if first.is_empty() || first.starts_with('<') {
        format!("{reason}{hint}")
    } else {
        format!("{reason}{hint}: {}", crate::format::sanitize(&truncate(first, 200)))
    }
}

/// The innermost cause of a transport error, in words ("connection refused"), never a URL with secrets.
/// `has_identity`: whether a client certificate was offered (to tell "required" from "refused").
fn transport_reason(e: &reqwest::Error, has_identity: bool) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(e);
    let mut last = String::new();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    let timed_out = e.is_timeout();
    tls_or_io_reason(&last, timed_out, has_identity)
}

fn tls_or_io_reason(last: &str, timed_out: bool, has_identity: bool) -> String {
    let lower = last.to_ascii_lowercase();
    // An alert from the server about certificates is about ours: it asked for one, or did not trust it.
    let client_cert_alert = lower.contains("alert")
        && ["certificate", "unknownca", "decrypterror", "accessdenied", "handshakefailure"]
            .iter()
            .any(|a| lower.replace('_', "").contains(a));
    if lower.contains("certificaterequired") || lower.contains("certificate required") {
        "TLS: the server requires a client certificate (give --client-cert and --client-key)".to_string()
    } else if client_cert_alert && !has_identity {
        format!(
            "TLS: {} (the server probably requires a client certificate: give --client-cert and --client-key)",
            crate::format::sanitize(last)
        )
    } else if client_cert_alert {
        format!(
            "TLS: the server refused the client certificate ({}); is it signed by a CA in the cluster's \
             security.ssl.rest.truststore?",
            crate::format::sanitize(last)
        )
    } else if lower.contains("certificate") || lower.contains("unknownissuer") {
        format!(
            "TLS: {} (trust the cluster's CA with --ca-cert, or skip verification with --insecure)",
            crate::format::sanitize(last)
        )
    } else if lower.contains("connection refused") {
        "connection refused".to_string()
    } else if timed_out || lower.contains("timed out") {
        "connection timed out".to_string()
    } else if lower.contains("reset") {
        "connection reset".to_string()
    } else {
        crate::format::sanitize(last)
    }
}

/// TLS through rustls with the `ring` crypto provider, for this client and the object-store clients alike
/// (both use the process default). Called before any client is built; later calls do nothing.
pub fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Fails only if a provider is installed already, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

/// Turn what the user typed (`host:port`, `host`, or a URL) into a base URL without a trailing slash.
pub fn normalize_base_url(s: &str) -> Result<String, String> {
    let s = s.trim();
    let with_scheme = if s.contains("://") { s.to_string() } else { format!("http://{s}") };
    let mut url = reqwest::Url::parse(&with_scheme)
        .map_err(|e| format!("'{s}' is not a JobManager address ({e}); use host:port or http(s)://host:port"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("'{s}' is not a JobManager address: the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("'{s}' has no host; use host:port or http(s)://host:port"));
    }
    if url.port().is_none() && !s.contains("://") {
        let _ = url.set_port(Some(8081));
    }
    url.set_query(None);
    url.set_fragment(None);
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// The `user:password` of a URL, percent-decoded; it becomes basic auth and never stays in the URL.
pub fn url_credentials(s: &str) -> Option<(String, String)> {
    let url = reqwest::Url::parse(s.trim()).ok()?;
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    Some((percent_decode(url.username()), percent_decode(url.password().unwrap_or(""))))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Flink's `FLINK_REST_CLIENT_HEADERS`: newline-separated `Name:Value`, split at the first `:`, no trimming.
/// Returns the headers and the malformed lines (to warn about, without their values).
pub fn parse_flink_headers(s: &str) -> (Vec<(String, String)>, usize) {
    let mut headers = Vec::new();
    let mut malformed = 0;
    for line in s.lines().filter(|l| !l.is_empty()) {
        match line.split_once(':') {
            Some((name, value)) if !name.is_empty() => headers.push((name.to_string(), value.to_string())),
            _ => malformed += 1,
        }
    }
    (headers, malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backon::BackoffBuilder;

    #[test]
    fn base_urls() {
        let ok = |s: &str| normalize_base_url(s).unwrap();
        assert_eq!(ok("localhost:8081"), "http://localhost:8081");
        assert_eq!(ok("jm"), "http://jm:8081");
        assert_eq!(ok("http://jm"), "http://jm");
        assert_eq!(ok("https://jm:8443/flink/"), "https://jm:8443/flink");
        assert_eq!(ok("127.0.0.1:9"), "http://127.0.0.1:9");
        assert!(normalize_base_url("ftp://jm").is_err());
        assert!(normalize_base_url("http://").is_err());
        assert!(normalize_base_url("jm:notaport").is_err());
    }

    #[test]
    fn credentials_leave_the_url() {
        assert_eq!(normalize_base_url("http://alice:s%40cret@jm:8081/x").unwrap(), "http://jm:8081/x");
        assert_eq!(url_credentials("http://alice:s%40cret@jm:8081"), Some(("alice".into(), "s@cret".into())));
        assert_eq!(url_credentials("http://jm:8081"), None);
        assert_eq!(url_credentials("http://bob@jm"), Some(("bob".into(), String::new())));
    }

    #[test]
    fn flink_rest_client_headers() {
        let (h, bad) = parse_flink_headers("Authorization:Bearer xyz\nX-Tenant: a\nmalformed\n:novalue");
        assert_eq!(h, vec![("Authorization".into(), "Bearer xyz".into()), ("X-Tenant".into(), " a".into())]);
        assert_eq!(bad, 2);
    }

    #[test]
    fn errors_only_rule() {
        let v: Value = serde_json::from_str(r#"{"errors":["x"]}"#).unwrap();
        assert_eq!(errors_only(&v), Some(vec!["x".to_string()]));
        let v: Value = serde_json::from_str(r#"{"errors":["x"],"jobs":[]}"#).unwrap();
        assert_eq!(errors_only(&v), None);
    }

    #[test]
    fn retry_policy_delays() {
        let delays: Vec<Duration> = RetryPolicy::default().backoff().without_max_times().build().take(4).collect();
        let ms: Vec<u128> = delays.iter().map(Duration::as_millis).collect();
        assert_eq!(ms, vec![200, 400, 800, 1600]);
        let n = RetryPolicy { attempts: 3, ..Default::default() }.backoff().build().count();
        assert_eq!(n, 2, "3 attempts = 2 retries");
    }

    #[test]
    fn secrets_stay_out_of_urls_errors_and_debug() {
        let url = "http://alice:pa55word@127.0.0.1:1/flink";
        let cfg = ClientConfig {
            base_url: normalize_base_url(url).unwrap(),
            origin: "from -m/--jobmanager".into(),
            connect_timeout: Duration::from_millis(500),
            request_timeout: Duration::from_secs(1),
            retry: RetryPolicy { attempts: 1, ..Default::default() },
            verbose: false,
            headers: vec![("Authorization".into(), "Basic YWxpY2U6cGE1NXdvcmQ=".into())],
            tls: Tls { ca_pem: None, identity_pem: Some(b"-----BEGIN PRIVATE KEY-----".to_vec()), insecure: false },
        };
        let debug = format!("{cfg:?}");
        for secret in ["pa55word", "YWxpY2U6cGE1NXdvcmQ=", "PRIVATE KEY"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
        assert!(debug.contains("Authorization: ****"), "{debug}");
        install_crypto_provider();
        let client = Client { http: reqwest::Client::new(), rt: runtime().unwrap(), cfg };
        assert_eq!(client.url("/overview"), "http://127.0.0.1:1/flink/v1/overview");
        let err = client.get::<Value>("/overview").unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(matches!(err, ApiError::Unreachable { .. }), "{text}");
        assert!(text.contains("http://127.0.0.1:1/flink") && !text.contains("pa55word") && !text.contains("alice"));
    }

    #[test]
    fn tls_reasons() {
        let r = |s: &str, id: bool| tls_or_io_reason(s, false, id);
        assert!(r("invalid peer certificate: UnknownIssuer", false).contains("--ca-cert"));
        assert!(r("received fatal alert: CertificateRequired", false).contains("requires a client certificate"));
        assert!(r("received fatal alert: BadCertificate", false).contains("--client-cert"));
        assert!(r("received fatal alert: CertificateUnknown", true).contains("refused the client certificate"));
        assert_eq!(r("tcp connect error: Connection refused (os error 111)", false), "connection refused");
        assert_eq!(tls_or_io_reason("operation timed out", true, false), "connection timed out");
        assert_eq!(r("bad \x1b[2J", false), "bad \\u{1b}[2J");
    }

    #[test]
    fn reasons() {
        assert_eq!(http_reason(502, "<html>"), "Bad Gateway (a proxy could not reach the JobManager)");
        assert_eq!(http_reason(418, "short text"), "I'm a teapot: short text");
        assert_eq!(truncate("äbc", 1), "…");
    }
}
