//! fsp through an nginx reverse proxy with basic auth in front of a real Flink cluster, over HTTP and over
//! HTTPS: credentials from the URL (given with -m or in a cluster profile), from -H and from
//! FLINK_REST_CLIENT_HEADERS work; a missing or wrong one is refused with a clear message that never contains
//! the secret.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;

use crate::harness::{CommandExt, Kind, cluster};
use crate::util::{fsp, wait_until};

const USER: &str = "alice";
const PASSWORD: &str = "s3cret-Pw";

struct Nginx {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

/// nginx runs as one process (`master_process off`): killing it leaves no orphaned worker behind.
impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx with basic auth in front of `upstream`; with `tls` (certificate, key) it listens for HTTPS.
fn nginx(upstream: &str, tls: Option<(&Path, &Path)>) -> Nginx {
    let bin = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("nginx is not installed: scripts/test installs it (apt-get install nginx-light)");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let hash = Command::new("openssl").args(["passwd", "-apr1", PASSWORD]).output_ok().stdout;
    std::fs::write(d.join("htpasswd"), format!("{USER}:{}", hash.trim())).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let upstream = upstream.trim_start_matches("http://");
    let p = d.display();
    let (listen, scheme) = match tls {
        Some((cert, key)) => (
            format!("{port} ssl;\n  ssl_certificate {};\n  ssl_certificate_key {}", cert.display(), key.display()),
            "https",
        ),
        None => (port.to_string(), "http"),
    };
    std::fs::write(
        d.join("nginx.conf"),
        format!(
            "daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/error.log;\nevents {{}}\n\
             http {{\n access_log off;\n client_body_temp_path {p}/body;\n proxy_temp_path {p}/proxy;\n\
             fastcgi_temp_path {p}/fastcgi;\n uwsgi_temp_path {p}/uwsgi;\n scgi_temp_path {p}/scgi;\n\
             server {{\n  listen 127.0.0.1:{listen};\n  client_max_body_size 200m;\n  location / {{\n\
             auth_basic \"flink\";\n   auth_basic_user_file {p}/htpasswd;\n   proxy_pass http://{upstream};\n  }}\n }}\n}}\n"
        ),
    )
    .unwrap();
    let child = Command::new(bin)
        .args(["-p", &p.to_string(), "-c", &format!("{p}/nginx.conf")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let error_log = d.join("error.log");
    // owned before the wait, so that a failed wait stops nginx too
    let mut nginx = Nginx { child, url: format!("{scheme}://127.0.0.1:{port}"), _dir: dir };
    let child = &mut nginx.child;
    wait_until(Duration::from_secs(10), &format!("nginx to listen on 127.0.0.1:{port}"), || {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("nginx did not start ({status}): {}", std::fs::read_to_string(&error_log).unwrap_or_default());
        }
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    nginx
}

fn basic(user: &str, pass: &str) -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}")))
}

#[test]
fn basic_auth_through_a_reverse_proxy() {
    let c = cluster(Kind::V2);
    let proxy = nginx(&c.rest, None);
    let with_userinfo = proxy.url.replace("http://", &format!("http://{USER}:{PASSWORD}@"));

    // credentials in the URL: a job is uploaded, run and savepointed through the proxy
    let out =
        fsp().args(["-m", &with_userinfo, "-o", "json", "run"]).arg(c.jar()).args(["--name", "via-proxy"]).output_ok();
    let job = crate::harness::Job { cluster: c, id: out.json()["job_id"].as_str().unwrap().to_string() };
    let out = fsp().args(["-m", &with_userinfo, "-v", "savepoint", &job.id]).output_ok();
    out.stdout_has("Savepoint completed");
    assert!(!out.stderr.contains(PASSWORD), "the password leaked into -v output:\n{}", out.stderr);
    assert!(!out.stderr.contains(&basic(USER, PASSWORD)[6..]), "the credential leaked into -v output");

    // -H and Flink's own FLINK_REST_CLIENT_HEADERS
    fsp().args(["-m", &proxy.url, "-H", &format!("Authorization: {}", basic(USER, PASSWORD)), "list"]).output_ok();
    fsp()
        .env("FLINK_REST_CLIENT_HEADERS", format!("X-Other:1\nAuthorization:{}", basic(USER, PASSWORD)))
        .args(["-m", &proxy.url, "list"])
        .output_ok();

    // a cluster profile whose URL carries the credentials; `config show` never shows them
    let conf = tempfile::tempdir().unwrap();
    std::fs::write(conf.path().join("config.toml"), format!("[clusters.proxied]\nurl = \"{with_userinfo}\"\n"))
        .unwrap();
    let profile = || {
        let mut f = fsp();
        f.env("FSP_CONFIG_DIR", conf.path()).args(["--cluster", "proxied"]);
        f
    };
    profile().arg("list").output_ok().stdout_has(&job.id);
    let out = profile().args(["-o", "json", "config", "show"]).output_ok();
    assert!(!out.stdout.contains(PASSWORD) && out.stdout.contains("****"), "{}", out.stdout);

    // no credential, and a wrong one: refused, said plainly, the secret never shown
    let wrong_header = format!("Authorization: {}", basic(USER, "nope"));
    let out = fsp().args(["-m", &proxy.url, "-H", &wrong_header, "list"]).output_code();
    out.code(1).stderr_has("HTTP 401").stderr_has("refused the credentials");
    let out = fsp().args(["-m", &proxy.url, "list"]).output_code();
    out.code(1).stderr_has("HTTP 401").stderr_has("refused the credentials");
    let wrong = proxy.url.replace("http://", &format!("http://{USER}:wrong-{PASSWORD}@"));
    let out = fsp().args(["-m", &wrong, "-v", "savepoint", &job.id]).output_code();
    out.code(1).stderr_has("HTTP 401").stderr_has("refused the credentials");
    assert!(!out.stderr.contains(PASSWORD), "the password leaked into an error:\n{}", out.stderr);
    assert!(!out.stdout.contains("Savepoint completed"));
}

#[test]
fn basic_auth_through_an_https_proxy() {
    let c = cluster(Kind::V2);
    let pki = crate::tls::pki();
    let proxy = nginx(&c.rest, Some((&pki.server_cert, &pki.server_key)));
    assert!(proxy.url.starts_with("https://"));
    let ca = pki.ca.to_str().unwrap();
    let with_userinfo = proxy.url.replace("https://", &format!("https://{USER}:{PASSWORD}@"));
    let job = c.start_job("via-https-proxy", &[]);

    let out = fsp().args(["-m", &with_userinfo, "--ca-cert", ca, "-v", "list"]).output_ok();
    out.stdout_has(&job.id);
    assert!(!out.stderr.contains(PASSWORD), "the password leaked into -v output:\n{}", out.stderr);
    // the proxy's certificate is checked before any credential is sent
    let out = fsp().args(["-m", &with_userinfo, "list"]).output_code();
    out.code(3).stderr_has("TLS").stderr_has("--ca-cert");
    assert!(!out.stderr.contains(PASSWORD));
    // the wrong password: refused, never shown
    let wrong = proxy.url.replace("https://", &format!("https://{USER}:wrong-{PASSWORD}@"));
    let out = fsp().args(["-m", &wrong, "--ca-cert", ca, "-v", "list"]).output_code();
    out.code(1).stderr_has("HTTP 401").stderr_has("refused the credentials");
    assert!(!out.stderr.contains(PASSWORD), "the password leaked into an error:\n{}", out.stderr);
}
