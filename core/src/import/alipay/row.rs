//! One data row of a statement read into a `StatementRow`: its key, its time, how much money
//! moved and which way, or what keeps the row (or the whole file) from being read.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{Columns, Field, Layout, FIELDS, STATEMENT_ADVICE};
use crate::import::cells::{self, Zone};
use crate::import::sheet::Cell;
use crate::import::table::Table;
use crate::import::text;
use crate::import::{Direction, Rejected, RowProblem, StatementRow};
use crate::model::{Currency, Money};
use crate::text::Text;

/// Why a row was not read.
pub(super) enum RowError {
    Problem(RowProblem),
    /// A row shorter than the header: the file may be cut off here.
    Cut(RowProblem),
    /// Excel has rewritten the ids: the whole file is untrustworthy.
    Damaged(Rejected),
}

/// The table's current row, as a statement of `layout` reads it. A row cut short, or an id
/// Excel has rewritten, is an error of its own kind: either says something of the whole file.
pub(super) fn parse_row(table: &impl Table, layout: Layout, columns: &Columns) -> Result<StatementRow, RowError> {
    let row = Row { table, columns };
    row.check_width()?;
    let key = row.key()?;
    let refund_of = key.split_once('_').map(|(original, _)| original.to_owned()).filter(|o| !o.is_empty());
    let at = row.time()?;
    let kind = row.text(Field::Kind);
    let status = row.text(Field::Status);
    let fund_status = row.text(Field::FundStatus);
    let money =
        if layout.is_ledger() { row.ledger_money(&kind, &status)? } else { row.personal_money(&fund_status, &status)? };
    // Layout A keeps the money's own state in 资金状态; it is what explains the direction.
    let status = match fund_status.as_str() {
        "冻结" | "解冻" | "资金转移" => fund_status.clone(),
        _ => status,
    };
    let description = Some(row.text(Field::Description)).filter(|d| !d.is_empty());
    let cny = |amount| Money::new(amount, Currency::CNY);
    Ok(StatementRow {
        source: layout.format(),
        line: table.line(),
        key,
        key_column: layout.key_column(),
        refund_of,
        at,
        amount: cny(money.amount),
        direction: money.direction,
        kind,
        status,
        description,
        balance: money.balance.map(cny),
        frozen_change: money.freeze.map(|sign| cny(money.amount * sign)),
    })
}

/// What a row says the money did.
struct Movement {
    /// How much, unsigned.
    amount: Decimal,
    direction: Direction,
    /// The ledger's running balance after the row.
    balance: Option<Decimal>,
    /// From `freeze_of`: +1 when the money was frozen, −1 when released.
    freeze: Option<Decimal>,
}

/// The table's current row, read through the statement's columns.
struct Row<'a, T> {
    table: &'a T,
    columns: &'a Columns,
}

impl<T: Table> Row<'_, T> {
    /// A problem with `field`'s cell; only the columns `RowProblem::raw` may show are shown.
    fn problem(&self, field: Field, reason: Text) -> RowProblem {
        RowProblem {
            line: self.table.line(),
            column: self.columns.header(field).to_owned(),
            reason: Box::new(reason),
            raw: self.columns.raw(self.table),
            state: None,
        }
    }

    /// A problem that keeps this row aside while the rest of the file is read.
    fn error(&self, field: Field, reason: Text) -> RowError {
        RowError::Problem(self.problem(field, reason))
    }

    fn text(&self, field: Field) -> String {
        self.columns.text(self.table, field)
    }

    fn amount(&self, field: Field) -> Result<Option<Decimal>, RowError> {
        parse_amount(self.columns.get(self.table, field)).map_err(|reason| self.error(field, reason))
    }

    /// A row shorter than the header is cut short: named by the first column it lacks.
    fn check_width(&self) -> Result<(), RowError> {
        let (table, columns) = (self.table, self.columns);
        if table.width() >= columns.needed_width() {
            return Ok(());
        }
        let missing = FIELDS
            .iter()
            .filter(|&&f| columns.column(f).is_some_and(|col| col >= table.width()))
            .min_by_key(|&&f| columns.column(f));
        let field = missing.copied().unwrap_or(Field::Key);
        let reason = Text::new("row.cut_short").with("width", table.width()).with("columns", columns.headers.len());
        Err(RowError::Cut(self.problem(field, reason)))
    }

    /// The transaction number; one Excel has rewritten makes the whole file untrustworthy.
    fn key(&self) -> Result<String, RowError> {
        parse_key(self.columns.get(self.table, Field::Key)).map_err(|e| match e {
            KeyError::Missing => self.error(Field::Key, Text::new("row.no_transaction_number")),
            KeyError::Excel(value) => {
                RowError::Damaged(excel_damaged(self.columns.header(Field::Key), &value, self.table.line()))
            }
        })
    }

    /// When the money moved: the row's time or, where it has none, layout A's 交易创建时间.
    fn time(&self) -> Result<Option<DateTime<Utc>>, RowError> {
        let read = |field| {
            cells::parse_time(self.columns.get(self.table, field), Zone::Beijing)
                .map_err(|reason| self.error(field, reason))
        };
        match read(Field::Time)? {
            Some(at) => Ok(Some(at)),
            None => read(Field::CreatedAt),
        }
    }

    /// A ledger row's money: income or expense (never both, the expense of either sign), and
    /// the balance after it. A freeze or its release moves nothing in or out.
    fn ledger_money(&self, kind: &str, status: &str) -> Result<Movement, RowError> {
        let income = self.amount(Field::Income)?.unwrap_or_default();
        let expense = self.amount(Field::Expense)?.unwrap_or_default();
        if income.is_sign_negative() && !income.is_zero() {
            return Err(self.error(Field::Income, Text::new("row.negative_income").with("income", income)));
        }
        let (amount, direction) = match (income.is_zero(), expense.is_zero()) {
            (false, false) => {
                let both = Text::new("row.income_and_expense").with("income", income).with("expense", expense);
                return Err(self.error(Field::Expense, both));
            }
            (false, true) => (income, Direction::Income),
            (true, false) => (expense.abs(), Direction::Expense),
            (true, true) => (Decimal::ZERO, Direction::Neutral),
        };
        let freeze = freeze_of(kind, status);
        let direction = if freeze.is_some() { Direction::Neutral } else { direction };
        Ok(Movement { amount, direction, balance: self.amount(Field::Balance)?, freeze })
    }

    /// A personal statement row's money: an unsigned amount, its direction from 收/支 or
    /// 资金状态.
    fn personal_money(&self, fund_status: &str, status: &str) -> Result<Movement, RowError> {
        let amount =
            self.amount(Field::Amount)?.ok_or_else(|| self.error(Field::Amount, Text::new("row.no_amount")))?;
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(self.error(Field::Amount, Text::new("row.negative_amount").with("amount", amount)));
        }
        let freeze = freeze_of(fund_status, status);
        let direction = personal_direction(&self.text(Field::InOut), fund_status, freeze.is_some())
            .map_err(|(field, reason)| self.error(field, reason))?;
        Ok(Movement { amount, direction, balance: None, freeze })
    }
}

