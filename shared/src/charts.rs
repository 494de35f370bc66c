//! The product's charts, drawn with plotters on any backend: a canvas in the browser,
//! SVG or PNG on the server, so every chart looks the same wherever it appears.
//! (Behind the `charts` feature: plotters' drawing core does no I/O.)
//!
//! The low-level functions take plain numbers and labels; the high-level ones
//! ([`attainment`], [`allocation_against_baseline`], [`indicator_trajectory`], [`sensitivity_tornado`],
//! [`target_probabilities`]) take the model's own results, so the browser and the
//! server cannot disagree on what a chart shows.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::format;
use crate::ids::{IndicatorId, ProgrammeId, YEAR_COUNT};
use crate::money::Money;
use crate::plan::{self, INDICATORS, IndicatorKind, Lang};
use crate::projection::Projection;
use crate::uncertainty::{Sensitivity, Uncertainty};
use crate::verdict::{Verdict, meets};

mod execution;
pub use execution::execution_trajectory;

/// Font family of chart text: CJK-capable fonts first. The server registers its font
/// under this very name, so PNG text finds it.
pub const FONT_FAMILY: &str =
    "Noto Sans CJK SC, WenQuanYi Micro Hei, PingFang SC, Microsoft YaHei, sans-serif";
const INK: RGBColor = RGBColor(33, 37, 41);
const MUTED: RGBColor = RGBColor(108, 117, 125);
const BLUE: RGBColor = RGBColor(31, 95, 168);
const ORANGE: RGBColor = RGBColor(201, 99, 28);
const GREEN: RGBColor = RGBColor(38, 128, 72);
const GRID: RGBColor = RGBColor(222, 226, 230);

/// One labelled bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label at the left.
    pub label: String,
    /// Value.
    pub value: f64,
    /// Text printed at the bar's end.
    pub text: String,
    /// The verdict the bar stands for, where it stands for one; otherwise the bar is
    /// drawn as met when it reaches the reference.
    pub verdict: Option<Verdict>,
}

impl Bar {
    /// A ratio drawn in percent and labelled as one.
    fn percent(label: String, ratio: f64) -> Bar {
        Bar {
            label,
            value: ratio * 100.0,
            text: format::percent(ratio),
            verdict: None,
        }
    }

    /// A result against its goal, drawn in percent, with its verdict.
    fn attainment(label: String, result: f64, goal: f64, verdict: Verdict) -> Bar {
        let text = match verdict {
            Verdict::Infeasible => {
                format!("{} {}", format::attainment(result, goal), verdict.mark())
            }
            _ => format::attainment(result, goal),
        };
        Bar {
            label,
            value: result / goal * 100.0,
            text,
            verdict: Some(verdict),
        }
    }
}

fn clear<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>) -> Option<()> {
    root.fill(&WHITE).ok()
}

/// Text size for a bar row of `row` pixels.
fn font_size(row: f64) -> u32 {
    (row * 0.46).clamp(11.0, 30.0) as u32
}

fn text_style(size: u32, color: RGBColor, pos: Pos) -> TextStyle<'static> {
    (FONT_FAMILY, size).into_font().color(&color).pos(pos)
}

