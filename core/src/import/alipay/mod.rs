//! Alipay statements (docs/formats.md): the personal transaction statement in its three
//! layouts (A: old web export; B: 2021–2023 app export; C: today's 开具交易流水证明) and the
//! business ledger 账务明细 (classic 12 or extended 16 columns). The header is found by its
//! column names under a preamble of any length; data stops at the dash line or `#` footer;
//! every cell is trimmed of the spaces and TABs Alipay pads with. Times are Beijing time,
//! amounts CNY.
//!
//! The counterparty (交易对方, 对方账号), payment method and notes are personal data: no column
//! holding them is read into a row or shown in `RowProblem::raw` (an allow-list, as for orders).
//!
//! A statement that says how many records it has (共N笔记录, or the ledger's 合计 lines) and
//! holds fewer, or that opens its list with a marker line and never closes it, was cut off:
//! it is rejected whole rather than imported in part, since a ledger's last rows carry the
//! balance.
//!
//! `row` reads one data row; this module finds the layout and reads the lines around the table.

mod row;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::cells::{self, Zone};
use super::columns::{self, Header};
use super::sheet::Cell;
use super::table::{self, RowCount, Table};
use super::text;
use super::{Format, Progress, RefusedAs, Rejected, RowProblem, StatementInfo, StatementRow};
use crate::text::Text;
use row::{parse_row, RowError};

/// How to get a statement Alipay made, untouched (a catalogue key).
const STATEMENT_ADVICE: &str = "advice.statement_again";

/// The statement layouts Closeout knows (docs/formats.md): the personal ones A, B and C, and
/// the business ledger's 12- and 16-column forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// The web export, until about 2022 (支付宝交易记录明细查询).
    A,
    /// The app export of 2021 to early 2023, its header starting with 收/支.
    B,
    /// Today's 开具交易流水证明, its header starting with 交易时间.
    C,
    /// The classic 12-column business ledger.
    Ledger12,
    /// The 16-column ledger, with 业务描述 and the other 业务 columns.
    Ledger16,
}

impl Layout {
    /// The format a statement of this layout is stored as.
    pub fn format(self) -> Format {
        match self {
            Layout::A | Layout::B | Layout::C => Format::AlipayPersonal,
            Layout::Ledger12 | Layout::Ledger16 => Format::AlipayLedger,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Layout::A => "alipay-personal-a",
            Layout::B => "alipay-personal-b",
            Layout::C => "alipay-personal-c",
            Layout::Ledger12 => "alipay-ledger-12",
            Layout::Ledger16 => "alipay-ledger-16",
        }
    }

    /// The header of the key column, as the layout writes it.
    fn key_column(self) -> &'static str {
        match self {
            Layout::A => "交易号",
            Layout::B | Layout::C => "交易订单号",
            Layout::Ledger12 | Layout::Ledger16 => "账务流水号",
        }
    }

    fn is_ledger(self) -> bool {
        self.format() == Format::AlipayLedger
    }
}

/// The columns a `StatementRow` is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// 交易号 (A), 交易订单号 (B, C), 账务流水号 (ledger).
    Key,
    /// 付款时间 (A), 交易时间 (B, C), 发生时间 (ledger).
    Time,
    /// 交易创建时间 (A): the time when there is no 付款时间.
    CreatedAt,
    /// 金额 / 金额（元）, unsigned (personal layouts).
    Amount,
    /// 收入金额（+元） and 支出金额（-元） (ledger); the expense may be written negative.
    Income,
    Expense,
    /// 账户余额（元）: the ledger's running balance.
    Balance,
    /// 收/支.
    InOut,
    /// 资金状态 (A): 已收入, 已支出, 冻结, 解冻, 资金转移.
    FundStatus,
    /// 交易状态.
    Status,
    /// 交易分类 (B, C), 类型 (A), 业务类型 (ledger).
    Kind,
    /// 商品说明 / 商品名称.
    Description,
}

