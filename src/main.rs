use std::process::ExitCode;

use flink_savepoint::{app, argv, error::Exit};

/// mimalloc rather than the C library's allocator: the release binary links musl statically, and musl's
/// allocator made `inspect` of a large checkpoint spend half as much CPU again (it hands memory back to the
/// kernel and faults it in again). Built without transparent huge pages, which cost every command 8 MB of
/// memory (README "Why each crate").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match argv::parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { Exit::Usage as u8 } else { Exit::Ok as u8 });
        }
    };
    let (verbose, color) = (cli.global.verbose, app::use_color(cli.global.color));
    match app::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(app::report(&err, verbose, color) as u8),
    }
}
