//! The verdict a person signs: every waiting period counted, no known hole left open, and
//! every sentence true of the case (the generated cases at the end check the last).

use super::*;
use crate::locale::Lang;

/// A CN store with everything settled but the rules a test then changes: orders confirmed long
/// ago, money withdrawn, every attested rule answered.
fn settled_cn() -> Facts {
    let mut f = facts(Region::CN);
    f.profile.stop_date = Some(date("2026-10-31"));
    f.money = Some(money(&[("CNY", "0", "0")]));
    let mut f = with_orders(f, vec![confirmed("c1", "2026-10-01 02:00")]);
    f.money.as_mut().unwrap().released_order_ids = Some(BTreeSet::from(["c1".to_owned()]));
    let mut f = with_orders(f, vec![confirmed("c1", "2026-10-01 02:00")]);
    attest_all(&mut f);
    f
}

#[test]
fn the_closure_notice_waits_thirty_days_from_the_day_it_went_up() {
    let mut f = settled_cn();
    assert_eq!(eval(&f, "2026-11-26").verdict, Verdict::Ready, "the notice went up on 2026-10-01");

    f.attestations.insert(CLOSURE_NOTICE.into(), done("2026-11-10"));
    let e = eval(&f, "2026-11-26");
    let notice = e.rule(CLOSURE_NOTICE).unwrap();
    assert_eq!((notice.status, notice.until), (Status::Blocked, Some(date("2026-12-10"))));
    assert_eq!((e.verdict, e.earliest_closure_date), (Verdict::NotReady, Some(date("2026-12-10"))));
    assert!(notice.attestation.is_some(), "the answer that started the wait is shown");
    let e = eval(&f, "2026-12-10");
    assert_eq!((status(&e, CLOSURE_NOTICE), e.verdict), (Status::Pass, Verdict::Ready));

    f.attestations.remove(CLOSURE_NOTICE);
    let e = eval(&f, "2026-11-26");
    assert_eq!((status(&e, CLOSURE_NOTICE), e.verdict), (Status::NotChecked, Verdict::NotReady));
    let said = e.rule(CLOSURE_NOTICE).unwrap().evidence.render(Lang::En);
    assert!(said.contains("2026-12-26"), "posting it today puts the earliest date 30 days on: {said}");
    assert!(
        facts(Region::FR).profile.region != Region::CN
            && eval(&facts(Region::FR), "2026-11-26").rule(CLOSURE_NOTICE).is_none()
    );
}

#[test]
fn holiday_mode_and_the_last_promotion_are_waits_too() {
    let mut f = settled_cn();
    f.attestations.insert("holiday-mode-on".into(), done("2026-11-25"));
    f.attestations.insert(PROMOTIONS_ENDED.into(), done("2026-12-05"));
    let e = eval(&f, "2026-11-26");
    assert_eq!(e.rule("holiday-mode-on").unwrap().until, Some(date("2026-11-27")), "48 hours are two days");
    assert_eq!(status(&e, "holiday-mode-on"), Status::Blocked);
    assert_eq!(e.earliest_closure_date, Some(date("2026-12-05")), "the later of the two waits");
    let e = eval(&f, "2026-12-05");
    assert_eq!((status(&e, "holiday-mode-on"), status(&e, PROMOTIONS_ENDED)), (Status::Attested, Status::Attested));
    assert_eq!(e.verdict, Verdict::Ready);
}

#[test]
fn an_order_of_unknown_status_holds_closure_until_seen_finished() {
    let f = settled_cn();
    let mut f = with_orders(f, vec![confirmed("c1", "2026-10-01 02:00"), order("u1", OrderState::Unknown)]);
    f.attestations.insert("buyer-protection-window".into(), done("2026-11-01"));
    let e = eval(&f, "2026-12-20");
    let unknown = e.rule("orders-unknown-state").unwrap();
    assert_eq!((unknown.status, unknown.order_ids.as_slice()), (Status::Blocked, &["u1".to_owned()][..]));
    assert_eq!(e.verdict, Verdict::NotReady);
    f.seen_finished.insert("u1".into());
    let e = eval(&f, "2026-12-20");
    assert_eq!(status(&e, "orders-unknown-state"), Status::Pass);
}

#[test]
fn the_window_is_not_over_while_open_orders_await_confirmation() {
    let f = facts(Region::CN);
    let f = with_orders(f, vec![confirmed("c1", "2026-10-01 02:00"), order("r1", OrderState::AwaitingReceipt)]);
    let e = eval(&f, "2026-12-20");
    let window = e.rule("buyer-protection-window").unwrap();
    assert_eq!((window.status, window.until), (Status::Blocked, None), "past the last window, no end is known");
    assert_eq!(window.order_ids, ["r1"]);
    assert!(window.evidence.render(Lang::En).contains("1 open order is still to be confirmed"));
}

