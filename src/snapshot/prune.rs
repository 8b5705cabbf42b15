//! A prune: lock every root, find what is there and what is in use, decide by the [`retention`](super::retention)
//! rules, and delete what they allow, up to eight snapshots at once.
//!
//! A retained checkpoint that references files outside its directory (incremental: its job's `shared/`) is
//! deleted by fsp with the same reference set as `fsp gc`: every `_metadata` of every root is read, and of the
//! files it names inside its own job directory, those that no kept `_metadata` names go after it (it was
//! their last holder); those another snapshot names stay. Any unreadable `_metadata`, or checkpoints still
//! completing while they are read, keep every such file. Without the cluster (`--offline`, or unreachable)
//! such a checkpoint is not deleted at all.

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::Result;
use serde::Serialize;

use super::delete::{dispose_or_delete, in_parallel};
use super::gc::References;
use super::in_use::gather;
use super::lock::{Lock, lock};
use super::retention::{Decision, Rules, decide};
use super::scan::Root;
use super::{Kind, Snapshot, normalised};
use crate::ctx::Ctx;
use crate::error::Failure;

/// `-o json` of `fsp prune`: `{"dry_run", "deleted": [{"path", "reason"}], "kept": [...], "failed": [...]}`
#[derive(Debug, Serialize, Default)]
pub struct Report {
    pub dry_run: bool,
    pub deleted: Vec<Decision>,
    pub kept: Vec<Decision>,
    pub failed: Vec<Decision>,
}

/// What to prune and how.
#[derive(Debug, Clone)]
pub struct Prune<'a> {
    pub rules: Rules,
    pub job: Option<&'a str>,
    /// Do not ask the cluster: nothing counts as in use, only self-contained snapshots are deleted.
    pub offline: bool,
    pub dry_run: bool,
}

/// Prune the roots. Snapshots that could not be deleted are in the report's `failed`, not an error.
pub fn prune(ctx: &Ctx, roots: &[Root], what: &Prune) -> Result<Report> {
    let locks: Vec<Lock> = roots.iter().map(|r| lock(&ctx.out, r)).collect::<Result<_>>()?;
    let (all, reachable) = gather(ctx, roots, what.job, what.offline)?;
    let snaps: Vec<Snapshot> = all.iter().map(|(_, s)| s.clone()).collect();
    let by_path: HashMap<&str, (&Root, &Snapshot)> =
        all.iter().map(|(r, s)| (s.path.as_str(), (&roots[*r], s))).collect();
    let mut report = Report { dry_run: what.dry_run, ..Default::default() };
    let (doomed, kept): (Vec<Decision>, Vec<Decision>) =
        decide(&snaps, &what.rules).into_iter().partition(|d| d.delete);
    report.kept = kept;
    // the retained checkpoints that reference files outside their directory: what deleting each frees. Only
    // with the cluster asked (which checkpoints are a running job's, which a restore source); offline they
    // stay, as every snapshot that is not self-contained does
    let sharing: Vec<&Snapshot> = doomed
        .iter()
        .filter(|_| reachable)
        .map(|d| by_path[d.path.as_str()].1)
        .filter(|s| s.kind == Kind::Checkpoint && s.has_metadata && !s.self_contained)
        .collect();
    let frees = if sharing.is_empty() { BTreeMap::new() } else { shared_files(roots, &sharing)? };
    let note = |path: &str, verb: &str| match frees.get(path) {
        Some(Ok((f, k))) => format!(
            "; {verb} {} file(s) outside it that no other snapshot references, kept {k} that others do",
            f.len()
        ),
        Some(Err(why)) => format!("; kept every file outside it: {why}"),
        None => String::new(),
    };
    if what.dry_run {
        report.deleted = doomed
            .into_iter()
            .map(|d| Decision { reason: format!("{}{}", d.reason, note(&d.path, "would free")), ..d })
            .collect();
        return Ok(report);
    }
    let client = if reachable { Some(ctx.client()?) } else { None };
    let deadline = ctx.deadline();
    let work: Vec<(Decision, &Root, &Snapshot)> = doomed
        .into_iter()
        .map(|d| {
            let (root, snap) =
                by_path.get(d.path.as_str()).copied().expect("every decision is about a gathered snapshot");
            (d, root, snap)
        })
        .collect();
    let lost = || locks.iter().find_map(Lock::lost);
    let outcomes = in_parallel(work, |(_, root, snap)| match lost() {
        Some(why) => Err(Failure::failed(format!("not deleted: this prune lost its lock ({why})")).into()),
        // its _metadata first, then its own files; the files outside it only once every such delete is done
        None if frees.contains_key(&snap.path) => {
            root.delete(&snap.path).map(|()| "deleted by fsp".to_string()).map_err(anyhow::Error::from)
        }
        None => dispose_or_delete(client, deadline, root, snap),
    });
    // a file is freed only if every checkpoint naming it is gone: one whose delete failed keeps its files
    let failed_refs: HashSet<&String> = outcomes
        .iter()
        .filter(|(_, o)| o.is_err())
        .filter_map(|((d, _, _), _)| frees.get(&d.path).and_then(|f| f.as_ref().ok()))
        .flat_map(|(f, _)| f.iter())
        .collect();
    for ((d, root, _), outcome) in outcomes {
        match outcome {
            Ok(how) => {
                let mut reason = format!("{}; {how}", d.reason);
                if let Some(Ok((files, _))) = frees.get(&d.path) {
                    let go: Vec<&String> = files.iter().filter(|f| !failed_refs.contains(f)).collect();
                    match delete_files(root, &go) {
                        Ok(()) => reason += &note(&d.path, "freed"),
                        Err(e) => {
                            report.failed.push(Decision {
                                delete: false,
                                reason: format!(
                                    "deleted, but not the files outside it it was the last to reference: {e:#}"
                                ),
                                ..d
                            });
                            continue;
                        }
                    }
                } else {
                    reason += &note(&d.path, "freed");
                }
                report.deleted.push(Decision { reason, ..d });
            }
            Err(e) => report.failed.push(Decision { delete: false, reason: format!("{e:#}"), ..d }),
        }
    }
    Ok(report)
}