/// Horizontal bars against a reference line (attainment against 100%). Bars at or
/// above the reference are drawn solid, below it hatched lighter, and the value is
/// always printed, so colour is never the only signal.
pub fn reference_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    bars: &[Bar],
    reference: f64,
    reference_label: &str,
) {
    if clear(root).is_none() {
        return;
    }
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (f64::from(width), f64::from(height));
    // Sizes follow the canvas, so a slide-sized chart gets slide-sized text.
    let unit = (width / 560.0).clamp(1.0, 3.0);
    let left = 150.0 * unit;
    let right = 70.0 * unit;
    let top = 24.0 * unit;
    let row = ((height - top - 8.0) / bars.len().max(1) as f64).min(28.0 * unit);
    let font = font_size(row);
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(reference * 1.25, f64::max)
        .max(1e-9);
    let x = |v: f64| (left + (width - left - right) * (v / max).clamp(0.0, 1.0)) as i32;
    for (i, bar) in bars.iter().enumerate() {
        let y0 = top + row * i as f64;
        let (y_top, y_bottom) = ((y0 + row * 0.18) as i32, (y0 + row * 0.82) as i32);
        let verdict = bar.verdict.unwrap_or(if meets(bar.value, reference) {
            Verdict::Met
        } else {
            Verdict::Missed
        });
        let met = verdict != Verdict::Missed;
        let style = match verdict {
            Verdict::Infeasible => MUTED.mix(0.45).filled(),
            Verdict::Missed => ORANGE.mix(0.55).filled(),
            _ => BLUE.filled(),
        };
        let _ = root.draw(&Rectangle::new(
            [(x(0.0), y_top), (x(bar.value), y_bottom)],
            style,
        ));
        if !met {
            let _ = root.draw(&Rectangle::new(
                [(x(0.0), y_top), (x(bar.value), y_bottom)],
                ORANGE.stroke_width(1),
            ));
        }
        let _ = root.draw(&Text::new(
            bar.label.clone(),
            (left as i32 - 6, ((y_top + y_bottom) / 2)),
            text_style(font, INK, Pos::new(HPos::Right, VPos::Center)),
        ));
        let _ = root.draw(&Text::new(
            bar.text.clone(),
            (x(bar.value) + 4, ((y_top + y_bottom) / 2)),
            text_style(font, INK, Pos::new(HPos::Left, VPos::Center)),
        ));
    }
    let line_x = x(reference);
    let bottom = (top + row * bars.len() as f64) as i32;
    let _ = root.draw(&PathElement::new(
        vec![(line_x, top as i32 - 4), (line_x, bottom)],
        INK.stroke_width(2),
    ));
    let _ = root.draw(&Text::new(
        reference_label.to_owned(),
        (line_x, 4),
        text_style(font, INK, Pos::new(HPos::Center, VPos::Top)),
    ));
    let _ = root.present();
}

/// One line of a trajectory chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Values for 2017..2020.
    pub values: [f64; YEAR_COUNT],
}

/// The cumulative trajectory against the target, with the baseline and an optional
/// P10–P90 band. Drawn directly in pixels: plotters' mesh costs more than the whole
/// budget of a slider frame.
pub fn trajectory<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    current: &Series,
    baseline: &Series,
    target: Option<(f64, String)>,
    band: Option<([f64; YEAR_COUNT], [f64; YEAR_COUNT])>,
) {
    let whole = |series: &Series, pen: Pen| Line {
        label: series.label.clone(),
        points: series.values.iter().copied().enumerate().collect(),
        pen,
    };
    // No dashed line here, so the simulator's binary carries no dash drawing.
    lines(
        root,
        &[whole(baseline, Pen::Muted), whole(current, Pen::Solid)],
        target,
        band,
        |_, _, _, _| {},
    );
}

/// How a [`Line`] is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pen {
    /// Thin grey: a reference (the baseline, the plan).
    Muted,
    /// Thick blue: what happened or is chosen.
    Solid,
    /// Thick blue, dashed: a forecast.
    Dashed,
}

/// One line over the years: `(year index, value)` points, in order.
pub(crate) struct Line {
    pub(crate) label: String,
    pub(crate) points: Vec<(usize, f64)>,
    pub(crate) pen: Pen,
}