#[test]
fn a_statement_without_a_balance_never_reads_as_nothing_left() {
    let mut f = facts(Region::CN);
    let mut m = money(&[]);
    m.files = vec![crate::import::Format::AlipayPersonal];
    m.balances = vec![Balance {
        currency: Currency::CNY,
        available: None,
        frozen: Decimal::new(500, 2),
        source: BalanceSource::Imported(crate::import::Format::AlipayPersonal),
    }];
    f.money = Some(m);
    let e = eval(&f, "2026-11-20");
    let balance = e.rule("balance-withdrawn").unwrap();
    assert_eq!(balance.status, Status::NotChecked);
    let said = balance.evidence.render(Lang::En);
    assert!(said.contains("Alipay statement (交易明细)") && said.contains("carry no balance"), "{said}");
    assert!(!balance.action.render(Lang::En).is_empty());
    assert_eq!(status(&e, "frozen-funds"), Status::Blocked);
}

#[test]
fn a_dollar_fee_is_never_below_its_minimum() {
    let mut f = facts(Region::US);
    f.money = Some(money(&[("USD", "100", "0"), ("CNY", "50", "0")]));
    let action = eval(&f, "2026-11-20").rule("balance-withdrawn").unwrap().action.render(Lang::En);
    assert!(action.contains("US$8.00") && !action.contains("US$0.30"), "{action}");
    f.money = Some(money(&[("USD", "5000", "0")]));
    let action = eval(&f, "2026-11-20").rule("balance-withdrawn").unwrap().action.render(Lang::En);
    assert!(action.contains("US$15.00"), "{action}");
}

#[test]
fn a_warning_can_be_acknowledged_and_stays_a_warning() {
    let mut f = facts(Region::CN);
    f.profile.stop_date = Some(date("2026-09-01"));
    let mut f = with_orders(f, vec![confirmed("late", "2026-10-01 02:00")]);
    let e = eval(&f, "2026-11-20");
    let late = e.rule("orders-after-stop-date").unwrap();
    assert!(late.attestable && !late.is_acknowledged(), "a warning can be answered");
    f.attestations.insert("orders-after-stop-date".into(), done("2026-11-19"));
    let e = eval(&f, "2026-11-20");
    let late = e.rule("orders-after-stop-date").unwrap();
    assert_eq!(late.status, Status::Warning);
    assert!(late.is_acknowledged());
}

/// A tiny deterministic generator (xorshift), so a failing case can be replayed by its seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// A case of random file kinds, orders, balances, answers and as-of date, built as the case
/// file builds its facts.
fn generated(g: &mut Gen) -> (Facts, NaiveDate) {
    use crate::import::Format;
    let region = g.pick(&[Region::CN, Region::FR, Region::ES, Region::US]);
    let mut f = facts(region);
    if g.chance(70) {
        f.profile.stop_date = Some(date("2026-10-15"));
    }
    let formats =
        [Format::AlipayPersonal, Format::AlipayLedger, Format::AliexpressFundRelease, Format::AliexpressRefunds];
    let files: Vec<Format> = formats.into_iter().filter(|_| g.chance(40)).collect();
    let typed = g.chance(25);
    if !files.is_empty() || typed {
        let mut m = money(&[]);
        m.files = files.clone();
        m.latest_statement_end = None;
        m.released_order_ids = None;
        if files.contains(&Format::AliexpressFundRelease) {
            m.released_order_ids = Some(BTreeSet::from(["c1".to_owned()]));
        }
        if files.contains(&Format::AlipayPersonal) || files.contains(&Format::AlipayLedger) {
            m.latest_statement_end = Some(pacific("2026-11-01 00:00"));
        }
        let currency = g.pick(&[Currency::CNY, Currency::USD, Currency::EUR]);
        let amount = Decimal::new(g.pick(&[0, 305, 128_840, 1_000_000]), 2);
        let frozen = Decimal::new(g.pick(&[0, 0, 500]), 2);
        if files.contains(&Format::AlipayLedger) || typed {
            let source = if typed { BalanceSource::Entered } else { BalanceSource::Imported(Format::AlipayLedger) };
            m.balances.push(Balance { currency, available: Some(amount), frozen, source });
        } else if files.contains(&Format::AlipayPersonal) && frozen > Decimal::ZERO {
            let source = BalanceSource::Imported(Format::AlipayPersonal);
            m.balances.push(Balance { currency, available: None, frozen, source });
        }
        f.money = Some(m);
    }
    if g.chance(75) {
        let states = [OrderState::Completed, OrderState::AwaitingReceipt, OrderState::Unknown, OrderState::InDispute];
        let mut orders = vec![confirmed("c1", "2026-10-01 02:00")];
        for i in 0..g.next() % 4 {
            orders.push(order(&format!("o{i}"), g.pick(&states)));
        }
        f = with_orders(f, orders);
    }
    for def in applicable(region) {
        if g.chance(30) && def.id != CLOSURE_APPLICATION {
            f.attestations.insert(def.id.into(), done(g.pick(&["2026-10-01", "2026-11-10", "2026-11-25"])));
        }
    }
    (f, date(g.pick(&["2026-11-01", "2026-11-26", "2026-12-10", "2027-01-15"])))
}

