//! Will the state of a snapshot restore on this cluster's Flink? What Flink does not guarantee, found before
//! anything is submitted or stopped: a snapshot written by Flink 1.x restored on Flink 2.x (Flink gives no
//! state compatibility across the major version), and in it state that Kryo serializes (Flink 2.0 moved from
//! Kryo 2 to Kryo 5, the classic breakage).

use crate::metadata::Metadata;
use crate::metadata::states::OperatorStates;

/// What a restore check found: warnings to print, and the state named in them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    pub warnings: Vec<String>,
}

/// The major Flink version that wrote a `_metadata` of this format version: V2–V4 are Flink 1.x
/// (1.3 to 1.20), V5 and later Flink 2.x.
fn writer_major(format_version: i32) -> u32 {
    if format_version <= 4 { 1 } else { 2 }
}

/// `states` are the operators' states as `inspect --states` reads them (in `meta`'s operator order), where
/// they could be read; `cluster_major` is the major version of the cluster that would restore.
pub fn check(meta: &Metadata, states: &[OperatorStates], cluster_major: Option<u32>) -> Findings {
    let mut f = Findings::default();
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
        f.warnings.push(format!(
            "Kryo serializes {} state(s) in it ({}): Flink 2.x reads Kryo state with Kryo 5, where Flink 1.x \
             wrote Kryo 2, so this state is the most likely to fail to restore",
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
        let f = check(&m, &states, Some(2));
        assert_eq!(f.warnings.len(), 2, "{f:?}");
        assert!(f.warnings[0].contains("written by Flink 1.16 to 1.20 (format V4)"), "{f:?}");
        assert!(f.warnings[0].contains("the cluster runs Flink 2.x"), "{f:?}");
        let op = &m.operators[0];
        let label = op.uid.clone().or(op.name.clone()).unwrap();
        assert!(f.warnings[1].contains(&format!("'session' of {label}")), "{f:?}");
        assert!(f.warnings[1].contains("Kryo 5"), "{f:?}");
        // without Kryo state: the version warning alone
        let plain = vec![OperatorStates::default(); m.operators.len()];
        assert_eq!(check(&m, &plain, Some(2)).warnings.len(), 1);
    }

    #[test]
    fn same_major_or_unknown_cluster_is_silent() {
        let states = vec![kryo_state("session")];
        assert_eq!(check(&meta(4), &states, Some(1)), Findings::default(), "1.x on 1.x");
        assert_eq!(check(&meta(6), &states, Some(2)), Findings::default(), "2.x on 2.x");
        assert_eq!(check(&meta(4), &states, None), Findings::default(), "no version from the cluster");
        assert_eq!(check(&meta(2), &[], Some(2)).warnings.len(), 1, "V2 is Flink 1.3 to 1.10");
    }
}
