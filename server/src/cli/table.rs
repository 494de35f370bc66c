//! The one table layout of the command line: every command hands its header (in the
//! reader's language, [`bilingual`]) and rows here instead of aligning columns itself.

pub(super) use server::words::bilingual;
use unicode_width::UnicodeWidthStr;

/// A plain-text table aligned by display width, so Chinese lines up.
pub(super) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut text = String::new();
    let line = |text: &mut String, cells: &[&str]| {
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.width());
            // Text columns align left, numbers right.
            let numeric = i > 0
                && cell
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+');
            if numeric {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
            text.push_str(if i + 1 < cells.len() { "  " } else { "\n" });
        }
    };
    line(&mut text, header);
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    line(
        &mut text,
        &rule.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    for row in rows {
        line(
            &mut text,
            &row.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::table;

    #[test]
    fn columns_align_by_display_width_with_numbers_to_the_right() {
        let rows = vec![
            vec!["专利".to_owned(), "5".to_owned()],
            vec!["brands".to_owned(), "1,200".to_owned()],
        ];
        assert_eq!(
            table(&["项目", "n"], &rows),
            "项目    n    \n──────  ─────\n专利        5\nbrands  1,200\n"
        );
    }
}
