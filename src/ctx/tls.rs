//! The TLS material of a cluster: where it comes from (flag, profile, or the stores of the local Flink
//! config), read only when a client is built, so offline commands never touch it.

use std::path::PathBuf;

use anyhow::Result;

use crate::error::Failure;
use crate::flink_config::{self, FlinkConfig};
use crate::rest::Tls;

/// The TLS files to use, read only when a client is built (offline commands never need them).
#[derive(Debug, Clone, Default)]
pub(super) struct TlsFiles {
    pub ca: Option<TlsSource>,
    pub identity: Option<TlsSource>,
    pub insecure: bool,
}

/// Where trusted certificates or the client identity come from.
#[derive(Clone)]
pub(super) enum TlsSource {
    /// PEM files: a CA bundle (one path), or a certificate and its key.
    Pem(PathBuf, Option<PathBuf>),
    /// A PKCS12 keystore named by the local Flink config, its password, and the key that named it.
    Store { path: PathBuf, password: String, key: &'static str },
}

impl TlsSource {
    pub fn path(&self) -> &PathBuf {
        match self {
            TlsSource::Pem(p, _) | TlsSource::Store { path: p, .. } => p,
        }
    }
}

impl std::fmt::Debug for TlsSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TlsSource::Pem(a, b) => f.debug_tuple("Pem").field(a).field(b).finish(),
            TlsSource::Store { path, key, .. } => {
                f.debug_struct("Store").field("path", path).field("key", key).finish()
            }
        }
    }
}

pub(super) fn read_tls(files: &TlsFiles) -> Result<Tls> {
    let read = |p: &PathBuf, what: &str| {
        std::fs::read(p).map_err(|e| Failure::not_found(format!("cannot read the {what} {}: {e}", p.display())))
    };
    let store = |path: &PathBuf, password: &str, key: &str, parse: fn(&[u8], &str) -> Result<Vec<u8>, String>| {
        let bytes = read(path, key)?;
        parse(&bytes, password).map_err(|e| {
            Failure::usage(format!(
                "{} ({key} in the Flink config) cannot be used: {e}; or pass PEM files with --ca-cert/--client-cert",
                path.display()
            ))
        })
    };
    let ca_pem = match &files.ca {
        Some(TlsSource::Pem(p, _)) => Some(read(p, "CA certificate")?),
        Some(TlsSource::Store { path, password, key }) => {
            Some(store(path, password, key, crate::keystore::truststore_pem)?)
        }
        None => None,
    };
    let identity_pem = match &files.identity {
        Some(TlsSource::Pem(cert, key)) => {
            let mut pem = read(cert, "client certificate")?;
            pem.push(b'\n');
            if let Some(key) = key {
                pem.extend(read(key, "client key")?);
            }
            Some(pem)
        }
        Some(TlsSource::Store { path, password, key }) => {
            Some(store(path, password, key, crate::keystore::identity_pem)?)
        }
        None => None,
    };
    Ok(Tls { ca_pem, identity_pem, insecure: files.insecure })
}

/// A keystore the local Flink config names for REST SSL, for an https cluster.
pub(super) fn flink_store(
    conf: &FlinkConfig,
    https: bool,
    store: &flink_config::ConfigOption,
    password: &flink_config::ConfigOption,
) -> Option<(TlsSource, String)> {
    if !https {
        return None;
    }
    let (key, path) = conf.get(store)?;
    let file = conf.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
    let source = TlsSource::Store {
        path: PathBuf::from(path.trim()),
        password: conf.value(password).unwrap_or_default().to_string(),
        key,
    };
    Some((source, format!("{key} in {file}")))
}
