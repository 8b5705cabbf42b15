//! Parse-only throughput of `metadata::parse`, for scripts/bench-metadata: reads FILE once, parses it N times
//! (default 20) and prints the median and best throughput in MB (10^6 bytes) per second.
//!
//!   cargo run --release --example parse-metadata -- FILE [N]

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: parse-metadata FILE [N]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20).max(1);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let mut times = Vec::with_capacity(n);
    let mut files = 0;
    for _ in 0..n {
        let t = Instant::now();
        let m = flink_savepoint::metadata::parse(&bytes).unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        });
        times.push(t.elapsed().as_secs_f64());
        files = m.operators.iter().map(|o| o.files.len()).sum();
        drop(m);
    }
    times.sort_by(f64::total_cmp);
    let mb = bytes.len() as f64 / 1e6;
    let med = times[times.len() / 2];
    println!(
        "metadata::parse: median {:.1} ms (min {:.1}, max {:.1}) over {n} runs, {files} files; {:.0} MB/s parse-only",
        med * 1e3,
        times[0] * 1e3,
        times[times.len() - 1] * 1e3,
        mb / med
    );
}
