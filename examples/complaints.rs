//! Complaint records as a city holds them, end to end: the synthetic
//! complaint export that ships in `examples/data/records` (an Excel
//! workbook, made up: realistic wording, no real people), sorted into
//! the built-in Korean categories by its text, weighed by age (half-life
//! one year), placed by coordinates where a row has them and by address
//! against the security-light table where it has not, then a plan of new
//! cameras on those poles. Writes every output (Korean report), and
//! prints what became of the records.
//!
//! ```text
//! cargo run --example complaints [OUT_DIR] [CAMERAS]
//! ```

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sightline::output::Lang;
use sightline::output::write_files;
use sightline::study::{
    AddressTable, CategorySource, DiscCamera, Layer, Objective, Outputs, RecordsSpec, Role, Study, run,
};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "complaints-output".to_owned()));
    let cameras: usize = match args.next() {
        Some(n) => n
            .parse()
            .with_context(|| format!("CAMERAS is `{n}`, not a whole number"))?,
        None => 12,
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/records");

    let mut study = Study::default();
    study.title = Some("한빛시 새솔구: 민원으로 본 CCTV 설치 후보".to_owned());
    let mut records = Layer::new(Role::Records, data.join("complaints.xlsx"));
    records.text = Some(vec!["제목".to_owned(), "내용".to_owned()]);
    records.time = Some("접수일시".to_owned());
    records.address = Some("주소".to_owned());
    let mut poles = Layer::new(Role::Sites, data.join("poles.csv"));
    poles.label = Some("보안등위치명".to_owned());
    let mut dong = Layer::new(Role::Districts, data.join("dong.geojson"));
    dong.name = Some("name".to_owned());
    study.layers = vec![records, poles, dong];

    let mut spec = RecordsSpec::default();
    spec.categories = Some(CategorySource::Default);
    spec.half_life_days = Some(365.0);
    let mut table = AddressTable::new(data.join("poles.csv"));
    table.address = Some(vec!["소재지도로명주소".to_owned(), "소재지지번주소".to_owned()]);
    spec.geocode_with = vec![table];
    study.records = Some(spec);

    study.camera = Some(DiscCamera::new(60.0));
    let mut objective = Objective::default();
    objective.cameras = Some(cameras);
    study.objective = Some(objective);
    let mut outputs = Outputs::new(&out);
    outputs.lang = Some(Lang::Ko);
    study.outputs = Some(outputs);

    let checked = study.validate()?;
    let outcome = run(&checked, "cargo run --example complaints")?;
    write_files(&out, outcome.files.clone())?;

    let records = outcome
        .loaded
        .loaded
        .records
        .as_ref()
        .context("the study has a records layer")?;
    let s = &records.summary;
    println!(
        "{} records: {} placed by coordinates, {} by address, {} not placed; {} are demand (weight {:.1})",
        s.read, s.located_by_coordinates, s.located_by_address, s.not_located, s.used, s.used_weight
    );
    for category in &s.by_category {
        println!(
            "  {:<12} {:>4} records, {:>4} placed, weight {:>7.2}",
            category.name, category.count, category.located, category.weight
        );
    }
    println!(
        "  {:<12} {:>4} records (weigh nothing; frequent words: {})",
        "(none)",
        s.unmatched.count,
        s.unmatched_words
            .iter()
            .take(8)
            .map(|(word, n)| format!("{word} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let plan = &outcome.plan;
    println!(
        "{} new cameras cover {:.1} of {:.1} complaint weight ({:.1}%), within {:.2}% of the best possible",
        plan.chosen.len(),
        plan.objective,
        plan.total_weight,
        100.0 * plan.objective / plan.total_weight.max(f64::MIN_POSITIVE),
        100.0 * plan.outcome.gap()
    );
    println!("wrote {} files to {}", outcome.files.len(), out.display());
    Ok(())
}
