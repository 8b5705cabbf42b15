//! How sizes, times and durations are shown, and how text a server sent is made safe for a terminal.

use std::time::Duration;

/// Make server-supplied text safe for a terminal: control characters (escape sequences included) are
/// shown escaped, except newline and tab.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// `1.5 KiB`: binary units, one decimal above bytes.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 { format!("{n} B") } else { format!("{v:.1} {}", UNITS[u]) }
}

/// `2026-11-22 14:33:05` in the local time zone; `-` for no time (0 or less).
pub fn local_time(ms: i64) -> String {
    match jiff::Timestamp::from_millisecond(ms) {
        Ok(t) if ms > 0 => t.to_zoned(jiff::tz::TimeZone::system()).strftime("%Y-%m-%d %H:%M:%S").to_string(),
        _ => "-".to_string(),
    }
}

/// Milliseconds as `1m 30s`; `-` for a negative value (Flink's "none").
pub fn millis(v: i64) -> String {
    u64::try_from(v).map(|m| duration(Duration::from_millis(m))).unwrap_or("-".into())
}

/// A duration as `1h 30m`.
pub fn duration(d: Duration) -> String {
    humantime::format_duration(d).to_string()
}

/// A duration to whole seconds, as `2m 5s`.
pub fn whole_seconds(d: Duration) -> String {
    duration(Duration::from_secs(d.as_secs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_controls() {
        assert_eq!(sanitize("ok\x1b[31mred"), "ok\\u{1b}[31mred");
        assert_eq!(sanitize("a\nb\tc\r"), "a\nb\tc\\r");
        assert_eq!(sanitize("plain ü"), "plain ü");
    }

    #[test]
    fn sizes_times_durations() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
        assert_eq!(local_time(0), "-");
        assert_eq!(millis(-1), "-");
        assert_eq!(millis(90_000), "1m 30s");
        assert_eq!(whole_seconds(Duration::from_millis(2_500)), "2s");
    }
}
