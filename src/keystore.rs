//! Java keystores as Flink's SSL settings name them (`security.ssl.rest.truststore`, `…keystore`), read into
//! PEM for the HTTP client. PKCS12 only: the JDK's default keystore type since Java 9, and the type Flink's
//! documentation creates. A JKS file gets an error saying how to convert it.

use base64::Engine;
use p12_keystore::{KeyStore, KeyStoreEntry, Pkcs12ImportPolicy};

/// The first bytes of a JKS (and JCEKS) file.
const JKS_MAGIC: [u8; 4] = [0xFE, 0xED, 0xFE, 0xED];
const JCEKS_MAGIC: [u8; 4] = [0xCE, 0xCE, 0xCE, 0xCE];

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

fn open(bytes: &[u8], password: &str) -> Result<KeyStore, String> {
    if bytes.starts_with(&JKS_MAGIC) || bytes.starts_with(&JCEKS_MAGIC) {
        return Err("it is a JKS keystore, which fsp cannot read: convert it with `keytool -importkeystore \
                    -srckeystore FILE -destkeystore FILE.p12 -deststoretype PKCS12`, or pass PEM files"
            .into());
    }
    KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::Relaxed)
        .map_err(|e| format!("it is not a PKCS12 keystore that opens with the configured password ({e})"))
}

/// Every certificate in a truststore, as PEM.
pub fn truststore_pem(bytes: &[u8], password: &str) -> Result<Vec<u8>, String> {
    let store = open(bytes, password)?;
    let mut out = String::new();
    for (_, entry) in store.entries() {
        match entry {
            KeyStoreEntry::Certificate(c) => out += &pem("CERTIFICATE", c.as_der()),
            KeyStoreEntry::PrivateKeyChain(chain) => {
                for c in chain.certs() {
                    out += &pem("CERTIFICATE", c.as_der());
                }
            }
            KeyStoreEntry::Secret(_) => {}
        }
    }
    if out.is_empty() {
        return Err("it holds no certificate".into());
    }
    Ok(out.into_bytes())
}

/// The private key and its certificate chain of a keystore, as PEM (PKCS#8 key first).
pub fn identity_pem(bytes: &[u8], password: &str) -> Result<Vec<u8>, String> {
    let store = open(bytes, password)?;
    let (_, chain) = store.private_key_chain().ok_or("it holds no private key")?;
    let mut out = pem("PRIVATE KEY", chain.key().as_der());
    for c in chain.certs() {
        out += &pem("CERTIFICATE", c.as_der());
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");

    fn read(name: &str) -> Vec<u8> {
        std::fs::read(format!("{DIR}/{name}")).unwrap()
    }

    #[test]
    fn a_keytool_truststore_gives_its_ca() {
        let pem = String::from_utf8(truststore_pem(&read("trust.p12"), "fsp-secret").unwrap()).unwrap();
        assert_eq!(pem.matches("-----BEGIN CERTIFICATE-----").count(), 1, "{pem}");
        let ca = String::from_utf8(read("ca.pem")).unwrap();
        let body = |p: &str| p.lines().filter(|l| !l.starts_with("-----")).collect::<String>();
        assert_eq!(body(&pem), body(&ca), "the same certificate as the CA it was made from");
    }

    #[test]
    fn an_openssl_keystore_gives_key_and_chain() {
        let pem = String::from_utf8(identity_pem(&read("client.p12"), "fsp-secret").unwrap()).unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{pem}");
        assert!(pem.matches("-----BEGIN CERTIFICATE-----").count() >= 1);
        assert!(reqwest::Identity::from_pem(pem.as_bytes()).is_ok(), "reqwest takes it");
    }

    #[test]
    fn wrong_password_jks_and_empty_are_explained() {
        let e = truststore_pem(&read("trust.p12"), "wrong").unwrap_err();
        assert!(e.contains("password"), "{e}");
        let e = truststore_pem(&[0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2], "x").unwrap_err();
        assert!(e.contains("JKS") && e.contains("keytool -importkeystore"), "{e}");
        let e = identity_pem(&read("trust.p12"), "fsp-secret").unwrap_err();
        assert!(e.contains("no private key"), "{e}");
    }
}
