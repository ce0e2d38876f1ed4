fn main() {
    #[cfg(feature = "desktop")]
    desktop();
}

/// Every app command the UI may call. The build generates an `allow-…` permission for each, and
/// a command not listed here cannot be granted to the window at all.
#[cfg(feature = "desktop")]
const APP_COMMANDS: &[&str] = &[
    "app_info",
    "recent_cases",
    "default_case_path",
    "create_case",
    "open_case",
    "case_view",
    "save_profile",
    "attest",
    "withdraw",
    "import_files",
    "save_column_profile",
    "cancel_import",
    "forget_file",
    "dismiss_rejection",
    "undismiss_rejection",
    "undo",
    "open_orders",
    "order_lines",
    "record_order_action",
    "money_view",
    "enter_balance",
    "copy_path",
    "export_case",
    "export_reconciliation",
    "report_html",
    "save_report",
    "open_report",
    "purge_personal_data",
    "case_version",
    "restore_backup",
    "set_language",
    "time_zones",
    "export_pack",
    "attach_files",
    "attach_pasted",
    "attachment_preview",
    "open_attachment",
    "remove_attachment",
];

#[cfg(feature = "desktop")]
fn desktop() {
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
