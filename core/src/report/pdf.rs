//! The report as a PDF, made in Rust with krilla: the blocks of `document` laid out on A4 or
//! Letter pages, tables repeating their header on every page they cross and never splitting a
//! row, "page N of M" in the footer. One font is embedded in the binary (WenQuanYi Micro Hei,
//! Latin and Simplified Chinese; `assets/fonts/`) and krilla subsets it to the glyphs used, so
//! Chinese product titles and the zh-CN report render on any machine.
//!
//! Deterministic: no clock is read; the creation date in the metadata is the as-of date.

use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use super::charts::{Anchor, Chart, Rgb, Shape, GREY, INK};
use super::document::{blocks, Block, Style, Table, Tone};
use super::Report;
use crate::error::{Error, Result};
use crate::text::Text;

/// WenQuanYi Micro Hei 0.2.0-beta (Apache-2.0 or GPLv3 with font exception), face 0 of the TTC.
static FONT: &[u8] = include_bytes!("../../../assets/fonts/wqy-microhei.ttc");

/// A heading's own height: its line at 13 pt, the space above it and the rule below.
const HEADING_HEIGHT: f32 = 13.0 * 1.4 + 22.0;
const MARGIN_X: f32 = 42.0;
const MARGIN_TOP: f32 = 48.0;
const MARGIN_BOTTOM: f32 = 48.0;
const BODY: f32 = 10.0;
const TABLE_TEXT: f32 = 8.0;
const CODE_TEXT: f32 = 7.0;
const PAD: f32 = 3.0;

/// Text widths from the font's advance widths (no kerning: a line measured this way is never
/// narrower than the shaped line krilla draws, so it never overflows its column).
pub struct Measure<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    metrics: GlyphMetrics<'a>,
    units_per_em: f32,
}

impl<'a> Measure<'a> {
    /// Measures with face 0 of the font file `data` (a TTF, or the first face of a TTC);
    /// `None` when it cannot be read as a font.
    pub fn new(data: &'a [u8]) -> Option<Measure<'a>> {
        let font = FontRef::from_index(data, 0).ok()?;
        let units_per_em = font.metrics(Size::unscaled(), LocationRef::default()).units_per_em as f32;
        Some(Measure {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// How far `c` advances the pen at `size` points, in points; a character the font lacks
    /// measures as its missing-glyph box.
    pub fn char_width(&self, c: char, size: f32) -> f32 {
        let glyph = self.charmap.map(c).unwrap_or_default();
        self.metrics.advance_width(glyph).unwrap_or(0.0) * size / self.units_per_em
    }

    /// The width of `text` on one line at `size` points: the sum of its advances.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.char_width(c, size)).sum()
    }

    /// Breaks `text` into lines no wider than `max`: at spaces and hyphens, between Chinese
    /// characters, and anywhere inside a word too long for a line (hashes, long ids). `\n`
    /// always breaks. As Chinese typesetting wants, a line never starts with closing
    /// punctuation (，。）…) nor ends with an opening bracket (（《「…) where it can be helped.
    pub fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let chars: Vec<char> = para.chars().collect();
            if chars.is_empty() {
                lines.push(String::new());
                continue;
            }
            let mut start = 0;
            while start < chars.len() {
                let (mut width, mut i, mut opportunity) = (0.0, start, None);
                while i < chars.len() {
                    let w = self.char_width(chars[i], size);
                    if width + w > max && i > start {
                        break;
                    }
                    width += w;
                    let next_is_cjk = chars.get(i + 1).is_some_and(|c| is_cjk(*c));
                    let breakable = matches!(chars[i], ' ' | '-' | '/' | ',' | '，' | '、' | '；' | '：')
                        || is_cjk(chars[i])
                        || next_is_cjk;
                    let kept_together =
                        NO_LINE_END.contains(chars[i]) || chars.get(i + 1).is_some_and(|c| NO_LINE_START.contains(*c));
                    if breakable && !kept_together {
                        opportunity = Some(i + 1);
                    }
                    i += 1;
                }
                let end = if i >= chars.len() { i } else { opportunity.filter(|b| *b > start).unwrap_or(i) };
                lines.push(chars[start..end].iter().collect::<String>().trim_end().to_owned());
                start = end;
                while start < chars.len() && chars[start] == ' ' {
                    start += 1;
                }
            }
        }
        lines
    }
}

/// Punctuation a line must not start with (it closes what came before).
const NO_LINE_START: &str = "，。、；：！？）》」』】〕〉’”…％,.;:!?)]%";
/// Brackets a line must not end with (they open what comes after).
const NO_LINE_END: &str = "（《「『【〔〈‘“([";

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// One drawing operation on a page, in points from the top left.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        bold: bool,
        color: Rgb,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Rgb>,
        dashed: bool,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        color: Rgb,
        width: f32,
        dashed: bool,
    },
    /// The `index`th picture of `Pager::pictures`, scaled into the box.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        index: usize,
    },
}