/// Lines over 2017–2020 against an optional target and band, with a legend; a
/// [`Pen::Dashed`] line is drawn by `dashed` (points, style, dash length in pixels) —
/// [`dashed_path`] where a chart has one.
pub(crate) fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lines: &[Line],
    target: Option<(f64, String)>,
    band: Option<([f64; YEAR_COUNT], [f64; YEAR_COUNT])>,
    dashed: impl Fn(&DrawingArea<DB, Shift>, &[(i32, i32)], ShapeStyle, i32),
) {
    if clear(root).is_none() {
        return;
    }
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (f64::from(width), f64::from(height));
    let mut max = lines
        .iter()
        .flat_map(|line| line.points.iter().map(|(_, v)| *v))
        .fold(0.0, f64::max);
    if let Some((target, _)) = &target {
        max = max.max(*target);
    }
    if let Some((_, high)) = &band {
        max = high.iter().copied().fold(max, f64::max);
    }
    let (max, step) = nice_scale(if max > 0.0 { max * 1.04 } else { 1.0 });
    let unit = (width / 560.0).clamp(1.0, 3.0);
    let font = (12.0 * unit) as u32;
    let (left, right, bottom) = (78.0 * unit, 16.0 * unit, 30.0 * unit);
    // The legend is a band above the plot, never over a line: its entries in rows that
    // wrap at the plot's width.
    let mut legend: Vec<(String, ShapeStyle, bool)> = Vec::new();
    if let Some((_, label)) = &target {
        legend.push((label.clone(), INK.stroke_width(2), false));
    }
    for line in lines {
        legend.push((
            line.label.clone(),
            line_style(line.pen),
            line.pen == Pen::Dashed,
        ));
    }
    let entry_width = |label: &str| 24.0 * unit + text_width(label, font) + 14.0 * unit;
    let mut places = Vec::with_capacity(legend.len());
    let (mut column, mut row) = (left, 0.0);
    for (label, _, _) in &legend {
        if column > left && column + entry_width(label) > width - right {
            (column, row) = (left, row + 1.0);
        }
        places.push((column, row));
        column += entry_width(label);
    }
    let rows = places.last().map_or(0.0, |(_, row)| row + 1.0);
    let top = 10.0 * unit + 18.0 * unit * rows;
    let x = |year: usize| {
        (left + (width - left - right) * (year as f64 + 0.5) / YEAR_COUNT as f64) as i32
    };
    let y = |v: f64| (height - bottom - (height - top - bottom) * (v / max)) as i32;
    let ticks = (max / step).round() as u32;
    for tick in 0..=ticks {
        let value = step * f64::from(tick);
        let _ = root.draw(&PathElement::new(
            vec![(left as i32, y(value)), ((width - right) as i32, y(value))],
            GRID.stroke_width(1),
        ));
        let _ = root.draw(&Text::new(
            format::number(value, step_decimals(step)),
            (left as i32 - 6, y(value)),
            text_style(
                font.saturating_sub(1),
                MUTED,
                Pos::new(HPos::Right, VPos::Center),
            ),
        ));
    }
    for (i, year) in ["2017", "2018", "2019", "2020"].iter().enumerate() {
        let _ = root.draw(&Text::new(
            (*year).to_owned(),
            (x(i), (height - bottom) as i32 + 6),
            text_style(font, INK, Pos::new(HPos::Center, VPos::Top)),
        ));
    }
    if let Some((low, high)) = band {
        let mut polygon: Vec<(i32, i32)> = (0..YEAR_COUNT).map(|i| (x(i), y(high[i]))).collect();
        polygon.extend((0..YEAR_COUNT).rev().map(|i| (x(i), y(low[i]))));
        let _ = root.draw(&Polygon::new(polygon, BLUE.mix(0.18).filled()));
    }
    if let Some((target, _)) = &target {
        let _ = root.draw(&PathElement::new(
            vec![
                (left as i32, y(*target)),
                ((width - right) as i32, y(*target)),
            ],
            INK.stroke_width(2),
        ));
    }
    let dash = (6.0 * unit) as i32;
    for line in lines {
        let style = line_style(line.pen);
        let is_dashed = line.pen == Pen::Dashed;
        let points: Vec<(i32, i32)> = line.points.iter().map(|(i, v)| (x(*i), y(*v))).collect();
        draw_path(root, &points, style, is_dashed.then_some(dash), &dashed);
        // A forecast's points are hollow, and its first is the last actual one.
        for point in points.iter().skip(usize::from(is_dashed)) {
            let mark = if is_dashed {
                style.color.stroke_width(2)
            } else {
                style.color.filled()
            };
            let _ = root.draw(&Circle::new(*point, 3, mark));
        }
    }
    for ((label, style, is_dashed), (column, row)) in legend.iter().zip(&places) {
        let y0 = (10.0 * unit + 18.0 * unit * row) as i32;
        let x0 = *column as i32;
        let sample = [(x0, y0), (x0 + (18.0 * unit) as i32, y0)];
        draw_path(
            root,
            &sample,
            *style,
            is_dashed.then_some((4.0 * unit) as i32),
            &dashed,
        );
        let _ = root.draw(&Text::new(
            label.clone(),
            (x0 + (24.0 * unit) as i32, y0),
            text_style(font, INK, Pos::new(HPos::Left, VPos::Center)),
        ));
    }
    let _ = root.present();
}

