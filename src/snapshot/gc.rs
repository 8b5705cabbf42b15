//! `fsp gc`: which files and directories under a checkpoint root nothing references, and which of them may
//! be deleted. Pure: a listing of the root, what every `_metadata` references, and what the cluster says go
//! in; a plan per job directory comes out. The filesystem, the object store and the cluster stay in the
//! command (`cmd/gc.rs`).
//!
//! The safety rules (`shared/reference/storage-layouts.md` §7), each a reason an orphan is kept:
//! - referenced: a file named by any readable `_metadata` (of any job under the root, or of any savepoint)
//!   is never an orphan, nor is a `_metadata` itself. For file merging the unit is the physical file: one
//!   segment named keeps the whole file; the directories file-merging operator handles (tag 17) name are
//!   kept (with their parents), the files in them are judged one by one;
//! - unsettled: when checkpoints kept completing while gc read them (a `_metadata` read vanished and newer
//!   ones kept appearing), nothing at all: what the newest reference is unknown;
//! - unreachable: with the cluster out of reach, nothing at all;
//! - running: nothing of a job that is not globally terminal on the cluster (restoring, restarting and
//!   suspended jobs count as running), nor of the job directory holding the snapshot a running job was
//!   restored from, nor inside a running job's file-merging directories (`shared/job_<id>_…`,
//!   `taskowned/job_<id>_…`) wherever they are;
//! - recent: nothing of a job directory in which anything changed within the grace period (a job on a
//!   cluster fsp does not know may still be writing to it), and no orphan younger than it. The grace is never
//!   shorter than the job's checkpoint timeout where the cluster says it;
//! - unreadable: a `_metadata` that cannot be read under a job directory (or a savepoint of that job) keeps
//!   everything of that job; one under the root also keeps every `shared/` and `taskowned/` file of the other
//!   jobs, which a job restored from them (CLAIM or LEGACY) references;
//! - dangling: a `_metadata` naming a file of a job directory that the listing does not have (the root is
//!   seen at another path than Flink wrote, or files were lost) keeps everything of that job directory.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

/// One entry of the root's listing: a file, or (local storage only) a directory.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// Relative to the root, `/`-separated, no leading or trailing `/`.
    pub rel: String,
    pub size: u64,
    pub modified_ms: i64,
    pub dir: bool,
}

/// What one `_metadata` says, its references already resolved to absolute locations as
/// [`super::normalised`] writes them (relative names against the directory holding the `_metadata`).
#[derive(Debug, Clone, PartialEq)]
pub enum References {
    Read { files: Vec<String>, dirs: Vec<String> },
    Unreadable(String),
}

/// What the cluster says about one job.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JobInfo {
    /// Flink's name for its state (`RUNNING`, `CANCELED`, …).
    pub state: String,
    /// Not globally terminal (FINISHED, CANCELED, FAILED): running, restoring, restarting, suspended, unknown.
    pub running: bool,
    pub checkpoint_timeout_ms: Option<i64>,
    /// The snapshot it was restored from, normalised.
    pub restored_from: Option<String>,
}

/// The cluster's answer: its jobs, or why it could not be asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Cluster {
    Jobs(BTreeMap<String, JobInfo>),
    Unreachable(String),
}

pub struct Inputs<'a> {
    /// The checkpoint root, normalised (a path, or `s3://bucket/dir`).
    pub root: &'a str,
    pub listing: &'a [Listed],
    /// Every `_metadata` found (under the root and the savepoint directories), by normalised location.
    pub metadata: &'a BTreeMap<String, References>,
    pub cluster: &'a Cluster,
    pub grace_ms: i64,
    pub now_ms: i64,
    /// Why the set of `_metadata` files did not settle while gc read it, if it did not.
    pub unsettled: Option<String>,
}

/// Something nothing references: a file, or a directory nothing under which is referenced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Orphan {
    /// Relative to the root.
    pub path: String,
    /// `file` or `directory`.
    pub kind: &'static str,
    pub files: usize,
    pub size: u64,
    /// Since the youngest file or directory in it changed.
    pub age_ms: i64,
    pub delete: bool,
    pub reason: String,
    /// The files deleting it removes, in order: `_metadata` files first (relative to the root).
    #[serde(skip)]
    pub remove_files: Vec<String>,
    /// Then these directories, deepest first (local storage; an object store has none).
    #[serde(skip)]
    pub remove_dirs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobPlan {
    pub job: String,
    /// The job's state on the cluster, `unknown` when the cluster does not know it.
    pub state: String,
    pub grace_ms: i64,
    /// Why nothing of this job is deleted, if so.
    pub blocked: Option<String>,
    pub referenced_files: usize,
    pub referenced_bytes: u64,
    pub orphans: Vec<Orphan>,
}

