//! The GeoJSON point reader on arbitrary bytes: any error is fine, a panic
//! is a bug. The bytes go through a file, as users' layers do.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_io::{PointOptions, read_points};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("sightline-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("layer.geojson");
    if std::fs::write(&path, data).is_ok() {
        let _ = read_points(&path, &PointOptions::new());
        let _ = read_points(
            &path,
            &PointOptions::new()
                .weight("w")
                .id("id")
                .unique_ids(true)
                .number_list("h"),
        );
    }
});
