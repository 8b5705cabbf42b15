//! `fsp gc [--dir CHECKPOINT_ROOT] [--grace DURATION] [--dry-run | --delete]`: report the files and
//! directories under a checkpoint root that no `_metadata` references, and with `--delete` remove those the
//! rules in `snapshot::gc` allow, holding the prune lock of the root.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use crate::cli::GcArgs;
use crate::ctx::Ctx;
use crate::error::{Exit, Failure};
use crate::pointer::METADATA_FILE;
use crate::snapshot::gc::{Cluster, Inputs, JobInfo, JobPlan, Orphan, plan};
use crate::snapshot::lock::{Lock, lock};
use crate::snapshot::normalised;
use crate::snapshot::references::{list, read_metadata, read_settled};
use crate::snapshot::scan::{Root, roots};

/// `-o json`: `{"dry_run", "root", "cluster_reachable", "jobs": [JobPlan], "totals", "failed"}`
#[derive(Serialize)]
struct Report {
    dry_run: bool,
    root: String,
    savepoint_dirs: Vec<String>,
    cluster_reachable: bool,
    jobs: Vec<JobPlan>,
    totals: Totals,
    failed: Vec<Failed>,
}

#[derive(Serialize, Default)]
struct Totals {
    referenced_files: usize,
    referenced_bytes: u64,
    orphans: usize,
    orphan_bytes: u64,
    deletable: usize,
    deletable_bytes: u64,
    deleted: usize,
}

#[derive(Serialize)]
struct Failed {
    path: String,
    reason: String,
}

pub fn run(args: &GcArgs, ctx: &Ctx) -> Result<()> {
    let root = one_root(ctx, args.dir.as_deref())?;
    let savepoint_roots = savepoint_roots(ctx, &args.savepoint_dirs, &root)?;
    // the dry run takes no lock: it leaves the tree exactly as it found it
    let held = if args.delete { Some(lock(&ctx.out, &root)?) } else { None };
    let root_url = normalised(&root.display());
    let listing = list(&root)?;
    let (mut metadata, unsettled) = read_settled(&root, listing.clone())?;
    for sp in &savepoint_roots {
        let l = list(sp)?;
        metadata.extend(read_metadata(sp, &l, &metadata)?.0);
    }
    let cluster = ask_cluster(ctx);
    if let Cluster::Unreachable(why) = &cluster {
        ctx.out.warn(format!("nothing will be deleted: {why}"));
    }
    let jobs = plan(&Inputs {
        root: &root_url,
        listing: &listing,
        metadata: &metadata,
        cluster: &cluster,
        grace_ms: args.grace.as_millis() as i64,
        now_ms: jiff::Timestamp::now().as_millisecond(),
        unsettled,
    });
    let mut totals = Totals::default();
    for j in &jobs {
        totals.referenced_files += j.referenced_files;
        totals.referenced_bytes += j.referenced_bytes;
    }
    for o in jobs.iter().flat_map(|j| &j.orphans) {
        totals.orphans += 1;
        totals.orphan_bytes += o.size;
        if o.delete {
            totals.deletable += 1;
            totals.deletable_bytes += o.size;
        }
    }
    let mut failed = Vec::new();
    if args.delete {
        let doomed: Vec<&Orphan> = jobs.iter().flat_map(|j| &j.orphans).filter(|o| o.delete).collect();
        let lock = held.as_ref().expect("--delete holds the lock");
        let (deleted, f) = delete(&root, &doomed, lock);
        totals.deleted = deleted;
        failed = f;
    }
    let reachable = matches!(cluster, Cluster::Jobs(_));
    let report = Report {
        dry_run: !args.delete,
        root: root.display(),
        savepoint_dirs: savepoint_roots.iter().map(Root::display).collect(),
        cluster_reachable: reachable,
        jobs,
        totals,
        failed,
    };
    if ctx.out.json() {
        ctx.out.emit_json(&report)?;
    } else {
        print(ctx, &report);
    }
    if let Cluster::Unreachable(why) = &cluster
        && args.delete
    {
        return Err(Failure::new(Exit::Unreachable, format!("nothing was deleted: {why}")).into());
    }
    if !report.failed.is_empty() {
        return Err(Failure::failed(format!("{} orphan(s) could not be deleted", report.failed.len())).into());
    }
    Ok(())
}