fn parent(rel: &str) -> Option<&str> {
    rel.rsplit_once('/').map(|(d, _)| d)
}

/// `rel` and its ancestors, nearest first.
fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(rel), |r| parent(r))
}

/// The plan for every job directory of the root, by job id.
pub fn plan(i: &Inputs) -> Vec<JobPlan> {
    let root = i.root.trim_end_matches('/');
    let rel_of = |abs: &str| abs.strip_prefix(root).and_then(|r| r.strip_prefix('/')).map(str::to_string);

    let mut by_job: BTreeMap<&str, Vec<&Listed>> = BTreeMap::new();
    for l in i.listing {
        let job = l.rel.split('/').next().unwrap_or_default();
        if super::is_job_id(job) && (l.rel.contains('/') || l.dir) {
            by_job.entry(job).or_default().push(l);
        }
    }
    let listed_files: HashSet<&str> = i.listing.iter().filter(|l| !l.dir).map(|l| l.rel.as_str()).collect();
    // the job directory a location falls in: under the root, else (another path to it) a segment that is
    // one of the root's job ids
    let job_of = |abs: &str| -> Option<String> {
        match rel_of(abs) {
            Some(rel) => rel.split('/').next().filter(|j| by_job.contains_key(j)).map(str::to_string),
            None => abs.split('/').find(|s| by_job.contains_key(s)).map(str::to_string),
        }
    };

    let mut referenced: HashSet<String> = HashSet::new();
    let mut kept_dirs: HashSet<String> = HashSet::new();
    let mut dangling: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut unreadable: Vec<(&str, &str)> = Vec::new();
    for (meta, refs) in i.metadata {
        match refs {
            References::Read { files, dirs } => {
                if let Some(rel) = rel_of(meta) {
                    referenced.insert(rel);
                }
                for f in files {
                    match rel_of(f) {
                        Some(rel) if listed_files.contains(rel.as_str()) => {
                            referenced.insert(rel);
                        }
                        _ => {
                            if let Some(job) = job_of(f) {
                                let e = dangling.entry(job).or_insert((0, f.clone()));
                                e.0 += 1;
                            }
                        }
                    }
                }
                for d in dirs {
                    if let Some(rel) = rel_of(d) {
                        kept_dirs.extend(ancestors(&rel).map(str::to_string));
                    }
                }
            }
            References::Unreadable(why) => unreadable.push((meta.as_str(), why.as_str())),
        }
    }
    let unreadable_under_root = unreadable.iter().find(|(m, _)| rel_of(m).is_some());

    let jobs = match i.cluster {
        Cluster::Jobs(j) => Some(j),
        Cluster::Unreachable(_) => None,
    };
    let running: Vec<&str> = jobs.into_iter().flatten().filter(|(_, v)| v.running).map(|(k, _)| k.as_str()).collect();
    // job directories holding the restore source of a running job
    let restore_sources: BTreeMap<String, &str> = jobs
        .into_iter()
        .flatten()
        .filter(|(_, v)| v.running)
        .filter_map(|(id, v)| Some((job_of(v.restored_from.as_deref()?)?, id.as_str())))
        .collect();

    by_job
        .into_iter()
        .map(|(job, entries)| {
            let info = jobs.and_then(|j| j.get(job));
            let grace_ms = i.grace_ms.max(info.and_then(|x| x.checkpoint_timeout_ms).unwrap_or(0));
            let newest = entries.iter().map(|l| l.modified_ms).max().unwrap_or(0);
            let blocked = blocked(i, job, info, &restore_sources, &unreadable, &dangling).or_else(|| {
                (i.now_ms - newest < grace_ms).then(|| {
                    format!(
                        "something in it changed {} ago, within the grace period ({}): a job may still be writing to it",
                        human_ms(i.now_ms - newest),
                        human_ms(grace_ms)
                    )
                })
            });
            let (mut refd, mut refd_bytes) = (0, 0);
            let mut orphan_files: HashSet<&str> = HashSet::new();
            for l in entries.iter().filter(|l| !l.dir) {
                if referenced.contains(l.rel.as_str()) {
                    refd += 1;
                    refd_bytes += l.size;
                } else {
                    orphan_files.insert(l.rel.as_str());
                }
            }
            let orphans = collapse(&entries, &orphan_files, &kept_dirs)
                .into_iter()
                .map(|mut o| {
                    o.age_ms = i.now_ms - o.age_ms;
                    let managed = std::iter::once(&o.path)
                        .chain(&o.remove_files)
                        .find_map(|m| managed_by(m, &running).filter(|id| *id != job));
                    let shared = |p: &str| {
                        let mut parts = p.split('/').skip(1);
                        matches!(parts.next(), Some("shared" | "taskowned"))
                    };
                    let cross_unreadable = unreadable_under_root.filter(|(m, _)| {
                        rel_of(m).is_some_and(|r| !r.starts_with(job))
                            && (o.path == job || o.remove_files.iter().any(|f| shared(f)) || shared(&o.path))
                    });
                    let (delete, reason) = if let Some(b) = &blocked {
                        (false, b.clone())
                    } else if let Some(id) = managed {
                        (false, format!("inside a file-merging directory of running job {id}"))
                    } else if let Some((m, _)) = cross_unreadable {
                        (
                            false,
                            format!(
                                "{m} cannot be read, and a job restored from this one (CLAIM or LEGACY) would \
                                 reference its shared files"
                            ),
                        )
                    } else if o.age_ms < grace_ms {
                        (false, format!("younger than the grace period ({})", human_ms(grace_ms)))
                    } else {
                        (true, "nothing references it".to_string())
                    };
                    Orphan { delete, reason, ..o }
                })
                .collect();
            JobPlan {
                job: job.to_string(),
                state: info.map_or("unknown".to_string(), |x| x.state.clone()),
                grace_ms,
                blocked,
                referenced_files: refd,
                referenced_bytes: refd_bytes,
                orphans,
            }
        })
        .collect()
}

