//! Table-driven tests of every rule and status, built from small fact sets.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;

use super::ruleset::{Override, RuleSet};
use super::*;
use crate::model::{Currency, Profile, Region};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A Pacific wall-clock time, as AliExpress exports write them.
fn pacific(s: &str) -> DateTime<Utc> {
    let naive = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    chrono_tz::America::Los_Angeles.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
}

fn order(id: &str, state: OrderState) -> OrderFact {
    OrderFact { id: id.into(), state, placed_at: Some(pacific("2026-10-01 02:00")), confirmed_at: None, deadline: None }
}

fn confirmed(id: &str, at: &str) -> OrderFact {
    OrderFact { confirmed_at: Some(pacific(at)), ..order(id, OrderState::Completed) }
}

fn facts(region: Region) -> Facts {
    let mut profile = Profile::new("Test store", region).unwrap();
    profile.timezone = chrono_tz::Asia::Shanghai;
    Facts {
        profile,
        orders: None,
        money: None,
        rejections: Vec::new(),
        attestations: BTreeMap::new(),
        seen_finished: BTreeSet::new(),
    }
}

/// The facts of these orders, gathered as the case gathers them: with the profile's stop date
/// and the money facts' released orders, so set those first.
fn with_orders(mut f: Facts, orders: Vec<OrderFact>) -> Facts {
    let covered = orders.iter().filter_map(|o| o.placed_at).map(|t| YearMonth::of(t.date_naive())).collect();
    let released = f.money.as_ref().and_then(|m| m.released_order_ids.as_ref());
    let mut fold = OrderFold::new(&f.profile, released, covered);
    for o in &orders {
        let times =
            OrderTimes { state: o.state, placed_at: o.placed_at, confirmed_at: o.confirmed_at, deadline: o.deadline };
        fold.add(&o.id, times);
    }
    f.orders = Some(fold.finish());
    f
}

fn eval(f: &Facts, as_of: &str) -> Evaluation {
    evaluate(f, &RuleSet::shipped().resolve(&[]).unwrap(), date(as_of))
}

fn status(e: &Evaluation, id: &str) -> Status {
    e.rule(id).unwrap_or_else(|| panic!("{id} evaluated")).status
}

fn done(date_: &str) -> Attestation {
    Attestation { answer: Answer::Done, date: date(date_), note: String::new(), who: Who::Seller }
}

/// Attests every attested rule except the closure application.
/// The closure notice went up on 2026-10-01, so its 30 days are over by the usual as-of dates.
fn attest_all(f: &mut Facts) {
    for def in applicable(f.profile.region).filter(|d| d.kind == RuleKind::Attested && d.id != CLOSURE_APPLICATION) {
        let day = if def.id == CLOSURE_NOTICE { "2026-10-01" } else { "2026-11-01" };
        f.attestations.insert(def.id.to_owned(), done(day));
    }
}

fn money(balances: &[(&str, &str, &str)]) -> MoneyFacts {
    MoneyFacts {
        balances: balances
            .iter()
            .map(|(cur, available, frozen)| Balance {
                currency: cur.parse().unwrap(),
                available: Some(available.parse().unwrap()),
                frozen: frozen.parse().unwrap(),
                source: BalanceSource::Imported(crate::import::Format::AlipayLedger),
            })
            .collect(),
        released_order_ids: Some(BTreeSet::new()),
        pending_refunds: Vec::new(),
        latest_statement_end: Some(pacific("2026-11-10 01:00")),
        files: vec![crate::import::Format::AlipayLedger],
    }
}

#[test]
fn region_decides_the_rule_list_and_each_rule_appears_once() {
    let ids = |r: Region| -> Vec<&str> { eval(&facts(r), "2026-11-20").rules.iter().map(|r| r.id).collect() };
    let cn = ids(Region::CN);
    assert_eq!(cn.len(), 33);
    assert!(cn.iter().all(|id| !id.starts_with("eu-") && !id.starts_with("fr-")));
    let fr = ids(Region::FR);
    assert!(
        fr.contains(&"eu-withdrawal-window")
            && fr.contains(&"eu-vat-final-return")
            && fr.contains(&"fr-epr-final-declaration")
    );
    let es = ids(Region::ES);
    assert!(es.contains(&"eu-vat-final-return") && !es.contains(&"fr-epr-final-declaration"));
    for list in [cn, fr, es] {
        let unique: BTreeSet<_> = list.iter().collect();
        assert_eq!(unique.len(), list.len());
    }
}

