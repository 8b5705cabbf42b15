//! The manifest `fsp stop --all --manifest FILE` writes and `fsp run --manifest FILE` reads: per stopped job,
//! everything needed to bring it back from its savepoint (the format, version 1, is documented in the README).
//!
//! Pure apart from [`Writer`], which writes the file atomically (a temporary file renamed over it) after each
//! job's savepoint, and never over a file that was there before unless told to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::Failure;
use crate::submit::recipe::Recipe;

/// The version this fsp writes and reads.
pub const VERSION: u32 = 1;

/// The global job parameter that tags a job `run --manifest` submitted with the old job id of its entry.
pub const MANIFEST_OF_KEY: &str = "fsp.manifest-of";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// When the stop began (RFC 3339).
    pub created: String,
    /// The command that wrote it.
    pub command: String,
    pub entries: Vec<Entry>,
}

/// One stopped job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    pub old_job_id: String,
    pub cluster: ClusterRef,
    /// The savepoint the job was stopped with.
    pub savepoint: String,
    pub jar: JarRef,
    #[serde(default)]
    pub entry_class: Option<String>,
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default)]
    pub parallelism: Option<u32>,
    #[serde(default)]
    pub allow_non_restored_state: bool,
    /// The `-D` properties fsp submitted the job with.
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// Whether fsp submitted the job (its recipe was read): otherwise the jar, class and arguments are unknown.
    pub complete: bool,
    /// What is unknown and must be filled in before `run --manifest` brings this job back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClusterRef {
    /// The profile of fsp's `config.toml`, when the cluster was chosen by one.
    #[serde(default)]
    pub profile: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct JarRef {
    /// The jar's id on the cluster (`GET /jars`); gone after a JobManager restart unless `web.upload.dir`
    /// is persistent.
    #[serde(default)]
    pub id: Option<String>,
    /// The absolute path of the local jar fsp uploaded.
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub sha256: Option<String>,
}

impl Entry {
    /// The entry of a job stopped into `savepoint`: from its recipe when fsp submitted it, else from what
    /// the cluster tells (name, parallelism), with the jar marked unknown.
    pub fn new(
        name: &str,
        old_job_id: &str,
        cluster: ClusterRef,
        savepoint: &str,
        recipe: Option<&Recipe>,
        parallelism: Option<u32>,
    ) -> Entry {
        let base = Entry {
            name: name.to_string(),
            old_job_id: old_job_id.to_string(),
            cluster,
            savepoint: savepoint.to_string(),
            jar: JarRef::default(),
            entry_class: None,
            args: Vec::new(),
            parallelism,
            allow_non_restored_state: false,
            properties: BTreeMap::new(),
            complete: false,
            missing: vec!["jar.path".into(), "entry_class".into(), "args".into()],
        };
        match recipe {
            None => base,
            Some(r) => Entry {
                jar: JarRef {
                    id: Some(r.jar_id.clone()).filter(|s| !s.is_empty()),
                    path: r.jar_path.clone(),
                    sha256: r.jar_sha256.clone(),
                },
                entry_class: r.entry_class.clone(),
                args: r.args.clone(),
                parallelism: r.parallelism.or(parallelism),
                allow_non_restored_state: r.allow_non_restored_state,
                properties: r.properties.clone(),
                complete: true,
                missing: Vec::new(),
                ..base
            },
        }
    }

    /// Why `run --manifest` cannot bring this entry back as it stands, naming the field to fill in.
    pub fn unrunnable(&self) -> Option<String> {
        if self.jar.id.is_some() || self.jar.path.is_some() {
            return None;
        }
        let who = if self.complete { "" } else { " (fsp did not submit it)" };
        Some(format!(
            "the jar of job {} '{}' is unknown{who}: fill in \"jar\": {{\"path\": \"/absolute/path/job.jar\"}} in its \
             entry, and \"entry_class\" and \"args\" if the job needs them",
            self.old_job_id, self.name
        ))
    }
}

impl Manifest {
    pub fn new(command: &str, created: String) -> Manifest {
        Manifest { version: VERSION, created, command: command.to_string(), entries: Vec::new() }
    }

    pub fn encode(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// A manifest from its text; another version, or anything else than a manifest, is refused.
    pub fn decode(text: &str, file: &str) -> Result<Manifest, Failure> {
        let not = |why: String| Failure::usage(format!("{file} is not an fsp manifest: {why}"));
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| not(e.to_string()))?;
        match v.get("version").and_then(serde_json::Value::as_u64) {
            Some(n) if n == u64::from(VERSION) => {}
            Some(n) => {
                return Err(Failure::usage(format!(
                    "{file} is a version {n} manifest; this fsp reads version {VERSION} only: use the fsp that \
                     wrote it, or a newer one"
                )));
            }
            None => return Err(not("no \"version\"".into())),
        }
        serde_json::from_value(v).map_err(|e| not(e.to_string()))
    }
}

/// Writes the manifest as it grows, atomically each time: a temporary file beside it, renamed over it.
pub struct Writer {
    path: PathBuf,
    manifest: Mutex<Manifest>,
}

