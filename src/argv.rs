//! From the process's arguments to [`Cli`]: Flink's single-dash long options (`-type`, `-detached`, `-full`,
//! `-cm`) rewritten to their `--` form, then clap.
//!
//! Which options exist, which take a value and where a command's job arguments begin are read from the clap
//! definition itself, so the rewriter cannot drift from it. A value is never rewritten, and nothing after the
//! jar of `run`/`upgrade` (the job's own arguments) or after `--` is touched.

use std::ffi::OsString;

use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches, parser::ValueSource};

use crate::cli::Cli;

/// Parse a command line (Flink spellings included) into [`Cli`], recording which global options came from
/// the environment.
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let mut command = Cli::command();
    command.build();
    let normalized = normalize(&command, args);
    let matches = command.try_get_matches_from(normalized)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    let from_env = |id: &str| {
        let source =
            matches.subcommand().and_then(|(_, sub)| sub.value_source(id)).or_else(|| matches.value_source(id));
        source == Some(ValueSource::EnvVariable)
    };
    cli.global.jobmanager_from_env = from_env("jobmanager");
    cli.global.from_env = ["jobmanager", "cluster", "ca_cert", "client_cert", "client_key"]
        .into_iter()
        .filter(|id| from_env(id))
        .collect();
    Ok(cli)
}

/// [`normalize`] against fsp's own command line.
#[cfg(test)]
pub fn normalize_flink_args<I, T>(args: I) -> Vec<OsString>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let mut command = Cli::command();
    command.build();
    normalize(&command, args)
}

/// Rewrite `-name` to `--long` where `name` is a long name or alias of an option of the command being parsed
/// (Flink's CLI spells its long options with one dash; clap would read `-type` as `-t ype`). `root` must be
/// built (`Command::build`), so that global options are known to every subcommand.
pub fn normalize<I, T>(root: &Command, args: I) -> Vec<OsString>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let mut args = args.into_iter().map(Into::into).peekable();
    let mut out: Vec<OsString> = args.next().into_iter().collect();
    let mut current = root;
    let mut positionals = 0;
    let mut value_next = false;
    let mut passthrough = false;
    while let Some(arg) = args.next() {
        if passthrough || std::mem::take(&mut value_next) {
            out.push(arg);
            continue;
        }
        let Some(s) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        if s == "--" {
            passthrough = true;
        } else if let Some(long) = s.strip_prefix("--") {
            let name = long.split_once('=').map_or(long, |(n, _)| n);
            value_next = !long.contains('=') && find_long(current, name).is_some_and(takes_value);
        } else if let Some(short) = s.strip_prefix('-').filter(|rest| !rest.is_empty()) {
            let (name, value) = short.split_once('=').map_or((short, None), |(n, v)| (n, Some(v)));
            if name.chars().count() > 1
                && let Some(opt) = find_long(current, name)
            {
                let long = opt.get_long().unwrap_or(name);
                value_next = value.is_none() && takes_value(opt);
                out.push(match value {
                    Some(v) => format!("--{long}={v}").into(),
                    None => format!("--{long}").into(),
                });
                continue;
            }
            value_next = short_cluster_wants_value(current, short);
        } else if let Some(sub) = current.find_subcommand(s) {
            current = sub;
            positionals = 0;
        } else {
            positionals += 1;
            // The job's own arguments start at the positional that takes the rest of the line. A `--` before
            // them keeps clap from reading one that is also an fsp option (`run x.jar -p 2`) as fsp's.
            passthrough = current.get_positionals().nth(positionals).is_some_and(Arg::is_trailing_var_arg_set);
            if passthrough && args.peek().is_some() {
                out.push(arg);
                out.push("--".into());
                continue;
            }
        }
        out.push(arg);
    }
    out
}

/// An option of `cmd` (its own or a global one) by long name or alias.
fn find_long<'a>(cmd: &'a Command, name: &str) -> Option<&'a Arg> {
    cmd.get_arguments().find(|a| {
        !a.is_positional() && (a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|all| all.contains(&name)))
    })
}

fn takes_value(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Set | ArgAction::Append)
        && arg.get_num_args().is_none_or(|n| n.min_values() > 0)
}

