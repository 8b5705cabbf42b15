//! `fsp upgrade JOB_ID NEW_JAR [ARGS...]`: the steps are in `crate::upgrade`.

use anyhow::Result;

use crate::cli::UpgradeArgs;
use crate::ctx::Ctx;

pub fn run(args: &UpgradeArgs, ctx: &Ctx) -> Result<()> {
    crate::upgrade::run(args, ctx)
}
