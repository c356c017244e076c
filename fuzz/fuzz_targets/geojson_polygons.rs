//! The GeoJSON polygon reader (districts, buildings) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_io::{PolygonOptions, read_polygons};

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("sightline-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("districts.geojson");
    if std::fs::write(&path, data).is_ok() {
        let _ = read_polygons(&path, &PolygonOptions::new().name("name"));
        let _ = read_polygons(
            &path,
            &PolygonOptions::new().skip_other_geometries(true).value("v"),
        );
    }
});
