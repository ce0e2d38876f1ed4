//! A new seller's journeys, each in English and in Chinese: create a case with a time zone
//! picked by city and a stop date from the picker; fix a form error the summary points to;
//! import a file that is not an export; mark a step done after a date error; type a balance
//! with a wrong amount and put it right; preview the report. In Chinese, no screen on the way may show a run of English words.

use closeout_core::case::Case;

use super::harness::{skip, App, Desktop};
use crate::util::{english_runs, path_str, sample};

/// One language's words for the journey.
struct Words {
    locale: &'static str,
    chinese: bool,
    store: &'static str,
    city: &'static str,
    refused: &'static str,
    suffix: &'static str,
}

const ENGLISH: Words = Words {
    locale: "en_US.UTF-8",
    chinese: false,
    store: "Lantern Shop",
    city: "Hong Kong — China (Asia/Hong_Kong)",
    refused: "WeChat",
    suffix: "",
};

const CHINESE: Words = Words {
    locale: "zh_CN.UTF-8",
    chinese: true,
    store: "灯笼小铺",
    city: "香港 — 中国 (Asia/Hong_Kong)",
    refused: "微信",
    suffix: "-zh",
};

/// Everything the window shows as words: visible text, the report preview in its shadow root,
/// and the placeholders and labels that are read aloud or shown in empty fields.
pub(super) async fn shown_words(app: &App) -> String {
    let script = "const parts = [document.body.innerText];
        for (const host of document.querySelectorAll('[data-testid=\"report-preview\"]'))
          if (host.shadowRoot) parts.push(host.shadowRoot.textContent);
        for (const n of document.querySelectorAll('[placeholder], [aria-label]'))
          parts.push(n.getAttribute('placeholder') ?? '', n.getAttribute('aria-label') ?? '');
        return parts.join('\\n');";
    app.client().execute(script, vec![]).await.unwrap().as_str().unwrap_or_default().to_owned()
}

/// Saves the screen as `shot`, and in Chinese fails on any English run of words in it.
async fn look(app: &App, words: &Words, shot: &str) {
    app.save_screenshot(&format!("{shot}{}", words.suffix)).await;
    if words.chinese {
        let text = shown_words(app).await;
        let runs = english_runs(&text);
        assert!(runs.is_empty(), "{shot}: English on a Chinese screen: {runs:?}");
    }
}