#[test]
fn every_sentence_of_generated_cases_is_true_of_the_case() {
    use crate::import::Format;
    let params = RuleSet::shipped().resolve(&[]).unwrap();
    for seed in 1..=400u64 {
        let mut g = Gen(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (f, as_of) = generated(&mut g);
        let e = evaluate(&f, &params, as_of);
        let held: Vec<Format> = f.money.as_ref().map(|m| m.files.clone()).unwrap_or_default();
        for r in &e.rules {
            let key = r.evidence.key.as_str();
            let case = format!("seed {seed}, {} as of {as_of}: {key}", r.id);
            // No sentence claims an import missing that the case holds.
            if f.orders.is_some() {
                assert_ne!(key, "evidence.no_data.orders", "{case}");
            }
            if f.money.is_some() {
                assert_ne!(key, "evidence.no_data.money", "{case}");
            }
            if held.contains(&Format::AliexpressFundRelease) {
                assert_ne!(key, "evidence.no_release_export", "{case}");
            }
            if held.contains(&Format::AlipayPersonal) || held.contains(&Format::AlipayLedger) {
                assert_ne!(key, "evidence.no_statement", "{case}");
            }
            // A ✓ names every open order it does not cover: a passed window has none pending,
            // a passed state rule has no order in its state.
            if r.status == Status::Pass {
                let open = f.orders.as_ref().map_or(&[][..], |o| o.open.as_slice());
                if r.kind == RuleKind::Window {
                    assert!(open.iter().all(|o| o.confirmed_at.is_some()), "{case}");
                }
                if let Some(state) = order_state_of(r.id) {
                    assert!(open.iter().all(|o| o.state != state), "{case}");
                }
                if r.id == "orders-unknown-state" {
                    assert!(open.iter().all(|o| o.state != OrderState::Unknown), "{case}");
                }
                if r.id == "balance-withdrawn" {
                    assert!(e.funds.iter().any(|b| b.available.is_some()), "{case}: a balance was read");
                }
            }
            // Every text is whole in both languages: no placeholder left unfilled.
            for lang in Lang::ALL {
                for text in [r.evidence.render(lang), r.action.render(lang)] {
                    assert!(!text.contains('{'), "{case}: {text}");
                }
            }
            // Every fee shown in dollars is at least the dollar minimum stated beside it.
            if r.id == "balance-withdrawn" && !f.profile.region.is_eu() {
                let action = r.action.render(Lang::En);
                let fees = action.split_once("fee: ").map_or("", |(_, fees)| fees);
                for fee in fees.split("US$").skip(1) {
                    let figure: String =
                        fee.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',').collect();
                    let value: Decimal = figure.trim_end_matches('.').replace(',', "").parse().unwrap();
                    assert!(value >= Decimal::new(800, 2), "{case}: {action}");
                }
            }
        }
        // One count: the verdict is ready exactly when nothing holds closure up.
        assert_eq!(e.verdict == Verdict::Ready, e.blockers().next().is_none(), "seed {seed}");
        if let Some(day) = e.earliest_closure_date {
            assert!(day >= as_of && e.blockers().all(|r| r.until.is_some_and(|u| u <= day)), "seed {seed}");
        }
    }
}

#[test]
fn an_unknown_order_seen_finished_starts_no_buyer_window() {
    let mut f = with_orders(facts(Region::CN), vec![order("u1", OrderState::Unknown)]);
    assert_eq!(status(&eval(&f, "2026-12-20"), "buyer-protection-window"), Status::Blocked);
    f.seen_finished.insert("u1".into());
    let e = eval(&f, "2026-12-20");
    assert_eq!(
        (status(&e, "buyer-protection-window"), status(&e, "orders-unknown-state")),
        (Status::Pass, Status::Pass)
    );
}