/// Pictures a row of the evidence section holds, and the tallest one's height in points.
const PICTURES_PER_ROW: usize = 3;
const PICTURE_HEIGHT: f32 = 150.0;
const CAPTION_TEXT: f32 = 7.0;

/// Lays blocks onto pages.
struct Pager<'a> {
    m: &'a Measure<'a>,
    width: f32,
    height: f32,
    pages: Vec<Vec<Op>>,
    /// The pictures `Op::Image` draws, in the order laid out.
    pictures: Vec<super::Thumbnail>,
    y: f32,
}

impl<'a> Pager<'a> {
    fn new(m: &'a Measure<'a>, (width, height): (f32, f32)) -> Pager<'a> {
        Pager { m, width, height, pages: vec![Vec::new()], pictures: Vec::new(), y: MARGIN_TOP }
    }

    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }

    fn body_height(&self) -> f32 {
        self.bottom() - MARGIN_TOP
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom() && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    fn op(&mut self, op: Op) {
        self.pages.last_mut().expect("a page").push(op);
    }

    fn text(&mut self, x: f32, y: f32, size: f32, text: &str, bold: bool) {
        if !text.is_empty() {
            self.op(Op::Text { x, y, size, text: text.to_owned(), bold, color: INK });
        }
    }

    /// Wrapped text from the cursor down, line by line (a paragraph may cross pages).
    fn paragraph(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        let leading = size * 1.4;
        for line in self.m.wrap(text, size, self.content_width() - indent) {
            self.ensure(leading);
            self.y += leading;
            let y = self.y - leading * 0.28;
            self.text(MARGIN_X + indent, y, size, &line, bold);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Title(text) => {
                self.paragraph(text, 20.0, true, 0.0);
                self.y += 6.0;
            }
            Block::Heading(text) => {
                // Keep a heading with at least a few lines of what follows.
                self.ensure(HEADING_HEIGHT + 60.0);
                self.y += 12.0;
                self.paragraph(text, 13.0, true, 0.0);
                let y = self.y + 2.0;
                let x2 = MARGIN_X + self.content_width();
                self.op(Op::Line { x1: MARGIN_X, y1: y, x2, y2: y, color: INK, width: 0.8, dashed: false });
                self.y += 8.0;
            }
            Block::Para(text, style) => self.para(text, *style),
            Block::Facts(pairs) => {
                let label_w = self.content_width() * 0.36;
                for (label, value) in pairs {
                    let labels = self.m.wrap(label, BODY, label_w - 8.0);
                    let values = self.m.wrap(value, BODY, self.content_width() - label_w);
                    let leading = BODY * 1.45;
                    let h = labels.len().max(values.len()) as f32 * leading;
                    self.ensure(h);
                    for (i, line) in labels.iter().enumerate() {
                        self.text(MARGIN_X, self.y + leading * (i as f32 + 0.75), BODY, line, true);
                    }
                    for (i, line) in values.iter().enumerate() {
                        self.text(MARGIN_X + label_w, self.y + leading * (i as f32 + 0.75), BODY, line, false);
                    }
                    self.y += h + 2.0;
                }
                self.y += 4.0;
            }
            Block::Table(table) => self.table(table),
            Block::Chart(chart) => self.chart(chart),
            Block::Pictures(pictures) => self.pictures(pictures),
            Block::Signatures { people, fields } => {
                let field_h = 30.0;
                let h = 24.0 + field_h * fields.len() as f32 + 8.0;
                self.ensure(h + 10.0);
                self.y += 10.0;
                let gap = 16.0;
                let w = (self.content_width() - gap) / people.len().max(1) as f32;
                for (i, person) in people.iter().enumerate() {
                    let x = MARGIN_X + i as f32 * (w + gap);
                    let top = self.y;
                    self.op(Op::Rect { x, y: top, w, h, fill: None, stroke: Some(INK), dashed: false });
                    self.text(x + 8.0, top + 16.0, 11.0, person, true);
                    for (j, field) in fields.iter().enumerate() {
                        let line_y = top + 24.0 + field_h * (j as f32 + 1.0);
                        self.op(Op::Line {
                            x1: x + 8.0,
                            y1: line_y,
                            x2: x + w - 8.0,
                            y2: line_y,
                            color: INK,
                            width: 0.6,
                            dashed: false,
                        });
                        self.text(x + 8.0, line_y - 3.0, 7.5, field, false);
                    }
                }
                self.y += h;
            }
        }
    }

    fn para(&mut self, text: &str, style: Style) {
        match style {
            Style::Normal => self.paragraph(text, BODY, false, 0.0),
            Style::Small => self.paragraph(text, 8.5, false, 0.0),
            Style::Missing => {
                let top = self.y + 2.0;
                self.paragraph(text, BODY, false, 9.0);
                self.op(Op::Rect {
                    x: MARGIN_X,
                    y: top,
                    w: 2.5,
                    h: self.y - top + 2.0,
                    fill: Some(GREY),
                    stroke: None,
                    dashed: false,
                });
                self.y += 4.0;
            }
            Style::Verdict { ready } => {
                self.y += 8.0;
                let lines = self.m.wrap(text, 13.0, self.content_width() - 20.0);
                let h = lines.len() as f32 * 13.0 * 1.4 + 16.0;
                self.ensure(h);
                let (x, w, top) = (MARGIN_X, self.content_width(), self.y);
                self.op(Op::Rect { x, y: top, w, h, fill: None, stroke: Some(INK), dashed: !ready });
                self.op(Op::Rect {
                    x: x + 1.5,
                    y: top + 1.5,
                    w: w - 3.0,
                    h: h - 3.0,
                    fill: None,
                    stroke: Some(INK),
                    dashed: !ready,
                });
                for (i, line) in lines.iter().enumerate() {
                    self.text(x + 10.0, top + 8.0 + 13.0 * 1.4 * (i as f32 + 0.75), 13.0, line, true);
                }
                self.y += h + 8.0;
            }
        }
    }

    fn table(&mut self, table: &Table) {
        let total = self.content_width();
        let widths: Vec<f32> = table.columns.iter().map(|c| c.width * total).collect();
        let header: Vec<Vec<String>> =
            table.columns.iter().zip(&widths).map(|(c, w)| self.m.wrap(&c.label, TABLE_TEXT, w - 2.0 * PAD)).collect();
        let header_h = row_height(&header, TABLE_TEXT);
        let draw_header = |p: &mut Pager| {
            p.row(&header, &widths, &[], Some((0xe6, 0xe6, 0xe6)), true);
        };
        self.ensure(header_h + 3.0 * TABLE_TEXT * 1.35);
        draw_header(self);
        let sizes: Vec<f32> = table.columns.iter().map(|c| if c.code { CODE_TEXT } else { TABLE_TEXT }).collect();
        // A row never splits; one taller than a whole page is cut short with "…".
        let room = self.body_height() - header_h;
        let max_lines = ((room - 2.0 * PAD) / (TABLE_TEXT * 1.35)).floor() as usize;
        for row in &table.rows {
            let mut cells: Vec<Vec<String>> = row
                .cells
                .iter()
                .zip(&widths)
                .zip(&sizes)
                .map(|((cell, w), size)| self.m.wrap(cell, *size, w - 2.0 * PAD))
                .collect();
            for lines in &mut cells {
                if lines.len() > max_lines {
                    lines.truncate(max_lines.saturating_sub(1));
                    lines.push("…".into());
                }
            }
            let h = row_height(&cells, TABLE_TEXT);
            if self.y + h > self.bottom() {
                self.new_page();
                draw_header(self);
            }
            self.row(&cells, &widths, &sizes, tone_fill(row.tone), false);
        }
        self.y += 8.0;
    }

    fn row(&mut self, cells: &[Vec<String>], widths: &[f32], sizes: &[f32], fill: Option<Rgb>, bold: bool) {
        let h = row_height(cells, TABLE_TEXT);
        let mut x = MARGIN_X;
        let top = self.y;
        for (i, (lines, w)) in cells.iter().zip(widths).enumerate() {
            self.op(Op::Rect { x, y: top, w: *w, h, fill, stroke: Some((0x8c, 0x8c, 0x8c)), dashed: false });
            let size = sizes.get(i).copied().unwrap_or(TABLE_TEXT);
            for (j, line) in lines.iter().enumerate() {
                self.text(x + PAD, top + PAD + TABLE_TEXT * 1.35 * (j as f32 + 0.8), size, line, bold);
            }
            x += w;
        }
        self.y += h;
    }

    /// What must fit below a heading for the block after it to start there: a chart whole
    /// (it never splits), else a few lines.
    fn first_part_height(&self, block: &Block) -> f32 {
        match block {
            Block::Chart(chart) => chart.height * (self.content_width() / chart.width).min(1.2) + 8.0,
            _ => 60.0,
        }
    }

    /// Pictures in rows of `PICTURES_PER_ROW`, each scaled into its cell with its caption below;
    /// a row never splits across pages.
    fn pictures(&mut self, pictures: &[super::document::Picture]) {
        let gap = 10.0;
        let cell = (self.content_width() - gap * (PICTURES_PER_ROW - 1) as f32) / PICTURES_PER_ROW as f32;
        let leading = CAPTION_TEXT * 1.35;
        for row in pictures.chunks(PICTURES_PER_ROW) {
            let captions: Vec<Vec<String>> =
                row.iter().map(|p| self.m.wrap(&p.caption, CAPTION_TEXT, cell - 2.0 * PAD)).collect();
            let caption_h = captions.iter().map(Vec::len).max().unwrap_or(1) as f32 * leading;
            let h = PICTURE_HEIGHT + caption_h + 3.0 * PAD;
            self.ensure(h + gap);
            let top = self.y + 4.0;
            for (i, (picture, caption)) in row.iter().zip(&captions).enumerate() {
                let x = MARGIN_X + i as f32 * (cell + gap);
                self.op(Op::Rect { x, y: top, w: cell, h, fill: None, stroke: Some(GREY), dashed: false });
                let (pw, ph) = (picture.thumbnail.width as f32, picture.thumbnail.height as f32);
                let scale = ((cell - 2.0 * PAD) / pw).min(PICTURE_HEIGHT / ph);
                let (w, ih) = (pw * scale, ph * scale);
                let index = self.pictures.len();
                self.pictures.push(picture.thumbnail.clone());
                self.op(Op::Image { x: x + (cell - w) / 2.0, y: top + PAD, w, h: ih, index });
                for (j, line) in caption.iter().enumerate() {
                    let y = top + 2.0 * PAD + PICTURE_HEIGHT + leading * (j as f32 + 1.0) - leading * 0.28;
                    self.text(x + PAD, y, CAPTION_TEXT, line, false);
                }
            }
            self.y = top + h + gap;
        }
    }

    fn chart(&mut self, chart: &Chart) {
        let scale = (self.content_width() / chart.width).min(1.2);
        self.ensure(chart.height * scale + 8.0);
        let (ox, oy) = (MARGIN_X, self.y + 4.0);
        for shape in &chart.shapes {
            let op = match shape {
                Shape::Rect { x, y, w, h, fill, stroke, dashed } => Op::Rect {
                    x: ox + x * scale,
                    y: oy + y * scale,
                    w: w * scale,
                    h: h * scale,
                    fill: *fill,
                    stroke: *stroke,
                    dashed: *dashed,
                },
                Shape::Line { x1, y1, x2, y2, color, width, dashed } => Op::Line {
                    x1: ox + x1 * scale,
                    y1: oy + y1 * scale,
                    x2: ox + x2 * scale,
                    y2: oy + y2 * scale,
                    color: *color,
                    width: *width,
                    dashed: *dashed,
                },
                Shape::Text { x, y, size, text, anchor, bold, color } => {
                    let size = size * scale;
                    let w = self.m.width(text, size);
                    let shift = match anchor {
                        Anchor::Start => 0.0,
                        Anchor::Middle => w / 2.0,
                        Anchor::End => w,
                    };
                    Op::Text {
                        x: ox + x * scale - shift,
                        y: oy + y * scale,
                        size,
                        text: text.clone(),
                        bold: *bold,
                        color: *color,
                    }
                }
            };
            self.op(op);
        }
        self.y += chart.height * scale + 8.0;
    }
}

