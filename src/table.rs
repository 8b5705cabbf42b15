//! Tables for people: pure functions from rows to text.

use comfy_table::{ContentArrangement, Table, presets};

/// A plain table: a header row and aligned columns, no borders, safe to paste and to grep.
pub fn plain(header: &[&str], rows: Vec<Vec<String>>) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(|h| h.to_string()));
    for row in rows {
        t.add_row(row);
    }
    t
}

/// Render a table without the leading space comfy-table puts in the first column.
pub fn render(t: &Table) -> String {
    t.lines().map(|l| l.trim_end().strip_prefix(' ').unwrap_or(l.trim_end()).to_string()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_columns() {
        let t = plain(&["ID", "NAME"], vec![vec!["a".into(), "first".into()], vec!["bbb".into(), "x".into()]]);
        assert_eq!(render(&t), "ID   NAME\na    first\nbbb  x");
    }
}