/// `-qv`, `-p2`, `-s DIR`: whether the next argument is the value of the last short option in the cluster.
fn short_cluster_wants_value(cmd: &Command, cluster: &str) -> bool {
    let mut chars = cluster.chars().peekable();
    while let Some(c) = chars.next() {
        let Some(arg) = cmd.get_arguments().find(|a| a.get_short() == Some(c)) else { return false };
        if takes_value(arg) {
            // The rest of the cluster is its value (`-p2`), else the next argument is.
            return chars.peek().is_none();
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Command as Sub, SavepointFormat};

    fn normalized(args: &[&str]) -> Vec<String> {
        normalize_flink_args(args.iter().copied()).into_iter().map(|s| s.into_string().unwrap()).collect()
    }

    #[test]
    fn flink_single_dash_spellings_are_rewritten() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["fsp", "savepoint", "-type", "native", "J"], &["fsp", "savepoint", "--type", "native", "J"]),
            (&["fsp", "stop", "-detached", "J"], &["fsp", "stop", "--detached", "J"]),
            (&["fsp", "checkpoint", "-full", "J"], &["fsp", "checkpoint", "--full", "J"]),
            (
                &["fsp", "run", "-cm", "claim", "-s", "p", "x.jar"],
                &["fsp", "run", "--claim-mode", "claim", "-s", "p", "x.jar"],
            ),
            (&["fsp", "savepoint", "-type=native", "J"], &["fsp", "savepoint", "--type=native", "J"]),
            (&["fsp", "run", "-fromSavepoint", "p", "x.jar"], &["fsp", "run", "--from-savepoint", "p", "x.jar"]),
            // program arguments after the jar are the job's, even if they look like Flink flags
            (&["fsp", "run", "x.jar", "-type", "a"], &["fsp", "run", "x.jar", "--", "-type", "a"]),
            (&["fsp", "run", "-s", "sp", "x.jar", "-full"], &["fsp", "run", "-s", "sp", "x.jar", "--", "-full"]),
            (&["fsp", "savepoint", "--", "-type"], &["fsp", "savepoint", "--", "-type"]),
            (
                &["fsp", "upgrade", "-type", "native", "J", "x.jar", "-type"],
                &["fsp", "upgrade", "--type", "native", "J", "x.jar", "--", "-type"],
            ),
            (&["fsp", "-m", "h:1", "run", "x.jar", "-full"], &["fsp", "-m", "h:1", "run", "x.jar", "--", "-full"]),
            // the bug: a global option with a value before the command
            (
                &["fsp", "--color", "never", "run", "-d", "x.jar", "-full"],
                &["fsp", "--color", "never", "run", "-d", "x.jar", "--", "-full"],
            ),
            // an option's value is never rewritten, nor an option another command has
            (&["fsp", "run", "-c", "-full", "x.jar"], &["fsp", "run", "-c", "-full", "x.jar"]),
            (&["fsp", "run", "-full", "x.jar"], &["fsp", "run", "-full", "x.jar"]),
        ];
        for (input, want) in cases {
            assert_eq!(&normalized(input), want, "input {input:?}");
        }
    }

    /// Every command, by its path of names from the root.
    fn commands(cmd: &Command, path: Vec<String>, out: &mut Vec<(Vec<String>, Command)>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            out.push((p.clone(), sub.clone()));
            commands(sub, p, out);
        }
    }

    fn built() -> Command {
        let mut c = Cli::command();
        c.build();
        c
    }

    /// How to spell an option on the command line: every long name and alias, and its short.
    fn spellings(a: &Arg) -> Vec<String> {
        let mut s: Vec<String> = a.get_long().into_iter().map(|l| format!("--{l}")).collect();
        s.extend(a.get_all_aliases().unwrap_or_default().into_iter().map(|l| format!("--{l}")));
        s.extend(a.get_short().map(|c| format!("-{c}")));
        s
    }

    #[test]
    fn no_option_value_is_ever_rewritten() {
        let root = built();
        let mut all = Vec::new();
        commands(&root, Vec::new(), &mut all);
        let mut checked = 0;
        for (path, cmd) in &all {
            for opt in cmd.get_arguments().filter(|a| !a.is_positional()) {
                for spelling in spellings(opt) {
                    // a value that looks like a Flink single-dash option, for options that take one
                    let tail: &[&str] = if takes_value(opt) { &["-type", "-full"] } else { &["-detached-nope"] };
                    for place_before in [true, false] {
                        let mut argv = vec!["fsp".to_string()];
                        let mut words = path.clone();
                        if place_before && opt.is_global_set() {
                            argv.push(spelling.clone());
                            argv.extend(tail.iter().take(1).map(|s| s.to_string()).filter(|_| takes_value(opt)));
                            argv.append(&mut words);
                        } else {
                            argv.append(&mut words);
                            argv.push(spelling.clone());
                            argv.extend(tail.iter().take(1).map(|s| s.to_string()).filter(|_| takes_value(opt)));
                        }
                        let got: Vec<String> =
                            normalize(&root, &argv).into_iter().map(|s| s.into_string().unwrap()).collect();
                        assert_eq!(got, argv, "{}: {spelling} in {argv:?}", path.join(" "));
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "walked only {checked} options");
    }

    /// Every global option, with a value where it takes one, in every position before the jar.
    fn globals() -> Vec<Vec<String>> {
        let root = built();
        let mut out = Vec::new();
        for a in root.get_arguments().filter(|a| a.is_global_set() && !a.is_positional()) {
            let id = a.get_id().as_str();
            if ["help", "version", "client_cert", "client_key"].contains(&id) {
                continue;
            }
            let value = match id {
                "output" => Some("json"),
                "color" => Some("never"),
                "timeout" | "connect_timeout" => Some("5s"),
                "headers" => Some("X-A: b"),
                _ if takes_value(a) => Some("v"),
                _ => None,
            };
            for s in spellings(a) {
                out.push(std::iter::once(s).chain(value.map(str::to_string)).collect());
            }
        }
        assert!(out.len() >= 15, "only {} spellings of global options: {out:?}", out.len());
        out
    }

    /// Flink spellings, fsp's own options (first of all), a `--`: the job gets them all, in order.
    const JOB_ARGS: &[&str] = &[
        "-p",
        "2",
        "-full",
        "-type",
        "native",
        "-detached",
        "-cm",
        "claim",
        "-s",
        "x",
        "--",
        "--color",
        "never",
        "-n",
    ];

    #[test]
    fn the_jobs_arguments_reach_it_unchanged_wherever_the_global_options_are() {
        for global in globals() {
            for at in 0..3 {
                // fsp [G] run [G] -s sp [G] x.jar ARGS
                let mut argv: Vec<String> = vec!["fsp".into()];
                let place = |argv: &mut Vec<String>, here: usize| {
                    if at == here {
                        argv.extend(global.iter().cloned());
                    }
                };
                place(&mut argv, 0);
                argv.push("run".into());
                place(&mut argv, 1);
                argv.extend(["-s".into(), "sp".into()]);
                place(&mut argv, 2);
                argv.push("x.jar".into());
                argv.extend(JOB_ARGS.iter().map(|s| s.to_string()));
                let cli = parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
                let Sub::Run(run) = cli.command else { panic!("{argv:?}") };
                assert_eq!(run.jar.as_deref(), Some("x.jar"), "{argv:?}");
                assert_eq!(run.args, JOB_ARGS, "{argv:?}");

                // fsp [G] upgrade [G] JOB [G] x.jar ARGS --rollback-args stays a value
                let mut argv: Vec<String> = vec!["fsp".into()];
                place(&mut argv, 0);
                argv.push("upgrade".into());
                place(&mut argv, 1);
                argv.extend(["--rollback-jar", "r.jar", "--rollback-args", "-full -cm claim", "J"].map(String::from));
                place(&mut argv, 2);
                argv.push("x.jar".into());
                argv.extend(JOB_ARGS.iter().map(|s| s.to_string()));
                let cli = parse_from(&argv).unwrap_or_else(|e| panic!("{argv:?}: {e}"));
                let Sub::Upgrade(up) = cli.command else { panic!("{argv:?}") };
                assert_eq!((up.job_id.as_str(), up.jar.as_str()), ("J", "x.jar"), "{argv:?}");
                assert_eq!(up.args, JOB_ARGS, "{argv:?}");
                assert_eq!(up.rollback_args.as_deref(), Some("-full -cm claim"), "{argv:?}");
            }
        }
    }

    #[test]
    fn flink_spellings_still_parse() {
        let cli = parse_from(["fsp", "--color", "never", "savepoint", "J", "/tmp/sp", "-type", "native", "-detached"])
            .unwrap();
        let Sub::Savepoint(a) = cli.command else { panic!() };
        assert_eq!(a.format, Some(SavepointFormat::Native));
        assert!(a.detached);
        let cli = parse_from(["fsp", "-o", "json", "run", "-cm", "no_claim", "-s", "/sp", "j.jar", "-cm"]).unwrap();
        let Sub::Run(a) = cli.command else { panic!() };
        assert_eq!(a.claim_mode, Some(crate::cli::ClaimMode::NoClaim));
        assert_eq!(a.args, ["-cm"]);
    }
}
