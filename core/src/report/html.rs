//! The report as one self-contained HTML document: inline CSS (with `@page` rules for A4 or
//! Letter, repeated table headers, rows kept whole) and inline SVG charts. Every string, imported
//! or not, goes through `escape`; a Content-Security-Policy forbids scripts besides, so a
//! product title such as `<script>…</script>` is shown, never run.
//!
//! "Page N of M" uses CSS `@page` margin boxes with `counter(page)` and `counter(pages)`:
//! Chromium-based browsers (Chrome, Edge, the desktop app's WebView2) print them; Firefox and
//! Safari ignore margin boxes and print without page numbers. The PDF always has them.

use std::fmt::Write;

use base64::Engine;

use super::charts::{Anchor, Chart, Rgb, Shape};
use super::document::{blocks, Block, Style, Table};
use super::Report;
use crate::text::lookup;

/// Text as HTML text or attribute value: the five characters markup could use.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Text as a CSS string literal (for `content:`), safe inside a `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\n' => {
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// "Page {n} of {m}" as a CSS `content` value with the page counters in place.
fn page_counter(template: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            parts.push(css_string(&rest[..open]));
        }
        match &rest[open + 1..open + close] {
            "n" => parts.push("counter(page)".to_owned()),
            "m" => parts.push("counter(pages)".to_owned()),
            other => parts.push(css_string(&format!("{{{other}}}"))),
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(css_string(rest));
    }
    parts.join(" ")
}

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif;
       font-size: 10pt; line-height: 1.35; color: #1a1a1a; margin: 0; }