/// Whether `testid` has the focus within a few seconds: the page moves focus after the click's
/// handler has run, which may be after WebDriver's click returns.
async fn is_focused(app: &App, testid: &str) -> bool {
    let script = "return document.activeElement?.dataset?.testid ?? '';";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if app.client().execute(script, vec![]).await.unwrap().as_str() == Some(testid) {
            return true;
        }
        if std::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn new_case_with_a_zone_by_city(app: &App, words: &Words) {
    app.click("new-case").await;
    assert_eq!(app.value("profile-timezone").await, "Asia/Shanghai", "a CN store starts in China's zone");
    app.select("profile-region", "FR").await;
    assert_eq!(app.value("profile-timezone").await, "Europe/Paris", "the zone follows the region");
    app.select("profile-region", "CN").await;
    app.wait_testid("profile-timezone").await.select_by_label(words.city).await.unwrap();
    app.select("profile-region", "US").await;
    assert_eq!(app.value("profile-timezone").await, "Asia/Hong_Kong", "a zone picked stays picked");
    app.select("profile-region", "CN").await;

    // The stop date from the picker, in the language's words: the 1st of the shown month.
    app.click("profile-stop-date-pick").await;
    let calendar = app.wait_testid("profile-stop-date-calendar").await;
    look(app, words, "journey-new-case").await;
    let first = calendar.find(fantoccini::Locator::Css("button.day")).await.unwrap();
    first.click().await.unwrap();
    let typed = app.value("profile-stop-date").await;
    assert!(typed.contains("2026") || typed.contains("202"), "{typed}");
    assert_eq!(typed.contains('年'), words.chinese, "{typed}");
    assert!(!app.wait_testid("profile-stop-date-calendar").await.is_displayed().await.unwrap(), "the picker closes");

    // No name: the summary takes focus, links to the field, and the field says it too.
    app.click("new-case-create").await;
    app.wait_testid("error-summary").await;
    assert!(is_focused(app, "error-summary").await, "the summary takes focus");
    let message = app.text("field-error-store-name").await;
    assert!(app.text("error-summary").await.contains(
        message.trim_start_matches(|c: char| !c.is_alphanumeric() && !('\u{4e00}'..='\u{9fff}').contains(&c)).trim()
    ));
    look(app, words, "journey-form-error").await;
    app.wait_testid("error-summary").await.find(fantoccini::Locator::Css("a")).await.unwrap().click().await.unwrap();
    assert!(is_focused(app, "profile-store-name").await, "the link goes to the field");

    app.type_into("profile-store-name", words.store).await;
    app.click("new-case-create").await;
    app.wait_testid("tasks-title").await;
    look(app, words, "journey-tasks").await;
}

async fn import_a_wrong_file(app: &App, words: &Words) {
    app.click("task-import-orders").await;
    app.wait_testid("import-choose").await;
    super::orders::import_paths(app, &[sample("wechat_bill.csv")]).await;
    let error = app.text("import-error").await;
    assert!(error.contains(words.refused), "{error}");
    look(app, words, "journey-wrong-file").await;
    app.click("back-to-tasks").await;
}

async fn mark_a_step_after_a_date_error(app: &App, words: &Words) {
    app.click("task-holiday-mode-on").await;
    app.click("answer-done-holiday-mode-on").await;
    app.type_into("answer-date-holiday-mode-on", "31/02/2026").await;
    app.click("answer-save-holiday-mode-on").await;
    app.wait_testid("error-summary").await;
    app.wait_testid("field-error-date-holiday-mode-on").await;
    look(app, words, "journey-answer-error").await;
    app.type_into("answer-date-holiday-mode-on", "2026-11-20").await;
    app.click("answer-save-holiday-mode-on").await;
    app.wait_testid("answer-given-holiday-mode-on").await;
    assert!(app.wait_testid("notice").await.is_displayed().await.unwrap());
    let summaries =
        app.client().find_all(fantoccini::Locator::Css("[data-testid=error-summary]:not([hidden])")).await.unwrap();
    assert!(summaries.is_empty(), "the error is gone once the answer is saved");
    look(app, words, "journey-step-done").await;
    app.click("back-to-tasks").await;
}

/// A balance typed as Seller Center shows it; a wrong amount is said at its own field.
async fn enter_a_balance(app: &App, words: &Words) {
    app.click("task-balance-withdrawn").await;
    app.type_into("balance-available", "1,288.40").await;
    app.type_into("balance-frozen", "12,5x").await;
    app.click("balance-save").await;
    app.wait_testid("field-error-balance-frozen").await;
    assert!(is_focused(app, "error-summary").await);
    look(app, words, "journey-money-error").await;
    app.type_into("balance-frozen", "100").await;
    app.click("balance-save").await;
    assert_eq!(app.wait_text("money-CNY-available", "1,288.40").await, "CN¥1,288.40");
    look(app, words, "journey-money").await;
    app.click("back-to-tasks").await;
}

async fn preview_the_report(app: &App, words: &Words) {
    app.click("open-report").await;
    app.wait_testid("report-preview").await;
    let script = "return document.querySelector('[data-testid=\"report-preview\"]').shadowRoot?.textContent ?? '';";
    for _ in 0..100 {
        let text = app.client().execute(script, vec![]).await.unwrap();
        if text.as_str().is_some_and(|t| t.contains(words.store)) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    look(app, words, "journey-report").await;
}

async fn journeys_in(words: &Words) {
    if skip() {
        return;
    }
    let desktop = Desktop::new(words.locale);
    let app = desktop.launch(&[]).await;
    app.wait_testid("no-recent").await;
    look(&app, words, "journey-home").await;
    new_case_with_a_zone_by_city(&app, words).await;
    import_a_wrong_file(&app, words).await;
    mark_a_step_after_a_date_error(&app, words).await;
    enter_a_balance(&app, words).await;
    preview_the_report(&app, words).await;
    app.quit().await;

    let case = desktop.path(&format!("Closeout/{}.closeout", words.store));
    let profile = Case::open(&case).unwrap().profile().unwrap();
    assert_eq!(profile.timezone.name(), "Asia/Hong_Kong");
    assert_eq!(profile.stop_date.map(|d| d.format("%d").to_string()).as_deref(), Some("01"));
    assert!(path_str(&case).ends_with(".closeout"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_sellers_journeys_in_english() {
    journeys_in(&ENGLISH).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_sellers_journeys_in_chinese() {
    journeys_in(&CHINESE).await;
}
