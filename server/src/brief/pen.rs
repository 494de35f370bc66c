//! Drawing on a briefing page: text in the embedded font, rules, chart images and
//! tables; and the document's pages, each numbered and footed.

use anyhow::{Context, Result, anyhow};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// A4 landscape, in points.
pub(super) const PAGE: (f32, f32) = (841.89, 595.28);
pub(super) const MARGIN: f32 = 42.0;

/// Width of text in points, estimated from the font's shapes: CJK glyphs are one em,
/// Latin letters about half.
fn width(text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| {
            if (c as u32) >= 0x2E80 {
                size
            } else {
                size * 0.55
            }
        })
        .sum()
}

/// Splits text into lines no wider than `max` points.
pub(super) fn wrap(text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for c in text.chars() {
        let line = lines.last_mut().map(|l| l.as_str()).unwrap_or_default();
        if width(line, size) + width(&c.to_string(), size) > max && !line.is_empty() {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            line.push(c);
        }
    }
    lines
}

/// The document being written: its pages come one after another, each after the
/// first with the footer and its number.
pub(super) struct Pages {
    document: Document,
    font: Font,
    footer: String,
    number: usize,
}

impl Pages {
    pub(super) fn new(document: Document, font: Font, footer: String) -> Pages {
        Pages {
            document,
            font,
            footer,
            number: 0,
        }
    }

    /// Starts a page, lets `draw` draw on it, adds the footer and finishes it.
    pub(super) fn page(&mut self, draw: impl FnOnce(&mut Pen<'_, '_>) -> Result<()>) -> Result<()> {
        self.number += 1;
        let settings = PageSettings::from_wh(PAGE.0, PAGE.1).context("page size")?;
        let mut page = self.document.start_page_with(settings);
        let mut surface = page.surface();
        let result = {
            let mut pen = Pen {
                surface: &mut surface,
                font: self.font.clone(),
            };
            let result = draw(&mut pen);
            if self.number > 1 {
                pen.footer(&self.footer, self.number);
            }
            result
        };
        surface.finish();
        page.finish();
        result
    }

    /// The PDF's bytes.
    pub(super) fn finish(self) -> Result<Vec<u8>> {
        self.document
            .finish()
            .map_err(|error| anyhow!("cannot write the PDF: {error:?}"))
    }
}

pub(super) struct Pen<'s, 'p> {
    surface: &'s mut Surface<'p>,
    font: Font,
}

impl Pen<'_, '_> {
    pub(super) fn colour(&mut self, (r, g, b): (u8, u8, u8)) {
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(r, g, b).into(),
            opacity: NormalizedF32::ONE,
            rule: Default::default(),
        }));
    }

    pub(super) fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        self.surface.draw_text(
            Point::from_xy(x, y),
            self.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn text_right(&mut self, right: f32, y: f32, size: f32, text: &str) {
        self.text(right - width(text, size), y, size, text);
    }

    pub(super) fn rule(&mut self, x0: f32, y: f32, x1: f32, grey: u8) {
        let mut path = PathBuilder::new();
        path.move_to(x0, y);
        path.line_to(x1, y);
        if let Some(path) = path.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(grey, grey, grey).into(),
                width: 0.6,
                ..Default::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    pub(super) fn image(&mut self, png: Vec<u8>, x: f32, y: f32, w: f32, h: f32) -> Result<()> {
        let image = Image::from_png(png.into(), true).map_err(|e| anyhow!("chart image: {e}"))?;
        let size = Size::from_wh(w, h).context("chart size")?;
        self.surface
            .push_transform(&Transform::from_translate(x, y));
        self.surface.draw_image(image, size);
        self.surface.pop();
        Ok(())
    }

    /// A page heading; returns the y below it.
    pub(super) fn heading(&mut self, title: &str) -> f32 {
        self.colour((0, 0, 0));
        self.text(MARGIN, MARGIN + 18.0, 20.0, title);
        self.rule(MARGIN, MARGIN + 28.0, PAGE.0 - MARGIN, 0);
        MARGIN + 50.0
    }

    fn footer(&mut self, left: &str, page: usize) {
        self.colour((90, 90, 90));
        self.text(MARGIN, PAGE.1 - 20.0, 8.0, left);
        self.text_right(PAGE.0 - MARGIN, PAGE.1 - 20.0, 8.0, &page.to_string());
    }

    /// One line of cells: text columns from their left edge, numbers to their right edge.
    fn cells<'c>(
        &mut self,
        columns: &[(f32, bool)],
        y: f32,
        size: f32,
        cell: impl Fn(usize) -> Option<&'c str>,
    ) {
        for (i, (x, right)) in columns.iter().enumerate() {
            let text = cell(i).unwrap_or_default();
            if *right {
                self.text_right(*x, y, size, text);
            } else {
                self.text(*x, y, size, text);
            }
        }
    }

    /// A table with the given column right edges (or left edges for text columns);
    /// returns the y below it.
    pub(super) fn table(
        &mut self,
        top: f32,
        columns: &[(f32, bool)],
        header: &[&str],
        rows: &[Vec<String>],
        size: f32,
    ) -> f32 {
        let line = size * 1.75;
        let mut y = top;
        self.colour((0, 0, 0));
        self.cells(columns, y, size, |i| header.get(i).copied());
        self.rule(MARGIN, y + size * 0.6, PAGE.0 - MARGIN, 0);
        y += line;
        for row in rows {
            self.colour((20, 20, 20));
            self.cells(columns, y, size, |i| row.get(i).map(String::as_str));
            self.rule(MARGIN, y + size * 0.6, PAGE.0 - MARGIN, 210);
            y += line;
        }
        y
    }
}
