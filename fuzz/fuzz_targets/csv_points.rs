//! The CSV point reader on arbitrary bytes, in every encoding mode.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_io::{Encoding, PointOptions, read_points};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("sightline-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("layer.csv");
    if std::fs::write(&path, data).is_ok() {
        for encoding in [Encoding::Auto, Encoding::Utf8, Encoding::Cp949] {
            let _ = read_points(&path, &PointOptions::new().encoding(encoding));
        }
        let _ = read_points(&path, &PointOptions::new().weight("w").id("id").unique_ids(true));
    }
});