/// +1 for money frozen (冻结, 冻结成功), −1 for its release (解冻, 解冻成功).
fn freeze_of(state: &str, status: &str) -> Option<Decimal> {
    let has = |word: &str| state.contains(word) || status.contains(word);
    if has("解冻") {
        Some(Decimal::NEGATIVE_ONE)
    } else if has("冻结") {
        Some(Decimal::ONE)
    } else {
        None
    }
}

/// 收/支 decides; layout A leaves it empty for some rows, and 资金状态 says it there.
fn personal_direction(in_out: &str, fund_status: &str, freeze: bool) -> Result<Direction, (Field, Text)> {
    if freeze || fund_status == "资金转移" {
        return Ok(Direction::Neutral);
    }
    match in_out {
        "收入" => Ok(Direction::Income),
        "支出" => Ok(Direction::Expense),
        "不计收支" | "其他" => Ok(Direction::Neutral),
        "" => match fund_status {
            "已收入" => Ok(Direction::Income),
            "已支出" => Ok(Direction::Expense),
            "" => Ok(Direction::Neutral),
            other => Err((Field::FundStatus, Text::new("row.unknown_fund_status").with("value", other))),
        },
        other => Err((Field::InOut, Text::new("row.unknown_in_out").with("value", other))),
    }
}

enum KeyError {
    Missing,
    /// What Excel left of the number.
    Excel(String),
}

/// A transaction number: text as Alipay wrote it (digits, maybe `_suffix`). Scientific
/// notation, or a number cell that may have lost digits, means Excel has rounded it.
fn parse_key(cell: Cell) -> Result<String, KeyError> {
    let key = match cell {
        Cell::Empty => return Err(KeyError::Missing),
        Cell::Number(n) => return cells::id_of_number(n).map_err(|_| KeyError::Excel(cell.to_string())),
        Cell::Date(_) => return Err(KeyError::Excel(cell.to_string())),
        Cell::Text(s) => text::trim_cell(s).to_owned(),
    };
    if key.contains(['E', 'e']) && key.parse::<f64>().is_ok() {
        return Err(KeyError::Excel(key));
    }
    Ok(key)
}

fn excel_damaged(column: &str, value: &str, line: u64) -> Rejected {
    Rejected::new(
        Text::new("refusal.excel_damaged_statement"),
        Text::new("advice.excel_damaged_statement")
            .with("line", line)
            .with("column", column)
            .with("value", value)
            .with_text("advice", Text::new(STATEMENT_ADVICE)),
    )
}

/// `390.67`, `-5.35`, `1,234.50`; empty is `None`.
fn parse_amount(cell: Cell) -> Result<Option<Decimal>, Text> {
    if cell.is_empty() {
        return Ok(None);
    }
    let text = cell.as_text();
    let unsigned = text.strip_prefix('-').or_else(|| text.strip_prefix('+')).unwrap_or(&text);
    let unsigned = unsigned.strip_prefix(['¥', '￥']).unwrap_or(unsigned).trim();
    let value = crate::model::parse_amount(unsigned)
        .ok_or_else(|| Text::new("row.not_an_amount_plain").with("value", &text))?;
    Ok(Some(cells::bounded(if text.starts_with('-') { -value } else { value }, || text.to_string())?))
}