#[test]
fn a_new_case_is_not_ready_and_never_passes_without_data() {
    let e = eval(&facts(Region::CN), "2026-11-20");
    assert_eq!(e.verdict, Verdict::NotReady);
    assert_eq!(e.earliest_closure_date, None);
    for r in &e.rules {
        assert_eq!(r.status, Status::NotChecked, "{} without data or attestation", r.id);
    }
    assert_eq!(e.orders.total, 0);
    assert!(!e.closure_application_can_start);
    let rows_read = e.rule("import-rejections").unwrap();
    assert!(!rows_read.attestable, "nobody can vouch that rows were read before an import");
    assert!(e.rule("orders-in-dispute").unwrap().attestable, "the seller's word stands in for missing orders");
}

#[test]
fn order_state_rules_block_with_sorted_ids_and_the_first_deadline() {
    let mut late = order("2", OrderState::AwaitingShipment);
    late.deadline = Some(pacific("2026-11-25 03:00"));
    let mut early = order("1", OrderState::AwaitingShipment);
    early.deadline = Some(pacific("2026-11-23 03:00"));
    let f = with_orders(
        facts(Region::CN),
        vec![late, early, order("3", OrderState::InDispute), order("4", OrderState::Closed)],
    );
    let e = eval(&f, "2026-11-20");
    let shipment = e.rule("orders-awaiting-shipment").unwrap();
    assert_eq!(shipment.status, Status::Blocked);
    assert_eq!(shipment.order_ids, ["1", "2"]);
    assert_eq!(shipment.evidence.key, "evidence.orders_some_deadline");
    assert!(shipment.evidence.params.contains(&("deadline".into(), "2026-11-23".into())));
    assert_eq!(e.rule("orders-in-dispute").unwrap().order_ids, ["3"]);
    for (id, expected) in [
        ("orders-awaiting-payment", Status::Pass),
        ("orders-risk-control", Status::Pass),
        ("orders-cancel-requested", Status::Pass),
        ("orders-awaiting-receipt", Status::Pass),
        ("orders-funds-processing", Status::Pass),
        ("orders-frozen", Status::Pass),
    ] {
        assert_eq!(status(&e, id), expected, "{id}");
    }
    assert_eq!(e.orders.total, 4);
    assert_eq!(e.orders.by_state["awaiting_shipment"], 2);
    assert_eq!(e.orders.by_state["closed"], 1);
}

#[test]
fn buyer_protection_window_edges() {
    // Confirmed 2026-11-06 03:30 Pacific = 19:30 Shanghai; 15 days later ends 2026-11-21.
    let f =
        with_orders(facts(Region::CN), vec![confirmed("a", "2026-11-06 03:30"), confirmed("b", "2026-10-01 03:30")]);
    for (as_of, expected) in
        [("2026-11-20", Status::Blocked), ("2026-11-21", Status::Pass), ("2026-11-22", Status::Pass)]
    {
        let r = eval(&f, as_of).rule("buyer-protection-window").unwrap().clone();
        assert_eq!((as_of, r.status), (as_of, expected));
        assert_eq!(r.until, Some(date("2026-11-21")), "the end date does not depend on the as-of date");
    }
    let evidence = eval(&f, "2026-11-20").rule("buyer-protection-window").unwrap().evidence.clone();
    assert!(evidence.params.contains(&("order".into(), "a".into())), "names the latest confirmation's order");
}