main { max-width: 190mm; margin: 0 auto; padding: 12mm 0; }
h1 { font-size: 20pt; margin: 0 0 6pt; }
h2 { font-size: 13pt; margin: 18pt 0 6pt; border-bottom: 1pt solid #1a1a1a; padding-bottom: 2pt; break-after: avoid; page-break-after: avoid; }
p { margin: 4pt 0; }
p.store { font-size: 15pt; font-weight: bold; }
p.verdict { font-size: 13pt; font-weight: bold; border: 2pt solid #1a1a1a; padding: 8pt; }
p.verdict.not-ready { border-style: dashed; }
p.missing { font-style: italic; border-left: 3pt solid #6b6b6b; padding-left: 6pt; }
p.small { font-size: 8.5pt; color: #444; }
dl.facts { display: grid; grid-template-columns: 38% 62%; gap: 3pt 8pt; margin: 8pt 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #8c8c8c; padding: 3pt 4pt; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #e6e6e6; }
td.code { font-family: "WenQuanYi Micro Hei Mono", ui-monospace, monospace; font-size: 7.5pt; word-break: break-all; }
td .line { display: block; }
tr.blocked td { background: #f9dedb; }
tr.warning td { background: #fbefd0; }
tr.open td { background: #eeeeee; }
tr.settled td { background: #e3f1e3; }
figure { margin: 6pt 0; break-inside: avoid; page-break-inside: avoid; }
svg { width: 100%; height: auto; display: block; }
.pictures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8pt; }
figure.picture { margin: 0; border: 0.5pt solid #8c8c8c; padding: 4pt; }
figure.picture img { display: block; max-width: 100%; max-height: 60mm; width: auto; height: auto; margin: 0 auto; }
figure.picture figcaption { font-size: 7.5pt; overflow-wrap: anywhere; margin-top: 3pt; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 16pt; break-inside: avoid; page-break-inside: avoid; margin-top: 8pt; }
.signature { border: 1pt solid #1a1a1a; padding: 8pt; }
.signature h3 { margin: 0 0 8pt; font-size: 11pt; }
.signature .field { border-bottom: 0.8pt solid #1a1a1a; height: 26pt; margin-bottom: 6pt; font-size: 8pt; display: flex; align-items: flex-end; }
@media print {
  main { max-width: none; padding: 0; }
  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The whole report as an HTML document. Same report, same bytes.
pub fn render(report: &Report) -> String {
    let lang = report.lang;
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n");
    let _ = writeln!(out, "<html lang=\"{}\">", escape(lang.tag()));
    out.push_str("<head>\n<meta charset=\"utf-8\">\n");
    // Nothing in the report needs a script, a request or a font from elsewhere.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<meta name=\"generator\" content=\"Closeout {}\">", escape(report.closeout_version));
    let _ = writeln!(out, "<title>{} — {}</title>", escape(lookup(lang, "report.title")), escape(&report.store));
    out.push_str("<style>");
    out.push_str(STYLE);
    let _ = writeln!(
        out,
        "@page {{ size: {}; margin: 16mm 14mm 18mm; @bottom-center {{ content: {}; font-size: 8pt; }} }}",
        report.paper.css_name(),
        page_counter(lookup(lang, "report.page"))
    );
    out.push_str("</style>\n</head>\n<body>\n<main>\n");
    for block in blocks(report) {
        render_block(&mut out, &block);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn render_block(out: &mut String, block: &Block) {
    match block {
        Block::Title(text) => {
            let _ = writeln!(out, "<h1>{}</h1>", escape(text));
        }
        Block::Heading(text) => {
            let _ = writeln!(out, "<h2>{}</h2>", escape(text));
        }
        Block::Para(text, style) => {
            let class = match style {
                Style::Normal => "",
                Style::Verdict { ready: true } => " class=\"verdict ready\"",
                Style::Verdict { ready: false } => " class=\"verdict not-ready\"",
                Style::Missing => " class=\"missing\"",
                Style::Small => " class=\"small\"",
            };
            let _ = writeln!(out, "<p{class}>{}</p>", lines(text));
        }
        Block::Facts(pairs) => {
            out.push_str("<dl class=\"facts\">\n");
            for (label, value) in pairs {
                let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(value));
            }
            out.push_str("</dl>\n");
        }
        Block::Table(table) => render_table(out, table),
        Block::Chart(chart) => {
            out.push_str("<figure>\n");
            out.push_str(&svg(chart));
            out.push_str("</figure>\n");
        }
        Block::Pictures(pictures) => {
            out.push_str("<div class=\"pictures\">\n");
            for p in pictures {
                // A raster picture as a data URI: the CSP admits images from data: and nothing
                // else, and no attachment is ever SVG or markup.
                let _ = writeln!(
                    out,
                    "<figure class=\"picture\"><img src=\"data:{};base64,{}\" alt=\"{}\" width=\"{}\" height=\"{}\"><figcaption>{}</figcaption></figure>",
                    p.thumbnail.media_type.mime(),
                    base64::engine::general_purpose::STANDARD.encode(&p.thumbnail.bytes),
                    escape(&p.caption),
                    p.thumbnail.width,
                    p.thumbnail.height,
                    escape(&p.caption)
                );
            }
            out.push_str("</div>\n");
        }
        Block::Signatures { people, fields } => {
            out.push_str("<div class=\"signatures\">\n");
            for person in people {
                let _ = write!(out, "<div class=\"signature\"><h3>{}</h3>", escape(person));
                for field in fields {
                    let _ = write!(out, "<div class=\"field\">{}</div>", escape(field));
                }
                out.push_str("</div>\n");
            }
            out.push_str("</div>\n");
        }
    }
}

/// Escaped text with its line breaks kept as `<br>`.
fn lines(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("<br>")
}

fn render_table(out: &mut String, table: &Table) {
    let _ = writeln!(out, "<table class=\"{}\">", escape(table.name));
    out.push_str("<colgroup>");
    for c in &table.columns {
        let _ = write!(out, "<col style=\"width: {:.0}%\">", c.width * 100.0);
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for c in &table.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&c.label));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        let _ = write!(out, "<tr class=\"{}\">", row.tone.name());
        for (cell, column) in row.cells.iter().zip(&table.columns) {
            let class = if column.code { " class=\"code\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", lines(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn rgb(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// A chart as inline SVG; its text escaped like everything else.
pub fn svg(chart: &Chart) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\"><title>{}</title>",
        chart.width,
        chart.height,
        escape(&chart.title)
    );
    for shape in &chart.shapes {
        match shape {
            Shape::Rect { x, y, w, h, fill, stroke, dashed } => {
                let _ = writeln!(
                    out,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.8\"{}/>",
                    fill.map_or("none".to_owned(), rgb),
                    stroke.map_or("none".to_owned(), rgb),
                    if *dashed { " stroke-dasharray=\"2 1.5\"" } else { "" }
                );
            }
            Shape::Line { x1, y1, x2, y2, color, width, dashed } => {
                let _ = writeln!(
                    out,
                    "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{}\" stroke-width=\"{width}\"{}/>",
                    rgb(*color),
                    if *dashed { " stroke-dasharray=\"4 3\"" } else { "" }
                );
            }
            Shape::Text { x, y, size, text, anchor, bold, color } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let _ = writeln!(
                    out,
                    "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{}\"{}>{}</text>",
                    rgb(*color),
                    if *bold { " font-weight=\"bold\"" } else { "" },
                    escape(text)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(escape("<script>alert(2)</script>"), "&lt;script&gt;alert(2)&lt;/script&gt;");
        assert_eq!(escape("<img src=x onerror=alert(1)>Phone case"), "&lt;img src=x onerror=alert(1)&gt;Phone case");
        assert_eq!(escape("a \"b\" & 'c'"), "a &quot;b&quot; &amp; &#39;c&#39;");
        assert_eq!(escape("枫叶手工"), "枫叶手工");
    }

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        assert_eq!(css_string("a\"b"), "\"a\\22 b\"");
        assert!(!css_string("</style><script>").contains('<'));
    }

    #[test]
    fn page_numbers_use_the_css_counters() {
        assert_eq!(page_counter("Page {n} of {m}"), "\"Page \" counter(page) \" of \" counter(pages)");
        assert_eq!(page_counter("第 {n} 页，共 {m} 页"), "\"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\"");
    }

    #[test]
    fn chart_text_is_escaped() {
        let chart = Chart {
            width: 10.0,
            height: 10.0,
            title: "<b>".into(),
            shapes: vec![Shape::Text {
                x: 0.0,
                y: 5.0,
                size: 8.0,
                text: "<script>x</script>".into(),
                anchor: Anchor::Start,
                bold: false,
                color: (0, 0, 0),
            }],
        };
        let svg = svg(&chart);
        assert!(svg.contains("&lt;script&gt;x&lt;/script&gt;") && svg.contains("<title>&lt;b&gt;</title>"));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn the_same_report_gives_the_same_bytes() {
        let report = crate::report::tests::empty_report();
        assert_eq!(render(&report), render(&report));
        assert!(render(&report).contains("size: A4"));
    }
}