const FIELDS: [Field; 12] = [
    Field::Key,
    Field::Time,
    Field::CreatedAt,
    Field::Amount,
    Field::Income,
    Field::Expense,
    Field::Balance,
    Field::InOut,
    Field::FundStatus,
    Field::Status,
    Field::Kind,
    Field::Description,
];

impl columns::Field for Field {
    fn index(self) -> usize {
        self as usize
    }
}

/// Where a statement's fields are in its columns.
type Columns = columns::Columns<Field, { FIELDS.len() }>;

/// Maps a `text::header_key` (no spaces, fullwidth brackets as ASCII).
fn header_of(key: &str) -> Option<Header<Field>> {
    let field = match key {
        "交易号" | "交易订单号" | "账务流水号" => Field::Key,
        "付款时间" | "交易时间" | "发生时间" => Field::Time,
        "交易创建时间" => Field::CreatedAt,
        "金额" | "金额(元)" => Field::Amount,
        "收/支" => Field::InOut,
        "资金状态" => Field::FundStatus,
        "交易状态" => Field::Status,
        "交易分类" | "类型" | "业务类型" => Field::Kind,
        "商品说明" | "商品名称" => Field::Description,
        "商家订单号"
        | "商户订单号"
        | "业务流水号"
        | "最近修改时间"
        | "交易来源地"
        | "服务费(元)"
        | "成功退款(元)"
        | "交易渠道"
        | "业务描述"
        | "业务账单来源"
        | "业务基础订单号"
        | "业务订单号" => return Some(Header::Shown),
        _ if key.starts_with("收入金额") => Field::Income,
        _ if key.starts_with("支出金额") => Field::Expense,
        _ if key.starts_with("账户余额") => Field::Balance,
        _ => return None,
    };
    Some(Header::Field(field))
}

/// The layout whose header these keys are, if any.
pub(super) fn layout_of_header(keys: &[String]) -> Option<Layout> {
    let has = |name: &str| keys.iter().any(|k| k == name);
    let starts = |prefix: &str| keys.iter().any(|k| k.starts_with(prefix));
    if has("账务流水号") && starts("收入金额") && starts("支出金额") {
        let extended = ["业务描述", "业务账单来源", "业务基础订单号", "业务订单号"].iter().any(|k| has(k));
        return Some(if extended { Layout::Ledger16 } else { Layout::Ledger12 });
    }
    if has("交易号") && has("交易创建时间") && (has("金额(元)") || has("金额")) && has("收/支") {
        return Some(Layout::A);
    }
    if has("交易订单号") && has("交易时间") && has("金额") && has("收/支") {
        // B starts with 收/支, C with 交易时间; only the name depends on it.
        return Some(if keys.first().is_some_and(|k| k == "收/支") { Layout::B } else { Layout::C });
    }
    None
}

/// The statement's layout and columns, when the current row is a statement's header.
fn statement_header(table: &impl Table) -> Option<(Layout, Columns)> {
    let columns = Columns::from_header(table, header_of);
    Some((layout_of_header(&columns.keys())?, columns))
}

/// Joined statements repeat their header row; it is not data.
fn is_header_again(table: &impl Table, columns: &Columns) -> bool {
    columns.get(table, Field::Key).as_text() == columns.header(Field::Key)
}

/// What the lines around the table say: the period, how many records, list markers.
#[derive(Default)]
struct Notes {
    period_start: Option<DateTime<Utc>>,
    period_end: Option<DateTime<Utc>>,
    /// 共N笔记录, or the ledger's 支出合计 + 收入合计.
    records: Option<u64>,
    /// The count is 共N笔记录, which counts every record (the ledger's totals leave out rows
    /// that moved nothing).
    records_exact: bool,
    /// A `----…明细列表----` line opened the list, so a closing line must end it.
    list_opened: bool,
}

