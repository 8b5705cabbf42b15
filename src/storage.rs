//! Remote storage (`s3://`, `gs://`, Azure) through the `object_store` crate: the only module that knows it.
//! Everything here is blocking; one small tokio runtime drives the requests.
//!
//! Credentials come from the usual environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`,
//! `AWS_ENDPOINT_URL`, …; `GOOGLE_*`; `AZURE_*`), and, for S3 settings the environment does not give, from the
//! local Flink configuration (`s3.endpoint`, `s3.access-key`, `s3.secret-key`, `s3.path.style.access`), so a
//! machine set up for Flink's S3 plugin works as it is.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use object_store::gcp::{GoogleCloudStorageBuilder, GoogleConfigKey};
use object_store::path::Path as ObjectPath;
use object_store::{
    ClientConfigKey, ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload, RetryConfig, UpdateVersion,
};

use crate::error::Failure;
use crate::flink_config::{ConfigOption, FlinkConfig};

const S3_ENDPOINT: ConfigOption = ConfigOption { keys: &["s3.endpoint", "fs.s3a.endpoint"] };
const S3_ACCESS_KEY: ConfigOption = ConfigOption { keys: &["s3.access-key", "s3.access.key", "fs.s3a.access.key"] };
const S3_SECRET_KEY: ConfigOption = ConfigOption { keys: &["s3.secret-key", "s3.secret.key", "fs.s3a.secret.key"] };
const S3_PATH_STYLE: ConfigOption = ConfigOption { keys: &["s3.path.style.access", "fs.s3a.path.style.access"] };

/// Requests in flight at once when reading many objects.
const CONCURRENCY: usize = 32;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime starts")
    })
}

/// One object under a root.
#[derive(Debug, Clone)]
pub struct Object {
    /// Its key relative to the root, `/`-separated.
    pub rel: String,
    pub size: u64,
    pub modified_ms: i64,
}

/// The version of an object a conditional replace expects to find (its ETag, and the version id where the
/// store keeps one).
#[derive(Debug, Clone, PartialEq)]
pub struct Version(UpdateVersion);

/// A directory-like prefix in an object store, such as `s3://bucket/savepoints`.
#[derive(Clone)]
pub struct Remote {
    url: String,
    store: Arc<dyn ObjectStore>,
    prefix: ObjectPath,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remote").field("url", &self.url).finish()
    }
}

