//! Actuals as an XLSX workbook: the rows of [`api::actuals_file`] on one sheet, written
//! with rust_xlsxwriter and read back with calamine, so a spreadsheet exported by the
//! server imports unchanged and one typed by hand in the same columns does too.

use std::io::Cursor;

use api::actuals_file::Row;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Workbook, XlsxError};
use shared::{Problem, ScenarioError};

/// The sheet's name.
pub const SHEET: &str = "actuals";

/// The columns whose cells are numbers (`spent_cny`, `outcome`) when not blank.
const NUMERIC: [usize; 2] = [3, 7];

/// The workbook of `rows` (the header first): numbers as numbers, the rest as text.
pub fn write(rows: &[[String; 8]]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    for (line, row) in rows.iter().enumerate() {
        let line = u32::try_from(line).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (column, cell) in (0u16..).zip(row) {
            let number = cell.parse::<f64>().ok().filter(|_| line > 0);
            match number {
                Some(number) if NUMERIC.contains(&usize::from(column)) => {
                    sheet.write_number(line, column, number)?;
                }
                _ if cell.is_empty() => {}
                _ => {
                    sheet.write_string(line, column, cell)?;
                }
            }
        }
    }
    workbook.save_to_buffer()
}

/// The rows of the workbook's first sheet, numbered as a spreadsheet numbers them (so
/// a problem's line is the row the user sees); blank rows are skipped.
pub fn read(bytes: &[u8]) -> Result<Vec<Row>, ScenarioError> {
    let unreadable = |error: String| ScenarioError {
        problems: vec![Problem::new(
            "",
            format!("not a readable XLSX workbook: {error}"),
        )],
    };
    let mut workbook =
        Xlsx::new(Cursor::new(bytes)).map_err(|error| unreadable(error.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("it has no sheet".to_owned()))?
        .map_err(|error| unreadable(error.to_string()))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let width = usize::try_from(first_column).unwrap_or(0) + range.width();
    let mut rows = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let mut text = vec![String::new(); width];
        for (index, cell) in cells.iter().enumerate() {
            text[usize::try_from(first_column).unwrap_or(0) + index] = cell_text(cell);
        }
        // Trailing blank columns (a sheet wider than the layout) are not columns.
        while text.len() > 1 && text.last().is_some_and(String::is_empty) {
            text.pop();
        }
        if text.iter().any(|cell| !cell.trim().is_empty()) {
            rows.push(Row {
                line: usize::try_from(first_row).unwrap_or(0) + offset + 1,
                cells: text,
            });
        }
    }
    Ok(rows)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(number) => number.to_string(),
        Data::Int(number) => number.to_string(),
        Data::Bool(value) => value.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_workbook_reads_back_as_its_rows() {
        let rows = api::actuals_file::actuals_rows(None);
        let bytes = write(&rows).unwrap();
        let read = read(&bytes).unwrap();
        assert_eq!(read.len(), rows.len());
        assert_eq!(read[0].line, 1);
        assert_eq!(read[0].cells, rows[0].to_vec());
        assert!(self::read(b"not a workbook").is_err());
    }
}
