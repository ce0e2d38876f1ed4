//! Evidence in the window: a file attached through the file dialog and a screenshot pasted from
//! the clipboard show under the answer with their thumbnails; an SVG is refused and never put in
//! the page; a removal comes back with Undo; the closing pack saved from the window holds them.
//!
//! The native dialogs cannot be driven through WebDriver: the test answers them with
//! `App::answer_dialog`, so everything from the button's click on is the app's own. The paste is a `paste` event
//! carrying the picture, as WebKit dispatches it for Ctrl+V.

use base64::Engine;
use serde_json::{json, Value};

use super::harness::{skip, App, Desktop};
use crate::util::{closeout, path_str};

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/attachments").join(name)
}

/// Pastes `bytes` as a picture into the element `testid`, as Ctrl+V with a screenshot does.
async fn paste_picture(app: &App, testid: &str, bytes: &[u8], mime: &str) {
    let script = "const [testid, data, mime] = arguments;
                  const target = document.querySelector(`[data-testid=\"${testid}\"]`);
                  const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
                  const transfer = new DataTransfer();
                  transfer.items.add(new File([raw], 'image.png', { type: mime }));
                  const event = new Event('paste', { bubbles: true, cancelable: true });
                  Object.defineProperty(event, 'clipboardData', { value: transfer });
                  target.focus();
                  target.dispatchEvent(event);
                  return event.defaultPrevented;";
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    let handled = app.client().execute(script, vec![testid.into(), data.into(), mime.into()]).await.unwrap();
    assert_eq!(handled, true, "the area took the paste");
}

/// Waits until the thumbnail `testid` has drawn a picture; its natural size.
async fn drawn(app: &App, testid: &str) -> Value {
    let script = "const done = arguments[arguments.length - 1];
                  const look = () => {
                    const img = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
                    if (!img || !img.complete || !img.naturalWidth) return setTimeout(look, 100);
                    done({ width: img.naturalWidth, height: img.naturalHeight, src: img.src.slice(0, 22) });
                  };
                  look();";
    app.client().execute_async(script, vec![testid.into()]).await.unwrap()
}

fn attachments(view: &Value) -> Vec<Value> {
    view["attachments"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn files_attach_by_dialog_and_paste_show_their_thumbnails_and_go_into_the_pack() {
    if skip() {
        return;
    }
    let desktop = Desktop::new("en_US.UTF-8");
    let case = desktop.path("Evidence.closeout");
    assert!(closeout(&["new", path_str(&case), "--store", "Lantern Shop", "--region", "CN"]).status.success());
    let app = desktop.launch(&[path_str(&case)]).await;
    app.click("task-holiday-mode-on").await;
    app.click("answer-done-holiday-mode-on").await;
    app.type_into("answer-note-holiday-mode-on", "Switched on in Seller Center").await;
    app.click("answer-save-holiday-mode-on").await;
    app.wait_text("notice", "Answer saved").await;

    // By the file dialog.
    app.answer_dialog("open", path_str(&fixture("holiday-mode.png"))).await;
    app.click("attach-rule-holiday-mode-on").await;
    app.wait_text("notice", "Attached 1 file").await;
    assert_eq!(app.text("attachment-name-1").await, "holiday-mode.png");
    assert_eq!(
        drawn(&app, "attachment-thumb-1").await,
        json!({ "width": 480, "height": 300, "src": "data:image/png;base64," })
    );

    // By pasting a screenshot.
    let jpeg = std::fs::read(fixture("receipt.jpg")).unwrap();
    paste_picture(&app, "attachments-rule-holiday-mode-on", &jpeg, "image/jpeg").await;
    app.wait_text("notice", "Attached 1 file").await;
    assert!(app.text("attachment-name-2").await.starts_with("screenshot-"), "a pasted picture is named for when");
    assert_eq!(drawn(&app, "attachment-thumb-2").await["width"], 320);
    app.save_screenshot("evidence").await;

    // A hostile SVG is refused and nothing of it reaches the page.
    app.answer_dialog("open", path_str(&fixture("hostile.svg"))).await;
    app.click("attach-rule-holiday-mode-on").await;
    assert!(app.wait_text("error", "SVG").await.contains("hostile.svg"));
    let view = app.call("case_view", json!({})).await.unwrap();
    assert_eq!(attachments(&view).len(), 2);
    let svg_in_page =
        app.client().execute("return document.querySelectorAll('#main svg, #main [onload]').length", vec![]).await;
    assert_eq!(svg_in_page.unwrap(), 0);

    // Removing one can be undone.
    app.click("attachment-remove-2").await;
    app.wait_text("notice", "Removed").await;
    assert_eq!(attachments(&app.call("case_view", json!({})).await.unwrap()).len(), 1);
    app.click("undo").await;
    app.wait_text("notice", "Undone").await;
    assert_eq!(attachments(&app.call("case_view", json!({})).await.unwrap()).len(), 2);

    // The closing pack, from the report screen's button and its save dialog.
    app.click("back-to-tasks").await;
    app.click("open-report").await;
    app.wait_testid("report-preview").await;
    let zip = desktop.path("pack.zip");
    app.answer_dialog("save", path_str(&zip)).await;
    app.click("report-pack").await;
    app.wait_text("notice", "closing pack").await;
    let archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<&str> = archive.file_names().collect();
    assert!(names.contains(&"attachments/001-holiday-mode.png"), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("attachments/002-") && n.ends_with(".jpg")), "{names:?}");

    // The same answer in Chinese: every word of it.
    app.select("language", "zh-CN").await;
    // The screen is drawn again in Chinese: wait for that, or the click lands on the old one.
    app.wait_text("back-to-tasks", "返回").await;
    app.click("back-to-tasks").await;
    app.click("task-holiday-mode-on").await;
    let area = app.text("attachments-rule-holiday-mode-on").await;
    assert_eq!(crate::util::english_runs(&area), Vec::<String>::new(), "{area}");
    app.save_screenshot("evidence-zh").await;
    app.quit().await;
}
