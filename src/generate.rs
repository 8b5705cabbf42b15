//! `fsp generate completions|man --dir DIR`: completions and man pages generated from the clap definition.
//! The checked-in copies under `completions/` and `man/` are compared with fresh output by the tests
//! (`UPDATE_GENERATED=1 cargo test generated` rewrites them).

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, GenerateArgs, GenerateWhat};

/// Every generated file: (file name, contents).
pub fn files(what: GenerateWhat) -> Result<Vec<(String, Vec<u8>)>> {
    // The checked-in pages must not change with every commit: they show the version without the commit.
    let mut cmd = Cli::command().long_version(None::<&str>);
    cmd.build();
    let mut out = Vec::new();
    match what {
        GenerateWhat::Completions => {
            for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Elvish, Shell::PowerShell] {
                let mut buf = Vec::new();
                clap_complete::generate(shell, &mut cmd.clone(), "fsp", &mut buf);
                let name = match shell {
                    Shell::Bash => "fsp.bash",
                    Shell::Zsh => "_fsp",
                    Shell::Fish => "fsp.fish",
                    Shell::Elvish => "fsp.elv",
                    _ => "_fsp.ps1",
                };
                out.push((name.to_string(), buf));
            }
        }
        GenerateWhat::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
            out.push(("fsp.1".to_string(), buf));
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
                let name = format!("fsp-{}", sub.get_name());
                let page = sub.clone().name(name.clone());
                let mut buf = Vec::new();
                clap_mangen::Man::new(page).render(&mut buf)?;
                out.push((format!("{name}.1"), buf));
            }
        }
    }
    Ok(out)
}

pub fn run(args: &GenerateArgs) -> Result<()> {
    write_all(args.what, &args.dir)
}

fn write_all(what: GenerateWhat, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, bytes) in files(what)? {
        let path = dir.join(&name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
