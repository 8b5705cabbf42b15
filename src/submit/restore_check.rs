//! Will a savepoint restore into a new job? The savepoint's operators (from `_metadata`) against the new
//! job's operator ids (its plan's vertices, plus the uids the user names), the way Flink decides: state of an
//! operator the new job lacks makes Flink refuse the restore unless non-restored state is allowed; an
//! operator without state in the savepoint is skipped; a new operator with no state starts empty.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::metadata::{Metadata, operator_id};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: String,
    /// A uid or name where one is known.
    pub label: Option<String>,
}

#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Savepoint state that maps to an operator of the new job.
    pub restored: Vec<Entry>,
    /// Savepoint state with no operator in the new job: Flink refuses without -n, and drops it with -n.
    pub not_restored: Vec<Entry>,
    /// Operators of the new job with no state in the savepoint: they start empty.
    pub start_empty: Vec<Entry>,
    /// Whether Flink would refuse the restore.
    pub refused: bool,
}

/// `new_job` maps the new job's operator ids to labels; `uids` are uids the user says the new job has.
pub fn check(
    savepoint: &Metadata,
    new_job: &BTreeMap<String, String>,
    uids: &[String],
    allow_non_restored: bool,
) -> Verdict {
    let mut new_ids: BTreeMap<String, String> = new_job.clone();
    for u in uids {
        new_ids.insert(operator_id(u), format!("uid {u}"));
    }
    let mut v = Verdict::default();
    for op in &savepoint.operators {
        if !op.state.any() {
            continue;
        }
        let label = op.uid.clone().or_else(|| new_ids.get(&op.id).cloned()).or_else(|| op.name.clone());
        let entry = Entry { id: op.id.clone(), label };
        if new_ids.contains_key(&op.id) {
            v.restored.push(entry);
        } else {
            v.not_restored.push(entry);
        }
    }
    for (id, label) in &new_ids {
        let has_state = savepoint.operators.iter().any(|o| &o.id == id && o.state.any());
        if !has_state {
            v.start_empty.push(Entry { id: id.clone(), label: Some(label.clone()) });
        }
    }
    v.refused = !v.not_restored.is_empty() && !allow_non_restored;
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::parse;

    fn fixture() -> Metadata<'static> {
        parse(include_bytes!("../../tests/fixtures/metadata/2.3.0-savepoint-canonical/_metadata")).unwrap()
    }

    fn plan(uids: &[&str]) -> BTreeMap<String, String> {
        uids.iter().map(|u| (operator_id(u), u.to_string())).collect()
    }

    #[test]
    fn the_same_job_restores_everything() {
        let v = check(&fixture(), &plan(&["numbers", "counter", "dedup"]), &[], false);
        assert!(!v.refused);
        assert_eq!(v.restored.len(), 3);
        assert!(v.not_restored.is_empty() && v.start_empty.is_empty());
    }

    #[test]
    fn a_dropped_stateful_operator_is_refused_without_n() {
        let v = check(&fixture(), &plan(&["numbers", "counter"]), &[], false);
        assert!(v.refused);
        assert_eq!(v.not_restored, vec![Entry { id: operator_id("dedup"), label: Some("dedup".into()) }]);
        let v = check(&fixture(), &plan(&["numbers", "counter"]), &[], true);
        assert!(!v.refused);
        assert_eq!(v.not_restored.len(), 1);
    }

    #[test]
    fn new_operators_start_empty_and_uids_count_as_present() {
        let v = check(&fixture(), &plan(&["numbers", "counter", "brand-new"]), &["dedup".into()], false);
        assert!(!v.refused);
        assert_eq!(v.start_empty.iter().map(|e| e.label.clone().unwrap()).collect::<Vec<_>>(), vec!["brand-new"]);
    }
}