fn row_height(cells: &[Vec<String>], size: f32) -> f32 {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * size * 1.35 + 2.0 * PAD
}

/// Light tints that print as light greys: the status words carry the meaning.
fn tone_fill(tone: Tone) -> Option<Rgb> {
    match tone {
        Tone::Plain => None,
        Tone::Blocked => Some((0xf9, 0xde, 0xdb)),
        Tone::Warning => Some((0xfb, 0xef, 0xd0)),
        Tone::Open => Some((0xee, 0xee, 0xee)),
        Tone::Settled => Some((0xe3, 0xf1, 0xe3)),
    }
}

/// The pages of the report, as drawing operations (headers and footers included), and the
/// pictures they draw.
fn layout(report: &Report, m: &Measure) -> (Vec<Vec<Op>>, Vec<super::Thumbnail>) {
    let size = report.paper.size_pt();
    let mut pager = Pager::new(m, size);
    let blocks = blocks(report);
    for (i, block) in blocks.iter().enumerate() {
        if let (Block::Heading(_), Some(next)) = (block, blocks.get(i + 1)) {
            // A heading starts the page its first lines of content land on, never alone at a
            // page's foot: a chart moves whole, so its heading goes with it.
            pager.ensure(HEADING_HEIGHT + pager.first_part_height(next));
        }
        pager.block(block);
    }
    let count = pager.pages.len();
    let pictures = pager.pictures;
    let mut pages = pager.pages;
    let footer_y = size.1 - MARGIN_BOTTOM / 2.0;
    let footer = format!("{} — {} — {}", report.store, report.t("report.title"), report.as_of);
    for (i, ops) in pages.iter_mut().enumerate() {
        let page = Text::new("report.page").with("n", i + 1).with("m", count).render(report.lang);
        let w = m.width(&page, 8.0);
        ops.push(Op::Text { x: size.0 - MARGIN_X - w, y: footer_y, size: 8.0, text: page, bold: false, color: GREY });
        // The page number's width leaves the rest for the store and title.
        let left = m.wrap(&footer, 8.0, size.0 - 2.0 * MARGIN_X - w - 20.0).into_iter().next().unwrap_or_default();
        ops.push(Op::Text { x: MARGIN_X, y: footer_y, size: 8.0, text: left, bold: false, color: GREY });
        let y = footer_y - 10.0;
        ops.push(Op::Line {
            x1: MARGIN_X,
            y1: y,
            x2: size.0 - MARGIN_X,
            y2: y,
            color: GREY,
            width: 0.4,
            dashed: false,
        });
    }
    (pages, pictures)
}