impl Writer {
    /// Write the empty manifest now, before anything is stopped: refused (exit 2) when `path` exists and
    /// `force` is not given, so nothing is overwritten; the directory must be writable.
    pub fn create(path: &Path, manifest: Manifest, force: bool) -> Result<Writer, Failure> {
        let shown = path.display();
        if !force && (path.exists() || path.is_symlink()) {
            return Err(Failure::usage(format!(
                "{shown} exists: a manifest is never written over another file; give another path, or --force to \
                 replace it"
            )));
        }
        let tmp = temp_path(path);
        std::fs::write(&tmp, manifest.encode())
            .map_err(|e| Failure::failed(format!("cannot write the manifest {shown}: {e}")))?;
        let placed = if force {
            std::fs::rename(&tmp, path)
        } else {
            // a hard link fails if the path exists meanwhile: never over another file
            std::fs::hard_link(&tmp, path).and_then(|()| std::fs::remove_file(&tmp))
        };
        if let Err(e) = placed {
            let _ = std::fs::remove_file(&tmp);
            return Err(Failure::failed(format!("cannot write the manifest {shown}: {e}")));
        }
        Ok(Writer { path: path.to_path_buf(), manifest: Mutex::new(manifest) })
    }

    /// Add a job's entry and write the whole manifest again.
    pub fn add(&self, entry: Entry) -> std::io::Result<()> {
        let mut m = self.manifest.lock().unwrap_or_else(|e| e.into_inner());
        m.entries.push(entry);
        let tmp = temp_path(&self.path);
        std::fs::write(&tmp, m.encode())?;
        std::fs::rename(&tmp, &self.path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.manifest.lock().unwrap_or_else(|e| e.into_inner()).entries.len()
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipe() -> Recipe {
        Recipe {
            jar_id: "abc_job.jar".into(),
            entry_class: Some("a.B".into()),
            args: vec!["--name".into(), "orders".into()],
            parallelism: Some(2),
            allow_non_restored_state: true,
            properties: [("state.backend.type".to_string(), "rocksdb".to_string())].into(),
            jar_path: Some("/jars/job.jar".into()),
            jar_sha256: Some("0f".repeat(32)),
        }
    }

    fn cluster() -> ClusterRef {
        ClusterRef { profile: Some("prod".into()), url: "http://jm:8081".into() }
    }

    #[test]
    fn round_trip() {
        let mut m = Manifest::new("stop --all", "2026-12-03T17:00:00Z".into());
        m.entries.push(Entry::new("orders", &"a".repeat(32), cluster(), "file:/sp/savepoint-1", Some(&recipe()), None));
        m.entries.push(Entry::new("cli-job", &"b".repeat(32), cluster(), "file:/sp/savepoint-2", None, Some(3)));
        let text = m.encode();
        assert_eq!(Manifest::decode(&text, "m.json").unwrap(), m);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["version"], 1);
        let e = &v["entries"][0];
        assert_eq!(
            e["jar"],
            serde_json::json!({"id": "abc_job.jar", "path": "/jars/job.jar", "sha256": "0f".repeat(32)})
        );
        assert_eq!((e["parallelism"].clone(), e["complete"].clone()), (2.into(), true.into()));
        assert_eq!(e["properties"]["state.backend.type"], "rocksdb");
        assert!(e.get("missing").is_none(), "{e}");
        let cli = &v["entries"][1];
        assert_eq!((cli["parallelism"].clone(), cli["complete"].clone()), (3.into(), false.into()));
        assert_eq!(cli["missing"], serde_json::json!(["jar.path", "entry_class", "args"]));
    }

    #[test]
    fn unknown_versions_and_other_files_are_refused() {
        let m = Manifest::new("stop --all", "t".into()).encode().replace("\"version\": 1", "\"version\": 2");
        let e = Manifest::decode(&m, "m.json").unwrap_err();
        assert_eq!(e.kind, crate::error::Exit::Usage);
        assert!(e.message.contains("m.json is a version 2 manifest; this fsp reads version 1 only"), "{e}");
        for bad in ["{}", "[]", "not json", "{\"version\": 1}"] {
            let e = Manifest::decode(bad, "x.json").unwrap_err();
            assert!(e.message.starts_with("x.json is not an fsp manifest: "), "{bad}: {e}");
        }
    }

    #[test]
    fn an_entry_without_a_jar_names_the_field_to_fill_in() {
        let mut e = Entry::new("cli-job", &"b".repeat(32), cluster(), "/sp", None, Some(1));
        let why = e.unrunnable().unwrap();
        assert!(why.contains("fsp did not submit it") && why.contains("\"jar\": {\"path\""), "{why}");
        e.jar.path = Some("/jars/job.jar".into());
        assert_eq!(e.unrunnable(), None);
        let from_recipe = Entry::new("orders", &"a".repeat(32), cluster(), "/sp", Some(&recipe()), None);
        assert_eq!(from_recipe.unrunnable(), None);
    }

    #[test]
    fn the_writer_never_overwrites_unless_forced_and_rewrites_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        std::fs::write(&path, "precious").unwrap();
        let e = Writer::create(&path, Manifest::new("stop --all", "t".into()), false).err().unwrap();
        assert_eq!(e.kind, crate::error::Exit::Usage);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
        let w = Writer::create(&path, Manifest::new("stop --all", "t".into()), true).unwrap();
        assert_eq!(Manifest::decode(&std::fs::read_to_string(&path).unwrap(), "m").unwrap().entries.len(), 0);
        w.add(Entry::new("orders", &"a".repeat(32), cluster(), "/sp", Some(&recipe()), None)).unwrap();
        w.add(Entry::new("other", &"c".repeat(32), cluster(), "/sp2", None, None)).unwrap();
        let m = Manifest::decode(&std::fs::read_to_string(&path).unwrap(), "m").unwrap();
        assert_eq!(m.entries.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["orders", "other"]);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["m.json"], "no temporary file left behind");
        let fresh = dir.path().join("new.json");
        Writer::create(&fresh, Manifest::new("stop --all", "t".into()), false).unwrap();
        assert!(fresh.is_file());
    }
}