impl Notes {
    fn note(&mut self, line: &str) {
        if line.contains("起始") && line.contains("终止") {
            let after = |word: &str| line.split_once(word).and_then(|(_, rest)| bracketed_time(rest));
            self.period_start = self.period_start.or(after("起始"));
            self.period_end = self.period_end.or(after("终止"));
        }
        if let Some(n) = count_before(line, "共", "笔记录") {
            (self.records, self.records_exact) = (Some(n), true);
        }
        for total in ["支出合计", "收入合计"] {
            if let Some(n) = count_before(line, total, "笔") {
                self.records = Some(self.records.unwrap_or(0) + n);
            }
        }
        if line.contains("明细列表") && line.contains("---") && !line.contains("结束") {
            self.list_opened = true;
        }
    }
}

/// `…共12笔记录`, `#支出合计：10笔，共…` → the number between `word` and `unit`.
fn count_before(line: &str, word: &str, unit: &str) -> Option<u64> {
    let rest = line.split_once(word)?.1;
    let rest = rest.trim_start_matches([':', '：', ' ']);
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    if digits == 0 || !rest[digits..].starts_with(unit) {
        return None;
    }
    rest[..digits].parse().ok()
}

/// The time in the first `[…]` of `s`: `2026-09-01 00:00:00` or `2026年10月01日 00:00:00`.
fn bracketed_time(s: &str) -> Option<DateTime<Utc>> {
    let inner = s.split_once('[')?.1.split_once(']')?.0.trim();
    let wall = cells::parse_wall_time(inner)
        .or_else(|| NaiveDateTime::parse_from_str(inner, "%Y年%m月%d日 %H:%M:%S").ok())
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(inner, "%Y年%m月%d日").ok().and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    Zone::Beijing.instant(wall)
}

/// A row's cells joined as the line read (for preamble and footer text).
fn row_text(table: &impl Table) -> String {
    let mut line = String::new();
    for col in 0..table.width().min(columns::MAX_COLUMNS) {
        let cell = table.cell(col).to_string();
        if !cell.is_empty() {
            if !line.is_empty() {
                line.push(',');
            }
            line.push_str(&cell);
        }
    }
    line
}

/// The dash line after the data (A, B) or the `#` footer (ledger).
fn is_end_of_list(table: &impl Table) -> bool {
    let first = match table.cell(0) {
        Cell::Text(s) => text::trim_cell(s),
        _ => return false,
    };
    first.starts_with('#') || (first.len() >= 3 && first.starts_with("---"))
}

/// Reads a statement whose header row is the table's current row (as `detect` found it), with
/// the rows above it, handing each data row to `sink`.
pub(super) fn read_table(
    table: &mut impl Table,
    preamble: &[Vec<String>],
    sink: &mut dyn FnMut(Result<StatementRow, RowProblem>),
    progress: Progress,
) -> Result<StatementInfo, Rejected> {
    let mut notes = Notes::default();
    for row in preamble {
        notes.note(&row.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(","));
    }
    let (layout, columns) = statement_header(table).ok_or_else(|| table::header_lost(table))?;
    // Layout B opens with its banner line and closes the list with a dash line.
    notes.list_opened |= layout == Layout::B;

    let (mut rows, mut closed, mut cut_row) = (RowCount::default(), false, None);
    while table.advance().map_err(|e| table::row_unreadable(&*table, e))? {
        if closed {
            notes.note(&row_text(table));
            continue;
        }
        if is_end_of_list(table) {
            closed = true;
            notes.note(&row_text(table));
            continue;
        }
        if table.is_blank_row() || is_header_again(table, &columns) {
            continue;
        }
        let row = match parse_row(table, layout, &columns) {
            Err(RowError::Damaged(rejected)) => return Err(rejected),
            Err(RowError::Cut(problem)) => {
                cut_row = Some(problem.line);
                Err(problem)
            }
            Err(RowError::Problem(problem)) => Err(problem),
            Ok(row) => Ok(row),
        };
        sink(row);
        rows.tick(table, progress);
    }
    rows.finish(table, progress);
    if let Some(rejected) = cut_off(&notes, closed, rows.0, cut_row).or_else(|| altered(&notes, rows.0)) {
        return Err(rejected);
    }
    Ok(StatementInfo { layout: layout.name(), period_start: notes.period_start, period_end: notes.period_end })
}