/// A polyline: solid, or dashed by `dashed` with dashes and gaps of `dash` pixels.
fn draw_path<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[(i32, i32)],
    style: ShapeStyle,
    dash: Option<i32>,
    dashed: &impl Fn(&DrawingArea<DB, Shift>, &[(i32, i32)], ShapeStyle, i32),
) {
    match dash {
        None => {
            let _ = root.draw(&PathElement::new(points.to_vec(), style));
        }
        Some(dash) => dashed(root, points, style, dash.max(1)),
    }
}

/// A dashed polyline, dashes and gaps `dash` pixels long.
pub(crate) fn dashed_path<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[(i32, i32)],
    style: ShapeStyle,
    dash: i32,
) {
    let _ = root.draw(&plotters::element::DashedPathElement::new(
        points.iter().copied(),
        dash,
        dash,
        style,
    ));
}

/// The smallest 1, 2 or 5 × 10^k at or above `value`, for round axis ticks.
/// A line's pen as a stroke: the baseline and year plans muted, the scenario blue.
fn line_style(pen: Pen) -> ShapeStyle {
    match pen {
        Pen::Muted => MUTED.stroke_width(2),
        Pen::Solid | Pen::Dashed => BLUE.stroke_width(3),
    }
}

/// An axis from 0 over `value`: its top and a round step (1, 2, 2.5 or 5 times a power
/// of ten) that divides it into at most five parts — 0, 500, …, 2,500 rather than
/// quarters of 2,500 (625, 1,250, 1,875).
fn nice_scale(value: f64) -> (f64, f64) {
    let raw = value / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| (value / step - 1e-9).ceil() <= 5.0)
        .unwrap_or(10.0 * magnitude);
    ((value / step - 1e-9).ceil() * step, step)
}

/// The decimals a tick of `step` needs (0 for whole steps, 2 for 0.25).
fn step_decimals(step: f64) -> usize {
    (0..4)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(4)
}

/// One bar of a tornado: the KPI at an assumption's low and high value.
#[derive(Debug, Clone, PartialEq)]
pub struct Swing {
    /// The assumption.
    pub label: String,
    /// KPI at the low value.
    pub low: f64,
    /// KPI at the high value.
    pub high: f64,
}

/// A tornado: each assumption's swing around the base value, largest first, values
/// printed as plain numbers. The measure is taken to be better when higher, so the part
/// of a bar above the base is drawn as favourable; `legend` is (below the base, above
/// it).
pub fn tornado<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    base: f64,
    swings: &[Swing],
    legend: (&str, &str),
) {
    let rows: Vec<TornadoRow> = swings
        .iter()
        .map(|swing| TornadoRow {
            label: swing.label.clone(),
            ends: [swing.low, swing.high],
            texts: [format::number(swing.low, 0), format::number(swing.high, 0)],
        })
        .collect();
    favourable_tornado(root, base, "", &rows, (legend.1, legend.0));
}

/// One row of a tornado: an assumption, the measure at its two ends, and the text
/// printed beside each end.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRow {
    /// Label at the left, in plain words.
    pub label: String,
    /// The measure at each end of the assumption's range (in any order).
    pub ends: [f64; 2],
    /// Text beside each end, in the same order: the value with its unit.
    pub texts: [String; 2],
}

/// A row's (lower end, its text) and (higher end, its text).
fn ordered(row: &TornadoRow) -> ((f64, &String), (f64, &String)) {
    if row.ends[0] <= row.ends[1] {
        ((row.ends[0], &row.texts[0]), (row.ends[1], &row.texts[1]))
    } else {
        ((row.ends[1], &row.texts[1]), (row.ends[0], &row.texts[0]))
    }
}

/// Width of `text` at `size` pixels, estimated: Latin letters and digits about half an
/// em, CJK a full em (the backends' own text metrics are not available everywhere).
fn text_width(text: &str, size: u32) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.52 } else { 1.0 })
        .sum::<f64>()
        * f64::from(size)
}

/// The text size of the attainment chart on a canvas of this size: the floor for the
/// tornado's text, so its numbers are never smaller than that chart's.
fn attainment_font(width: f64, height: f64) -> u32 {
    let bars = INDICATORS
        .iter()
        .filter(|def| def.measured_against().is_some())
        .count()
        .max(1);
    let unit = (width / 560.0).clamp(1.0, 3.0);
    let top = 24.0 * unit;
    font_size(((height - top - 8.0) / bars as f64).min(28.0 * unit))
}

