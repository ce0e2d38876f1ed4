//! The report's two charts as plain shapes (rectangles, lines, text) in points, so the HTML
//! (as inline SVG) and the PDF draw the same geometry. Meaning never rests on colour alone:
//! lines differ by dash, gaps carry a ✕, and every marker is labelled in words.

use chrono::{Datelike, Duration, NaiveDate};

use super::{Coverage, Report, Timeline};

/// Width of every chart, in points (the text width of an A4 or Letter page with margins).
pub const WIDTH: f32 = 500.0;
const LABEL_WIDTH: f32 = 150.0;
const PLOT_LEFT: f32 = LABEL_WIDTH + 8.0;
const PLOT_RIGHT: f32 = WIDTH - 40.0;
const ROW: f32 = 18.0;

/// A colour as red, green and blue bytes; the SVG writes it as `#rrggbb`.
pub type Rgb = (u8, u8, u8);
/// Near-black, for text, outlines and axes.
pub const INK: Rgb = (0x1a, 0x1a, 0x1a);
/// Mid grey, for covered months and the PDF's page numbers: dark enough to print, light enough
/// to tell from ink.
pub const GREY: Rgb = (0x6b, 0x6b, 0x6b);
const PALE: Rgb = (0xd9, 0xd9, 0xd9);
const ACCENT: Rgb = (0xb3, 0x26, 0x1e);

/// Which point of a text `x` gives, as SVG's `text-anchor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is where the text begins.
    Start,
    /// `x` is the text's centre.
    Middle,
    /// `x` is where the text ends.
    End,
}

/// One thing a chart draws. Coordinates are points from the chart's top-left corner, `y` growing
/// downwards, as in SVG.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A rectangle: a window's bar, a month's cell, a key's swatch.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// The fill; `None` leaves it empty.
        fill: Option<Rgb>,
        /// The outline's colour; `None` for no outline.
        stroke: Option<Rgb>,
        /// A dashed outline, which marks a gap without relying on colour.
        dashed: bool,
    },
    /// A straight line: an axis, a tick, a date marker.
    Line {
        /// Where it starts, across.
        x1: f32,
        /// Where it starts, down.
        y1: f32,
        /// Where it ends, across.
        x2: f32,
        /// Where it ends, down.
        y2: f32,
        /// Its colour.
        color: Rgb,
        /// Its thickness in points.
        width: f32,
        /// Dashed rather than solid: the earliest closure date's marker, against today's solid
        /// one.
        dashed: bool,
    },
    /// `y` is the text's baseline.
    Text {
        /// Where the text is anchored, across (see `anchor`).
        x: f32,
        /// The baseline.
        y: f32,
        /// The font size in points.
        size: f32,
        /// What it says, as plain text; the HTML escapes it.
        text: String,
        /// Which point of the text `x` gives.
        anchor: Anchor,
        /// Bold; the PDF's font has no bold face, so there it is drawn with a thin outline.
        bold: bool,
        /// Its colour.
        color: Rgb,
    },
}

/// A chart as shapes, ready for [`super::html::svg`] or the PDF to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Width in points; every chart is [`WIDTH`] wide.
    pub width: f32,
    /// Height in points, as much as the chart's rows need.
    pub height: f32,
    /// What the chart shows, in one sentence (the SVG's accessible title).
    pub title: String,
    /// What to draw, in order: later shapes paint over earlier ones.
    pub shapes: Vec<Shape>,
}

fn text(x: f32, y: f32, size: f32, s: impl Into<String>, anchor: Anchor) -> Shape {
    Shape::Text { x, y, size, text: s.into(), anchor, bold: false, color: INK }
}

fn vline(x: f32, y1: f32, y2: f32, width: f32, dashed: bool) -> Shape {
    Shape::Line { x1: x, y1, x2: x, y2, color: INK, width, dashed }
}

