//! The 产品信息 (product) cell of an order export: one block per item, each a title with
//! attributes, the seller's SKU and a quantity in brackets. Odd text never fails a row.

use super::OrderItem;

/// The 产品信息 cell: `【1】title (产品属性: …) (商家编码: SKU) (产品数量: N 件)` per item.
/// Odd text never fails the row: whatever is not recognised stays in an item's title.
pub(super) fn parse_items(cell: &str) -> Vec<OrderItem> {
    item_blocks(cell).into_iter().filter_map(parse_item).collect()
}

/// The text of each `【n】` block (a `[n]` at a line start too), and any text before the first.
fn item_blocks(cell: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut block_start = 0;
    for (at, c) in cell.char_indices() {
        let line_start = at == 0 || cell[..at].ends_with('\n');
        let close = match c {
            '【' => '】',
            '[' if line_start => ']',
            _ => continue,
        };
        let rest = &cell[at + c.len_utf8()..];
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits > 0 && rest[digits..].starts_with(close) {
            blocks.push(&cell[block_start..at]);
            block_start = at + c.len_utf8() + digits + close.len_utf8();
        }
    }
    blocks.push(&cell[block_start..]);
    blocks
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemPart {
    Attributes,
    Sku,
    Quantity,
    Shipping,
}

const ITEM_PARTS: [(&str, ItemPart); 5] = [
    ("产品属性", ItemPart::Attributes),
    ("商家编码", ItemPart::Sku),
    ("产品数量", ItemPart::Quantity),
    ("物流等级&买家选择物流", ItemPart::Shipping),
    ("物流等级", ItemPart::Shipping),
];

fn parse_item(block: &str) -> Option<OrderItem> {
    let block = block.trim_matches(|c: char| c.is_whitespace());
    if block.is_empty() {
        return None;
    }
    let parts = item_parts(block);
    let title_end = parts.first().map_or(block.len(), |part| part.start);
    let mut item =
        OrderItem { title: collapse_spaces(&block[..title_end]), attributes: None, sku: None, quantity: None };
    for part in parts {
        let value = Some(collapse_spaces(part.value)).filter(|v| !v.is_empty());
        match part.kind {
            ItemPart::Attributes => item.attributes = value,
            ItemPart::Sku => item.sku = value,
            ItemPart::Quantity => item.quantity = value.and_then(|v| leading_number(&v)),
            ItemPart::Shipping => {}
        }
    }
    Some(item)
}

struct Part<'a> {
    kind: ItemPart,
    /// Byte offset of the part's opening bracket.
    start: usize,
    value: &'a str,
}

/// The `(key: value)` parts of an item block, brackets ASCII or fullwidth, colon either too;
/// brackets inside a value nest, and an unclosed part runs to the end of the block.
fn item_parts(block: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut from = 0;
    while let Some(open) = block[from..].find(['(', '（']).map(|i| from + i) {
        let inner = open + if block[open..].starts_with('(') { 1 } else { '（'.len_utf8() };
        from = inner;
        let Some((kind, value_offset)) = part_key(&block[inner..]) else { continue };
        let value_start = inner + value_offset;
        let rest = &block[value_start..];
        let (value, next) = match closing_bracket(rest) {
            Some((close, after)) => (&rest[..close], value_start + after),
            None => (rest, block.len()),
        };
        parts.push(Part { kind, start: open, value });
        from = next;
    }
    parts
}

/// After an opening bracket: a known key, optional spaces, a colon. Returns the part and
/// where its value starts.
fn part_key(inner: &str) -> Option<(ItemPart, usize)> {
    let trimmed = inner.trim_start();
    let (name, kind) = ITEM_PARTS.iter().find(|(name, _)| trimmed.starts_with(name))?;
    let after_name = trimmed[name.len()..].trim_start();
    let value = after_name.strip_prefix(':').or_else(|| after_name.strip_prefix('：'))?;
    Some((*kind, inner.len() - value.len()))
}

/// Where the bracket closing an already opened one starts and ends.
fn closing_bracket(s: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (at, c) in s.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' if depth == 0 => return Some((at, at + c.len_utf8())),
            ')' | '）' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `2`, `2 件`, `3 pieces` → the count.
fn leading_number(s: &str) -> Option<u32> {
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s[..digits].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, attributes: Option<&str>, sku: Option<&str>, quantity: Option<u32>) -> OrderItem {
        OrderItem {
            title: title.to_owned(),
            attributes: attributes.map(str::to_owned),
            sku: sku.map(str::to_owned),
            quantity,
        }
    }

    #[test]
    fn items_from_the_product_cell() {
        assert_eq!(
            parse_items("【1】Acrylic Paint Set 24 Colors\n(产品属性: Set: 24 Colors)\n(商家编码: AP-24-A)\n(产品数量: 1)\n【2】Silicone Mold\n(产品属性: Size: 10cm)\n(商家编码: RM-CST-A)\n(产品数量: 2)\n(物流等级&买家选择物流: Cainiao Standard)"),
            vec![item("Acrylic Paint Set 24 Colors", Some("Set: 24 Colors"), Some("AP-24-A"), Some(1)), item("Silicone Mold", Some("Size: 10cm"), Some("RM-CST-A"), Some(2))]
        );
        assert_eq!(
            parse_items("【1】Phone case（产品属性：Color: Black）（商家编码：PC-1）（产品数量：2 件）"),
            vec![item("Phone case", Some("Color: Black"), Some("PC-1"), Some(2))]
        );
        assert_eq!(
            parse_items("【1】 Mug ( 产品属性 :  Red ) (商家编码:M-1)(产品数量:3 pieces)"),
            vec![item("Mug", Some("Red"), Some("M-1"), Some(3))]
        );
        assert_eq!(
            parse_items("【1】Phone case (black) (产品属性: Color: Red (dark))"),
            vec![item("Phone case (black)", Some("Color: Red (dark)"), None, None)]
        );
        assert_eq!(parse_items("【1】Mug (产品数量: 2"), vec![item("Mug", None, None, Some(2))]);
        assert_eq!(parse_items("【1】Mug (产品数量: many)"), vec![item("Mug", None, None, None)]);
        assert_eq!(parse_items("[1]Mug\n[2]Cup"), vec![item("Mug", None, None, None), item("Cup", None, None, None)]);
        assert_eq!(parse_items("Cup [2] of tea"), vec![item("Cup [2] of tea", None, None, None)]);
    }

    #[test]
    fn odd_product_text_stays_as_a_title() {
        assert_eq!(
            parse_items("Some odd text\nover two lines"),
            vec![item("Some odd text over two lines", None, None, None)]
        );
        assert_eq!(parse_items("<script>alert(2)</script>"), vec![item("<script>alert(2)</script>", None, None, None)]);
        assert_eq!(parse_items("【1】"), vec![]);
        assert_eq!(parse_items("【x】Mug (产品属性:"), vec![item("【x】Mug", None, None, None)]);
        assert_eq!(parse_items("(商家编码: SKU-1)"), vec![item("", None, Some("SKU-1"), None)]);
        assert_eq!(parse_items(""), vec![]);
    }
}