/// The label split in two lines at its colon (`设备升级：…`, `Equipment: …`), for labels
/// too long for one.
fn split_label(label: &str) -> (String, Option<String>) {
    for separator in ["：", ": "] {
        if let Some((head, tail)) = label.split_once(separator) {
            let head = if separator == "：" {
                format!("{head}：")
            } else {
                format!("{head}:")
            };
            return (head, Some(tail.to_owned()));
        }
    }
    (label.to_owned(), None)
}

/// A tornado whose colours say what is good: the part of each bar where the measure is
/// above `base` is green (favourable), below it orange (unfavourable), whichever end of
/// the assumption's range it comes from; every value is printed beside its end, at no
/// smaller a size than the attainment chart's. `caption` goes above the bars (empty for
/// none); `legend` is (favourable, unfavourable).
pub fn favourable_tornado<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    base: f64,
    caption: &str,
    rows: &[TornadoRow],
    legend: (&str, &str),
) {
    if clear(root).is_none() {
        return;
    }
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (f64::from(width), f64::from(height));
    let unit = (width / 560.0).clamp(1.0, 3.0);
    let floor = attainment_font(width, height);
    let caption_height = if caption.is_empty() {
        0.0
    } else {
        f64::from(floor) * 2.0
    };
    let legend_height = f64::from(floor) * 2.6;
    let top = 8.0 + caption_height;
    let row = ((height - top - legend_height - 8.0) / rows.len().max(1) as f64).min(28.0 * unit);
    let font = font_size(row).max(floor);
    let pad = 6.0 * unit;

    // Labels: one line where they fit, else split at the colon into two lines.
    let limit = width * 0.42;
    let widest = rows
        .iter()
        .map(|r| text_width(&r.label, font))
        .fold(0.0, f64::max);
    let two_lines = widest > limit;
    // Two lines share a row, so they may be a little smaller than the values.
    let label_font = if two_lines {
        ((row * 0.44) as u32).clamp(9, font)
    } else {
        font
    };
    let labels: Vec<(String, Option<String>)> = rows
        .iter()
        .map(|r| {
            if two_lines {
                split_label(&r.label)
            } else {
                (r.label.clone(), None)
            }
        })
        .collect();
    let widest_line = |font| {
        labels
            .iter()
            .map(|(first, second)| {
                text_width(first, font)
                    .max(second.as_deref().map_or(0.0, |line| text_width(line, font)))
            })
            .fold(0.0, f64::max)
    };
    // A line still wider than the limit (a long English half) makes the labels smaller
    // rather than running off the chart's left edge.
    let natural = widest_line(label_font);
    let label_font = if natural > limit {
        ((f64::from(label_font) * limit / natural).floor() as u32).max(7)
    } else {
        label_font
    };
    let label_width = widest_line(label_font).min(limit);
    let left = label_width + 2.0 * pad;

    // Values: the text of the lower end goes left of the bar, of the higher end right.
    let margin_left = rows
        .iter()
        .map(|r| text_width(ordered(r).0.1, font))
        .fold(0.0, f64::max)
        + pad;
    let margin_right = rows
        .iter()
        .map(|r| text_width(ordered(r).1.1, font))
        .fold(0.0, f64::max)
        + pad;
    let spread = rows
        .iter()
        .flat_map(|r| r.ends)
        .map(|v| (v - base).abs())
        .fold(0.0, f64::max)
        .max(1e-12);
    // The centre line sits so that the longest bar on either side just fits.
    let reach_left = rows
        .iter()
        .map(|r| (base - ordered(r).0.0).max(0.0) / spread)
        .fold(0.0, f64::max);
    let reach_right = rows
        .iter()
        .map(|r| (ordered(r).1.0 - base).max(0.0) / spread)
        .fold(0.0, f64::max);
    let room = (width - left - margin_left - margin_right - pad).max(1.0);
    let scale = room / (reach_left + reach_right).max(1e-9);
    let zero = left + margin_left + reach_left * scale;
    let x = |v: f64| (zero + scale * (v - base) / spread) as i32;

    if !caption.is_empty() {
        // A caption too wide for the canvas keeps its first clause.
        let caption = if text_width(caption, font) > width - 2.0 * pad {
            caption
                .split(['；', ';'])
                .next()
                .unwrap_or(caption)
                .trim_end()
        } else {
            caption
        };
        let _ = root.draw(&Text::new(
            caption.to_owned(),
            (pad as i32, (8.0 + caption_height / 2.0) as i32),
            text_style(font, INK, Pos::new(HPos::Left, VPos::Center)),
        ));
    }
    for (i, r) in rows.iter().enumerate() {
        let y0 = top + row * i as f64;
        let (y_top, y_bottom) = ((y0 + row * 0.2) as i32, (y0 + row * 0.8) as i32);
        let middle = (y0 + row / 2.0) as i32;
        // The farther end first, so a nearer end on the same side stays visible.
        let mut ends = r.ends;
        ends.sort_by(|a, b| (b - base).abs().total_cmp(&(a - base).abs()));
        for (n, v) in ends.into_iter().enumerate() {
            if v == base {
                continue;
            }
            let colour = if v > base { GREEN } else { ORANGE };
            let inset = if n == 1 && (ends[0] - base).signum() == (v - base).signum() {
                (row * 0.12) as i32
            } else {
                0
            };
            let _ = root.draw(&Rectangle::new(
                [(x(base), y_top + inset), (x(v), y_bottom - inset)],
                colour.mix(if inset > 0 { 1.0 } else { 0.85 }).filled(),
            ));
        }
        match &labels[i] {
            (line, None) => {
                let _ = root.draw(&Text::new(
                    line.clone(),
                    ((left - pad) as i32, middle),
                    text_style(label_font, INK, Pos::new(HPos::Right, VPos::Center)),
                ));
            }
            (first, Some(second)) => {
                let half = (f64::from(label_font) * 0.55) as i32;
                for (line, dy) in [(first, -half), (second, half)] {
                    let _ = root.draw(&Text::new(
                        line.clone(),
                        ((left - pad) as i32, middle + dy),
                        text_style(label_font, INK, Pos::new(HPos::Right, VPos::Center)),
                    ));
                }
            }
        }
        let ((low, low_text), (high, high_text)) = ordered(r);
        let _ = root.draw(&Text::new(
            low_text.clone(),
            (x(low.min(base)) - (pad / 2.0) as i32, middle),
            text_style(font, INK, Pos::new(HPos::Right, VPos::Center)),
        ));
        let _ = root.draw(&Text::new(
            high_text.clone(),
            (x(high.max(base)) + (pad / 2.0) as i32, middle),
            text_style(font, INK, Pos::new(HPos::Left, VPos::Center)),
        ));
    }
    let bottom = (top + row * rows.len() as f64) as i32;
    let _ = root.draw(&PathElement::new(
        vec![(zero as i32, top as i32), (zero as i32, bottom)],
        INK.stroke_width(2),
    ));
    let key_y = bottom + (legend_height / 2.0) as i32;
    let size = (f64::from(font) * 0.9) as i32;
    let gap = (24.0 * unit) as i32;
    let keys = [(GREEN, legend.0), (ORANGE, legend.1)];
    let keys_width: i32 = keys
        .iter()
        .map(|(_, text)| size + 6 + text_width(text, font) as i32)
        .sum::<i32>()
        + gap;
    // Under the bars where it fits, else as far left as it must.
    let mut x0 = (left as i32)
        .min(width as i32 - pad as i32 - keys_width)
        .max(pad as i32);
    for (colour, text) in keys {
        let _ = root.draw(&Rectangle::new(
            [(x0, key_y - size / 2), (x0 + size, key_y + size / 2)],
            colour.mix(0.85).filled(),
        ));
        let _ = root.draw(&Text::new(
            text.to_owned(),
            (x0 + size + 6, key_y),
            text_style(font, INK, Pos::new(HPos::Left, VPos::Center)),
        ));
        x0 += size + 6 + text_width(text, font) as i32 + gap;
    }
    let _ = root.present();
}