fn human_ms(ms: i64) -> String {
    crate::format::whole_seconds(std::time::Duration::from_millis(ms.max(0) as u64))
}

/// Why nothing of `job` may be deleted, if so.
fn blocked(
    i: &Inputs,
    job: &str,
    info: Option<&JobInfo>,
    sources: &BTreeMap<String, &str>,
    unreadable: &[(&str, &str)],
    dangling: &BTreeMap<String, (usize, String)>,
) -> Option<String> {
    if let Cluster::Unreachable(why) = i.cluster {
        return Some(format!("the cluster cannot be asked which jobs run ({why})"));
    }
    if let Some(why) = &i.unsettled {
        return Some(why.clone());
    }
    if let Some(x) = info.filter(|x| x.running) {
        return Some(format!("job {job} is {} on the cluster", x.state));
    }
    if let Some(by) = sources.get(job) {
        return Some(format!("running job {by} was restored from a snapshot in this directory"));
    }
    let root = i.root.trim_end_matches('/');
    for (meta, why) in unreadable {
        let under_job =
            meta.strip_prefix(root).and_then(|r| r.strip_prefix('/')).is_some_and(|r| r.split('/').next() == Some(job));
        let of_job =
            meta.rsplit('/').nth(1).and_then(super::savepoint_job_prefix).is_some_and(|prefix| job.starts_with(prefix));
        if under_job || of_job {
            return Some(format!("{meta} cannot be read ({why}): what it references is unknown"));
        }
    }
    if let Some((n, first)) = dangling.get(job) {
        return Some(format!(
            "{n} file(s) of it that a _metadata names are not in the listing (first: {first}): the root is seen \
             at another path than Flink wrote it, or files were lost"
        ));
    }
    None
}

/// The running job whose file-merging directory `rel` is in (`…/job_<id>_op_…` or `…/job_<id>_tm_…`).
fn managed_by<'a>(rel: &str, running: &[&'a str]) -> Option<&'a str> {
    rel.split('/').find_map(|seg| {
        let rest = seg.strip_prefix("job_")?;
        running.iter().copied().find(|id| rest.starts_with(&format!("{id}_")))
    })
}