/// `s3a://b/k/` → (`s3`, `b`, `k`). Flink's S3 schemes all name the same storage.
pub fn split_url(url: &str) -> Option<(String, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let scheme = match scheme.as_str() {
        "s3a" | "s3n" | "s3p" => "s3".to_string(),
        _ => scheme,
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    Some((scheme, host, path.trim_matches('/')))
}

/// A remote location written the one way fsp compares them: `s3a://b//k/` → `s3://b/k`.
pub fn canonical(url: &str) -> String {
    match split_url(url) {
        Some((scheme, host, path)) => {
            let path: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
            if path.is_empty() { format!("{scheme}://{host}") } else { format!("{scheme}://{host}/{}", path.join("/")) }
        }
        None => url.to_string(),
    }
}

impl Remote {
    /// Open `url` (a directory-like prefix) with credentials from the environment and `conf`.
    pub fn open(url: &str, conf: &FlinkConfig, timeout: Duration) -> Result<Remote, Failure> {
        let (scheme, host, path) = split_url(url).ok_or_else(|| Failure::usage(format!("{url} is not a URL")))?;
        crate::rest::install_crypto_provider();
        // Timeouts as config keys, not `with_client_options`, which would drop what the environment set
        // (AWS_ALLOW_HTTP, proxies, …).
        let timeouts = [
            (ClientConfigKey::ConnectTimeout, "10s".to_string()),
            (ClientConfigKey::Timeout, format!("{}ms", timeout.as_millis().max(1))),
        ];
        let retry = RetryConfig { max_retries: 3, retry_timeout: timeout, ..Default::default() };
        let built = match scheme.as_str() {
            "s3" => {
                let mut b = AmazonS3Builder::from_env().with_bucket_name(host).with_retry(retry);
                for (k, v) in timeouts {
                    b = b.with_config(AmazonS3ConfigKey::Client(k), v);
                }
                let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
                match env("AWS_ENDPOINT_URL").or_else(|| env("AWS_ENDPOINT")) {
                    Some(e) => b = b.with_allow_http(e.starts_with("http://") || env("AWS_ALLOW_HTTP").is_some()),
                    None => {
                        if let Some(e) = conf.value(&S3_ENDPOINT) {
                            let e = if e.contains("://") { e.to_string() } else { format!("https://{e}") };
                            b = b.with_allow_http(e.starts_with("http://")).with_endpoint(e);
                        }
                    }
                }
                if env("AWS_ACCESS_KEY_ID").is_none() {
                    if let (Some(k), Some(s)) = (conf.value(&S3_ACCESS_KEY), conf.value(&S3_SECRET_KEY)) {
                        b = b.with_access_key_id(k).with_secret_access_key(s);
                    } else if let Some(p) = shared_profile() {
                        b = b.with_access_key_id(p.key_id).with_secret_access_key(p.secret);
                        if let Some(t) = p.token {
                            b = b.with_token(t);
                        }
                        if env("AWS_REGION").is_none()
                            && env("AWS_DEFAULT_REGION").is_none()
                            && let Some(r) = p.region
                        {
                            b = b.with_region(r);
                        }
                    }
                }
                if env("AWS_VIRTUAL_HOSTED_STYLE_REQUEST").is_none()
                    && let Some(v) = conf.value(&S3_PATH_STYLE)
                {
                    b = b.with_virtual_hosted_style_request(!v.trim().eq_ignore_ascii_case("true"));
                }
                b.build().map(|s| Arc::new(s) as Arc<dyn ObjectStore>)
            }
            "gs" => {
                let mut b = GoogleCloudStorageBuilder::from_env().with_bucket_name(host).with_retry(retry);
                for (k, v) in timeouts {
                    b = b.with_config(GoogleConfigKey::Client(k), v);
                }
                b.build().map(|s| Arc::new(s) as Arc<dyn ObjectStore>)
            }
            "az" | "azure" | "abfs" | "abfss" | "wasb" | "wasbs" | "adl" => {
                let mut b = MicrosoftAzureBuilder::from_env().with_url(url).with_retry(retry);
                for (k, v) in timeouts {
                    b = b.with_config(AzureConfigKey::Client(k), v);
                }
                b.build().map(|s| Arc::new(s) as Arc<dyn ObjectStore>)
            }
            other => {
                return Err(Failure::usage(format!(
                    "{url}: fsp reads local paths, s3:// (s3a, s3p), gs:// and Azure (abfs://, wasb://, az://) \
                     storage, not {other}://; mount it, or copy the files locally"
                )));
            }
        };
        let store = built.map_err(|e| Failure::usage(format!("cannot use {url}: {}", chain(&e))))?;
        // For Azure the container is in the URL's user part and the path follows the host.
        let path = if matches!(scheme.as_str(), "s3" | "gs") { path.to_string() } else { azure_path(url) };
        Ok(Remote { url: canonical(url), store, prefix: ObjectPath::from(path.as_str()) })
    }

    /// The root as fsp prints it (`s3://bucket/dir`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `rel` under the root, as a URL.
    pub fn url_of(&self, rel: &str) -> String {
        if rel.is_empty() { self.url.clone() } else { format!("{}/{}", self.url, rel.trim_matches('/')) }
    }

    fn key(&self, rel: &str) -> ObjectPath {
        let rel = rel.trim_matches('/');
        if rel.is_empty() {
            self.prefix.clone()
        } else if self.prefix.as_ref().is_empty() {
            ObjectPath::from(rel)
        } else {
            ObjectPath::from(format!("{}/{rel}", self.prefix.as_ref()).as_str())
        }
    }

    fn rel_of(&self, key: &ObjectPath) -> String {
        let k = key.as_ref();
        let p = self.prefix.as_ref();
        if p.is_empty() { k.to_string() } else { k.strip_prefix(p).unwrap_or(k).trim_start_matches('/').to_string() }
    }

    /// Every object under `rel` (recursively), relative to the root.
    pub fn list(&self, rel: &str) -> Result<Vec<Object>, Failure> {
        let key = self.key(rel);
        let prefix = (!key.as_ref().is_empty()).then_some(&key);
        let metas: Vec<object_store::ObjectMeta> = runtime()
            .block_on(self.store.list(prefix).try_collect())
            .map_err(|e| self.failure(&format!("cannot list {}", self.url_of(rel)), &e))?;
        Ok(metas
            .into_iter()
            .map(|m| Object {
                rel: self.rel_of(&m.location),
                size: m.size,
                modified_ms: m.last_modified.timestamp_millis(),
            })
            .collect())
    }

    /// An object's bytes; `None` when there is no such object.
    pub fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, Failure> {
        self.get_many(&[rel.to_string()]).pop().expect("one result for one object")
    }

    /// Several objects at once, in the order asked.
    pub fn get_many(&self, rels: &[String]) -> Vec<Result<Option<Vec<u8>>, Failure>> {
        let fetch = |rel: &String| {
            let key = self.key(rel);
            let store = self.store.clone();
            async move {
                match store.get(&key).await {
                    Ok(r) => r.bytes().await.map(|b| Some(b.to_vec())),
                    Err(object_store::Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(e),
                }
            }
        };
        let results: Vec<_> =
            runtime().block_on(futures::stream::iter(rels.iter().map(fetch)).buffered(CONCURRENCY).collect());
        results
            .into_iter()
            .zip(rels)
            .map(|(r, rel)| r.map_err(|e| self.failure(&format!("cannot read {}", self.url_of(rel)), &e)))
            .collect()
    }

    /// Byte ranges of objects, asked all at once: `(rel, start, len)`, each within its object (the state
    /// reader asks for no more than the sizes `_metadata` records).
    pub fn get_ranges(&self, ranges: &[(String, u64, u64)]) -> Vec<Result<Vec<u8>, Failure>> {
        let fetch = |(rel, start, len): &(String, u64, u64)| {
            let key = self.key(rel);
            let store = self.store.clone();
            let (start, len) = (*start, *len);
            async move {
                if len == 0 {
                    return Ok(Vec::new());
                }
                let options =
                    object_store::GetOptions { range: Some((start..start + len).into()), ..Default::default() };
                store.get_opts(&key, options).await?.bytes().await.map(|b| b.to_vec())
            }
        };
        let results: Vec<_> =
            runtime().block_on(futures::stream::iter(ranges.iter().map(fetch)).buffered(CONCURRENCY).collect());
        results
            .into_iter()
            .zip(ranges)
            .map(|(r, (rel, _, _))| r.map_err(|e| self.failure(&format!("cannot read {}", self.url_of(rel)), &e)))
            .collect()
    }

    /// `url` (an object's absolute URL) relative to the root, if it is under it.
    pub fn rel_of_url(&self, url: &str) -> Option<String> {
        let url = canonical(url);
        let rest = url.strip_prefix(self.url.as_str())?;
        let rel = rest.strip_prefix('/')?;
        (!rel.is_empty()).then(|| rel.to_string())
    }

    /// Whether each object exists, asked all at once; `None` where the store could not say.
    pub fn exist_many(&self, rels: &[String]) -> Vec<Option<bool>> {
        let head = |rel: &String| {
            let key = self.key(rel);
            let store = self.store.clone();
            async move {
                match store.head(&key).await {
                    Ok(_) => Some(true),
                    Err(object_store::Error::NotFound { .. }) => Some(false),
                    Err(_) => None,
                }
            }
        };
        runtime().block_on(futures::stream::iter(rels.iter().map(head)).buffered(CONCURRENCY).collect())
    }

    /// Delete one object; deleting one that is not there is not an error.
    pub fn delete(&self, rel: &str) -> Result<(), Failure> {
        match runtime().block_on(self.store.delete(&self.key(rel))) {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.failure(&format!("cannot delete {}", self.url_of(rel)), &e)),
        }
    }

    /// Delete several objects, in bulk where the store can (S3's DeleteObjects: up to 1,000 per request).
    pub fn delete_many(&self, rels: &[String]) -> Result<(), Failure> {
        let keys: Vec<object_store::Result<ObjectPath>> = rels.iter().map(|r| Ok(self.key(r))).collect();
        let stream = self.store.delete_stream(futures::stream::iter(keys).boxed());
        let results: Vec<object_store::Result<ObjectPath>> = runtime().block_on(stream.collect());
        for r in results {
            match r {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(self.failure(&format!("cannot delete objects under {}", self.url), &e)),
            }
        }
        Ok(())
    }

    /// An object's bytes, modification time (the store's clock, ms) and version; `None` when there is none.
    pub fn get_versioned(&self, rel: &str) -> Result<Option<(Vec<u8>, i64, Version)>, Failure> {
        let read = async {
            let r = self.store.get(&self.key(rel)).await?;
            let meta = r.meta.clone();
            let bytes = r.bytes().await?;
            let version = UpdateVersion { e_tag: meta.e_tag, version: meta.version };
            Ok((bytes.to_vec(), meta.last_modified.timestamp_millis(), Version(version)))
        };
        match runtime().block_on(read) {
            Ok(v) => Ok(Some(v)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.failure(&format!("cannot read {}", self.url_of(rel)), &e)),
        }
    }

    /// Write an object only if none exists (a conditional put): its version, or `None` when one exists.
    pub fn create_new(&self, rel: &str, bytes: Vec<u8>) -> Result<Option<Version>, Failure> {
        self.put_if(rel, bytes, PutMode::Create, "create")
    }

    /// Replace an object only if it is still at `version` (S3's If-Match): the new version, or `None` when
    /// it has changed or is gone.
    pub fn replace(&self, rel: &str, bytes: Vec<u8>, version: &Version) -> Result<Option<Version>, Failure> {
        self.put_if(rel, bytes, PutMode::Update(version.0.clone()), "replace")
    }

    fn put_if(&self, rel: &str, bytes: Vec<u8>, mode: PutMode, what: &str) -> Result<Option<Version>, Failure> {
        let opts = PutOptions { mode, ..Default::default() };
        match runtime().block_on(self.store.put_opts(&self.key(rel), PutPayload::from(bytes), opts)) {
            Ok(r) => Ok(Some(Version(UpdateVersion { e_tag: r.e_tag, version: r.version }))),
            Err(object_store::Error::AlreadyExists { .. } | object_store::Error::Precondition { .. }) => Ok(None),
            Err(e) => Err(self.failure(&format!("cannot {what} {}", self.url_of(rel)), &e)),
        }
    }

    fn failure(&self, what: &str, e: &object_store::Error) -> Failure {
        let hint = match e {
            object_store::Error::Unauthenticated { .. } | object_store::Error::PermissionDenied { .. } => {
                " (check the credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or s3.access-key in the Flink configuration)"
            }
            _ if chain(e).contains("169.254.169.254") => {
                " (no credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with \
                 ~/.aws/credentials, or s3.access-key/s3.secret-key in the Flink configuration; the instance \
                 metadata service gave none)"
            }
            _ => "",
        };
        let msg = format!("{what}: {}{hint}", chain(e));
        if matches!(e, object_store::Error::NotFound { .. }) { Failure::not_found(msg) } else { Failure::failed(msg) }
    }
}

/// Keys from the AWS CLI's files (`~/.aws/credentials`, `~/.aws/config`) for `$AWS_PROFILE` (else `default`).
#[derive(Debug, PartialEq)]
struct Profile {
    key_id: String,
    secret: String,
    token: Option<String>,
    region: Option<String>,
}

fn shared_profile() -> Option<Profile> {
    let home = dirs::home_dir()?;
    let file = |var: &str, default: &str| {
        std::env::var_os(var).map(std::path::PathBuf::from).unwrap_or_else(|| home.join(".aws").join(default))
    };
    let credentials = std::fs::read_to_string(file("AWS_SHARED_CREDENTIALS_FILE", "credentials")).ok()?;
    let config = std::fs::read_to_string(file("AWS_CONFIG_FILE", "config")).unwrap_or_default();
    let name = std::env::var("AWS_PROFILE").unwrap_or_else(|_| "default".to_string());
    parse_profile(&credentials, &config, &name)
}

/// The INI section `[name]` of the credentials file, and `[profile name]` (or `[default]`) of the config file.
fn parse_profile(credentials: &str, config: &str, name: &str) -> Option<Profile> {
    fn section(text: &str, wanted: &str) -> std::collections::BTreeMap<String, String> {
        let mut inside = false;
        let mut out = std::collections::BTreeMap::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with(['#', ';'])) {
            if let Some(h) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                inside = h.trim() == wanted;
            } else if inside && let Some((k, v)) = line.split_once('=') {
                out.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        out
    }
    let mut c = section(credentials, name);
    let cfg = section(config, &if name == "default" { name.to_string() } else { format!("profile {name}") });
    Some(Profile {
        key_id: c.remove("aws_access_key_id")?,
        secret: c.remove("aws_secret_access_key")?,
        token: c.remove("aws_session_token"),
        region: cfg.get("region").cloned(),
    })
}

/// `abfs://container@account.dfs.core.windows.net/dir` → `dir`; `az://container/dir` → `dir`.
fn azure_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split_once('/').map(|(_, p)| p.trim_matches('/').to_string()).unwrap_or_default()
}

