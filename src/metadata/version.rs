//! Which Flink releases wrote which `_metadata` format version, for messages. From the serializers in
//! apache/flink (`MetadataV*Serializer`, `SavepointV*Serializer` before 1.11) and the bytecode of each release;
//! see `shared/reference/metadata-format.md` §1.

/// The versions [`super::parse`] reads.
pub const READ: std::ops::RangeInclusive<i32> = 2..=7;

/// What fsp reads, as said in messages.
pub const READS: &str = "fsp reads V2 to V7, which Flink 1.3 to 2.3 and Flink's unreleased main branch write";

/// The Flink releases that write format `version`; `None` for a number no Flink release wrote.
pub fn written_by(version: i32) -> Option<&'static str> {
    Some(match version {
        0 => "Flink 1.1",
        1 => "Flink 1.2",
        2 => "Flink 1.3 to 1.10",
        3 => "Flink 1.11 to 1.15",
        4 => "Flink 1.16 to 1.20",
        5 => "Flink 2.0",
        6 => "Flink 2.1 to 2.3",
        7 => "Flink's main branch after 2.3 (unreleased)",
        _ => return None,
    })
}

/// Why format `version` cannot be read, and what to do about it.
pub fn unsupported(version: i32) -> String {
    match version {
        0 => format!(
            "format V0 is Flink 1.1's savepoint format, which fsp does not read; {READS}. Flink 1.4 and later \
             cannot restore it either: restore it on Flink 1.3 and take a new savepoint there (V2)"
        ),
        1 => format!(
            "format V1 is Flink 1.2's savepoint format, which fsp does not read; {READS}. Current Flink refuses \
             it too (\"This savepoint / checkpoint version (Flink 1.1 / 1.2) is no longer supported\"); restore \
             it on a Flink release that still reads it (Flink's savepoint compatibility table lists them) and take \
             a new savepoint there"
        ),
        8..=99 => {
            format!("format V{version} is newer than any Flink release fsp knows; {READS}. A newer fsp may read it")
        }
        _ => format!("format version {version} is not one any Flink release wrote, so the file is corrupt; {READS}"),
    }
}