fn print(ctx: &Ctx, r: &Report) {
    let verb = if r.dry_run { "would delete" } else { "deleted" };
    for j in &r.jobs {
        let orphan_bytes: u64 = j.orphans.iter().map(|o| o.size).sum();
        ctx.out.data(format!(
            "{}  {}  referenced: {} file(s), {}  unreferenced: {}, {}",
            j.job,
            j.state,
            j.referenced_files,
            crate::format::human_bytes(j.referenced_bytes),
            j.orphans.len(),
            crate::format::human_bytes(orphan_bytes)
        ));
        if let Some(why) = &j.blocked {
            ctx.out.data(format!("  nothing of it is deleted: {why}"));
        }
        if j.orphans.is_empty() {
            continue;
        }
        let rows = j
            .orphans
            .iter()
            .map(|o| {
                vec![
                    o.path.clone(),
                    if o.kind == "directory" { format!("directory ({} files)", o.files) } else { o.kind.to_string() },
                    crate::format::human_bytes(o.size),
                    crate::format::whole_seconds(std::time::Duration::from_millis(o.age_ms.max(0) as u64)),
                    if o.delete {
                        verb.to_string()
                    } else if j.blocked.is_some() {
                        "kept".to_string()
                    } else {
                        format!("kept: {}", o.reason)
                    },
                ]
            })
            .collect();
        let table = crate::table::render(&crate::table::plain(&["PATH", "KIND", "SIZE", "AGE", "ACTION"], rows));
        for line in table.lines() {
            ctx.out.data(format!("  {line}"));
        }
    }
    let t = &r.totals;
    ctx.out.data(format!(
        "total: {} job directories, {} referenced file(s) ({}), {} unreferenced ({}); {} {} ({}){}",
        r.jobs.len(),
        t.referenced_files,
        crate::format::human_bytes(t.referenced_bytes),
        t.orphans,
        crate::format::human_bytes(t.orphan_bytes),
        verb,
        if r.dry_run { t.deletable } else { t.deleted },
        crate::format::human_bytes(t.deletable_bytes),
        if r.failed.is_empty() { String::new() } else { format!(", {} failed", r.failed.len()) }
    ));
    for f in &r.failed {
        ctx.out.data(format!("FAILED  {}  ({})", f.path, f.reason));
    }
    if r.dry_run && t.deletable > 0 {
        ctx.out.info("dry run: nothing was deleted; run again with --delete to delete them");
    }
}

/// The checkpoint root: `--dir`, else the configured checkpoint directory.
fn one_root(ctx: &Ctx, dir: Option<&str>) -> Result<Root> {
    let Some(given) = dir.or_else(|| ctx.settings.checkpoint_dir.known()) else {
        return Err(Failure::usage(
            "no checkpoint directory to collect: pass --dir, or configure execution.checkpointing.dir",
        )
        .into());
    };
    let mut r = roots(ctx, &[given.to_string()])?;
    Ok(r.remove(0))
}

/// The savepoint directories whose `_metadata` count as references: `--savepoint-dir`, else the configured one.
fn savepoint_roots(ctx: &Ctx, dirs: &[String], root: &Root) -> Result<Vec<Root>> {
    let given: Vec<String> = if dirs.is_empty() {
        ctx.settings.savepoint_dir.known().map(str::to_string).into_iter().collect()
    } else {
        dirs.to_vec()
    };
    let found = if given.is_empty() { vec![] } else { roots(ctx, &given)? };
    // the checkpoint root's own _metadata are read already
    Ok(found.into_iter().filter(|r| r.display() != root.display()).collect())
}

