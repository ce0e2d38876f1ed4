//! Files sellers pick by mistake: other payment apps' bills, bank statements, other
//! marketplaces' order lists. Each is refused and named for what it is, by words in its first
//! rows (a preamble that names its maker) or by the shape of its header, and the refusal says
//! what to export instead. A file none of these names gets the generic message, never another
//! platform's name. The shapes come from published files (tests/fixtures/real/README.md).

use serde::Serialize;

use super::Rejected;
use crate::text::Text;

/// What a refused file was taken for: stable names for `import --json` and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefusedAs {
    /// A WeChat Pay bill (微信支付账单).
    WechatPay,
    /// A JD bill (京东账单), whose header otherwise passes for Alipay's layout C.
    Jd,
    /// A Meituan bill (美团账单).
    Meituan,
    /// A bank account statement: a bank named in its title, or a header with a date, a balance
    /// and a description.
    Bank,
    /// An export of Alipay's cashbook (记账本), the user's own bookkeeping rather than a statement.
    AlipayCashbook,
    /// The summary (汇总) that comes beside a business ledger, rather than the ledger itself.
    AlipayLedgerSummary,
    /// An Antom (Alipay merchant acquiring) settlement file.
    Antom,
    /// Another marketplace's order list: Amazon, Shopee, Taobao/Tmall, Gmarket/Qoo10.
    Marketplace,
    /// A statement that ends before its own text says it should.
    CutOff,
    /// A statement holding more records than its own text says: changed after it was made.
    Altered,
    /// A file that unpacks to far more than any export (a zip bomb, or badly damaged).
    BeyondLimits,
}

/// Where the Alipay statement is, for refusals that send the seller there (a catalogue key).
const ALIPAY_STATEMENT: &str = "advice.alipay_statement";

/// Banks by the names their statements print, with the key of the short name a message gives.
const BANKS: [(&[&str], &str); 17] = [
    (&["招商银行", "China Merchants Bank"], "bank.cmb"),
    (&["工商银行", "ICBC"], "bank.icbc"),
    (&["建设银行", "China Construction Bank"], "bank.ccb"),
    (&["农业银行", "Agricultural Bank"], "bank.abc"),
    (&["中国银行", "Bank of China"], "bank.boc"),
    (&["交通银行", "Bank of Communications"], "bank.bocom"),
    (&["邮政储蓄", "邮储银行"], "bank.psbc"),
    (&["中信银行"], "bank.citic"),
    (&["浦发银行", "浦东发展银行"], "bank.spdb"),
    (&["民生银行"], "bank.cmbc"),
    (&["兴业银行"], "bank.cib"),
    (&["光大银行"], "bank.ceb"),
    (&["平安银行"], "bank.pingan"),
    (&["华夏银行"], "bank.hxb"),
    (&["广发银行"], "bank.cgb"),
    (&["汇丰", "滙豐", "HSBC"], "bank.hsbc"),
    (&["网商银行"], "bank.mybank"),
];