fn indicator_label(slot: usize, lang: Lang) -> String {
    let def = &INDICATORS[slot];
    let name = plan::programme(def.programme)
        .short_name
        .get(lang)
        .to_owned();
    if def.indicator == IndicatorId::ParkTax {
        name + if lang == Lang::Zh {
            "·税收"
        } else {
            " · tax"
        }
    } else {
        name
    }
}

/// Attainment of every indicator with a target or reference, against 100%.
pub fn attainment<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    projection: &Projection,
    lang: Lang,
) {
    let bars: Vec<Bar> = projection
        .indicators
        .iter()
        .enumerate()
        .filter_map(|(slot, row)| {
            let goal = row.measured_against()?.value();
            let verdict = crate::verdict::verdict(row.result, Some(goal), projection.feasible);
            Some(Bar::attainment(
                indicator_label(slot, lang),
                row.result,
                goal,
                verdict,
            ))
        })
        .collect();
    let label = if projection.feasible {
        "100%".to_owned()
    } else {
        format!("100% · {}", Verdict::Infeasible.label(lang))
    };
    reference_bars(root, &bars, 100.0, &label);
}

/// Cumulative results of one indicator: running sums of a flow, the level of a level.
pub fn cumulative(projection: &Projection, slot: usize) -> [f64; YEAR_COUNT] {
    let mut values = projection.indicators[slot].by_year.0;
    if INDICATORS[slot].kind == IndicatorKind::Flow {
        for i in 1..values.len() {
            values[i] += values[i - 1];
        }
    }
    values
}