/// An error and its sources on one line, each said once.
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// A snapshot directory on object storage as the state reader sees it: relative names under it, absolute
/// URIs when they are under it too.
impl crate::metadata::states::RangeReader for Remote {
    fn read_ranges(
        &self,
        ranges: &[crate::metadata::states::Range],
    ) -> Vec<(std::result::Result<Vec<u8>, String>, String)> {
        let rels: Vec<Option<String>> =
            ranges.iter().map(|r| if r.relative { Some(r.path.clone()) } else { self.rel_of_url(&r.path) }).collect();
        let asks: Vec<(String, u64, u64)> = ranges
            .iter()
            .zip(&rels)
            .filter_map(|(r, rel)| rel.as_ref().map(|rel| (rel.clone(), r.start, r.len)))
            .collect();
        let mut got = self.get_ranges(&asks).into_iter();
        ranges
            .iter()
            .zip(rels)
            .map(|(r, rel)| match rel {
                Some(rel) => {
                    let whence = self.url_of(&rel);
                    let whence = if r.start > 0 { format!("{whence} (from byte {})", r.start) } else { whence };
                    let read = got.next().expect("one result per range asked").map_err(|f| f.message);
                    (read, whence)
                }
                None => (
                    Err(format!(
                        "{} is outside {}: fsp reads the state files under the snapshot's directory",
                        r.path, self.url
                    )),
                    r.path.clone(),
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(split_url("s3a://b/k/x/"), Some(("s3".to_string(), "b", "k/x")));
        assert_eq!(split_url("gs://b"), Some(("gs".to_string(), "b", "")));
        assert_eq!(split_url("/local"), None);
        assert_eq!(canonical("s3p://b//sp/savepoint-1/"), "s3://b/sp/savepoint-1");
        assert_eq!(canonical("S3://b"), "s3://b");
        assert_eq!(azure_path("abfs://c@acct.dfs.core.windows.net/sp/x/"), "sp/x");
        assert_eq!(azure_path("az://c"), "");
    }

    #[test]
    fn aws_cli_profiles() {
        let creds = "[default]\naws_access_key_id = AK\naws_secret_access_key=SK\n\n[ci]\n# a comment\n\
                     aws_access_key_id=CK\naws_secret_access_key = CS\naws_session_token = T\n";
        let config = "[default]\nregion = eu-west-1\n[profile ci]\nregion=us-west-2\n";
        let p = parse_profile(creds, config, "default").unwrap();
        assert_eq!(
            (p.key_id.as_str(), p.secret.as_str(), p.token, p.region.as_deref()),
            ("AK", "SK", None, Some("eu-west-1"))
        );
        let p = parse_profile(creds, config, "ci").unwrap();
        assert_eq!((p.key_id.as_str(), p.token.as_deref(), p.region.as_deref()), ("CK", Some("T"), Some("us-west-2")));
        assert_eq!(parse_profile(creds, "", "other"), None);
        assert_eq!(parse_profile("[default]\naws_access_key_id=A\n", "", "default"), None, "no secret");
    }

    #[test]
    fn unknown_schemes_are_refused_with_the_supported_ones() {
        let err = Remote::open("hdfs://nn:8020/sp", &FlinkConfig::default(), Duration::from_secs(1)).unwrap_err();
        assert_eq!(err.kind, crate::error::Exit::Usage);
        assert!(err.message.contains("s3://") && err.message.contains("not hdfs://"), "{}", err.message);
    }

    #[test]
    fn keys_are_relative_to_the_root() {
        let r = Remote::open("s3://bucket/sp/", &FlinkConfig::default(), Duration::from_secs(1)).unwrap();
        assert_eq!(r.url(), "s3://bucket/sp");
        assert_eq!(r.key("savepoint-1/_metadata").as_ref(), "sp/savepoint-1/_metadata");
        assert_eq!(r.rel_of(&ObjectPath::from("sp/savepoint-1/_metadata")), "savepoint-1/_metadata");
        assert_eq!(r.url_of("savepoint-1"), "s3://bucket/sp/savepoint-1");
        let top = Remote::open("s3://bucket", &FlinkConfig::default(), Duration::from_secs(1)).unwrap();
        assert_eq!(top.key("a/b").as_ref(), "a/b");
    }
}
