//! `planner actuals import FILE --year Y`: a year's actuals from a CSV or XLSX file in
//! the download's layout, stored as the API's import stores them (a revision and an
//! audit entry by `cli`; the command line is the operator, so it may mark them final).

use std::path::Path;

use anyhow::{Context, Result, bail};
use server::domain::execution::may_write_actuals;
use server::routes::actuals::{XLSX, import_fields, read_file};
use server::storage::{Expected, IfRevision, PutOutcome};

use super::{ImportArgs, problems, with_store};

pub(super) fn import(args: &ImportArgs) -> Result<String> {
    let media = match args.file.extension().and_then(|ext| ext.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("csv") => "text/csv",
        Some(ext) if ext.eq_ignore_ascii_case("xlsx") => XLSX,
        _ => bail!(
            "{}: name a .csv or .xlsx file in the layout of GET /api/v1/actuals/{{year}}.csv",
            args.file.display()
        ),
    };
    let bytes = read(&args.file)?;
    let fields = import_fields(api::ImportQuery {
        status: Some(args.status.as_str().to_owned()),
        source: args.source.clone(),
        note: args.note.clone(),
        lang: None,
    });
    let actuals = read_file(media, &bytes, fields, shared::Lang::En)
        .map_err(problems)
        .with_context(|| format!("in {}", args.file.display()))?;
    let year = args.year;
    with_store(&args.database, async |store| {
        let outcome = store
            .put_actuals(
                year,
                Expected::Stated(IfRevision::Any),
                &actuals,
                "cli",
                |current| may_write_actuals(year, current, actuals.status, api::Role::Admin),
            )
            .await?;
        match outcome {
            PutOutcome::Created(row) | PutOutcome::Saved(row) => Ok(format!(
                "{year}: {} programmes imported as {}, revision {}\n",
                actuals.programmes.len(),
                actuals.status,
                row.revision
            )),
            other => bail!("the {year} actuals were not stored: {other:?}"),
        }
    })
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}