#[test]
fn windows_count_platform_days_across_daylight_saving_changes() {
    // US DST ends 2026-11-01. 22:30 PDT on 10-25 + 15 Pacific days = 22:30 PST on 11-09,
    // which is 06:30 UTC on 11-10; in Shanghai that is 14:30 on 11-10.
    assert_eq!(
        add_platform_days(pacific("2026-10-25 22:30"), 15),
        Utc.with_ymd_and_hms(2026, 11, 10, 6, 30, 0).unwrap()
    );
    // DST starts 2026-03-08: 23:30 PST on 02-28 + 15 days = 23:30 PDT on 03-15 = 06:30 UTC 03-16.
    assert_eq!(
        add_platform_days(pacific("2026-02-28 23:30"), 15),
        Utc.with_ymd_and_hms(2026, 3, 16, 6, 30, 0).unwrap()
    );
    // Landing in the spring gap (02:30 on 03-08 does not exist) moves past it, never earlier.
    let into_gap = add_platform_days(pacific("2026-02-21 02:30"), 15);
    assert_eq!(into_gap, Utc.with_ymd_and_hms(2026, 3, 8, 10, 30, 0).unwrap());
    // Landing in the autumn overlap (01:30 on 11-01 happens twice) takes the later one.
    let into_overlap = add_platform_days(pacific("2026-10-17 01:30"), 15);
    assert_eq!(into_overlap, Utc.with_ymd_and_hms(2026, 11, 1, 9, 30, 0).unwrap());

    // The date in the case's zone decides the window's last day.
    let mut f = with_orders(facts(Region::CN), vec![confirmed("a", "2026-10-25 22:30")]);
    assert_eq!(eval(&f, "2026-11-01").rule("buyer-protection-window").unwrap().until, Some(date("2026-11-10")));
    f.profile.timezone = chrono_tz::America::Los_Angeles;
    assert_eq!(eval(&f, "2026-11-01").rule("buyer-protection-window").unwrap().until, Some(date("2026-11-09")));
}

#[test]
fn eu_withdrawal_window_for_eu_stores() {
    let f = with_orders(facts(Region::FR), vec![confirmed("a", "2026-11-06 03:30")]);
    let e = eval(&f, "2026-11-19");
    let r = e.rule("eu-withdrawal-window").unwrap();
    assert_eq!((r.status, r.until), (Status::Blocked, Some(date("2026-11-20"))));
    assert_eq!(status(&eval(&f, "2026-11-20"), "eu-withdrawal-window"), Status::Pass);
}

#[test]
fn no_confirmation_means_no_window() {
    let f = with_orders(facts(Region::CN), vec![order("a", OrderState::Closed)]);
    let r = eval(&f, "2026-11-20").rule("buyer-protection-window").unwrap().clone();
    assert_eq!((r.status, r.until), (Status::Pass, None));
}

#[test]
fn overridden_parameters_change_results_and_are_named() {
    let f = with_orders(facts(Region::CN), vec![confirmed("a", "2026-11-06 03:30")]);
    let params = RuleSet::shipped()
        .resolve(&[Override {
            name: "buyer_protection_days".into(),
            value: "20".into(),
            note: "support said 20".into(),
        }])
        .unwrap();
    let e = evaluate(&f, &params, date("2026-11-22"));
    let r = e.rule("buyer-protection-window").unwrap();
    assert_eq!((r.status, r.until), (Status::Blocked, Some(date("2026-11-26"))));
    assert_eq!(r.overridden, ["buyer_protection_days"]);
    assert!(e.rule("orders-frozen").unwrap().overridden.is_empty());
}

#[test]
fn orders_after_the_stop_date_warn() {
    let with_stop = |stop: Option<&str>| {
        let mut f = facts(Region::CN);
        f.profile.stop_date = stop.map(date);
        let late = OrderFact { placed_at: Some(pacific("2026-10-20 02:00")), ..order("late", OrderState::Closed) };
        with_orders(f, vec![order("early", OrderState::Completed), late])
    };
    assert_eq!(
        status(&eval(&with_stop(None), "2026-11-20"), "orders-after-stop-date"),
        Status::NotChecked,
        "no stop date yet"
    );
    let r = eval(&with_stop(Some("2026-10-15")), "2026-11-20").rule("orders-after-stop-date").unwrap().clone();
    assert_eq!((r.status, r.order_ids), (Status::Warning, vec!["late".to_owned()]));
    assert_eq!(
        status(&eval(&with_stop(Some("2026-10-20")), "2026-11-20"), "orders-after-stop-date"),
        Status::Pass,
        "an order on the stop date itself is fine"
    );
}