/// For each checkpoint (by path): the files outside it that deleting it frees, and how many it names that
/// other snapshots keep; or why none may go.
type Frees = BTreeMap<String, Result<(Vec<String>, usize), String>>;

/// Read every `_metadata` of every root, and say what deleting each of `doomed` frees ([`frees`]).
fn shared_files(roots: &[Root], doomed: &[&Snapshot]) -> Result<Frees> {
    let mut refs: BTreeMap<String, References> = BTreeMap::new();
    let mut unsettled = None;
    for r in roots {
        let listing = super::references::list(r)?;
        let (read, why) = super::references::read_settled(r, listing)?;
        refs.extend(read);
        unsettled = unsettled.or(why);
    }
    let meta_of = |s: &Snapshot| format!("{}/{}", normalised(&s.path), crate::pointer::METADATA_FILE);
    let doomed_metas: HashSet<String> = doomed.iter().map(|s| meta_of(s)).collect();
    let mut keep: HashSet<&str> = HashSet::new();
    let mut unreadable = None;
    for (meta, r) in refs.iter().filter(|(m, _)| !doomed_metas.contains(*m)) {
        match r {
            References::Read { files, .. } => keep.extend(files.iter().map(String::as_str)),
            References::Unreadable(why) => unreadable = unreadable.or(Some(format!("{meta} cannot be read ({why})"))),
        }
    }
    Ok(doomed
        .iter()
        .map(|s| {
            let result = match (&unsettled, &unreadable, refs.get(&meta_of(s))) {
                (Some(why), _, _) | (None, Some(why), _) => Err(why.clone()),
                (None, None, Some(References::Read { files, .. })) => Ok(frees(&normalised(&s.path), files, &keep)),
                (None, None, _) => Err("its _metadata could not be read again".to_string()),
            };
            (s.path.clone(), result)
        })
        .collect())
}

/// The files outside checkpoint `chk` (normalised) that deleting it frees: those of `own` inside its job
/// directory that `keep` (what every other kept `_metadata` names) lacks; and how many of `own` outside it
/// `keep` has. Files in other jobs' directories or elsewhere (a savepoint a CLAIM restore reuses) never go.
pub fn frees(chk: &str, own: &[String], keep: &HashSet<&str>) -> (Vec<String>, usize) {
    let job_dir = chk.rsplit_once('/').map_or("", |(d, _)| d);
    let outside = own.iter().filter(|f| !f.starts_with(&format!("{chk}/")));
    let (kept, rest): (Vec<&String>, Vec<&String>) = outside.partition(|f| keep.contains(f.as_str()));
    let mut go: Vec<String> =
        rest.into_iter().filter(|f| !job_dir.is_empty() && f.starts_with(&format!("{job_dir}/"))).cloned().collect();
    go.sort();
    go.dedup();
    (go, kept.len())
}

/// Delete files (normalised locations) under a root; one already gone is not an error.
fn delete_files(root: &Root, files: &[&String]) -> Result<(), Failure> {
    match root {
        Root::Local(_) => {
            for f in files {
                match std::fs::remove_file(f.as_str()) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Failure::failed(format!("cannot delete {f}: {e}"))),
                }
            }
            Ok(())
        }
        Root::Remote(r) => {
            let rels: Vec<String> = files.iter().filter_map(|f| r.rel_of_url(f)).collect();
            r.delete_many(&rels)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_frees_what_only_it_names_inside_its_job_directory() {
        let chk = "/ck/a/chk-4";
        let own: Vec<String> = [
            "/ck/a/chk-4/meta",                    // its own directory: deleted with it, not here
            "/ck/a/shared/only-mine",              // freed
            "/ck/a/shared/also-chk-5",             // chk-5 keeps it
            "/ck/b/shared/from-a-claim",           // another job's: never
            "/sp/savepoint-aaaaaa-000000000000/x", // a savepoint's: never
        ]
        .map(String::from)
        .to_vec();
        let keep: HashSet<&str> = ["/ck/a/shared/also-chk-5"].into();
        let (go, kept) = frees(chk, &own, &keep);
        assert_eq!(go, vec!["/ck/a/shared/only-mine".to_string()]);
        assert_eq!(kept, 1);
        // the last holder of the shared one frees it too
        let (go, _) = frees(chk, &own, &HashSet::new());
        assert_eq!(go, vec!["/ck/a/shared/also-chk-5".to_string(), "/ck/a/shared/only-mine".to_string()]);
    }
}