/// When each waiting period ends, with today and the earliest closure date; `None` when no
/// window has a date (the report says so in words instead).
pub fn timeline(t: &Timeline, report: &Report) -> Option<Chart> {
    if t.windows.is_empty() {
        return None;
    }
    let dates: Vec<NaiveDate> = t.windows.iter().map(|w| w.until).chain([t.today]).chain(t.earliest).collect();
    let (first, last) = (*dates.iter().min()?, *dates.iter().max()?);
    let pad = Duration::days(((last - first).num_days() / 10).max(2));
    let (start, end) = (first - pad, last + pad);
    let span = (end - start).num_days().max(1) as f32;
    let x = |d: NaiveDate| PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * (d - start).num_days() as f32 / span;

    let top = 30.0;
    let axis_y = top + ROW * t.windows.len() as f32 + 6.0;
    let mut shapes = Vec::new();
    // Marker labels first, above the plot, on two lines so they never overlap.
    let today_label = format!("{} {}", report.t("report.timeline.today"), t.today);
    shapes.push(text(x(t.today), 11.0, 8.0, today_label, Anchor::Middle));
    shapes.push(vline(x(t.today), 14.0, axis_y, 1.2, false));
    if let Some(earliest) = t.earliest {
        let label = format!("{} {}", report.t("report.timeline.earliest"), earliest);
        shapes.push(text(x(earliest), 24.0, 8.0, label, Anchor::Middle));
        shapes.push(vline(x(earliest), 27.0, axis_y, 1.2, true));
    }
    for (i, w) in t.windows.iter().enumerate() {
        let y = top + ROW * i as f32;
        shapes.push(text(0.0, y + 12.0, 8.5, w.title.clone(), Anchor::Start));
        let left = PLOT_LEFT;
        shapes.push(Shape::Rect {
            x: left,
            y: y + 3.0,
            w: (x(w.until) - left).max(1.0),
            h: ROW - 6.0,
            fill: Some(PALE),
            stroke: Some(INK),
            dashed: false,
        });
        shapes.push(text(x(w.until) + 3.0, y + 12.0, 8.0, w.until.to_string(), Anchor::Start));
    }
    shapes.push(Shape::Line {
        x1: PLOT_LEFT,
        y1: axis_y,
        x2: PLOT_RIGHT,
        y2: axis_y,
        color: INK,
        width: 0.8,
        dashed: false,
    });
    for tick in ticks(start, end) {
        shapes.push(vline(x(tick), axis_y, axis_y + 3.0, 0.8, false));
        shapes.push(text(x(tick), axis_y + 12.0, 7.0, tick.format("%m-%d").to_string(), Anchor::Middle));
    }
    Some(Chart { width: WIDTH, height: axis_y + 16.0, title: report.t("report.timeline.title").to_owned(), shapes })
}

/// Axis ticks: the 1st and 15th of each month, or the 1st only on a long axis.
pub fn ticks(start: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    let long = (end - start).num_days() > 120;
    let mut out = Vec::new();
    let mut d = start;
    while d <= end {
        if d.day() == 1 || (!long && d.day() == 15) {
            out.push(d);
        }
        d += Duration::days(1);
    }
    out
}

/// Room a two-digit month label needs, in points at 6.5 pt, with a gap to the next.
const MONTH_LABEL_WIDTH: f32 = 11.0;