/// A statement that ends before its own text says it should.
fn cut_off(notes: &Notes, closed: bool, rows: u64, cut_row: Option<u64>) -> Option<Rejected> {
    let short_of = notes.records.filter(|&stated| rows < stated);
    if short_of.is_none() && (closed || !notes.list_opened) {
        return None;
    }
    let why = match short_of {
        Some(stated) => Text::new("advice.cut_short_of").with("stated", stated).with("rows", rows),
        None => Text::new("advice.cut_never_ends"),
    };
    let why = match cut_row {
        Some(line) => Text::new("advice.cut_mid_line").with_text("why", why).with("line", line),
        None => why,
    };
    let mut rejected = Rejected::new(
        Text::new("refusal.cut_off"),
        Text::new("advice.nothing_imported").with_text("why", why).with_text("advice", Text::new(STATEMENT_ADVICE)),
    );
    rejected.refused_as = Some(RefusedAs::CutOff);
    Some(rejected)
}

/// A statement holding more records than its 共N笔记录 says: rows were added or joined after
/// Alipay made it, so it is not the statement Alipay gave.
fn altered(notes: &Notes, rows: u64) -> Option<Rejected> {
    let stated = notes.records.filter(|&stated| notes.records_exact && rows > stated)?;
    let mut rejected = Rejected::new(
        Text::new("refusal.altered"),
        Text::new("advice.altered")
            .with("stated", stated)
            .with("rows", rows)
            .with_text("advice", Text::new(STATEMENT_ADVICE)),
    );
    rejected.refused_as = Some(RefusedAs::Altered);
    Some(rejected)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::io::Cursor;

    use chrono::SecondsFormat;

    use super::super::open_at_header;
    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }

    fn read(bytes: &[u8]) -> (Result<StatementInfo, Rejected>, Vec<Result<StatementRow, RowProblem>>) {
        let (mut rows, mut workbook) = (Vec::new(), crate::import::sheet::Workbook::new());
        let info = open_at_header(Cursor::new(bytes.to_vec()), &mut workbook, &[]).and_then(|(mut table, _)| {
            let preamble = table.first_rows[..table.header_index].to_vec();
            read_table(&mut table, &preamble, &mut |row| rows.push(row), &mut |_, _| {})
        });
        (info, rows)
    }

    /// `line key direction amount [balance] [frozen] [refund_of]` per row, `line !column` per
    /// problem, `; `-joined; or `rejected: what it looks like`.
    fn summary(bytes: &[u8]) -> String {
        match read(bytes) {
            (Err(rejected), _) => format!("rejected: {}", rejected.looks_like),
            (Ok(_), rows) => rows
                .iter()
                .map(|row| match row {
                    Ok(r) => {
                        let mut s = format!("{} {} {:?} {}", r.line, r.key, r.direction, r.amount.amount);
                        if let Some(b) = r.balance {
                            let _ = write!(s, " ={}", b.amount);
                        }
                        if let Some(f) = r.frozen_change {
                            let _ = write!(s, " frozen{:+}", f.amount);
                        }
                        if let Some(o) = &r.refund_of {
                            let _ = write!(s, " of {o}");
                        }
                        s
                    }
                    Err(p) => format!("{} !{}", p.line, p.column),
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// Every fixture through UTF-8, UTF-8 with BOM and GBK, with LF and CRLF line ends.
    fn check(input: &str, expected: &str) {
        for crlf in [false, true] {
            let text = if crlf { input.replace('\n', "\r\n") } else { input.to_owned() };
            for bytes in [text.as_bytes().to_vec(), format!("\u{feff}{text}").into_bytes(), gbk(&text)] {
                assert_eq!(summary(&bytes), expected, "{text:?}");
            }
        }
    }

    const LEDGER_HEAD: &str = "#支付宝账务明细查询\n#账号：[2088]\n#起始日期：[2026年10月01日 00:00:00]   终止日期：[2026年11月01日 00:00:00]\n#-----账务明细列表-----\n账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注\n";
    const LEDGER_FOOT: &str = "#-----账务明细列表结束-----,,,\n#支出合计：1笔，共5.00元,,,\n#收入合计：1笔，共10.00元,,,\n#导出时间：[2026年11月01日 09:12:33],,,\n";

    fn ledger(rows: &str) -> String {
        format!("{LEDGER_HEAD}{rows}{LEDGER_FOOT}")
    }

    #[test]
    fn ledger_rows_with_balances_either_sign_of_expense() {
        let rows = "2026100175\t,20261001\t,\t,样品费\t,2026-10-01 06:37:46,王** (w@x.com)\t,10.00,0.00,110.00,支付宝,在线支付,备用金\n\
                    2026100176\t,20261002\t,\t,服务费\t,2026-10-02 06:37:46,fee\t,0.00,5.00,105.00,支付宝,收费,\n";
        check(&ledger(rows), "6 2026100175 Income 10.00 =110.00; 7 2026100176 Expense 5.00 =105.00");
        check(
            &ledger(&rows.replace(",5.00,", ",-5.00,")),
            "6 2026100175 Income 10.00 =110.00; 7 2026100176 Expense 5.00 =105.00",
        );
    }

    #[test]
    fn ledger_headers_without_yuan_and_the_16_column_variant() {
        let text = "账务流水号,发生时间,收入金额,支出金额,账户余额,业务类型,业务描述,业务账单来源,业务基础订单号,业务订单号\n1\t,2026-10-01 00:00:00,0,3.5,0.00,提现,x,y,z\t,w\n";
        check(text, "2 1 Expense 3.5 =0.00");
        let (info, _) = read(text.as_bytes());
        assert_eq!(info.unwrap().layout, "alipay-ledger-16");
    }

    #[test]
    fn ledger_preambles_of_any_length_and_the_period() {
        let row = "9\t,2026-10-01 08:00:00,1.00,0.00,1.00,转账\n";
        let header = "账务流水号,发生时间,收入金额（+元）,支出金额（-元）,账户余额（元）,业务类型\n";
        check(&format!("{header}{row}"), "2 9 Income 1.00 =1.00");
        check(&format!("账号:[2088]\n{header}{row}"), "3 9 Income 1.00 =1.00");
        let (info, rows) = read(ledger("").as_bytes());
        let info = info.unwrap_err();
        assert!(info.advice.to_string().contains("2 records") && rows.is_empty(), "{info:?}");
        let (info, _) = read(format!("{LEDGER_HEAD}{}{}", "1\t,2,3,x,2026-10-01 00:00:00,p,10,0,10,支付宝,在线支付,\n2\t,2,3,x,2026-10-02 00:00:00,p,0,5,5,支付宝,收费,\n", LEDGER_FOOT).as_bytes());
        let info = info.unwrap();
        let iso = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
        assert_eq!(
            (iso(info.period_start).as_deref(), iso(info.period_end).as_deref()),
            (Some("2026-09-30T16:00:00Z"), Some("2026-10-31T16:00:00Z"))
        );
    }

    #[test]
    fn a_ledger_without_its_footer_was_cut_off() {
        let cut =
            format!("{LEDGER_HEAD}1\t,2,3,x,2026-10-01 00:00:00,p,10,0,10,支付宝,在线支付,\n2\t,2,3,x,2026-10-02 0");
        assert_eq!(summary(cut.as_bytes()), "rejected: an Alipay statement that is cut off");
        let (rejected, _) = read(cut.as_bytes());
        assert!(rejected.unwrap_err().advice.to_string().contains("line 7"));
    }

    #[test]
    fn ledger_rows_that_cannot_be_read() {
        let head = "账务流水号,发生时间,收入金额,支出金额,账户余额,业务类型\n";
        check(&format!("{head}1,2026-10-01 00:00:00,5,5,0,转账\n"), "2 !支出金额");
        check(&format!("{head}1,2026-10-01 00:00:00,-5,0,0,转账\n"), "2 !收入金额");
        check(&format!("{head}1,yesterday,5,0,0,转账\n"), "2 !发生时间");
        check(&format!("{head}1,2026-10-01 00:00:00,five,0,0,转账\n"), "2 !收入金额");
        check(&format!("{head},2026-10-01 00:00:00,5,0,0,转账\n"), "2 !账务流水号");
        check(&format!("{head}1,2026-10-01 00:00:00,5\n"), "2 !支出金额");
        check(
            &format!("{head}1,2026-10-01 00:00:00,0,0,0,冻结\n2,2026-10-02 00:00:00,0,3,0,冻结\n"),
            "2 1 Neutral 0 =0 frozen+0; 3 2 Neutral 3 =0 frozen+3",
        );
    }

    #[test]
    fn excel_damaged_ids_reject_the_whole_file() {
        let head = "账务流水号,发生时间,收入金额,支出金额,账户余额,业务类型\n";
        assert_eq!(
            summary(format!("{head}2.02610E+25,2026/10/1 6:37,5,0,5,转账\n").as_bytes()),
            "rejected: an Alipay statement damaged by Excel"
        );
        let c = "交易时间,交易分类,收/支,金额,交易状态,交易订单号\n2026/10/27 13:21,退款,不计收支,1.00,退款成功,2.02610E+27\n";
        assert_eq!(summary(c.as_bytes()), "rejected: an Alipay statement damaged by Excel");
    }

    const C_HEAD: &str = "交易时间            ,交易分类            ,交易对方            ,对方账号            ,商品说明            ,收/支               ,金额                ,收/付款方式         ,交易状态            ,交易订单号          ,商家订单号          ,备注                ,\n";

    #[test]
    fn layout_c_padded_cells_refunds_and_placeholders() {
        let rows = "2026-10-27 13:21:29 ,退款                ,菜鸟 ,c***@x.com  ,退款-运费 ,不计收支            ,199.24              ,余额                ,退款成功            ,2026102522_2026102726\t,/\t,                    ,\n\
                    2026-10-25 11:35:33 ,商业服务            ,菜鸟 ,/  ,运费 ,支出                ,597.74              ,花呗&红包           ,交易成功            ,2026102522\t,                    \t,                    ,\n\
                    2026-09-25 06:04:43 ,转账红包            ,王** ,138****0012 ,转账 ,收入                ,372.84              ,余额                ,交易成功            ,2026092522\t,                    \t,                    ,\n";
        check(&format!("{C_HEAD}{rows}"), "2 2026102522_2026102726 Neutral 199.24 of 2026102522; 3 2026102522 Expense 597.74; 4 2026092522 Income 372.84");
    }

    #[test]
    fn layout_c_banners_of_2023_2025_and_2026_and_the_stated_count() {
        let tips = |n: usize| (1..=n).map(|i| format!("{i}.提示；\n")).collect::<String>();
        let row = "2026-10-25 11:35:33 ,商业服务 ,菜鸟 ,/ ,运费 ,支出 ,5.00 ,余额 ,交易成功 ,7\t,/\t, ,\n";
        for (company, n) in
            [("支付宝（中国）网络技术有限公司", 9), ("支付宝支付科技有限公司", 9), ("支付宝支付科技有限公司", 8)]
        {
            let preamble = format!(
                "{dashes}\n导出信息：\n姓名：林**\n支付宝账户：186******53\n起始时间：[2026-09-01 00:00:00]    终止时间：[2026-10-31 23:59:59]\n导出交易类型：[全部]\n导出时间：[2026-11-02 10:15:33]\n共1笔记录\n收入：0笔 0.00元\n支出：1笔 5.00元\n不计收支：0笔 0.00元\n\n特别提示：\n{tips}\n------------------------{company}  电子客户回单------------------------\n",
                dashes = "-".repeat(84),
                tips = tips(n)
            );
            let line = preamble.lines().count() + 2;
            check(&format!("{preamble}{C_HEAD}{row}"), &format!("{line} 7 Expense 5.00"));
            let two = format!("{preamble}{C_HEAD}{row}").replace("共1笔记录", "共2笔记录");
            assert_eq!(summary(two.as_bytes()), "rejected: an Alipay statement that is cut off");
        }
    }

    #[test]
    fn layout_c_unknown_directions_and_bad_amounts_are_problems() {
        let row = |in_out: &str, amount: &str| {
            format!("{C_HEAD}2026-10-25 11:35:33 ,x ,y ,/ ,z ,{in_out} ,{amount} ,余额 ,交易成功 ,7\t,/\t, ,\n")
        };
        check(&row("转入", "5.00"), "2 !收/支");
        check(&row("支出", "-5.00"), "2 !金额");
        check(&row("支出", ""), "2 !金额");
        check(&row("", "5.00"), "2 7 Neutral 5.00");
    }

    #[test]
    fn a_row_cut_short_names_the_first_missing_column() {
        let cut = format!("{C_HEAD}2026-10-07 08:46:55 ,商业服务 ,菜鸟 ,c***@x.com ,\u{fffd}");
        check(&cut, "2 !收/支");
        let problem = read(cut.as_bytes()).1.remove(0).unwrap_err();
        assert!(problem.reason.to_string().contains("cut short"), "{}", problem.reason);
        assert!(!problem.raw.contains("菜鸟") && !problem.raw.contains("c***"), "{}", problem.raw);
    }

    const A_HEAD: &str = "支付宝交易记录明细查询\n账号:[186******53]\n起始日期:[2021-11-01 00:00:00]    终止日期:[2021-12-01 00:00:00]\n---------------------------------交易记录明细列表------------------------------------\n交易号                  ,商家订单号              ,交易创建时间        ,付款时间            ,最近修改时间        ,交易来源地          ,类型                ,交易对方            ,商品名称            ,金额（元）          ,收/支               ,交易状态            ,服务费（元）        ,成功退款（元）      ,备注                ,资金状态            ,\n";

    fn layout_a(rows: &str, count: usize) -> String {
        format!(
            "{A_HEAD}{rows}{}\n共{count}笔记录\n已收入:0笔,0.00元\n导出时间:[2021-12-01 10:11:12]    用户:林**\n",
            "-".repeat(84)
        )
    }

    #[test]
    fn layout_a_freezes_transfers_and_refunds() {
        let rows = "2021112722\t,\t,2021-11-27 15:40:51 ,2021-11-27 15:40:51 ,2021-11-27 15:40:51 ,其他 ,即时到账交易 ,全球速卖通 ,保证金解冻 ,10000.00 ,        ,交易成功  ,0.00 ,0.00 , ,解冻      ,\n\
                    2021111322\t,\t,2021-11-13 09:00:31 ,2021-11-13 09:00:31 ,2021-11-13 09:00:31 ,支付宝网站 ,即时到账交易 ,余额宝 ,转出到余额 ,500.00 ,        ,交易成功  ,0.00 ,0.00 , ,资金转移  ,\n\
                    2021110422\t,\t,2021-11-04 10:12:05 ,2021-11-04 10:12:05 ,2021-11-04 10:12:05 ,其他 ,即时到账交易 ,全球速卖通 ,保证金冻结 ,10000.00 ,        ,冻结成功  ,0.00 ,0.00 , ,冻结      ,\n\
                    2021110222_627884\t,T200P\t,2021-11-04 04:57:09 ,                    ,2021-11-04 04:57:09 ,其他 ,支付宝担保交易 ,云仓 ,退款-胶带 ,64.89 ,        ,退款成功  ,0.00 ,0.00 , ,已收入    ,\n\
                    2021110222\t,T200P\t,2021-11-02 04:42:01 ,2021-11-02 04:42:24 ,2021-11-04 04:57:08 ,其他 ,支付宝担保交易 ,云仓 ,胶带 ,64.89 ,支出 ,交易关闭  ,0.00 ,64.89 , ,已支出    ,\n";
        check(
            &layout_a(rows, 5),
            "6 2021112722 Neutral 10000.00 frozen-10000.00; 7 2021111322 Neutral 500.00; 8 2021110422 Neutral 10000.00 frozen+10000.00; 9 2021110222_627884 Income 64.89 of 2021110222; 10 2021110222 Expense 64.89",
        );
        let (info, rows) = read(layout_a(rows, 5).as_bytes());
        assert_eq!(info.unwrap().layout, "alipay-personal-a");
        let refund = rows[3].as_ref().unwrap();
        assert_eq!(
            refund.at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)).as_deref(),
            Some("2021-11-03T20:57:09Z")
        );
        assert_eq!(rows[0].as_ref().unwrap().status, "解冻");
        // The footer is not data, and a list without its closing dash line was cut off.
        assert_eq!(
            summary(format!("{A_HEAD}{}", &rows_text(1)).as_bytes()),
            "rejected: an Alipay statement that is cut off"
        );
    }

    fn rows_text(n: usize) -> String {
        "2021111322\t,\t,2021-11-13 09:00:31 ,2021-11-13 09:00:31 ,2021-11-13 09:00:31 ,支付宝网站 ,即时到账交易 ,余额宝 ,转出到余额 ,500.00 ,        ,交易成功  ,0.00 ,0.00 , ,资金转移  ,\n".repeat(n)
    }

    #[test]
    fn layout_b_stops_at_the_dash_line_before_its_summary() {
        let text = format!(
            "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n收/支               ,交易对方            ,对方账号            ,商品说明            ,收/付款方式         ,金额                ,交易状态            ,交易分类            ,交易订单号          ,商家订单号          ,交易时间            ,\n\
             其他 ,菜鸟 , ,退款-运费 ,招商银行(8705) ,27.47 ,退款成功 ,退款 ,20220617_20220621\t,1356\t,2022-06-21 19:43:37 ,\n\
             收入 ,Alipay Singapore , ,提现 , ,4188.94 ,交易成功 ,收入 ,20220605\t, \t,2022-06-05 15:01:12 ,\n\
             {}\n导出信息：\n起始时间：[2022-06-01 00:00:00]    终止时间：[2022-06-30 23:59:59]\n共2笔记录\n收入：1笔,4188.94元\n其他：1笔,27.47元\n\n特别提示：\n1.本回单；\n",
            "-".repeat(84)
        );
        check(&text, "3 20220617_20220621 Neutral 27.47 of 20220617; 4 20220605 Income 4188.94");
        let (info, _) = read(text.as_bytes());
        let info = info.unwrap();
        assert_eq!(info.layout, "alipay-personal-b");
        assert!(info.period_end.is_some());
        let cut = text
            .split("------------------------------------------------------------------------------------")
            .next()
            .unwrap();
        assert_eq!(summary(cut.as_bytes()), "rejected: an Alipay statement that is cut off");
    }

    #[test]
    fn counts_and_periods_in_the_lines_around_the_table() {
        assert_eq!(count_before("共12笔记录", "共", "笔记录"), Some(12));
        assert_eq!(count_before("#支出合计：10笔，共7489.99元", "支出合计", "笔"), Some(10));
        assert_eq!(count_before("共计", "共", "笔记录"), None);
        let t = |s: &str| bracketed_time(s).map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
        assert_eq!(t("：[2026年10月01日 00:00:00]").as_deref(), Some("2026-09-30T16:00:00Z"));
        assert_eq!(t(":[2021-11-01 00:00:00]").as_deref(), Some("2021-10-31T16:00:00Z"));
        assert_eq!(t("[soon]"), None);
    }
}