/// Orphan files grouped into the largest directories nothing under which is referenced (up to the job
/// directory itself, never the root), and the rest one by one. `age_ms` is set to the youngest time.
/// A directory in `kept` (one a file-merging handle names, or its parent) is never part of a group.
fn collapse(entries: &[&Listed], orphans: &HashSet<&str>, kept: &HashSet<String>) -> Vec<Orphan> {
    // every directory under the job, from listed directories and from the files' parents; a directory is
    // dirty when a referenced file is under it
    let mut all_dirs: BTreeSet<&str> = BTreeSet::new();
    let mut dirty: HashSet<&str> = HashSet::new();
    for l in entries {
        let own = if l.dir { Some(l.rel.as_str()) } else { parent(&l.rel) };
        if let Some(d) = own {
            all_dirs.extend(ancestors(d));
        }
        if !l.dir && !orphans.contains(l.rel.as_str()) {
            dirty.extend(parent(&l.rel).into_iter().flat_map(ancestors));
        }
    }
    let clean = |d: &str| !dirty.contains(d) && !kept.contains(d);
    // the group of a file or directory: its highest clean ancestor (all under a clean directory are clean)
    fn top<'b>(rel: &'b str, all_dirs: &BTreeSet<&str>, clean: &dyn Fn(&str) -> bool) -> Option<&'b str> {
        let mut chain: Vec<&str> = ancestors(rel).collect();
        chain.reverse();
        chain.into_iter().find(|d| all_dirs.contains(d) && clean(d))
    }
    let mut groups: BTreeMap<&str, (Vec<&Listed>, Vec<&str>)> = BTreeMap::new();
    let mut out = Vec::new();
    for l in entries {
        let in_group =
            if l.dir { top(&l.rel, &all_dirs, &clean) } else { parent(&l.rel).and_then(|p| top(p, &all_dirs, &clean)) };
        match in_group {
            Some(t) => {
                let g = groups.entry(t).or_default();
                if l.dir { g.1.push(&l.rel) } else { g.0.push(l) }
            }
            None if !l.dir && orphans.contains(l.rel.as_str()) => out.push(Orphan {
                path: l.rel.clone(),
                kind: "file",
                files: 1,
                size: l.size,
                age_ms: l.modified_ms,
                delete: false,
                reason: String::new(),
                remove_files: vec![l.rel.clone()],
                remove_dirs: vec![],
            }),
            None => {}
        }
    }
    for (d, (files, listed_dirs)) in groups {
        let mut remove_files: Vec<&str> = files.iter().map(|l| l.rel.as_str()).collect();
        remove_files.sort_by_key(|f| (!f.ends_with("/_metadata"), *f));
        // directories known only as parents of files (object stores) count too
        let mut dirs: BTreeSet<&str> = listed_dirs.into_iter().collect();
        for f in &remove_files {
            dirs.extend(
                parent(f).into_iter().flat_map(ancestors).filter(|a| *a == d || a.starts_with(&format!("{d}/"))),
            );
        }
        dirs.insert(d);
        let mut remove_dirs: Vec<&str> = dirs.into_iter().collect();
        remove_dirs.sort_by_key(|x| (std::cmp::Reverse(x.matches('/').count()), *x));
        let dir_times =
            entries.iter().filter(|l| l.dir && remove_dirs.contains(&l.rel.as_str())).map(|l| l.modified_ms);
        out.push(Orphan {
            path: d.to_string(),
            kind: "directory",
            files: files.len(),
            size: files.iter().map(|l| l.size).sum(),
            age_ms: files.iter().map(|l| l.modified_ms).chain(dir_times).max().unwrap_or(0),
            delete: false,
            reason: String::new(),
            remove_files: remove_files.into_iter().map(str::to_string).collect(),
            remove_dirs: remove_dirs.into_iter().map(str::to_string).collect(),
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const HOUR: i64 = 3_600_000;
    const NOW: i64 = 100 * HOUR;

    fn file(rel: &str, age_h: i64) -> Listed {
        Listed { rel: rel.into(), size: 10, modified_ms: NOW - age_h * HOUR, dir: false }
    }

    fn dir(rel: &str, age_h: i64) -> Listed {
        Listed { dir: true, size: 0, ..file(rel, age_h) }
    }

    fn read(files: &[String]) -> References {
        References::Read { files: files.to_vec(), dirs: vec![] }
    }

    fn terminal() -> JobInfo {
        JobInfo { state: "CANCELED".into(), running: false, checkpoint_timeout_ms: Some(600_000), restored_from: None }
    }

    fn run(listing: &[Listed], metadata: &BTreeMap<String, References>, cluster: &Cluster) -> Vec<JobPlan> {
        plan(&Inputs { root: "/ck", listing, metadata, cluster, grace_ms: 24 * HOUR, now_ms: NOW, unsettled: None })
    }

    fn verdicts(p: &[JobPlan]) -> Vec<(String, bool)> {
        p.iter().flat_map(|j| j.orphans.iter().map(|o| (o.path.clone(), o.delete))).collect()
    }

    /// A: a retained chk-3 referencing two shared files (one of them read by B's checkpoint too), an
    /// orphaned SST, debris chk-4 without _metadata; B: a retained chk-1 referencing A's file.
    fn layout() -> (Vec<Listed>, BTreeMap<String, References>) {
        let listing = vec![
            dir(A, 48),
            dir(&format!("{A}/shared"), 48),
            dir(&format!("{A}/taskowned"), 48),
            dir(&format!("{A}/chk-3"), 48),
            file(&format!("{A}/chk-3/_metadata"), 48),
            file(&format!("{A}/chk-3/meta-uuid"), 48),
            file(&format!("{A}/shared/sst-1"), 48),
            file(&format!("{A}/shared/sst-2"), 48),
            file(&format!("{A}/shared/sst-orphan"), 48),
            dir(&format!("{A}/chk-4"), 48),
            file(&format!("{A}/chk-4/partial"), 48),
            dir(B, 48),
            dir(&format!("{B}/chk-1"), 48),
            file(&format!("{B}/chk-1/_metadata"), 48),
        ];
        let mut m = BTreeMap::new();
        m.insert(
            format!("/ck/{A}/chk-3/_metadata"),
            read(&[format!("/ck/{A}/chk-3/meta-uuid"), format!("/ck/{A}/shared/sst-1")]),
        );
        m.insert(format!("/ck/{B}/chk-1/_metadata"), read(&[format!("/ck/{A}/shared/sst-2")]));
        (listing, m)
    }

    fn jobs(list: &[(&str, JobInfo)]) -> Cluster {
        Cluster::Jobs(list.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    #[test]
    fn orphans_are_what_no_metadata_of_any_job_references() {
        let (listing, m) = layout();
        let p = run(&listing, &m, &jobs(&[(A, terminal())]));
        assert_eq!(
            verdicts(&p),
            vec![
                (format!("{A}/chk-4"), true),
                (format!("{A}/shared/sst-orphan"), true),
                (format!("{A}/taskowned"), true)
            ]
        );
        assert_eq!((p[0].referenced_files, p[0].state.as_str()), (4, "CANCELED"), "sst-2 is B's, still referenced");
        let debris = &p[0].orphans[0];
        assert_eq!((debris.kind, debris.files), ("directory", 1));
        assert_eq!(debris.remove_files, vec![format!("{A}/chk-4/partial")]);
        assert_eq!(debris.remove_dirs, vec![format!("{A}/chk-4")]);
        assert_eq!(p[1].job, B);
        assert!(p[1].orphans.is_empty());
        assert_eq!(p[1].state, "unknown", "the cluster does not know B: not running, judged by the other rules");
    }

    #[test]
    fn a_whole_unreferenced_job_directory_goes_as_one_metadata_first() {
        let listing = vec![
            dir(A, 48),
            dir(&format!("{A}/chk-1"), 48),
            file(&format!("{A}/chk-1/x"), 48),
            file(&format!("{A}/chk-1/_metadata"), 48),
            dir(&format!("{A}/shared"), 48),
        ];
        // its _metadata is not in the map (deleted between the listing and the read, say): nothing names it
        let p = run(&listing, &BTreeMap::new(), &jobs(&[]));
        let o = &p[0].orphans;
        assert_eq!(o.len(), 1);
        assert_eq!((o[0].path.as_str(), o[0].files, o[0].delete), (A, 2, true));
        assert_eq!(o[0].remove_files[0], format!("{A}/chk-1/_metadata"), "_metadata first");
        assert_eq!(o[0].remove_dirs.last().unwrap(), A, "the job directory last");
        assert_eq!(o[0].remove_dirs.len(), 3);
    }

    #[test]
    fn object_store_listings_have_no_directories() {
        // the same as above without directory entries: the groups still form from the files' parents
        let listing = vec![file(&format!("{A}/chk-1/x"), 48), file(&format!("{A}/shared/y"), 48)];
        let p = run(&listing, &BTreeMap::new(), &jobs(&[]));
        assert_eq!(verdicts(&p), vec![(A.to_string(), true)]);
        assert_eq!(p[0].orphans[0].files, 2);
    }

    #[test]
    fn the_grace_period_and_the_checkpoint_timeout() {
        let (mut listing, m) = layout();
        listing.push(file(&format!("{A}/shared/sst-new"), 1));
        let p = run(&listing, &m, &jobs(&[(A, terminal())]));
        assert!(p[0].blocked.as_deref().unwrap().contains("within the grace period"), "{:?}", p[0].blocked);
        let young = p[0].orphans.iter().find(|o| o.path.ends_with("sst-new")).unwrap();
        assert!(!young.delete, "{young:?}");
        assert!(p[0].orphans.iter().all(|o| !o.delete), "a job directory written to recently keeps everything");
        // an old job directory: each orphan by its own age
        let (listing, m) = layout();
        let p = plan(&Inputs {
            root: "/ck",
            listing: &listing,
            metadata: &m,
            cluster: &jobs(&[(A, terminal())]),
            grace_ms: 0,
            now_ms: NOW,
            unsettled: None,
        });
        assert_eq!(p[0].grace_ms, 600_000, "never shorter than the checkpoint timeout");
        assert!(p[0].orphans.iter().all(|o| o.delete));
        // a timeout longer than the grace wins
        let slow = JobInfo { checkpoint_timeout_ms: Some(72 * HOUR), ..terminal() };
        let p = run(&listing, &m, &jobs(&[(A, slow)]));
        assert_eq!(p[0].grace_ms, 72 * HOUR);
        assert!(p[0].orphans.iter().all(|o| !o.delete));
    }

    #[test]
    fn nothing_of_a_running_or_restored_from_job_nothing_with_the_cluster_out_of_reach() {
        let (listing, m) = layout();
        let running = JobInfo { state: "RESTARTING".into(), running: true, ..terminal() };
        let p = run(&listing, &m, &jobs(&[(A, running)]));
        assert!(p[0].orphans.iter().all(|o| !o.delete && o.reason.contains("RESTARTING")), "{:?}", p[0].orphans);
        let restored = JobInfo {
            state: "RUNNING".into(),
            running: true,
            restored_from: Some(format!("/ck/{A}/chk-3")),
            ..terminal()
        };
        let p = run(&listing, &m, &jobs(&[(A, terminal()), (B, restored)]));
        assert!(p[0].blocked.as_deref().unwrap().contains("restored from"));
        assert!(p[0].orphans.iter().all(|o| !o.delete));
        let p = run(&listing, &m, &Cluster::Unreachable("connection refused".into()));
        assert!(verdicts(&p).iter().all(|(_, d)| !d));
        assert!(p[0].blocked.as_deref().unwrap().contains("connection refused"));
    }

    #[test]
    fn nothing_while_checkpoints_keep_completing() {
        let (listing, m) = layout();
        let p = plan(&Inputs {
            root: "/ck",
            listing: &listing,
            metadata: &m,
            cluster: &jobs(&[(A, terminal())]),
            grace_ms: 0,
            now_ms: NOW,
            unsettled: Some("checkpoints kept completing".into()),
        });
        assert!(p.iter().all(|j| j.blocked.as_deref() == Some("checkpoints kept completing")));
        assert!(verdicts(&p).iter().all(|(_, d)| !d));
    }

    #[test]
    fn an_unreadable_metadata_keeps_everything_of_its_job_and_the_shared_files_of_the_others() {
        let (mut listing, mut m) = layout();
        listing.push(file(&format!("{A}/chk-5/_metadata"), 48));
        m.insert(format!("/ck/{A}/chk-5/_metadata"), References::Unreadable("ends early".into()));
        let p = run(&listing, &m, &jobs(&[(A, terminal())]));
        assert!(p[0].orphans.iter().all(|o| !o.delete), "{:?}", p[0].orphans);
        assert!(p[0].blocked.as_deref().unwrap().contains("ends early"));
        // the unreadable one in B: A's debris chk-4 may go, its shared orphan not (B may reference it)
        let (mut listing, mut m) = layout();
        listing.push(file(&format!("{B}/chk-2/_metadata"), 48));
        m.insert(format!("/ck/{B}/chk-2/_metadata"), References::Unreadable("ends early".into()));
        let p = run(&listing, &m, &jobs(&[(A, terminal())]));
        assert!(p[1].blocked.is_some());
        assert_eq!(
            verdicts(&p[..1]),
            vec![
                (format!("{A}/chk-4"), true),
                (format!("{A}/shared/sst-orphan"), false),
                (format!("{A}/taskowned"), false)
            ]
        );
        assert!(p[0].orphans[1].reason.contains("cannot be read"), "{:?}", p[0].orphans[1]);
        // a savepoint of the job that cannot be read, too
        let (listing, mut m) = layout();
        m.insert("/sp/savepoint-aaaaaa-0123456789ab/_metadata".into(), References::Unreadable("bad".into()));
        let p = run(&listing, &m, &jobs(&[(A, terminal())]));
        assert!(p[0].blocked.is_some() && p[1].blocked.is_none());
    }

    #[test]
    fn a_root_seen_at_another_path_than_flink_wrote_deletes_nothing() {
        // Flink wrote /flink/ck/…; gc lists the same tree mounted at /ck: every reference dangles
        let (listing, m) = layout();
        let moved: BTreeMap<String, References> = m
            .into_iter()
            .map(|(k, v)| match v {
                References::Read { files, dirs } => (
                    k,
                    References::Read { files: files.iter().map(|f| f.replace("/ck/", "/flink/ck/")).collect(), dirs },
                ),
                u => (k, u),
            })
            .collect();
        let p = run(&listing, &moved, &jobs(&[(A, terminal())]));
        assert!(p[0].blocked.as_deref().unwrap().contains("not in the listing"), "{:?}", p[0].blocked);
        assert!(verdicts(&p).iter().all(|(_, d)| !d));
    }

    #[test]
    fn file_merging_directories() {
        let tm = format!("{A}/taskowned/job_{B}_tm_localhost-1");
        let op = format!("{A}/shared/job_{A}_op_abc_0_1");
        let listing = vec![
            file(&format!("{op}/phys-1"), 48),
            file(&format!("{op}/phys-2"), 48),
            file(&format!("{tm}/phys-3"), 48),
            file(&format!("{A}/chk-2/_metadata"), 48),
        ];
        let mut m = BTreeMap::new();
        // a segment of phys-1 is named
        m.insert(
            format!("/ck/{A}/chk-2/_metadata"),
            References::Read { files: vec![format!("/ck/{op}/phys-1")], dirs: vec![] },
        );
        let p = run(&listing, &m, &jobs(&[(A, terminal())]));
        assert_eq!(verdicts(&p), vec![(format!("{op}/phys-2"), true), (format!("{A}/taskowned"), true)]);
        // a running job's managed directory, even in another job's directory, stays
        let running = JobInfo { state: "RUNNING".into(), running: true, ..terminal() };
        let p = run(&listing, &m, &jobs(&[(A, terminal()), (B, running)]));
        let t = p[0].orphans.iter().find(|o| o.path.ends_with("taskowned")).unwrap();
        assert!(!t.delete && t.reason.contains(B), "{t:?}");
        // the directories a handle names stay; the physical files in them nothing names go one by one
        m.insert(
            format!("/ck/{A}/chk-2/_metadata"),
            References::Read {
                files: vec![format!("/ck/{op}/phys-1")],
                dirs: vec![format!("/ck/{op}"), format!("/ck/{tm}")],
            },
        );
        let p = run(&listing, &m, &jobs(&[(A, terminal())]));
        assert_eq!(verdicts(&p), vec![(format!("{op}/phys-2"), true), (format!("{tm}/phys-3"), true)]);
        assert!(p[0].orphans.iter().all(|o| o.remove_dirs.is_empty()), "no named directory is removed");
    }
}
