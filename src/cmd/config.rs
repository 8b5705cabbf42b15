//! `fsp config show`: every resolved setting and where it came from. Secrets are shown as `****`.

use anyhow::Result;
use serde::Serialize;

use crate::cli::{ConfigAction, ConfigArgs};
use crate::ctx::{Ctx, Setting};
use crate::table;

/// `-o json`: `{"settings": [{"name", "value", "source"}]}`
#[derive(Serialize)]
struct Report<'a> {
    settings: &'a [Setting],
}

pub fn run(args: &ConfigArgs, ctx: &Ctx) -> Result<()> {
    match args.action {
        ConfigAction::Show => {
            let settings = ctx.settings.rows();
            if ctx.out.json() {
                return ctx.out.emit_json(&Report { settings: &settings });
            }
            let rows = settings
                .iter()
                .map(|s| vec![s.name.clone(), s.value.clone().unwrap_or_else(|| "-".into()), s.source.clone()])
                .collect();
            ctx.out.data(table::render(&table::plain(&["SETTING", "VALUE", "FROM"], rows)));
            Ok(())
        }
    }
}
