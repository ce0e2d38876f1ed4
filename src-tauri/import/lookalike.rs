//! Files sellers pick by mistake: other payment apps' bills, bank statements, other
//! marketplaces' order lists. Each is refused and named for what it is, by words in its first
//! rows (a preamble that names its maker) or by the shape of its header, and the refusal says
//! what to export instead. A file none of these names gets the generic message, never another
//! platform's name. The shapes come from published files (tests/fixtures/real/README.md).

use serde::Serialize;

use super::Rejected;

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

const ALIPAY_STATEMENT: &str = "the Alipay statement (支付宝 → 我的 → 账单 → … → 开具交易流水证明 → 用于个人对账), \
                                or the business ledger (账务明细) if the store's account is a business account";

/// Banks by the names their statements print, with the short name a message gives.
const BANKS: [(&[&str], &str); 17] = [
    (&["招商银行", "China Merchants Bank"], "China Merchants Bank (招商银行, CMB)"),
    (&["工商银行", "ICBC"], "ICBC (中国工商银行)"),
    (&["建设银行", "China Construction Bank"], "China Construction Bank (中国建设银行, CCB)"),
    (&["农业银行", "Agricultural Bank"], "Agricultural Bank of China (中国农业银行, ABC)"),
    (&["中国银行", "Bank of China"], "Bank of China (中国银行, BOC)"),
    (&["交通银行", "Bank of Communications"], "Bank of Communications (交通银行, BOCOM)"),
    (&["邮政储蓄", "邮储银行"], "Postal Savings Bank of China (中国邮政储蓄银行)"),
    (&["中信银行"], "China CITIC Bank (中信银行)"),
    (&["浦发银行", "浦东发展银行"], "SPD Bank (浦发银行)"),
    (&["民生银行"], "China Minsheng Bank (民生银行)"),
    (&["兴业银行"], "Industrial Bank (兴业银行)"),
    (&["光大银行"], "China Everbright Bank (光大银行)"),
    (&["平安银行"], "Ping An Bank (平安银行)"),
    (&["华夏银行"], "Hua Xia Bank (华夏银行)"),
    (&["广发银行"], "China Guangfa Bank (广发银行)"),
    (&["汇丰", "滙豐", "HSBC"], "HSBC (汇丰)"),
    (&["网商银行"], "MYbank (网商银行)"),
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
        return Some(refused(
            RefusedAs::Meituan,
            "a Meituan bill (美团账单)",
            format!(
                "Closeout does not read Meituan bills: AliExpress pays out through Alipay. Import {ALIPAY_STATEMENT}."
            ),
        ));
    }
    if text.contains("京东") || (has("商户名称") && has("交易说明") && !has("交易对方")) {
        return Some(refused(
            RefusedAs::Jd,
            "a JD bill (京东账单)",
            format!("Closeout does not read JD (京东) bills: AliExpress pays out through Alipay. Import {ALIPAY_STATEMENT}."),
        ));
    }
    if text.contains("微信支付") || (has("交易单号") && has("商户单号")) {
        return Some(refused(
            RefusedAs::WechatPay,
            "a WeChat Pay bill (微信支付账单)",
            format!("Closeout does not read WeChat Pay bills: AliExpress pays out through Alipay. Import {ALIPAY_STATEMENT}."),
        ));
    }
    if text.contains("记账本") || (has("记录时间") && !has("交易订单号") && !has("交易号")) {
        // The 记账本 (cashbook) export's columns are not documented; its name and a 记录时间
        // column without any transaction number give it away.
        return Some(refused(
            RefusedAs::AlipayCashbook,
            "an Alipay cashbook (记账本) export",
            "It lists what was noted in the cashbook, not what moved through the account. Export the \
             transaction statement instead: 支付宝 → 我的 → 账单 → … → 开具交易流水证明 → 用于个人对账.",
        ));
    }
    if text.contains("#支付宝账务汇总") {
        return Some(refused(
            RefusedAs::AlipayLedgerSummary,
            "the summary (汇总) of an Alipay business ledger",
            "It has totals, not the movements. Import the detail file of the same download, the one named \
             …_账务明细.csv (without 汇总), or the whole zip.",
        ));
    }
    let antom = ["partner_transaction_id", "settlement_time", "settlement_currency", "transaction_id"];
    if antom.iter().filter(|name| keys.iter().any(|k| k.contains(*name))).count() >= 2 {
        return Some(refused(
            RefusedAs::Antom,
            "an Antom (Alipay merchant acquiring) settlement file",
            "Those files are for merchants accepting Alipay, not for AliExpress payouts. Import the Alipay \
             statement or business ledger (账务明细) of the account AliExpress pays into.",
        ));
    }
    if let Some(marketplace) = marketplace(&text, &has) {
        return Some(refused(
            RefusedAs::Marketplace,
            format!("an order list from {marketplace}"),
            "Closeout checks AliExpress stores: import the order export from AliExpress Seller Center \
             (订单 → 批量导出订单), as downloaded.",
        ));
    }
    let alipay_key = has_any(&["账务流水号", "交易号", "交易订单号"]);
    let bank_named = BANKS.iter().find(|(names, _)| names.iter().any(|n| text.contains(n))).map(|(_, name)| *name);
    if !alipay_key && (bank_named.is_some() || is_bank_header(keys)) {
        let looks_like = match bank_named.or_else(|| bank_by_shape(keys)) {
            Some(bank) => format!("a bank statement from {bank}"),
            None => "a bank account statement".to_owned(),
        };
        return Some(refused(
            RefusedAs::Bank,
            looks_like,
            format!(
                "Closeout reads what AliExpress and Alipay record, not bank accounts: money reaches the bank \
                 only after it leaves Alipay. Import {ALIPAY_STATEMENT}."
            ),
        ));
    }
    None
}

/// Another marketplace's order list, by the columns only it has.
fn marketplace(text: &str, has: &dyn Fn(&str) -> bool) -> Option<&'static str> {
    if has("amazon-order-id") || has("amazonorderid") {
        Some("Amazon")
    } else if has("cartno.") && has("orderno.") {
        Some("Gmarket or Qoo10")
    } else if has("username(buyer)") || text.contains("Shopee") {
        Some("Shopee")
    } else if has("订单编号") && (has("买家会员名") || has("宝贝标题")) {
        Some("Taobao or Tmall (淘宝/天猫)")
    } else if has("商品id") && has("快递单号") && text.contains("拼多多") {
        Some("Pinduoduo (拼多多)")
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

/// Banks whose statements do not print their name but have a header only they write.
fn bank_by_shape(keys: &[String]) -> Option<&'static str> {
    let has = |name: &str| keys.iter().any(|k| k == name);
    if has("钞/汇") && has("交易国家或地区简称") {
        Some("ICBC (中国工商银行)")
    } else if has("联机余额") && has("对手信息") {
        Some("China Merchants Bank (招商银行, CMB)")
    } else if has("借贷") && has("交易地点") && has("对方户名") {
        Some("Bank of Communications (交通银行, BOCOM)")
    } else if has("本次余额") && has("日志号") {
        Some("Agricultural Bank of China (中国农业银行, ABC)")
    } else if has("billingamount") && has("balancecurrency") {
        Some("HSBC (汇丰)")
    } else {
        None
    }
}

fn refused(kind: RefusedAs, looks_like: impl Into<String>, advice: impl Into<String>) -> Rejected {
    let mut rejected = Rejected::new(looks_like, advice);
    rejected.refused_as = Some(kind);
    rejected
}
