//! Will the state of a snapshot restore on this cluster's Flink? What Flink does not guarantee, found before
//! anything is submitted or stopped: a snapshot written by Flink 1.x restored on Flink 2.x (Flink gives no
//! state compatibility across the major version), and in it state that Kryo serializes (Flink 2.0 moved from
//! Kryo 2 to Kryo 5, the classic breakage: refused without `--force`, as Flink restores it with wrong values); and a NATIVE savepoint restored under another state backend
//! than the one that wrote it, which Flink cannot do (only CANONICAL savepoints switch backends).

use crate::metadata::Metadata;
use crate::metadata::states::OperatorStates;

/// What a restore check found: warnings to print, and refusals: what fsp does not restore without
/// `--force`, because the state would come back wrong.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    pub warnings: Vec<String>,
    pub refusals: Vec<String>,
}

/// The major Flink version that wrote a `_metadata` of this format version: V2–V4 are Flink 1.x
/// (1.3 to 1.20), V5 and later Flink 2.x.
fn writer_major(format_version: i32) -> u32 {
    if format_version <= 4 { 1 } else { 2 }
}

/// The state backend the new job runs on, and where that was read ("state.backend.type of the cluster's
/// configuration", "-D state.backend.type", "Flink's default").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backend {
    pub name: String,
    pub source: String,
    /// `state.backend.forst.timer-service.factory` as configured for the job (`-D`, else the cluster's), if
    /// set: ForSt restores a CANONICAL savepoint or a full checkpoint only with HEAP timers.
    pub forst_timers: Option<String>,
    /// Whether the backend was configured for the job (`-D`, the cluster's configuration): Flink's default
    /// may still be replaced by the job's own code, so what fsp finds against it is a warning, not a refusal.
    pub configured: bool,
}

impl Backend {
    fn forst_heap_timers(&self) -> bool {
        self.forst_timers.as_deref().is_some_and(|t| t.trim().eq_ignore_ascii_case("heap"))
    }
}

/// The family of a state backend as Flink names it, in configuration (`hashmap`, `rocksdb`, `forst`) or in a
/// job's checkpoint configuration (`HashMapStateBackend`, `EmbeddedRocksDBStateBackend`, `ForStStateBackend`).
pub fn backend_family(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    if n.contains("forst") {
        Some("forst")
    } else if n.contains("rocksdb") {
        Some("rocksdb")
    } else if n.contains("hashmap") || n.contains("heap") || n.contains("memory") || n.contains("filesystem") {
        Some("hashmap")
    } else {
        None
    }
}

/// What a keyed state handle of the snapshot is, for ForSt's restore: the full (non-incremental) handles
/// (3: a full checkpoint, 7: a CANONICAL savepoint, 12: hashmap's NATIVE savepoint) that ForSt restores only
/// with heap timers.
fn full_keyed_handle(meta: &Metadata) -> Option<&'static str> {
    meta.operators.iter().find_map(|o| match o.streams.keyed.as_ref()?.tag {
        3 => Some("a full (non-incremental) snapshot"),
        7 => Some("a CANONICAL savepoint"),
        12 => Some("a NATIVE savepoint of the hashmap state backend"),
        _ => None,
    })
}

/// The backend family that wrote a NATIVE savepoint's keyed state, from its handles: the RocksDB-style
/// handles (5, 11) are written by RocksDB and ForSt, the key-group handle (12) by hashmap.
fn native_writer(meta: &Metadata) -> Option<&'static str> {
    let native = meta.properties.as_ref().is_some_and(|p| p.format.as_deref() == Some("NATIVE"));
    if !native {
        return None;
    }
    meta.operators.iter().find_map(|o| match o.streams.keyed.as_ref()?.tag {
        5 | 11 => Some("rocksdb"),
        12 => Some("hashmap"),
        _ => None,
    })
}

