//! The scenario-file parser (`sightline run FILE.toml`) on arbitrary text:
//! TOML syntax, the schema, and every check made before layers are read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = sightline_cli::check_scenario(text, std::path::Path::new("/nonexistent/study.toml"));
    }
});
