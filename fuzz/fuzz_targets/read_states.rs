//! The state meta information reader must never panic, whatever the bytes: as a keyed or an operator
//! serialization proxy on its own, and behind a `_metadata` whose state is inline (no directory, so no file
//! is opened).
#![no_main]

use flink_savepoint::metadata::states::{Source, keyed_proxy, operator_proxy, read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = keyed_proxy(data) {
        assert!(p.len <= data.len());
    }
    if let Ok(p) = operator_proxy(data) {
        assert!(p.len <= data.len());
    }
    if let Ok(m) = flink_savepoint::metadata::parse(data) {
        let states = read(&m, &Source { metadata: data, dir: None, remote: None });
        assert_eq!(states.len(), m.operators.len());
    }
});