/// The 2017–2020 trajectory of one indicator (index into [`INDICATORS`]) against its
/// target and the baseline, with the Monte Carlo P10–P90 band when given.
pub fn indicator_trajectory<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    projection: &Projection,
    baseline: &Projection,
    slot: usize,
    band: Option<&Uncertainty>,
    lang: Lang,
) {
    let def = &INDICATORS[slot];
    let target_word = if lang == Lang::Zh { "目标" } else { "Target" };
    let target = def.target.map(|t| {
        (
            t,
            format!("{target_word} {}", format::quantity(t, def.unit, lang)),
        )
    });
    let band = band.map(|b| {
        let c = &b.indicators[slot].cumulative.0;
        (c.map(|x| x.p10), c.map(|x| x.p90))
    });
    // The scenario's name as a person reads it in `lang` (the baseline's stored name, in
    // either language, becomes this language's); a scenario still named after the
    // baseline is called this scenario, so the legend never names two lines alike.
    let base = crate::scenario::BASELINE_NAME.get(lang).to_owned();
    let now = match crate::scenario::name_in(&projection.scenario, lang) {
        name if name == base => match lang {
            Lang::Zh => "本方案".to_owned(),
            Lang::En => "This scenario".to_owned(),
        },
        name => name.to_owned(),
    };
    trajectory(
        root,
        &Series {
            label: now,
            values: cumulative(projection, slot),
        },
        &Series {
            label: base,
            values: cumulative(baseline, slot),
        },
        target,
        band,
    );
}

/// The largest swings of a sensitivity analysis (of a KPI or an indicator) as a tornado:
/// plain labels ([`crate::uncertainty::TornadoBar::plain_label`]), each end's value with
/// its unit, favourable in green and unfavourable in orange, the scenario's value as the
/// centre line. Assumptions that do not move the measure are left out.
pub fn sensitivity_tornado<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sensitivity: &Sensitivity,
    top: usize,
    lang: Lang,
) {
    let measure = sensitivity.measure;
    let unit = measure.unit();
    let rows: Vec<TornadoRow> = sensitivity
        .moving()
        .take(top)
        .map(|bar| TornadoRow {
            label: bar.plain_label(lang),
            ends: [bar.kpi_at_low, bar.kpi_at_high],
            texts: [
                format::quantity(bar.kpi_at_low, unit, lang),
                format::quantity(bar.kpi_at_high, unit, lang),
            ],
        })
        .collect();
    let base = format::quantity(sensitivity.base, unit, lang);
    let name = measure.name().get(lang);
    let caption = match (lang, rows.is_empty()) {
        (Lang::Zh, false) => {
            format!("{name}：本情景 {base}（中线）；每条为一项假设取其范围两端时的结果")
        }
        (Lang::En, false) => format!(
            "{name}: {base} in this scenario (centre line); each bar moves one assumption across its range"
        ),
        (Lang::Zh, true) => format!("{name}：本情景 {base}；没有哪项假设会改变这一结果"),
        (Lang::En, true) => format!("{name}: {base} in this scenario; no assumption moves it"),
    };
    let legend = match lang {
        Lang::Zh => ("有利：结果更好", "不利：结果更差"),
        Lang::En => (
            "favourable: a better result",
            "unfavourable: a worse result",
        ),
    };
    favourable_tornado(root, sensitivity.base, &caption, &rows, legend);
}