/// Which jobs the cluster has, which run, their checkpoint timeouts and restore sources.
fn ask_cluster(ctx: &Ctx) -> Cluster {
    let client = match ctx.client() {
        Ok(c) => c,
        Err(e) => return Cluster::Unreachable(format!("{e:#}")),
    };
    let jobs = match client.jobs_overview() {
        Ok(j) => j,
        Err(e) => {
            return Cluster::Unreachable(format!("cannot list the jobs of {}: {e}", ctx.settings.jobmanager.value));
        }
    };
    let mut out = BTreeMap::new();
    for j in jobs {
        let Ok(id) = crate::job_id::JobId::parse(&j.jid) else { continue };
        let running = !j.state.is_terminal();
        let timeout = client.job_checkpoint_config(&id).ok().flatten().map(|c| c.timeout);
        let restored_from = if running {
            match crate::snapshot::in_use::restore_source(client, &id) {
                Ok(p) => p.map(|p| normalised(&p)),
                Err(e) => {
                    return Cluster::Unreachable(format!(
                        "cannot read which snapshot running job {} was restored from ({e})",
                        j.jid
                    ));
                }
            }
        } else {
            None
        };
        let info =
            JobInfo { state: j.state.as_str().to_string(), running, checkpoint_timeout_ms: timeout, restored_from };
        out.insert(j.jid.to_ascii_lowercase(), info);
    }
    Cluster::Jobs(out)
}

/// `rel` is a path gc may touch: inside a job directory of the root, no `..`.
fn inside_a_job(rel: &str) -> bool {
    let mut parts = rel.split('/');
    parts.next().is_some_and(|j| j.len() == 32 && j.bytes().all(|b| b.is_ascii_hexdigit()))
        && rel.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Delete the orphans: locally each in order (files, `_metadata` first, then its directories deepest first);
/// on an object store in bulk, every `_metadata` first. Returns how many went, and what failed.
fn delete(root: &Root, doomed: &[&Orphan], lock: &Lock) -> (usize, Vec<Failed>) {
    let mut failed = Vec::new();
    let fail = |o: &Orphan, why: String| Failed { path: o.path.clone(), reason: why };
    if let Some(why) = lock.lost() {
        return (0, doomed.iter().map(|o| fail(o, format!("not deleted: gc lost its lock ({why})"))).collect());
    }
    let outside = |o: &&&Orphan| !o.remove_files.iter().chain(&o.remove_dirs).all(|m| inside_a_job(m));
    for o in doomed.iter().filter(outside) {
        failed.push(fail(o, "not inside a job directory of the root; left alone".into()));
    }
    let doomed: Vec<&Orphan> = doomed.iter().filter(|o| !outside(o)).copied().collect();
    match root {
        Root::Local(base) => {
            let mut deleted = 0;
            for o in doomed {
                match delete_local(base, o) {
                    Ok(()) => deleted += 1,
                    Err(e) => failed.push(fail(o, format!("{e:#}"))),
                }
                if let Some(why) = lock.lost() {
                    failed.push(fail(o, format!("gc lost its lock ({why}); stopped")));
                    break;
                }
            }
            (deleted, failed)
        }
        Root::Remote(r) => {
            let (metas, rest): (Vec<String>, Vec<String>) = doomed
                .iter()
                .flat_map(|o| o.remove_files.iter().cloned())
                .partition(|m| m.rsplit('/').next() == Some(METADATA_FILE));
            match r.delete_many(&metas).and_then(|()| {
                test_pause();
                r.delete_many(&rest)
            }) {
                Ok(()) => (doomed.len(), failed),
                Err(e) => {
                    failed.extend(doomed.iter().map(|o| fail(o, e.message.clone())));
                    (0, failed)
                }
            }
        }
    }
}

/// Tests slow deletion down to kill gc in the middle of it (`FSP_PRUNE_TEST_SLOW_MS`).
fn test_pause() {
    if let Some(pause) = crate::test_hooks::get().prune_slow {
        std::thread::sleep(pause);
    }
}

fn delete_local(base: &Path, o: &Orphan) -> Result<()> {
    for m in &o.remove_files {
        test_pause();
        match std::fs::remove_file(base.join(m)) {
            Ok(()) => {}
            // already gone: a second gc, or Flink, got there first
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Failure::failed(format!("cannot delete {}: {e}", base.join(m).display())).into()),
        }
    }
    for d in &o.remove_dirs {
        match std::fs::remove_dir(base.join(d)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Failure::failed(format!(
                    "cannot remove {}: {e} (something was written into it since gc listed it; it was left)",
                    base.join(d).display()
                ))
                .into());
            }
        }
    }
    Ok(())
}