fn fill(c: Rgb) -> Fill {
    Fill { paint: rgb::Color::new(c.0, c.1, c.2).into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

fn stroke(c: Rgb, width: f32, dashed: bool) -> Stroke {
    Stroke {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        width,
        dash: dashed.then(|| StrokeDash { array: vec![3.0, 2.0], offset: 0.0 }),
        ..Stroke::default()
    }
}

/// The report as PDF bytes. A picture whose header read well but whose data does not decode
/// fails only when the PDF is finished: the report is then written again with a placeholder for
/// each picture, so one damaged screenshot never stops the report.
pub fn render(report: &Report) -> Result<Vec<u8>> {
    render_drawing(report, true).or_else(|e| match report.attachments.iter().any(|a| a.thumbnail.is_some()) {
        true => render_drawing(report, false),
        false => Err(e),
    })
}

/// A picture as krilla takes it, or `None` if its header does not read.
fn picture(thumbnail: &super::Thumbnail) -> Option<Image> {
    use crate::case::MediaType;
    let data = krilla::Data::from(thumbnail.bytes.clone());
    match thumbnail.media_type {
        MediaType::Png => Image::from_png(data, true),
        MediaType::Jpeg => Image::from_jpeg(data, true),
        MediaType::Webp => Image::from_webp(data, true),
        MediaType::Pdf | MediaType::Email => return None,
    }
    .ok()
}

/// A failure of the PDF library with the shipped font: never the person's input, named for a
/// bug report.
fn broken(what: &str) -> Error {
    Error::internal(Text::new("internal.pdf_failed").with("why", what))
}

/// The report as PDF bytes, its pictures drawn or, without `draw_pictures`, each a placeholder.
fn render_drawing(report: &Report, draw_pictures: bool) -> Result<Vec<u8>> {
    let measure = Measure::new(FONT).ok_or_else(|| broken("font cannot be read"))?;
    let font = Font::new(FONT.to_vec().into(), 0).ok_or_else(|| broken("font cannot be loaded"))?;
    let (width, height) = report.paper.size_pt();
    let (pages, pictures) = layout(report, &measure);
    let pictures: Vec<Option<Image>> = pictures.iter().map(|p| if draw_pictures { picture(p) } else { None }).collect();

    let mut doc = Document::new();
    let settings = PageSettings::from_wh(width, height).ok_or_else(|| broken("page size"))?;
    for ops in &pages {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, op, &font, &pictures)?;
        }
        surface.finish();
        page.finish();
    }
    doc.set_metadata(metadata(report));
    doc.finish().map_err(|e| broken(&format!("{e:?}")))
}

