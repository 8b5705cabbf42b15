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
    if let Some(writer) = native_writer(meta) {
        let target = backend.name.trim().to_ascii_lowercase();
        // ForSt writes RocksDB-style handles: a NATIVE savepoint of either is not one of hashmap's
        let same = target == writer || (writer == "rocksdb" && target == "forst");
        if !same {
            f.warnings.push(format!(
                "this NATIVE savepoint was written by the {writer} state backend, and the job would run on {} \
                 ({}): a NATIVE savepoint restores only on the backend that wrote it. Take a canonical savepoint \
                 (fsp savepoint --type canonical) to switch backends, or run the job on {writer}",
                backend.name, backend.source
            ));
        }
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
        Backend { name: "hashmap".into(), source: "Flink's default".into() }
    }

    fn meta(version: i32) -> Metadata {
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

    #[test]
    fn a_native_savepoint_under_another_backend_is_named_with_the_fix() {
        let fixture = |name: &str| {
            let path = format!("{}/tests/fixtures/metadata/{name}/_metadata", env!("CARGO_MANIFEST_DIR"));
            crate::metadata::parse(&std::fs::read(path).unwrap()).unwrap()
        };
        let backend = |name: &str| Backend { name: name.into(), source: "-D state.backend.type".into() };
        let rocks = fixture("2.3.0-rocksdb-incremental-savepoint-native");
        let heap = fixture("2.3.0-savepoint-native");
        let f = check(&rocks, &[], Some(2), &backend("hashmap"));
        assert_eq!(f.warnings.len(), 1, "{f:?}");
        assert!(f.warnings[0].contains("written by the rocksdb state backend"), "{f:?}");
        assert!(f.warnings[0].contains("would run on hashmap (-D state.backend.type)"), "{f:?}");
        assert!(f.warnings[0].contains("fsp savepoint --type canonical"), "{f:?}");
        assert!(check(&rocks, &[], Some(2), &backend("rocksdb")).warnings.is_empty());
        assert!(check(&rocks, &[], Some(2), &backend("ForSt")).warnings.is_empty(), "ForSt reads RocksDB's");
        assert!(check(&heap, &[], Some(2), &backend("hashmap")).warnings.is_empty());
        assert!(check(&heap, &[], Some(2), &backend("rocksdb")).warnings[0].contains("written by the hashmap"));
        // a canonical savepoint switches backends freely
        let canonical = fixture("2.3.0-rocksdb-incremental-savepoint-canonical");
        assert!(check(&canonical, &[], Some(2), &backend("hashmap")).warnings.is_empty());
    }
}
