//! HTTPS against real Flink clusters with REST SSL: certificates made here with openssl and keytool, once
//! with server authentication only and once with mutual TLS. The wrong (or no) credential is refused.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{Cluster, CommandExt, Kind, start};
use crate::util::fsp;

pub struct Pki {
    _dir: tempfile::TempDir,
    pub ca: PathBuf,
    /// The server certificate (for 127.0.0.1 and localhost) and its key, as PEM.
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    client_cert: PathBuf,
    client_key: PathBuf,
    other_cert: PathBuf,
    other_key: PathBuf,
    keystore: PathBuf,
    truststore: PathBuf,
}

fn sh(dir: &Path, args: &[&str]) {
    let out = Command::new(args[0]).args(&args[1..]).current_dir(dir).output_code();
    assert_eq!(out.code, 0, "{args:?} failed (are openssl and keytool installed?):\n{}{}", out.stdout, out.stderr);
}

/// A CA, a server certificate for 127.0.0.1 in a PKCS12 keystore, a truststore with the CA, a client
/// certificate signed by the CA, and one signed by another CA.
pub fn pki() -> Pki {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for name in ["ca", "other-ca"] {
        sh(
            d,
            &[
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                &format!("/CN=fsp test {name}"),
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.pem"),
            ],
        );
    }
    // v3 certificates (rustls refuses v1): extensions make openssl write v3. The cluster's keystore serves
    // both ways, as Flink's SSL guide sets it up (bin/flink presents it as its client certificate too).
    std::fs::write(
        d.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n",
    )
    .unwrap();
    std::fs::write(d.join("client.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n").unwrap();
    for (name, signer, server) in [("server", "ca", true), ("client", "ca", false), ("other", "other-ca", false)] {
        sh(
            d,
            &[
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                &format!("/CN={name}"),
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.csr"),
            ],
        );
        let mut args = vec![
            "openssl".to_string(),
            "x509".into(),
            "-req".into(),
            "-days".into(),
            "2".into(),
            "-in".into(),
            format!("{name}.csr"),
            "-CA".into(),
            format!("{signer}.pem"),
            "-CAkey".into(),
            format!("{signer}.key"),
            "-CAcreateserial".into(),
            "-out".into(),
            format!("{name}.pem"),
        ];
        let ext = if server { "server.ext" } else { "client.ext" };
        args.extend(["-extfile".to_string(), ext.to_string()]);
        sh(d, &args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    sh(
        d,
        &[
            "openssl",
            "pkcs12",
            "-export",
            "-in",
            "server.pem",
            "-inkey",
            "server.key",
            "-certfile",
            "ca.pem",
            "-name",
            "flink",
            "-out",
            "server.p12",
            "-passout",
            "pass:fsp-secret",
        ],
    );
    sh(
        d,
        &[
            "keytool",
            "-importcert",
            "-noprompt",
            "-alias",
            "ca",
            "-file",
            "ca.pem",
            "-keystore",
            "trust.p12",
            "-storetype",
            "PKCS12",
            "-storepass",
            "fsp-secret",
        ],
    );
    Pki {
        ca: d.join("ca.pem"),
        server_cert: d.join("server.pem"),
        server_key: d.join("server.key"),
        client_cert: d.join("client.pem"),
        client_key: d.join("client.key"),
        other_cert: d.join("other.pem"),
        other_key: d.join("other.key"),
        keystore: d.join("server.p12"),
        truststore: d.join("trust.p12"),
        _dir: dir,
    }
}

fn ssl_cluster(p: &Pki, mutual: bool) -> Cluster {
    let mut sets = vec![
        "security.ssl.rest.enabled=true".to_string(),
        format!("security.ssl.rest.keystore={}", p.keystore.display()),
        "security.ssl.rest.keystore-password=fsp-secret".into(),
        "security.ssl.rest.key-password=fsp-secret".into(),
        "security.ssl.rest.keystore-type=PKCS12".into(),
        format!("security.ssl.rest.truststore={}", p.truststore.display()),
        "security.ssl.rest.truststore-password=fsp-secret".into(),
        "security.ssl.rest.truststore-type=PKCS12".into(),
    ];
    if mutual {
        sets.push("security.ssl.rest.authentication-enabled=true".into());
    }
    let mut opts: Vec<String> = sets.into_iter().flat_map(|s| ["--set".to_string(), s]).collect();
    if mutual {
        opts.push("--curl-args".into());
        opts.push(format!("--cert {} --key {}", p.client_cert.display(), p.client_key.display()));
    }
    let c = start(Kind::V2, &opts.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(c.rest.starts_with("https://"), "{}", c.rest);
    c
}

#[test]
fn https_with_server_authentication() {
    let p = pki();
    let c = ssl_cluster(&p, false);
    let ca = p.ca.to_str().unwrap();
    // verified against the CA: a job runs, a savepoint is taken
    let out = fsp()
        .args(["-m", &c.rest, "--ca-cert", ca, "-o", "json", "run"])
        .arg(c.jar())
        .args(["--name", "tls"])
        .output_ok();
    let job = out.json()["job_id"].as_str().unwrap().to_string();
    fsp().args(["-m", &c.rest, "--ca-cert", ca, "savepoint", &job]).output_ok().stdout_has("Savepoint completed");
    // without the CA: refused, saying what to do
    let out = fsp().args(["-m", &c.rest, "list"]).output_code();
    out.code(3).stderr_has("TLS").stderr_has("--ca-cert");
    // plain HTTP to a TLS port is not mistaken for an answer
    let plain = c.rest.replace("https://", "http://");
    assert_ne!(fsp().args(["-m", &plain, "list"]).output_code().code, 0);
    // --insecure skips verification, with a warning
    fsp().args(["-m", &c.rest, "--insecure", "list"]).output_ok().stderr_has("not verified").stdout_has(&job);
    // the CA from FSP_CA_CERT, and from a cluster profile (a path relative to config.toml)
    let out = fsp().env("FSP_CA_CERT", ca).args(["-m", &c.rest, "-o", "json", "list"]).output_ok();
    assert!(out.stdout.contains(&job));
    let conf = tempfile::tempdir().unwrap();
    std::fs::copy(&p.ca, conf.path().join("ca.pem")).unwrap();
    std::fs::write(
        conf.path().join("config.toml"),
        format!("[clusters.tls]\nurl = \"{}\"\nca_cert = \"ca.pem\"\n", c.rest),
    )
    .unwrap();
    let with_profile = || {
        let mut f = fsp();
        f.env("FSP_CONFIG_DIR", conf.path()).args(["--cluster", "tls"]);
        f
    };
    with_profile().arg("list").output_ok().stdout_has(&job);
    let out = with_profile().env("FSP_CA_CERT", ca).arg("config").arg("show").output_ok();
    out.stdout_has("FSP_CA_CERT");
    // nothing on the command line: the cluster, its scheme and the truststore (PKCS12) from the Flink config
    let out = fsp().env("FLINK_CONF_DIR", c.conf_dir()).args(["-o", "json", "list"]).output_ok();
    assert!(out.stdout.contains(&job));
    let show = fsp().env("FLINK_CONF_DIR", c.conf_dir()).args(["config", "show"]).output_ok();
    show.stdout_has("security.ssl.rest.truststore in");
    // a wrong truststore password: a usage error naming the key and the way out
    let conf = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(c.conf_dir().join("config.yaml")).unwrap();
    std::fs::write(conf.path().join("config.yaml"), text.replace("fsp-secret", "not-the-password")).unwrap();
    let out = fsp().env("FLINK_CONF_DIR", conf.path()).arg("list").output_code();
    out.code(2).stderr_has("security.ssl.rest.truststore").stderr_has("--ca-cert");
    with_profile().args(["--ca-cert", ca, "cancel", &job]).output_ok();
}

#[test]
fn mutual_tls() {
    let p = pki();
    let c = ssl_cluster(&p, true);
    let ca = p.ca.to_str().unwrap();
    let (cert, key) = (p.client_cert.to_str().unwrap(), p.client_key.to_str().unwrap());
    let mtls = || {
        let mut f = fsp();
        f.args(["-m", &c.rest, "--ca-cert", ca, "--client-cert", cert, "--client-key", key]);
        f
    };
    let out = mtls().args(["-o", "json", "run"]).arg(c.jar()).args(["--name", "mtls"]).output_ok();
    let job = out.json()["job_id"].as_str().unwrap().to_string();
    mtls().args(["-o", "json", "list"]).output_ok().stdout_has(&job);
    mtls().args(["savepoint", &job]).output_ok().stdout_has("Savepoint completed");
    // no client certificate: refused, saying what is missing
    let out = fsp().args(["-m", &c.rest, "--ca-cert", ca, "list"]).output_code();
    out.code(3).stderr_has("cannot reach the JobManager").stderr_has("client certificate").stderr_has("--client-cert");
    // a client certificate from another CA: refused
    let (ocert, okey) = (p.other_cert.to_str().unwrap(), p.other_key.to_str().unwrap());
    let out = fsp()
        .args(["-m", &c.rest, "--ca-cert", ca, "--client-cert", ocert, "--client-key", okey, "list"])
        .output_code();
    out.code(3).stderr_has("TLS: ");
    assert!(!out.stdout.contains(&job));
    // --insecure does not replace a client certificate
    fsp().args(["-m", &c.rest, "--insecure", "list"]).output_code().code(3).stderr_has("client certificate");
    // the local Flink config alone: its truststore, and (mutual TLS asked for there) its keystore as identity
    fsp().env("FLINK_CONF_DIR", c.conf_dir()).args(["-o", "json", "list"]).output_ok().stdout_has(&job);
    mtls().args(["cancel", &job]).output_ok();
    // a client key that is not PEM: a clear usage error before any request
    let out =
        fsp().args(["-m", &c.rest, "--ca-cert", ca, "--client-cert", cert, "--client-key", ca, "list"]).output_code();
    out.code(2).stderr_has("--client-cert/--client-key are not a PEM certificate");
}