#[test]
fn export_coverage_names_missing_months() {
    let at = |s: &str| OrderFact { placed_at: Some(pacific(s)), ..order(s, OrderState::Completed) };
    let mut f =
        with_orders(facts(Region::CN), vec![at("2025-01-10 02:00"), at("2025-03-10 02:00"), at("2026-07-10 02:00")]);
    let r = eval(&f, "2026-11-20").rule("order-export-coverage").unwrap().clone();
    assert_eq!(r.status, Status::Warning);
    assert!(r.evidence.params.contains(&("count".into(), "16".into())));
    assert!(r.evidence.params.contains(&("months".into(), "2025-02, 2025-04 – 2026-06".into())));
    let o = f.orders.as_mut().unwrap();
    o.covered_months = YearMonth { year: 2025, month: 1 }.through(YearMonth { year: 2026, month: 7 }).collect();
    assert_eq!(status(&eval(&f, "2026-11-20"), "order-export-coverage"), Status::Pass);
}

#[test]
fn rejected_rows_block_until_resolved() {
    let mut f = with_orders(facts(Region::CN), vec![]);
    assert_eq!(status(&eval(&f, "2026-11-20"), "import-rejections"), Status::Pass);
    f.rejections.push(Rejection {
        file: "orders.csv".into(),
        line: 108,
        column: "订单号".into(),
        reason: crate::text::Text::verbatim("damaged id"),
        unfinished_order: false,
        dismissed_note: None,
    });
    let r = eval(&f, "2026-11-20").rule("import-rejections").unwrap().clone();
    assert_eq!(r.status, Status::Blocked);
    assert!(r.evidence.params.contains(&("where".into(), "orders.csv:108".into())));
    // Dismissed, the row is still evidence: a warning listing it with its note, never a pass.
    f.rejections[0].dismissed_note = Some("a test order".into());
    let r = eval(&f, "2026-11-20").rule("import-rejections").unwrap().clone();
    assert_eq!(r.status, Status::Warning);
    assert!(r.evidence.params.contains(&("where".into(), "orders.csv:108 (a test order)".into())));
    // A dismissed row whose status shows an unfinished order still blocks: dismissing it
    // finishes nothing.
    f.rejections[0].unfinished_order = true;
    let r = eval(&f, "2026-11-20").rule("import-rejections").unwrap().clone();
    assert_eq!((r.status, r.evidence.key.as_str()), (Status::Blocked, "evidence.rejections_unfinished"));
}

#[test]
fn money_rules() {
    let orders = || vec![confirmed("c1", "2026-10-01 02:00"), confirmed("c2", "2026-10-02 02:00")];
    let mut f = with_orders(facts(Region::CN), orders());
    assert_eq!(status(&eval(&f, "2026-11-20"), "balance-withdrawn"), Status::NotChecked);

    f.money = Some(money(&[("CNY", "1288.40", "0.00")]));
    let mut f = with_orders(f, orders()); // now with the (empty) release export
    let e = eval(&f, "2026-11-20");
    let balance = e.rule("balance-withdrawn").unwrap();
    assert_eq!(balance.status, Status::Blocked);
    assert!(balance.evidence.params.contains(&("amounts".into(), "CN¥1,288.40".into())));
    // No fee smaller than the minimum beside it: the minimum is in dollars, so a yuan balance
    // gets the rate and the minimum, not a converted figure.
    let action = balance.action.render(crate::locale::Lang::En);
    assert!(action.contains("0.3% of CN¥1,288.40, at least US$8.00"), "{action}");
    assert_eq!(status(&e, "frozen-funds"), Status::Pass);
    assert_eq!(e.rule("unsettled-orders").unwrap().order_ids, ["c1", "c2"]);
    assert_eq!(status(&e, "refunds-completed"), Status::Pass);
    assert_eq!(status(&e, "statement-coverage"), Status::Pass);
    assert_eq!(e.funds[0].available, Some(Decimal::new(128840, 2)));

    let m = f.money.as_mut().unwrap();
    m.balances = vec![Balance {
        currency: Currency::CNY,
        available: Some(Decimal::ZERO),
        frozen: Decimal::new(500, 2),
        source: BalanceSource::Entered,
    }];
    m.released_order_ids = Some(["c1".to_owned(), "c2".to_owned()].into());
    m.pending_refunds.push(PendingRefund { order_id: "r1".into(), amount: None });
    m.latest_statement_end = Some(pacific("2026-09-01 01:00"));
    let f = with_orders(f, orders());
    let e = eval(&f, "2026-11-20");
    assert_eq!(status(&e, "balance-withdrawn"), Status::Pass);
    assert_eq!(status(&e, "frozen-funds"), Status::Blocked);
    assert_eq!(status(&e, "unsettled-orders"), Status::Pass);
    assert_eq!(e.rule("refunds-completed").unwrap().order_ids, ["r1"]);
    assert_eq!(status(&e, "statement-coverage"), Status::Warning);
}

