//! A new user's first minutes: create a case, edit the profile, restart, find it all again;
//! pick a file that is not a case and be told so; see the app in Chinese.

use closeout_core::case::Case;

use std::time::{Duration, Instant};

use super::harness::{skip, Desktop};
use crate::util::{closeout, foreign_files, path_str, window_bin};

#[tokio::test(flavor = "multi_thread")]
async fn create_case_edit_profile_and_find_it_after_restart() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let app = desktop.launch(&[]).await;
    app.wait_testid("no-recent").await;
    app.click("new-case").await;
    app.type_into("profile-store-name", "Maple Craft Supplies").await;
    app.select("profile-region", "FR").await;
    app.wait_text("new-case-location", "Maple Craft Supplies.closeout").await;
    app.click("new-case-create").await;

    // The task list, with the French and EU steps a FR store needs.
    assert_eq!(app.text("tasks-title").await, "Close your store");
    assert_eq!(app.text("task-status-profile").await.to_lowercase(), "in progress");
    assert_eq!(app.text("task-status-closure-application").await.to_lowercase(), "cannot start yet");
    app.wait_testid("task-fr-epr-final-declaration").await;
    assert!(app.text("tasks-progress").await.starts_with("0 of "));

    app.click("task-profile").await;
    app.set_value("profile-stop-date", "2026-09-15").await;
    app.type_into("profile-notes", "Closing <b>before</b> the new year").await;
    app.click("profile-save").await;
    app.wait_text("notice", "Profile saved").await;
    assert_eq!(app.text("task-status-profile").await.to_lowercase(), "done");
    assert!(app.text("tasks-progress").await.starts_with("1 of "));
    app.quit().await;

    // The case file holds exactly what was typed.
    let case_path = desktop.path("Closeout/Maple Craft Supplies.closeout");
    let profile = Case::open(&case_path).unwrap().profile().unwrap();
    assert_eq!(profile.store_name, "Maple Craft Supplies");
    assert_eq!(profile.region.as_str(), "FR");
    assert_eq!(profile.timezone.name(), "Europe/Paris");
    assert_eq!(profile.stop_date.unwrap().to_string(), "2026-09-15");
    assert_eq!(profile.notes, "Closing <b>before</b> the new year");

    // Restart: the case last open opens again, and is first in the recent list.
    let app = desktop.launch(&[]).await;
    assert_eq!(app.text("task-status-profile").await.to_lowercase(), "done");
    app.click("home-link").await;
    assert!(app.text("recent-cases").await.contains("Maple Craft Supplies"));
    app.click("recent-case").await;
    app.click("task-profile").await;
    assert_eq!(app.value("profile-stop-date").await, "15 Sep 2026", "in the window's language");
    assert_eq!(app.value("profile-notes").await, "Closing <b>before</b> the new year");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn files_that_are_not_cases_are_refused_untouched() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    for (what, path) in foreign_files(desktop.home.path()) {
        let before = std::fs::read(&path).unwrap();
        let app = desktop.launch(&[path_str(&path)]).await;
        let message = app.wait_text("error", "not a Closeout case").await;
        assert!(message.contains(what), "{message}");
        app.wait_testid("new-case").await;
        app.quit().await;
        assert_eq!(std::fs::read(&path).unwrap(), before, "{what} unchanged");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn chinese_locale_shows_chinese() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("zh_CN.UTF-8");
    let app = desktop.launch(&[]).await;
    assert_eq!(app.text("new-case").await, "新建档案");
    assert_eq!(app.value("language").await, "zh-CN");
    // Switching language is remembered across restarts.
    app.select("language", "en").await;
    app.wait_text("new-case", "New case").await;
    app.quit().await;
    let app = desktop.launch(&[]).await;
    assert_eq!(app.text("new-case").await, "New case");
    app.quit().await;
}

/// What a double-click on a case does while Closeout is open: the second launch hands the case
/// to the running window and exits. Run without WebDriver (which launches the app its own way):
/// the running window's recent-cases list shows the handed-over case.
#[test]
fn a_second_launch_hands_its_case_to_the_open_window() {
    if skip() {
        return;
    }
    let desktop = Desktop::with_session_bus("en_US.UTF-8");
    let (first, second) = (desktop.path("First.closeout"), desktop.path("Second.closeout"));
    for (case, store) in [(&first, "First"), (&second, "Second")] {
        assert!(closeout(&["new", path_str(case), "--store", store, "--region", "CN"]).status.success());
    }
    let settings = desktop.path("data/app.closeout.desktop/settings.json");
    let recent = || std::fs::read_to_string(&settings).unwrap_or_default();
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        let started = Instant::now();
        while !done() {
            assert!(started.elapsed() < Duration::from_secs(30), "{what} did not happen");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    let mut running = desktop.command(window_bin()).arg(&first).spawn().unwrap();
    wait_for("the first window opening its case", &|| recent().contains("First.closeout"));

    let launch = std::cell::RefCell::new(desktop.command(window_bin()).arg(&second).spawn().unwrap());
    wait_for("the second launch exiting", &|| launch.borrow_mut().try_wait().unwrap().is_some());
    assert!(launch.borrow_mut().wait().unwrap().success(), "the second launch exits after handing over");
    wait_for("the running window opening the second case", &|| recent().contains("Second.closeout"));
    assert!(running.try_wait().unwrap().is_none(), "the first window is still open");
    let _ = running.kill();
    let _ = running.wait();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_reopens_at_the_size_it_was_left() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let app = desktop.launch(&[]).await;
    app.wait_testid("no-recent").await;
    app.client().set_window_size(900, 640).await.unwrap();
    let (width, height) = app.client().get_window_size().await.unwrap();
    assert!(width < 1000 && height < 700, "the window took the new size: {width} × {height}");
    // The store writes 100 ms after the last change.
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.quit().await;

    let app = desktop.launch(&[]).await;
    app.wait_testid("no-recent").await;
    let reopened = app.client().get_window_size().await.unwrap();
    assert_eq!(reopened, (width, height), "the size it was left at, not tauri.conf.json's 1100 × 760");
    app.quit().await;
}
