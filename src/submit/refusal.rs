//! What Flink's refusals mean: a jar whose `main()` failed, a job that did not start, and above all state
//! that cannot be mapped to the new job, named by operator id and, where the savepoint says, by uid.

use std::collections::BTreeMap;

use crate::error::Failure;
use crate::job_id::JobId;
use crate::pointer::{Location, local_metadata_file, parse_location};
use crate::rest::types::JobState;
use crate::rest::{ApiError, Client, root_cause};

/// Why Flink refused to run a jar. `job_args` are the job's own arguments (for the hint about options
/// given after the jar).
pub fn explain_submit_error(e: ApiError, savepoint: Option<&str>, job_args: &[String]) -> anyhow::Error {
    let (text, detail) = match &e {
        ApiError::Status { message, detail, .. } => {
            (format!("{message}\n{}", detail.as_deref().unwrap_or_default()), detail.clone())
        }
        other => (other.to_string(), None),
    };
    if let Some(msg) = unmapped_state_message(&text, savepoint) {
        return Failure::failed(msg + &misplaced_options_hint(job_args)).with_detail(detail).into();
    }
    if let Some(d) = &detail {
        let (cause, _) = root_cause(d);
        if !cause.is_empty() {
            return Failure::failed(format!("Flink could not run the jar: the job's main() failed: {cause}"))
                .with_detail(detail)
                .into();
        }
    }
    anyhow::Error::new(e).context("Flink refused to run the jar")
}

/// Why a submitted job did not reach RUNNING, from its exceptions.
pub fn job_failed_to_start(
    client: &Client,
    job: &JobId,
    state: &JobState,
    savepoint: Option<&str>,
    job_args: &[String],
) -> anyhow::Error {
    let exceptions = client.job_exceptions(job).unwrap_or_default();
    let mut text = exceptions.root_exception.unwrap_or_default();
    if let Some(h) = exceptions.exception_history {
        for entry in h.entries {
            text.push('\n');
            text.push_str(&entry.stacktrace);
        }
    }
    if let Some(msg) = unmapped_state_message(&text, savepoint) {
        let hint = misplaced_options_hint(job_args);
        return Failure::failed(format!("job {job} {}: {msg}{hint}", state.as_str().to_lowercase())).into();
    }
    let cause = if text.trim().is_empty() { "no exception was recorded".to_string() } else { root_cause(&text).0 };
    Failure::failed(format!("job {job} did not start: it is {state}. {cause}")).into()
}

/// Restore options among the job's own arguments (`fsp run x.jar -n`) went to the job, not to fsp: say so.
fn misplaced_options_hint(job_args: &[String]) -> String {
    const RESTORE_OPTIONS: &[&str] =
        &["-n", "--allowNonRestoredState", "--allow-non-restored-state", "-s", "--fromSavepoint", "--from-savepoint"];
    let found: Vec<&str> = job_args
        .iter()
        .map(|a| a.split_once('=').map_or(a.as_str(), |(name, _)| name))
        .filter(|a| RESTORE_OPTIONS.contains(a))
        .collect();
    if found.is_empty() {
        return String::new();
    }
    format!(
        ". Note: {} came after the jar, so it went to the job as its own argument, not to fsp; options for fsp \
         belong before the jar (`fsp run -s SAVEPOINT -n JAR [ARGS]`)",
        found.join(", ")
    )
}

/// Operator id → uid, from a local savepoint's `_metadata`; empty when it cannot be read.
fn savepoint_uids(savepoint: &str) -> BTreeMap<String, String> {
    let Location::Local(p) = parse_location(savepoint) else { return BTreeMap::new() };
    let Ok(file) = local_metadata_file(&p) else { return BTreeMap::new() };
    let Ok(bytes) = std::fs::read(file) else { return BTreeMap::new() };
    let Ok(m) = crate::metadata::parse(&bytes) else { return BTreeMap::new() };
    m.operators.into_iter().filter_map(|o| Some((o.id, o.uid?))).collect()
}

/// Flink's "Cannot map checkpoint/savepoint state for operator X to the new program" as an actionable
/// sentence listing every operator id not mapped.
pub fn unmapped_state_message(text: &str, savepoint: Option<&str>) -> Option<String> {
    const NEEDLE: &str = "Cannot map checkpoint/savepoint state for operator ";
    let mut ids: Vec<String> = Vec::new();
    for part in text.split(NEEDLE).skip(1) {
        let id: String = part.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.is_empty() {
        return None;
    }
    // Name the operators by uid where the savepoint's _metadata (V5+, Flink 2.x) says it.
    let uids = savepoint.map(savepoint_uids).unwrap_or_default();
    let ids: Vec<String> = ids
        .into_iter()
        .map(|id| match uids.get(&id) {
            Some(uid) => format!("{id} (uid '{}')", crate::format::sanitize(uid)),
            None => id,
        })
        .collect();
    let from = savepoint.map(|s| format!(" in {s}")).unwrap_or_default();
    let (noun, it) = if ids.len() == 1 { ("operator", "it is") } else { ("operators", "they are") };
    Some(format!(
        "the state{from} of {noun} {} cannot be mapped to the new job ({it} not in the new program). \
         Run again with -n (--allow-non-restored-state) to skip that state, or keep the operator's uid \
         (`fsp inspect --uid NAME {}` shows which uid an id belongs to)",
        ids.join(", "),
        savepoint.unwrap_or("<savepoint>"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmapped_state_is_explained() {
        let text = "java.lang.IllegalStateException: Failed to rollback to checkpoint/savepoint file:/sp/x. \
            Cannot map checkpoint/savepoint state for operator 3b9b1ed7d7dff0f2d2dfa3dd2e6e3c6d to the new program, \
            because the operator is not available in the new program. If you want to allow to skip this, you can set \
            the --allowNonRestoredState option on the CLI.\nCaused by: ... Cannot map checkpoint/savepoint state for operator 3b9b1ed7d7dff0f2d2dfa3dd2e6e3c6d to";
        let msg = unmapped_state_message(text, Some("/sp/x")).unwrap();
        assert!(msg.contains("operator 3b9b1ed7d7dff0f2d2dfa3dd2e6e3c6d cannot be mapped"), "{msg}");
        assert!(msg.contains("-n (--allow-non-restored-state)"), "{msg}");
        assert_eq!(unmapped_state_message("other failure", None), None);
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(misplaced_options_hint(&args(&["--in", "x"])), "");
        let hint = misplaced_options_hint(&args(&["--in", "-n", "--fromSavepoint=/sp"]));
        assert!(hint.contains("-n, --fromSavepoint came after the jar") && hint.contains("before the jar"), "{hint}");
        let two = format!("{text} Cannot map checkpoint/savepoint state for operator abcdef to");
        assert!(
            unmapped_state_message(&two, None)
                .unwrap()
                .contains("operators 3b9b1ed7d7dff0f2d2dfa3dd2e6e3c6d, abcdef cannot")
        );
    }
}
