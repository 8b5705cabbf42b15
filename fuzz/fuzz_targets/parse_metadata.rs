//! The `_metadata` parser must never panic, whatever the bytes: it returns a parse or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = flink_savepoint::metadata::parse(data) {
        // what inspect does with a parse must not panic either
        let _ = m.files();
        let _ = m.total_state_size();
        for o in &m.operators {
            let _ = o.state.names();
        }
    }
});