/// One row per kind of file, one cell per month: filled where a file covers the month, a ✕
/// where a row has a gap between its first and last month; `None` when nothing is dated.
pub fn coverage(c: &Coverage, report: &Report) -> Option<Chart> {
    if c.months.is_empty() {
        return None;
    }
    let n = c.months.len() as f32;
    let cell = ((PLOT_RIGHT + 30.0 - PLOT_LEFT) / n).min(28.0);
    let top = 4.0;
    let mut shapes = Vec::new();
    for (r, row) in c.rows.iter().enumerate() {
        let y = top + r as f32 * (ROW + 4.0);
        shapes.push(text(0.0, y + 12.0, 8.5, row.label.clone(), Anchor::Start));
        if row.files == 0 {
            shapes.push(text(PLOT_LEFT, y + 12.0, 8.0, report.t("report.coverage.none"), Anchor::Start));
            continue;
        }
        for (i, (month, covered)) in c.months.iter().zip(&row.covered).enumerate() {
            let x = PLOT_LEFT + cell * i as f32;
            let gap = row.gaps.contains(month);
            shapes.push(Shape::Rect {
                x: x + 0.5,
                y,
                w: cell - 1.0,
                h: ROW,
                fill: covered.then_some(GREY),
                stroke: Some(if gap { ACCENT } else { PALE }),
                dashed: gap,
            });
            if gap {
                shapes.push(Shape::Text {
                    x: x + cell / 2.0,
                    y: y + 12.5,
                    size: 9.0,
                    text: "✕".into(),
                    anchor: Anchor::Middle,
                    bold: false,
                    color: ACCENT,
                });
            }
        }
    }
    // Month labels that never collide: the month's number (every few months when the cells
    // are narrower than a label), and beneath it the year, at each January and at the start
    // unless a January follows within three months.
    let label_y = top + c.rows.len() as f32 * (ROW + 4.0) + 8.0;
    let every = (MONTH_LABEL_WIDTH / cell).ceil().max(1.0) as usize;
    for (i, month) in c.months.iter().enumerate() {
        let x = PLOT_LEFT + cell * i as f32 + cell / 2.0;
        if i % every == 0 {
            shapes.push(text(x, label_y, 6.5, month[5..].to_owned(), Anchor::Middle));
        }
        let january_soon = c.months[i..].iter().take(4).skip(1).any(|m| m.ends_with("-01"));
        if month.ends_with("-01") || (i == 0 && !january_soon) {
            shapes.push(text(x, label_y + 9.0, 6.5, month[..4].to_owned(), Anchor::Middle));
        }
    }
    // The key, in words.
    let key_y = label_y + 22.0;
    shapes.push(Shape::Rect {
        x: PLOT_LEFT,
        y: key_y - 8.0,
        w: 10.0,
        h: 9.0,
        fill: Some(GREY),
        stroke: Some(PALE),
        dashed: false,
    });
    shapes.push(text(PLOT_LEFT + 14.0, key_y, 7.5, report.t("report.coverage.key_covered"), Anchor::Start));
    shapes.push(Shape::Text {
        x: PLOT_LEFT + 150.0,
        y: key_y,
        size: 8.0,
        text: "✕".into(),
        anchor: Anchor::Start,
        bold: false,
        color: ACCENT,
    });
    shapes.push(text(PLOT_LEFT + 162.0, key_y, 7.5, report.t("report.coverage.key_gap"), Anchor::Start));
    Some(Chart { width: WIDTH, height: key_y + 6.0, title: report.t("report.coverage.title").to_owned(), shapes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ticks_fall_on_the_first_and_fifteenth() {
        let t = ticks(d("2026-11-10"), d("2026-12-20"));
        assert_eq!(t, vec![d("2026-11-15"), d("2026-12-01"), d("2026-12-15")]);
        let long = ticks(d("2026-01-10"), d("2026-06-20"));
        assert!(long.iter().all(|t| t.day() == 1), "{long:?}");
    }

    #[test]
    fn every_shape_stays_inside_the_chart() {
        for chart in sample_charts() {
            for s in &chart.shapes {
                let (x, y) = match s {
                    Shape::Rect { x, y, w, h, .. } => (x + w, y + h),
                    Shape::Line { x1, y1, x2, y2, .. } => (x1.max(*x2), y1.max(*y2)),
                    Shape::Text { x, y, .. } => (*x, *y),
                };
                assert!(x <= chart.width && y <= chart.height, "{s:?} outside {}x{}", chart.width, chart.height);
            }
        }
    }

    #[test]
    fn gaps_are_marked_with_a_symbol_not_only_colour() {
        let charts = sample_charts();
        let coverage = &charts[1];
        let crosses = coverage.shapes.iter().filter(|s| matches!(s, Shape::Text { text, .. } if text == "✕")).count();
        // One gap cell (2026-02) and the key.
        assert_eq!(crosses, 2);
        let dashed = coverage.shapes.iter().filter(|s| matches!(s, Shape::Rect { dashed: true, .. })).count();
        assert_eq!(dashed, 1);
    }

    fn sample_charts() -> Vec<Chart> {
        let report = super::super::tests::empty_report();
        let line = Timeline {
            today: d("2026-11-20"),
            earliest: Some(d("2026-12-05")),
            windows: vec![super::super::TimelineWindow { title: "Buyer protection".into(), until: d("2026-12-05") }],
        };
        let months = Coverage {
            months: vec!["2026-01".into(), "2026-02".into(), "2026-03".into()],
            rows: vec![
                super::super::CoverageRow {
                    label: "Orders".into(),
                    covered: vec![true, false, true],
                    files: 2,
                    gaps: vec!["2026-02".into()],
                },
                super::super::CoverageRow {
                    label: "Statements".into(),
                    covered: vec![false; 3],
                    files: 0,
                    gaps: vec![],
                },
            ],
        };
        vec![timeline(&line, &report).unwrap(), coverage(&months, &report).unwrap()]
    }

    /// The month labels of a coverage chart over `months` months from `first`, as (x, y, text).
    fn month_labels(first: NaiveDate, months: usize) -> Vec<(f32, f32, String)> {
        let months: Vec<String> = (0..months)
            .map(|i| first.checked_add_months(chrono::Months::new(i as u32)).unwrap().format("%Y-%m").to_string())
            .collect();
        let row = crate::report::CoverageRow {
            label: "Orders".into(),
            covered: vec![true; months.len()],
            gaps: Vec::new(),
            files: 1,
        };
        let mut report = crate::report::tests::empty_report();
        report.coverage = Coverage { months, rows: vec![row] };
        let chart = coverage(&report.coverage, &report).unwrap();
        let label_y = 4.0 + ROW + 4.0 + 8.0;
        chart
            .shapes
            .into_iter()
            .filter_map(|s| match s {
                Shape::Text { x, y, text, .. } if y >= label_y => Some((x, y, text)),
                _ => None,
            })
            .filter(|(_, y, _)| *y < label_y + 10.0)
            .collect()
    }

    #[test]
    fn month_labels_never_collide_however_many_months() {
        for months in [1, 2, 14, 23, 40, 90] {
            let labels = month_labels(d("2024-12-01"), months);
            for pair in labels.windows(2).filter(|p| p[0].1 == p[1].1) {
                let room = 6.5 * 0.6 * (pair[0].2.chars().count() + pair[1].2.chars().count()) as f32 / 2.0;
                assert!(pair[1].0 - pair[0].0 >= room, "{months} months: {pair:?} overlap");
            }
            let years: Vec<&str> = labels.iter().filter(|l| l.2.len() == 4).map(|l| l.2.as_str()).collect();
            assert_eq!(years.first().copied(), Some(if months < 2 { "2024" } else { "2025" }).filter(|_| months > 0));
        }
    }
}