/// Draws one operation; `pictures` are those `Op::Image` points into, `None` where undrawable.
fn draw(surface: &mut Surface, op: &Op, font: &Font, pictures: &[Option<Image>]) -> Result<()> {
    match *op {
        Op::Text { x, y, size, ref text, bold, color } => {
            surface.set_fill(Some(fill(color)));
            // The font has no bold face: a thin outline in the same colour stands in.
            surface.set_stroke(bold.then(|| stroke(color, size * 0.035, false)));
            surface.draw_text(Point::from_xy(x, y), font.clone(), size, text, false, TextDirection::Auto);
            surface.set_stroke(None);
        }
        Op::Rect { x, y, w, h, fill: f, stroke: s, dashed } => {
            let path = rect_path(x, y, w.max(0.1), h.max(0.1))?;
            draw_path(surface, path, f.map(fill), s.map(|c| stroke(c, 0.6, dashed)));
        }
        Op::Line { x1, y1, x2, y2, color, width, dashed } => {
            let mut pb = PathBuilder::new();
            pb.move_to(x1, y1);
            pb.line_to(x2, y2);
            draw_path(surface, pb.finish(), None, Some(stroke(color, width, dashed)));
        }
        Op::Image { x, y, w, h, index } => {
            let size = krilla::geom::Size::from_wh(w.max(0.1), h.max(0.1)).ok_or_else(|| broken("picture"))?;
            match &pictures[index] {
                Some(image) => {
                    surface.push_transform(&krilla::geom::Transform::from_translate(x, y));
                    surface.draw_image(image.clone(), size);
                    surface.pop();
                }
                // Undrawable: a hatched grey box where it would be; the table names the file.
                None => {
                    let path = rect_path(x, y, size.width(), size.height())?;
                    draw_path(surface, path, Some(fill((0xee, 0xee, 0xee))), Some(stroke(GREY, 0.6, true)));
                }
            }
        }
    }
    Ok(())
}