#[test]
fn eu_withdrawal_fee_is_the_eu_schedule() {
    let mut f = facts(Region::FR);
    f.money = Some(money(&[("EUR", "10.00", "0")]));
    let r = eval(&f, "2026-11-20").rule("balance-withdrawn").unwrap().clone();
    let action = r.action.render(crate::locale::Lang::En);
    assert!(action.contains("€0.10 to a European bank, €10.00 to another"), "{action}");
}

#[test]
fn attestations_settle_attested_rules_and_stand_in_for_missing_data() {
    let mut f = facts(Region::CN);
    f.attestations.insert("holiday-mode-on".into(), done("2026-11-01"));
    f.attestations.insert(
        "promotions-ended".into(),
        Attestation {
            answer: Answer::NotApplicable,
            date: date("2026-11-01"),
            note: "never ran one".into(),
            who: Who::Bookkeeper,
        },
    );
    f.attestations.insert("orders-frozen".into(), done("2026-11-02"));
    let e = eval(&f, "2026-11-20");
    assert_eq!(status(&e, "holiday-mode-on"), Status::Attested);
    assert_eq!(status(&e, "promotions-ended"), Status::NotApplicable);
    assert_eq!(e.rule("promotions-ended").unwrap().evidence.key, "evidence.not_applicable.bookkeeper");
    assert_eq!(status(&e, "orders-frozen"), Status::Attested, "attested while no export is imported");

    // Once data arrives it decides: an attestation cannot hide a frozen order.
    let f = with_orders(f, vec![order("x", OrderState::Frozen)]);
    let r = eval(&f, "2026-11-20").rule("orders-frozen").unwrap().clone();
    assert_eq!(r.status, Status::Blocked);
    assert!(r.attestation.is_none());
}

#[test]
fn ready_when_everything_passes_or_is_attested_and_not_ready_again_when_withdrawn() {
    let mut f = facts(Region::CN);
    f.profile.stop_date = Some(date("2026-10-31"));
    f.money = Some(money(&[("CNY", "0.00", "0.00")]));
    f.money.as_mut().unwrap().released_order_ids = Some(["a".to_owned()].into());
    let mut f = with_orders(f, vec![confirmed("a", "2026-10-01 02:00")]);
    attest_all(&mut f);
    let e = eval(&f, "2026-11-20");
    let open: Vec<_> = e.blockers().map(|r| r.id).collect();
    assert!(open.is_empty(), "{open:?}");
    assert_eq!(e.verdict, Verdict::Ready);
    assert_eq!(e.earliest_closure_date, Some(date("2026-11-20")), "the as-of date when nothing blocks");
    assert!(e.closure_application_can_start);
    assert_eq!(status(&e, CLOSURE_APPLICATION), Status::NotChecked, "the verdict ignores the application itself");

    f.attestations.remove("records-downloaded");
    let e = eval(&f, "2026-11-20");
    assert_eq!(e.verdict, Verdict::NotReady);
    assert_eq!(e.earliest_closure_date, None);
    assert_eq!(e.blockers().map(|r| r.id).collect::<Vec<_>>(), ["records-downloaded"]);
}