/// The probability of meeting each target and headline KPI, against even odds.
pub fn target_probabilities<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    uncertainty: &Uncertainty,
    lang: Lang,
) {
    let mut bars: Vec<Bar> = uncertainty
        .kpis
        .iter()
        .map(|kpi| {
            Bar::percent(
                kpi.key.headline().name.get(lang).to_owned(),
                kpi.probability_meeting_target,
            )
        })
        .collect();
    bars.extend(
        uncertainty
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(slot, band)| {
                let p = band.probability_meeting_target?;
                Some(Bar::percent(indicator_label(slot, lang), p))
            }),
    );
    reference_bars(root, &bars, 50.0, "50%");
}

/// Each programme's four-year money as a bar, with a tick at its baseline amount and
/// the change written out: where the money goes, against the baseline.
pub fn allocation_against_baseline<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    projection: &Projection,
    baseline: &Projection,
    lang: Lang,
) {
    if clear(root).is_none() {
        return;
    }
    let rows: Vec<(String, Money, Money)> = ProgrammeId::ALL
        .iter()
        .map(|id| {
            (
                plan::programme(*id).short_name.get(lang).to_owned(),
                projection.funding(*id),
                baseline.funding(*id),
            )
        })
        .collect();
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (f64::from(width), f64::from(height));
    let unit = (width / 560.0).clamp(1.0, 3.0);
    let (left, right, top) = (150.0 * unit, 150.0 * unit, 8.0);
    let row = ((height - top - 8.0) / rows.len() as f64).min(28.0 * unit);
    let font = font_size(row);
    let max = rows
        .iter()
        .map(|(_, now, base)| (*now).max(*base).to_f64_lossy())
        .fold(1.0, f64::max);
    let x = |v: f64| (left + (width - left - right) * (v / max)) as i32;
    for (i, (label, now, base)) in rows.iter().enumerate() {
        let y0 = top + row * i as f64;
        let (y_top, y_bottom) = ((y0 + row * 0.18) as i32, (y0 + row * 0.82) as i32);
        let _ = root.draw(&Rectangle::new(
            [(x(0.0), y_top), (x(now.to_f64_lossy()), y_bottom)],
            BLUE.filled(),
        ));
        let tick = x(base.to_f64_lossy());
        let _ = root.draw(&PathElement::new(
            vec![(tick, y_top - 3), (tick, y_bottom + 3)],
            INK.stroke_width(3),
        ));
        let _ = root.draw(&Text::new(
            label.clone(),
            (left as i32 - 6, (y_top + y_bottom) / 2),
            text_style(font, INK, Pos::new(HPos::Right, VPos::Center)),
        ));
        let delta = *now - *base;
        // Display only: the change in the language's unit of money (万元, CNY million),
        // rounded.
        let (per, dp) = match lang {
            Lang::Zh => (10_000.0, 0),
            Lang::En => (1_000_000.0, 1),
        };
        let figure = |money: Money| format::number(money.to_f64_lossy() / per, dp);
        let change = if delta == Money::ZERO {
            String::new()
        } else if delta > Money::ZERO {
            format!(" (+{})", figure(delta))
        } else {
            format!(" ({})", figure(delta))
        };
        // The unit is in every title that shows this chart: the bar reads as a number.
        let amount = figure(*now);
        let _ = root.draw(&Text::new(
            format!("{amount}{change}"),
            (
                x((*now).max(*base).to_f64_lossy()) + 6,
                (y_top + y_bottom) / 2,
            ),
            text_style(font, INK, Pos::new(HPos::Left, VPos::Center)),
        ));
    }
    let _ = root.present();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_axis_steps_by_round_numbers_into_at_most_five_parts() {
        assert_eq!(nice_scale(2160.0), (2500.0, 500.0));
        assert_eq!(nice_scale(8_640_000.0), (10_000_000.0, 2_000_000.0));
        assert_eq!(nice_scale(12_960.0), (15_000.0, 5_000.0));
        assert_eq!(nice_scale(500.0), (500.0, 100.0));
        let (top, step) = nice_scale(0.5);
        assert!((top - 0.5).abs() < 1e-12 && (step - 0.1).abs() < 1e-12);
        assert_eq!(step_decimals(500.0), 0);
        assert_eq!(step_decimals(0.1), 1);
        assert_eq!(step_decimals(0.25), 2);
    }
}