/// A rectangle's outline, or `None` where krilla makes no path of it.
fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Result<Option<Path>> {
    let rect = krilla::geom::Rect::from_xywh(x, y, w, h).ok_or_else(|| broken("rectangle"))?;
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    Ok(pb.finish())
}

/// Fills and strokes a path (nothing when there is none), then clears the stroke so text drawn
/// next is not outlined.
fn draw_path(surface: &mut Surface, path: Option<Path>, fill: Option<Fill>, stroke: Option<Stroke>) {
    let Some(path) = path else { return };
    surface.set_fill(fill);
    surface.set_stroke(stroke);
    surface.draw_path(&path);
    surface.set_stroke(None);
}

/// The document's title, language, maker and creation date: the as-of date, never the clock.
fn metadata(report: &Report) -> Metadata {
    use chrono::Datelike;
    let date = report.as_of;
    let created = DateTime::new(date.year() as u16).month(date.month() as u8).day(date.day() as u8);
    Metadata::new()
        .title(format!("{} — {}", report.t("report.title"), report.store))
        .language(report.lang.tag().to_owned())
        .creator(format!("Closeout {}", report.closeout_version))
        .creation_date(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure() -> Measure<'static> {
        Measure::new(FONT).unwrap()
    }

    #[test]
    fn lines_never_exceed_the_width() {
        let m = measure();
        let text = "Maple Craft Supplies (枫叶手工) 订单 3031270000000001 等待您发货 abcdefghijklmnopqrstuvwxyz0123456789abcdef";
        for max in [40.0, 80.0, 150.0] {
            for line in m.wrap(text, 8.0, max) {
                assert!(m.width(&line, 8.0) <= max + 0.01, "{line:?} wider than {max}");
            }
        }
        let joined: String = m.wrap(text, 8.0, 80.0).concat();
        assert_eq!(joined.replace(' ', ""), text.replace(' ', ""), "nothing is lost");
    }

    #[test]
    fn breaks_prefer_spaces_and_keep_newlines() {
        let m = measure();
        let w = m.width("hello world", 10.0);
        assert_eq!(m.wrap("hello world", 10.0, w - 1.0), vec!["hello", "world"]);
        assert_eq!(m.wrap("a\nb", 10.0, 100.0), vec!["a", "b"]);
        assert_eq!(m.wrap("枫叶手工", 10.0, m.width("枫叶", 10.0) + 0.1), vec!["枫叶", "手工"]);
    }

    #[test]
    fn chinese_punctuation_stays_with_its_words() {
        let m = measure();
        let fits = |s: &str| m.width(s, 10.0) + 0.1;
        // The full stop does not fit on the first line; it takes the character before it along.
        assert_eq!(m.wrap("等待您发货。然后", 10.0, fits("等待您发货")), vec!["等待您发", "货。然后"]);
        // An opening bracket goes down with what it opens.
        assert_eq!(m.wrap("订单（已完成）", 10.0, fits("订单（")), vec!["订单", "（已完", "成）"]);
        // (Narrower than the three marks 》）。 together, it cannot be helped.)
        for max in [45.0, 60.0, 80.0] {
            for line in m.wrap("买家确认收货后，款项将在15天内放款（见《放款规则》）。", 10.0, max)
            {
                let (first, last) = (line.chars().next().unwrap(), line.chars().last().unwrap());
                assert!(!NO_LINE_START.contains(first) && !NO_LINE_END.contains(last), "{line:?} at {max}");
            }
        }
    }

    #[test]
    fn the_font_has_the_glyphs_the_report_uses() {
        let m = measure();
        for c in "✓✕▲○–—…枫叶手工订单AZaz09".chars() {
            assert!(m.charmap.map(c).is_some_and(|g| g.to_u32() != 0), "{c} is missing from the font");
        }
    }

    #[test]
    fn long_tables_repeat_their_header_and_number_their_pages() {
        let mut report = crate::report::tests::empty_report();
        report.answers = (0..200)
            .map(|i| crate::report::AnswerLine {
                rule: format!("Rule {i}"),
                answer: "Done".into(),
                date: report.as_of,
                note: "note ".repeat(i % 7),
                who: "Seller".into(),
            })
            .collect();
        let m = measure();
        let (pages, _) = layout(&report, &m);
        assert!(pages.len() > 4, "{} pages", pages.len());
        let header = report.t("report.col.note");
        let with_answers = pages
            .iter()
            // "Rule 12", not the versions' "Rule set …".
            .filter(|p| {
                p.iter().any(|op| {
                    matches!(op, Op::Text { text, .. }
                        if text.strip_prefix("Rule ").is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit())))
                })
            })
            .count();
        let with_header =
            pages.iter().filter(|p| p.iter().any(|op| matches!(op, Op::Text { text, .. } if *text == header))).count();
        assert!(
            with_header >= with_answers && with_answers > 1,
            "{with_header} pages with the header, {with_answers} with answers"
        );
        let last = format!("Page {n} of {n}", n = pages.len());
        assert!(pages.last().unwrap().iter().any(|op| matches!(op, Op::Text { text, .. } if *text == last)));
        // Every operation stays on the page.
        let (w, h) = report.paper.size_pt();
        for op in pages.iter().flatten() {
            if let Op::Text { x, y, .. } | Op::Rect { x, y, .. } = op {
                assert!(*x >= 0.0 && *x <= w && *y >= 0.0 && *y <= h, "{op:?}");
            }
        }
    }

    #[test]
    fn the_same_report_gives_the_same_pdf() {
        let report = crate::report::tests::empty_report();
        assert_eq!(render(&report).unwrap(), render(&report).unwrap());
    }
}
