//! The security baseline, read from the files Tauri builds from. Each assertion fails if a
//! protection is removed: the CSP, frozen prototypes, narrow capabilities, declared commands.

use std::path::Path;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn capability_files() -> Vec<(String, Value)> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("capabilities"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| (p.display().to_string(), serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!files.is_empty(), "capabilities/ holds the window's grants");
    files
}

/// The string list inside `const NAME: &[&str] = &[ … ];` or `generate_handler![ … ]`.
fn names_in(source: &str, opener: &str, closer: &str) -> Vec<String> {
    let start = source.find(opener).unwrap_or_else(|| panic!("{opener} not found")) + opener.len();
    let body = &source[start..start + source[start..].find(closer).unwrap()];
    body.split(',')
        .map(|s| s.trim().trim_matches('"').rsplit("::").next().unwrap().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn csp() -> serde_json::Map<String, Value> {
    let conf = read_json("tauri.conf.json");
    conf["app"]["security"]["csp"].as_object().expect("a CSP is set, as a directive map").clone()
}

#[test]
fn csp_is_strict() {
    let csp = csp();
    for directive in ["default-src", "script-src", "style-src", "connect-src", "object-src"] {
        assert!(csp.contains_key(directive), "CSP sets {directive}");
    }
    for (directive, value) in &csp {
        let value = value.as_str().unwrap();
        assert!(!value.contains("unsafe-inline"), "{directive} allows unsafe-inline");
        assert!(!value.contains("unsafe-eval"), "{directive} allows unsafe-eval");
        for source in value.split_whitespace() {
            let remote = (source.starts_with("http:") || source.starts_with("https:") || source.starts_with("ws"))
                && source != "http://ipc.localhost";
            assert!(!remote && source != "*", "{directive} allows the remote source {source}");
        }
    }
    assert_eq!(csp["object-src"], "'none'");
}

#[test]
fn prototypes_are_frozen_and_the_api_is_global() {
    let conf = read_json("tauri.conf.json");
    assert_eq!(conf["app"]["security"]["freezePrototype"], true);
    assert_eq!(conf["app"]["withGlobalTauri"], true, "the plain-JS UI calls window.__TAURI__");
    assert_eq!(conf["build"]["frontendDist"], "ui");
    assert!(conf["app"]["security"].get("dangerousDisableAssetCspModification").is_none());
}

#[test]
fn capabilities_grant_only_what_the_window_uses() {
    for (file, cap) in capability_files() {
        assert!(cap.get("remote").is_none(), "{file}: no remote origin may reach IPC");
        assert_eq!(cap["windows"], serde_json::json!(["main"]), "{file}: only the main window");
        for permission in cap["permissions"].as_array().unwrap() {
            let id = permission.as_str().or_else(|| permission["identifier"].as_str()).unwrap();
            for forbidden in ["fs:", "shell:", "http:", "process:", "opener:"] {
                assert!(!id.starts_with(forbidden), "{file}: {id} opens the machine to the page");
            }
            assert!(
                !id.ends_with(":default") || id.starts_with("core:event"),
                "{file}: {id} grants a whole default set"
            );
        }
    }
}

#[test]
fn every_app_command_is_declared_and_granted() {
    let build = std::fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    let app = std::fs::read_to_string(root().join("src-tauri/app/main.rs")).unwrap();
    let mut declared = names_in(&build, "const APP_COMMANDS: &[&str] = &[", "];");
    let mut handled = names_in(&app, "generate_handler![", "]");
    declared.sort();
    handled.sort();
    assert_eq!(declared, handled, "build.rs AppManifest and the invoke handler list the same commands");

    let granted: Vec<String> = capability_files()
        .iter()
        .flat_map(|(_, cap)| cap["permissions"].as_array().unwrap().clone())
        .filter_map(|p| p.as_str().and_then(|s| s.strip_prefix("allow-")).map(|s| s.replace('-', "_")))
        .collect();
    for command in &granted {
        assert!(declared.contains(command), "capability grants undeclared command {command}");
    }
    for command in &declared {
        assert!(granted.contains(command), "command {command} is declared but no capability grants it");
    }
}

#[test]
fn the_ui_never_parses_strings_as_markup() {
    let mut stack = vec![root().join("ui")];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "js" || x == "html") {
                let text = std::fs::read_to_string(&path).unwrap();
                for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"]
                {
                    assert!(!text.contains(sink), "{} uses {sink}", path.display());
                }
                // One exception, on purpose: the report preview parses the Rust renderer's
                // HTML (every imported string escaped there) inert, into a shadow root.
                if !path.ends_with("screens/report.js") {
                    assert!(!text.contains("DOMParser"), "{} parses markup", path.display());
                }
                if path.extension().is_some_and(|x| x == "html") {
                    assert!(
                        !text.contains("<script>") && !text.contains(" style="),
                        "{}: inline script or style",
                        path.display()
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "the UI sources were found");
}
