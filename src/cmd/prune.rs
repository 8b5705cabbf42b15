//! `fsp prune --keep N`: delete old savepoints by the rules in `snapshot::retention`, holding a lock per
//! directory (`snapshot::lock`).

use anyhow::Result;

use crate::cli::PruneArgs;
use crate::ctx::Ctx;
use crate::error::Failure;
use crate::snapshot::prune::{Prune, prune};
use crate::snapshot::retention::Rules;
use crate::snapshot::scan::roots;

pub fn run(args: &PruneArgs, ctx: &Ctx) -> Result<()> {
    let roots = roots(ctx, &args.dirs)?;
    let what = Prune {
        rules: Rules {
            keep: args.keep,
            max_age: args.max_age,
            grace: args.grace,
            include_checkpoints: args.include_checkpoints,
            now_ms: jiff::Timestamp::now().as_millisecond(),
        },
        job: args.job.as_deref(),
        offline: args.offline,
        dry_run: args.dry_run,
    };
    let report = prune(ctx, &roots, &what)?;
    if ctx.out.json() {
        ctx.out.emit_json(&report)?;
    } else {
        let verb = if args.dry_run { "would delete" } else { "deleted" };
        for d in &report.deleted {
            ctx.out.data(format!("{verb}  {}  ({})", d.path, d.reason));
        }
        for d in &report.kept {
            ctx.out.data(format!("kept  {}  ({})", d.path, d.reason));
        }
        for d in &report.failed {
            ctx.out.data(format!("FAILED  {}  ({})", d.path, d.reason));
        }
        ctx.out.info(format!(
            "{} {}, {} kept{}.",
            report.deleted.len(),
            verb,
            report.kept.len(),
            if report.failed.is_empty() { String::new() } else { format!(", {} failed", report.failed.len()) }
        ));
    }
    if !report.failed.is_empty() {
        return Err(Failure::failed(format!("{} snapshot(s) could not be deleted", report.failed.len())).into());
    }
    Ok(())
}
