pub fn run(_case: Option<std::path::PathBuf>) {}