#[test]
fn earliest_date_is_the_last_window_when_only_windows_block() {
    let mut f = facts(Region::FR);
    f.profile.stop_date = Some(date("2026-10-31"));
    f.money = Some(money(&[("EUR", "0", "0")]));
    f.money.as_mut().unwrap().released_order_ids = Some(["a".to_owned()].into());
    let mut f = with_orders(f, vec![confirmed("a", "2026-11-06 03:30")]);
    attest_all(&mut f);
    let e = eval(&f, "2026-11-19");
    let mut blocking: Vec<_> = e.blockers().map(|r| r.id).collect();
    blocking.sort();
    assert_eq!(blocking, ["buyer-protection-window", "eu-withdrawal-window"]);
    assert_eq!(e.verdict, Verdict::NotReady);
    assert_eq!(e.earliest_closure_date, Some(date("2026-11-21")), "the later of the two windows");
    assert_eq!(eval(&f, "2026-11-21").verdict, Verdict::Ready);
}

#[test]
fn working_days_skip_weekends() {
    // Friday 2026-11-20 + 10 working days = Friday 2026-12-04.
    assert_eq!(add_working_days(date("2026-11-20"), 10), date("2026-12-04"));
    assert_eq!(add_working_days(date("2026-11-21"), 1), date("2026-11-23"));
}

#[test]
fn every_text_the_rules_produce_exists() {
    let mut scenarios = vec![facts(Region::CN), facts(Region::FR)];
    let mut busy = facts(Region::FR);
    busy.money = Some(money(&[("EUR", "5", "5")]));
    busy.money.as_mut().unwrap().pending_refunds.push(PendingRefund { order_id: "r".into(), amount: None });
    busy.rejections.push(Rejection {
        file: "f".into(),
        line: 2,
        column: "c".into(),
        reason: crate::text::Text::verbatim("r"),
        unfinished_order: false,
        dismissed_note: None,
    });
    busy.profile.stop_date = Some(date("2026-01-01"));
    let mut orders: Vec<OrderFact> = OrderState::KNOWN.iter().map(|s| order(s.as_str(), *s)).collect();
    orders.push(confirmed("c", "2026-11-10 02:00"));
    let mut busy = with_orders(busy, orders);
    scenarios.push(busy.clone());
    attest_all(&mut busy);
    busy.attestations.insert(
        "promotions-ended".into(),
        Attestation { answer: Answer::NotApplicable, who: Who::Bookkeeper, ..done("2026-11-01") },
    );
    scenarios.push(busy);
    let mut keys = BTreeSet::new();
    for f in &scenarios {
        for r in eval(f, "2026-11-20").rules {
            keys.insert(format!("rule.{}.title", r.id));
            keys.insert(r.evidence.key);
            keys.insert(r.action.key);
        }
    }
    assert!(keys.len() > 60, "the scenarios reach most texts ({})", keys.len());
    for key in keys {
        assert!(crate::text::has(&key), "missing text {key}");
    }
}

#[test]
fn gathering_orders_keeps_counts_and_extremes_and_only_the_orders_the_rules_list() {
    let mut f = facts(Region::CN);
    f.profile.stop_date = Some(date("2026-10-15"));
    let tie = "2026-11-01 02:00";
    let late = OrderFact { placed_at: Some(pacific("2026-10-20 02:00")), ..confirmed("late", tie) };
    let orders = vec![confirmed("a", tie), late, order("u", OrderState::Unknown), order("s", OrderState::Frozen)];
    let f = with_orders(f, orders);
    let o = f.orders.as_ref().unwrap();
    assert_eq!((o.total(), o.by_state[&OrderState::Completed]), (4, 2));
    assert_eq!(o.latest_confirmation, Some((pacific(tie), "late".to_owned())), "the greatest id among equal times");
    assert_eq!(o.open.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["u", "s"], "an unknown state is open");
    assert_eq!(o.placed_after_stop, ["late"]);
    assert_eq!(o.placed_span, Some((pacific("2026-10-01 02:00"), pacific("2026-10-20 02:00"))));
    assert_eq!(o.last_activity, Some(pacific(tie)));
    assert_eq!(o.unreleased, None, "no release export, so nothing to compare");
}

mod verdicts;
