//! The flags of a complaint records layer (`--records` and its
//! companions), and the study fields they set.

use std::path::PathBuf;

use clap::Args;
use sightline::study::{AddressTable, CategorySource, Layer, RecordsSpec, Role, Study};

/// Complaint records: the raw export of a complaint system as demand.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Complaint records, one row per complaint, as the complaint system exports them: CSV (UTF-8 or CP949), Excel (.xlsx, .xls; the first sheet or --sheet), GeoJSON or a Shapefile. Rows with coordinates (columns recognised as for --demand, or --csv-columns) are placed by them; the others by --record-address against --geocode-with tables. Each record weighs its category's weight (--categories) × its count (--record-weight) × its recency (--half-life-days). Alone or beside --demand.
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
    /// Column or columns holding each record's text (title, body...), joined for --categories: COL or COL,COL.
    #[arg(long, value_name = "COL[,COL]", value_delimiter = ',', requires = "records")]
    pub record_text: Vec<String>,
    /// Column holding when each record was received: a date or a date and time (2025-03-04 21:15, 2025.03.04, 20250304, an Excel date...).
    #[arg(long, value_name = "COL", requires = "records")]
    pub record_time: Option<String>,
    /// Column holding each record's address, for records without coordinates.
    #[arg(long, value_name = "COL", requires = "records")]
    pub record_address: Option<String>,
    /// Column holding each record's count (default 1 per row).
    #[arg(long, value_name = "COL", requires = "records")]
    pub record_weight: Option<String>,
    /// Sheet of an Excel --records file (default: the first).
    #[arg(long, value_name = "NAME", requires = "records")]
    pub sheet: Option<String>,
    /// Categories that sort records by their text and weigh them: a TOML file, or `default` for the built-in Korean categories (`sightline init --categories FILE` writes them for editing). Without it every record weighs its count.
    #[arg(long, value_name = "FILE|default", requires = "records")]
    pub categories: Option<CategorySource>,
    /// Keep records received on or after this date (YYYY-MM-DD, or as the records write dates).
    #[arg(long, value_name = "DATE", requires = "records")]
    pub records_from: Option<String>,
    /// Keep records received on or before this date (the whole day).
    #[arg(long, value_name = "DATE", requires = "records")]
    pub records_to: Option<String>,
    /// A record weighs 0.5^(age / N), its age in days counted back from the newest record (or --as-of).
    #[arg(long, value_name = "N", allow_negative_numbers = true, requires = "records")]
    pub half_life_days: Option<f64>,
    /// The day record ages are counted back from (default: the newest record's time).
    #[arg(long, value_name = "DATE", requires = "records")]
    pub as_of: Option<String>,
    /// A point table with addresses that places records without coordinates: FILE:ADDRESS_COLUMN (or FILE:COL,COL for a road-name and a lot-number column; FILE alone recognises 소재지도로명주소, 소재지지번주소, 도로명주소, 지번주소, 주소 or address). CSV, Excel, GeoJSON or a Shapefile of points, such as the national standard security-light or CCTV CSV. Repeatable.
    #[arg(long, value_name = "FILE:ADDRESS_COLUMN", requires = "records")]
    pub geocode_with: Vec<AddressTable>,
}

impl RecordArgs {
    /// The records layer, if any, with its columns.
    pub fn layer(&self) -> Option<Layer> {
        let file = self.records.as_ref()?;
        let mut layer = Layer::new(Role::Records, file);
        layer.text = (!self.record_text.is_empty()).then(|| self.record_text.clone());
        layer.time = self.record_time.clone();
        layer.address = self.record_address.clone();
        layer.weight = self.record_weight.clone();
        layer.sheet = self.sheet.clone();
        Some(layer)
    }

    /// The `[records]` table these flags set, into `study` (none when
    /// no flag sets one).
    pub fn fill(&self, study: &mut Study) {
        let mut spec = RecordsSpec::default();
        spec.categories = self.categories.clone();
        spec.from = self.records_from.clone();
        spec.to = self.records_to.clone();
        spec.half_life_days = self.half_life_days;
        spec.as_of = self.as_of.clone();
        spec.geocode_with = self.geocode_with.clone();
        study.records = (!spec.is_empty()).then_some(spec);
    }

    /// The flag that sets a `[records]` key.
    pub fn flag_for(key: &str) -> &'static str {
        match key {
            "categories" => "--categories",
            "from" => "--records-from",
            "to" => "--records-to",
            "half_life_days" => "--half-life-days",
            "as_of" => "--as-of",
            "geocode_with" | "file" | "address" => "--geocode-with",
            _ => "--records",
        }
    }

    /// The flag that sets a key of the records layer.
    pub fn layer_flag_for(key: &str) -> &'static str {
        match key {
            "text" => "--record-text",
            "time" => "--record-time",
            "address" => "--record-address",
            "weight" => "--record-weight",
            "sheet" => "--sheet",
            _ => "--records",
        }
    }
}
