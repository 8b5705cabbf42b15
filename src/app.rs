//! Resolve the command line into a context once, dispatch to the command, and report errors.

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::cmd;
use crate::ctx::{Ctx, Env};
use crate::error::{Exit, Failure};
use crate::rest::ApiError;

pub fn run(cli: Cli) -> Result<()> {
    if let Command::Generate(args) = &cli.command {
        return crate::generate::run(args);
    }
    let ctx = Ctx::new(&cli.global, &Env::from_process())?;
    if ctx.cluster_list().is_some() && !crate::fleet::takes_many(&cli.command) {
        return Err(Failure::usage(
            "--cluster a,b names several clusters: only savepoint --all, stop --all and cancel -s --all act on several",
        )
        .into());
    }
    let result = dispatch(&cli, &ctx);
    // The process ends next: dropping the HTTP client would only wait for its runtime thread to stop.
    std::mem::forget(ctx);
    result
}

fn dispatch(cli: &Cli, ctx: &Ctx) -> Result<()> {
    match &cli.command {
        Command::Savepoint(args) => cmd::savepoint::run(args, ctx),
        Command::Cancel(args) => cmd::cancel::run(args, ctx),
        Command::Stop(args) => cmd::stop::run(args, ctx),
        Command::Run(args) => cmd::run::run(args, ctx),
        Command::List(args) => cmd::list::run(args, ctx),
        Command::Checkpoint(args) => cmd::checkpoint::run(args, ctx),
        Command::Checkpoints(args) => cmd::checkpoints::run(args, ctx),
        Command::Config(args) => cmd::config::run(args, ctx),
        Command::History(args) => cmd::history::run(args, ctx),
        Command::Prune(args) => cmd::prune::run(args, ctx),
        Command::Gc(args) => cmd::gc::run(args, ctx),
        Command::Upgrade(args) => cmd::upgrade::run(args, ctx),
        Command::Generate(args) => crate::generate::run(args),
        Command::Inspect(args) => cmd::inspect::run(args, ctx),
    }
}

pub use crate::output::use_color;

/// Print an error on stderr, `error: ` first, one line per cause; with -v, server-side detail too.
/// Returns the exit code for the error's kind. A closed stdout (`fsp list | head`) is not an error.
pub fn report(err: &anyhow::Error, verbose: bool, color: bool) -> Exit {
    if err
        .chain()
        .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
    {
        return Exit::Ok;
    }
    eprintln!("{} {err:#}", crate::output::error_prefix(color));
    let details: Vec<&str> = err
        .chain()
        .filter_map(|c| {
            c.downcast_ref::<ApiError>()
                .and_then(ApiError::detail)
                .or_else(|| c.downcast_ref::<Failure>().and_then(|f| f.detail.as_deref()))
        })
        .collect();
    if verbose {
        for detail in details {
            eprintln!("\nserver-side detail:\n{detail}");
        }
    } else if !details.is_empty() {
        eprintln!("(run with -v for the full server-side error)");
    }
    exit_code(err)
}

/// The exit code for an error: the first typed error found in its chain decides.
pub fn exit_code(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if let Some(f) = cause.downcast_ref::<Failure>() {
            return f.kind;
        }
        if let Some(api) = cause.downcast_ref::<ApiError>() {
            return api.exit();
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::NotFound
        {
            return Exit::NotFound;
        }
    }
    Exit::Failed
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn kind_found_under_context() {
        let err = Err::<(), _>(Failure::timed_out("slow")).context("waiting").unwrap_err();
        assert_eq!(exit_code(&err), Exit::TimedOut);
        let err = anyhow::anyhow!("plain");
        assert_eq!(exit_code(&err), Exit::Failed);
        let err = Err::<(), _>(std::io::Error::from(std::io::ErrorKind::NotFound)).context("reading x").unwrap_err();
        assert_eq!(exit_code(&err), Exit::NotFound);
    }
}