/// The look-alike a row gives away, if any: called on each of the first rows, top down,
/// before the row is tried as a known header. `keys` are the row's `text::header_key`s. Words
/// count only in a title or note line (a row of one or two cells): in a data row, such as a
/// bank's payment to 微信支付, they say nothing of the file; a header's shape counts anywhere.
pub(super) fn look_alike(row: &[String], keys: &[String]) -> Option<Rejected> {
    let is_note = row.iter().filter(|c| !c.is_empty()).count() <= 2;
    let text = if is_note { row.join(" ") } else { String::new() };
    let has = |name: &str| keys.iter().any(|k| k == name);
    let has_any = |names: &[&str]| names.iter().any(|n| has(n));
    // Meituan and JD bills share columns with WeChat's and Alipay's, so they come first.
    if text.contains("美团") {
        return Some(refused(RefusedAs::Meituan, Text::new("refusal.meituan"), not_alipay("advice.not_meituan")));
    }
    if text.contains("京东") || (has("商户名称") && has("交易说明") && !has("交易对方")) {
        return Some(refused(RefusedAs::Jd, Text::new("refusal.jd"), not_alipay("advice.not_jd")));
    }
    if text.contains("微信支付") || (has("交易单号") && has("商户单号")) {
        return Some(refused(RefusedAs::WechatPay, Text::new("refusal.wechat"), not_alipay("advice.not_wechat")));
    }
    if text.contains("记账本") || (has("记录时间") && !has("交易订单号") && !has("交易号")) {
        // The 记账本 (cashbook) export's columns are not documented; its name and a 记录时间
        // column without any transaction number give it away.
        return Some(refused(RefusedAs::AlipayCashbook, Text::new("refusal.cashbook"), Text::new("advice.cashbook")));
    }
    if text.contains("#支付宝账务汇总") {
        return Some(refused(
            RefusedAs::AlipayLedgerSummary,
            Text::new("refusal.ledger_summary"),
            Text::new("advice.ledger_summary"),
        ));
    }
    let antom = ["partner_transaction_id", "settlement_time", "settlement_currency", "transaction_id"];
    if antom.iter().filter(|name| keys.iter().any(|k| k.contains(*name))).count() >= 2 {
        return Some(refused(RefusedAs::Antom, Text::new("refusal.antom"), Text::new("advice.antom")));
    }
    if let Some(marketplace) = marketplace(&text, &has) {
        return Some(refused(
            RefusedAs::Marketplace,
            Text::new("refusal.marketplace").with_text("marketplace", Text::new(marketplace)),
            Text::new("advice.marketplace"),
        ));
    }
    let alipay_key = has_any(&["账务流水号", "交易号", "交易订单号"]);
    let bank_named = BANKS.iter().find(|(names, _)| names.iter().any(|n| text.contains(n))).map(|(_, name)| *name);
    if !alipay_key && (bank_named.is_some() || is_bank_header(keys)) {
        let looks_like = match bank_named.or_else(|| bank_by_shape(keys)) {
            Some(bank) => Text::new("refusal.bank_named").with_text("bank", Text::new(bank)),
            None => Text::new("refusal.bank"),
        };
        return Some(refused(RefusedAs::Bank, looks_like, not_alipay("advice.not_bank")));
    }
    None
}

/// Another marketplace's order list, by the columns only it has: the key of its name.
fn marketplace(text: &str, has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
    if has("amazon-order-id") || has("amazonorderid") {
        Some("marketplace.amazon")
    } else if has("cartno.") && has("orderno.") {
        Some("marketplace.gmarket")
    } else if has("username(buyer)") || text.contains("Shopee") {
        Some("marketplace.shopee")
    } else if has("订单编号") && (has("买家会员名") || has("宝贝标题")) {
        Some("marketplace.taobao")
    } else if has("商品id") && has("快递单号") && text.contains("拼多多") {
        Some("marketplace.pinduoduo")
    } else {
        None
    }
}

/// A bank statement's header: a booking date, a balance and a description of each movement.
fn is_bank_header(keys: &[String]) -> bool {
    let any = |names: &[&str]| keys.iter().any(|k| names.contains(&k.as_str()));
    any(&["记账日期", "交易日期", "记账日", "date", "transactiondate"])
        && any(&["余额", "账户余额", "联机余额", "本次余额", "balance", "交易后余额"])
        && any(&["摘要", "交易摘要", "交易名称", "附言", "description", "交易类型"])
}

/// Banks whose statements do not print their name but have a header only they write (keys of their names).
fn bank_by_shape(keys: &[String]) -> Option<&'static str> {
    let has = |name: &str| keys.iter().any(|k| k == name);
    if has("钞/汇") && has("交易国家或地区简称") {
        Some("bank.icbc")
    } else if has("联机余额") && has("对手信息") {
        Some("bank.cmb")
    } else if has("借贷") && has("交易地点") && has("对方户名") {
        Some("bank.bocom")
    } else if has("本次余额") && has("日志号") {
        Some("bank.abc")
    } else if has("billingamount") && has("balancecurrency") {
        Some("bank.hsbc")
    } else {
        None
    }
}

/// Advice (the key `why`) that ends by sending the seller to the Alipay statement.
fn not_alipay(why: &str) -> Text {
    Text::new(why).with_text("statement", Text::new(ALIPAY_STATEMENT))
}

fn refused(kind: RefusedAs, looks_like: Text, advice: Text) -> Rejected {
    let mut rejected = Rejected::new(looks_like, advice);
    rejected.refused_as = Some(kind);
    rejected
}
