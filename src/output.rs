//! Where output goes: data to stdout (text or exactly one JSON object), messages for people to stderr.
//! Every string a server sent passes through [`crate::format::sanitize`] before it reaches a terminal.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::cli::{ColorChoice, OutputFormat};

#[derive(Debug, Clone)]
pub struct Output {
    pub format: OutputFormat,
    pub quiet: bool,
    pub verbose: bool,
    stderr_tty: bool,
    color: bool,
}

impl Output {
    pub fn new(format: OutputFormat, quiet: bool, verbose: bool) -> Self {
        Output { format, quiet, verbose, stderr_tty: std::io::stderr().is_terminal(), color: false }
    }

    /// Colour the `warning:` prefix (see [`use_color`]).
    pub fn with_color(self, color: bool) -> Self {
        Output { color, ..self }
    }

    pub fn json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Data for stdout, in text mode (a path, a table). Ignored in JSON mode, which prints one object.
    pub fn data(&self, line: impl AsRef<str>) {
        if !self.json() {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", line.as_ref());
        }
    }

    /// The one JSON object of a JSON-mode run. No-op in text mode.
    pub fn emit_json<T: Serialize>(&self, value: &T) -> Result<()> {
        if self.json() {
            // buffered: stdout's own buffer flushes at every line, a write(2) per line of pretty JSON (500,000 of
            // them for prune --dry-run over 100,000 snapshots)
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            serde_json::to_writer_pretty(&mut out, value)?;
            writeln!(out)?;
            out.flush()?;
        }
        Ok(())
    }

    /// A message for a person (progress, hints) on stderr; silent with -q.
    pub fn info(&self, line: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", line.as_ref());
        }
    }

    /// A warning on stderr; silent with -q, which leaves only data and errors.
    pub fn warn(&self, line: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{} {}", warning_prefix(self.color), line.as_ref());
        }
    }

    /// Detail shown only with -v.
    pub fn debug(&self, line: impl AsRef<str>) {
        if self.verbose {
            eprintln!("{}", line.as_ref());
        }
    }

    /// A spinner on stderr while waiting: only on a terminal and never with -q.
    pub fn spinner(&self, message: impl Into<String>) -> ProgressBar {
        if self.quiet || !self.stderr_tty {
            return ProgressBar::hidden();
        }
        let pb = ProgressBar::new_spinner();
        pb.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("valid template"));
        pb.set_message(message.into());
        pb.enable_steady_tick(Duration::from_millis(100));
        pb
    }
}

/// Whether to colour stderr: `always`, `never`, or with `auto` on a terminal unless NO_COLOR is set. The
/// only colours fsp uses are the error and warning prefixes ([`error_prefix`], [`warning_prefix`]).
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
        }
    }
}

/// `error:`, in bold red when colouring.
pub fn error_prefix(color: bool) -> &'static str {
    if color { "\x1b[1;31merror:\x1b[0m" } else { "error:" }
}

/// `warning:`, in bold yellow when colouring.
pub fn warning_prefix(color: bool) -> &'static str {
    if color { "\x1b[1;33mwarning:\x1b[0m" } else { "warning:" }
}