/// `states` are the operators' states as `inspect --states` reads them (in `meta`'s operator order), where
/// they could be read; `cluster_major` is the major version of the cluster that would restore; `backend`
/// the new job's state backend as far as its configuration tells (a job can still set its own in code).
pub fn check(meta: &Metadata, states: &[OperatorStates], cluster_major: Option<u32>, backend: &Backend) -> Findings {
    let mut f = Findings::default();
    let target = backend_family(&backend.name);
    let forst_refuses = target == Some("forst") && !backend.forst_heap_timers();
    match (native_writer(meta), full_keyed_handle(meta)) {
        // ForSt refuses every full handle with its default timers, hashmap's NATIVE savepoints included
        (_, Some(what)) if forst_refuses => f.refusals.push(format!(
            "this is {what}, and the job would run on the ForSt state backend ({}), which restores only \
             incremental snapshots while its timers are kept in ForSt (state.backend.forst.timer-service.factory \
             is {}): Flink fails the restore with \"Not support restoring yet for ForStStateBackend\". Run the job \
             with -D state.backend.forst.timer-service.factory=HEAP, or restore it on the backend that wrote it",
            backend.source,
            backend.forst_timers.as_deref().map_or("not set, so ForStDB".to_string(), |t| format!("'{t}'")),
        )),
        // A NATIVE savepoint of RocksDB or ForSt (incremental handles) is not one of hashmap's, and the other
        // way round; ForSt and RocksDB read each other's
        (Some(writer), _) if target.is_some_and(|t| t != writer && !(writer == "rocksdb" && t == "forst")) => {
            let found = if backend.configured { &mut f.refusals } else { &mut f.warnings };
            found.push(format!(
                "this NATIVE savepoint was written by the {writer} state backend, and the job would run on {} \
                 ({}): a NATIVE savepoint restores only on the backend that wrote it (Flink fails the restore). \
                 Take a canonical savepoint (fsp savepoint --type canonical) to switch backends, or run the job \
                 on {writer}{}",
                backend.name,
                backend.source,
                if backend.configured {
                    ""
                } else {
                    " (no state backend is configured for it: if the job sets one in its code, pass it with -D \
                     state.backend.type)"
                }
            ))
        }
        _ => {}
    }
    let Some(cluster) = cluster_major else { return f };
    let written = writer_major(meta.version);
    if written >= cluster {
        return f;
    }
    let by = crate::metadata::version::written_by(meta.version).unwrap_or("Flink 1.x");
    f.warnings.push(format!(
        "the snapshot was written by {by} (format V{}) and the cluster runs Flink {cluster}.x: Flink does not \
         guarantee state compatibility from 1.x to 2.x; restore it on a test cluster first",
        meta.version
    ));
    let kryo: Vec<String> = meta
        .operators
        .iter()
        .zip(states)
        .flat_map(|(op, s)| {
            let label = op.uid.clone().or_else(|| op.name.clone()).unwrap_or_else(|| op.id.clone());
            s.states.iter().filter(|st| st.kryo).map(move |st| format!("'{}' of {label}", st.name))
        })
        .collect();
    if !kryo.is_empty() {
        // Seen on real Flink (tests/integration/states.rs): 2.3.0 restores the Kryo state of a 1.20.3
        // savepoint without an exception, and checkpoints it, but the values read back wrong.
        f.refusals.push(format!(
            "Kryo serializes {} state(s) in it ({}): Flink 2.x restores Kryo state written by Flink 1.x without \
             an error but with wrong values (Flink 2.0 moved from Kryo 2 to Kryo 5). Migrate that state first \
             (give it a Flink-serialized type, such as a POJO, on Flink 1.x, take a new savepoint there), or \
             restore anyway with --force",
            kryo.len(),
            kryo.join(", ")
        ));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::states::State;

    fn hashmap() -> Backend {
        Backend { name: "hashmap".into(), source: "Flink's default".into(), forst_timers: None, configured: false }
    }

    fn meta(version: i32) -> Metadata<'static> {
        let mut m =
            crate::metadata::parse(include_bytes!("../../tests/fixtures/metadata/2.3.0-savepoint-canonical/_metadata"))
                .unwrap();
        m.version = version;
        m
    }

    fn kryo_state(name: &str) -> OperatorStates {
        let state = State {
            name: name.into(),
            kind: "VALUE".into(),
            key_type: Some("Long".into()),
            value_type: Some("Kryo com.example.Session".into()),
            ttl: false,
            kryo: true,
        };
        OperatorStates { states: vec![state], problems: vec![] }
    }

    #[test]
    fn a_1x_snapshot_on_a_2x_cluster_is_a_warning_naming_its_kryo_state() {
        let m = meta(4);
        let mut states = vec![OperatorStates::default(); m.operators.len()];
        states[0] = kryo_state("session");
        let f = check(&m, &states, Some(2), &hashmap());
        assert_eq!((f.warnings.len(), f.refusals.len()), (1, 1), "{f:?}");
        assert!(f.warnings[0].contains("written by Flink 1.16 to 1.20 (format V4)"), "{f:?}");
        assert!(f.warnings[0].contains("the cluster runs Flink 2.x"), "{f:?}");
        let op = &m.operators[0];
        let label = op.uid.clone().or(op.name.clone()).unwrap();
        assert!(f.refusals[0].contains(&format!("'session' of {label}")), "{f:?}");
        assert!(f.refusals[0].contains("wrong values") && f.refusals[0].contains("--force"), "{f:?}");
        // without Kryo state: the version warning alone
        let plain = vec![OperatorStates::default(); m.operators.len()];
        let f = check(&m, &plain, Some(2), &hashmap());
        assert_eq!((f.warnings.len(), f.refusals.len()), (1, 0), "{f:?}");
    }

    #[test]
    fn same_major_or_unknown_cluster_is_silent() {
        let states = vec![kryo_state("session")];
        assert_eq!(check(&meta(4), &states, Some(1), &hashmap()), Findings::default(), "1.x on 1.x");
        assert_eq!(check(&meta(6), &states, Some(2), &hashmap()), Findings::default(), "2.x on 2.x");
        assert_eq!(check(&meta(4), &states, None, &hashmap()), Findings::default(), "no version from the cluster");
        assert_eq!(check(&meta(2), &[], Some(2), &hashmap()).warnings.len(), 1, "V2 is Flink 1.3 to 1.10");
    }

    fn fixture(name: &str) -> Metadata<'static> {
        let path = format!("{}/tests/fixtures/metadata/{name}/_metadata", env!("CARGO_MANIFEST_DIR"));
        crate::metadata::parse(&std::fs::read(path).unwrap()).unwrap().into_owned()
    }

    fn backend(name: &str) -> Backend {
        Backend { name: name.into(), source: "-D state.backend.type".into(), forst_timers: None, configured: true }
    }

    #[test]
    fn a_native_savepoint_under_another_backend_is_refused_with_the_fix() {
        let rocks = fixture("2.3.0-rocksdb-incremental-savepoint-native");
        let heap = fixture("2.3.0-savepoint-native");
        let f = check(&rocks, &[], Some(2), &backend("hashmap"));
        assert_eq!((f.warnings.len(), f.refusals.len()), (0, 1), "{f:?}");
        assert!(f.refusals[0].contains("written by the rocksdb state backend"), "{f:?}");
        assert!(f.refusals[0].contains("would run on hashmap (-D state.backend.type)"), "{f:?}");
        assert!(f.refusals[0].contains("fsp savepoint --type canonical"), "{f:?}");
        assert_eq!(check(&rocks, &[], Some(2), &backend("rocksdb")), Findings::default());
        assert_eq!(check(&rocks, &[], Some(2), &backend("ForSt")), Findings::default(), "ForSt reads RocksDB's");
        assert_eq!(check(&heap, &[], Some(2), &backend("hashmap")), Findings::default());
        assert!(check(&heap, &[], Some(2), &backend("rocksdb")).refusals[0].contains("written by the hashmap"));
        // against Flink's default, which the job's code may replace: a warning
        let f = check(&rocks, &[], Some(2), &hashmap());
        assert_eq!((f.warnings.len(), f.refusals.len()), (1, 0), "{f:?}");
        assert!(f.warnings[0].contains("if the job sets one in its code"), "{f:?}");
        // a canonical savepoint switches backends freely between hashmap and RocksDB
        let canonical = fixture("2.3.0-rocksdb-incremental-savepoint-canonical");
        assert_eq!(check(&canonical, &[], Some(2), &backend("hashmap")), Findings::default());
        assert_eq!(check(&canonical, &[], Some(2), &backend("rocksdb")), Findings::default());
    }

    #[test]
    fn forst_with_its_default_timers_refuses_every_full_snapshot() {
        let forst = backend("forst");
        for name in
            ["2.3.0-rocksdb-incremental-savepoint-canonical", "2.3.0-savepoint-canonical", "2.3.0-savepoint-native"]
        {
            let f = check(&fixture(name), &[], Some(2), &forst);
            assert_eq!((f.warnings.len(), f.refusals.len()), (0, 1), "{name}: {f:?}");
            assert!(f.refusals[0].contains("Not support restoring yet for ForStStateBackend"), "{f:?}");
            assert!(f.refusals[0].contains("-D state.backend.forst.timer-service.factory=HEAP"), "{f:?}");
            assert!(f.refusals[0].contains("not set, so ForStDB"), "{f:?}");
            let mut explicit = forst.clone();
            explicit.forst_timers = Some("ForStDB".into());
            assert!(check(&fixture(name), &[], Some(2), &explicit).refusals[0].contains("is 'ForStDB'"));
            let mut heap = forst.clone();
            heap.forst_timers = Some("HEAP".into());
            let f = check(&fixture(name), &[], Some(2), &heap);
            // hashmap's NATIVE savepoint is still one of hashmap's only
            assert_eq!(f.refusals.len(), usize::from(name.ends_with("-native")), "{name} with heap timers: {f:?}");
        }
        // incremental handles: ForSt's own kind
        assert_eq!(
            check(&fixture("2.3.0-rocksdb-incremental-savepoint-native"), &[], Some(2), &forst),
            Findings::default()
        );
    }

    #[test]
    fn backend_families_from_configuration_and_from_job_statistics() {
        let cases = [
            ("hashmap", Some("hashmap")),
            ("HashMapStateBackend", Some("hashmap")),
            ("rocksdb", Some("rocksdb")),
            ("EmbeddedRocksDBStateBackend", Some("rocksdb")),
            ("ForSt", Some("forst")),
            ("ForStStateBackend", Some("forst")),
            ("com.example.MyBackendFactory", None),
        ];
        for (name, want) in cases {
            assert_eq!(backend_family(name), want, "{name}");
        }
    }
}
