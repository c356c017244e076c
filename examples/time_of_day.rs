//! Goyang by time of day: demand that moves with the hours, and plans
//! judged (and chosen) in every period.
//!
//! The demand is the hourly population of Goyang's 39 dong, from the
//! synthetic table the repository ships
//! (`examples/data/population/goyang_hourly.csv`: invented numbers in the
//! layout of Seoul's 생활인구 files, a week of them), spread over each
//! dong's 50 m cells. The sites are the security-light poles of the
//! national standard CSV, the existing cameras Deogyang's CCTV. Four
//! periods: night (22–06, weight 2), morning (06–10), day (10–17) and
//! evening (17–22).
//!
//! The example plans the same cameras five ways (each period alone, the
//! weighted mean of the periods, the worst period), prints every plan's
//! covered share in every period, checks that one period of all 24 hours
//! gives the plan without periods, and plans temporary cameras for a
//! made-up evening street festival by Hwajeong station. It writes the worst-period
//! plan's outputs (`periods.csv`, `hours.svg`, `report.md`, ...) and the
//! event plan's.
//!
//! ```text
//! cargo run --release --example time_of_day -- ../shared/data/goyang [OUT_DIR] [CAMERAS]
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, ensure};
use sightline::periods::PeriodObjective;
use sightline::study::{
    self, DemandMode, DiscCamera, EventSpec, Layer, Objective, Outputs, PeriodSpec, Role, Study,
};
use sightline::{Method, Plan};

const PERIODS: [(&str, &str, f64); 4] = [
    ("night", "22-06", 2.0),
    ("morning", "06-10", 1.0),
    ("day", "10-17", 1.0),
    ("evening", "17-22", 1.0),
];

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = PathBuf::from(args.next().context(
        "usage: time_of_day GOYANG_DATA_FOLDER [OUT_DIR] [CAMERAS]  (the folder holding goyang_dong_2018.geojson)",
    )?);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "time-of-day-output".to_owned()));
    let cameras: usize = match args.next() {
        Some(n) => n
            .parse()
            .with_context(|| format!("CAMERAS is `{n}`, not a whole number"))?,
        None => 100,
    };
    let periods: Vec<PeriodSpec> = PERIODS
        .iter()
        .map(|&(name, hours, weight)| {
            let mut spec = PeriodSpec::new(name, hours);
            spec.weight = Some(weight);
            spec
        })
        .collect();

    // The worst-period plan, end to end (read, model, plan, render, write).
    let started = Instant::now();
    let mut worst = goyang(&folder, cameras);
    worst.periods = periods.clone();
    if let Some(objective) = worst.objective.as_mut() {
        objective.periods_objective = Some(PeriodObjective::Worst);
    }
    worst.outputs = Some(Outputs::new(out.join("worst")));
    let checked = worst.validate()?;
    let outcome = study::run(&checked, "cargo run --release --example time_of_day")?;
    sightline::output::write_files(&out.join("worst"), outcome.files.clone())?;
    let end_to_end = started.elapsed();
    for notice in &outcome.loaded.notices {
        if let study::Notice::Note(note) | study::Notice::Info(note) = notice {
            println!("{note}");
        }
    }
    let worst_plan = outcome.plan;
    println!(
        "worst-period plan of {cameras} cameras: smallest period share {:.3}%, upper bound {:.3}%, gap {:.4}%{}; {:.2} s end to end",
        100.0 * worst_plan.score,
        100.0 * worst_plan.outcome.upper_bound().unwrap_or(worst_plan.score),
        100.0 * worst_plan.outcome.gap(),
        if worst_plan.solver.proven_optimal {
            " (proven optimal)"
        } else {
            ""
        },
        end_to_end.as_secs_f64()
    );

    // The same cameras, chosen other ways, judged in every period.
    let mut plans: Vec<(String, Plan)> = Vec::new();
    for (name, hours, _) in PERIODS {
        let mut single = goyang(&folder, cameras);
        single.periods = vec![PeriodSpec::new(name, hours)];
        let chosen = run(&single)?;
        plans.push((
            format!("{name} alone"),
            judged(&folder, cameras, &periods, &chosen)?,
        ));
    }
    let mut weighted = goyang(&folder, cameras);
    weighted.periods = periods.clone();
    plans.push(("weighted".to_owned(), run(&weighted)?));
    plans.push(("worst period".to_owned(), worst_plan.clone()));
    println!("\ncovered share of each period's demand, by how the {cameras} cameras were chosen:");
    print!("{:<15}", "chosen for");
    for (name, _, _) in PERIODS {
        print!("{name:>9}");
    }
    println!("{:>9}", "worst");
    for (label, plan) in &plans {
        print!("{label:<15}");
        for row in plan.periods.iter().flat_map(|p| &p.rows) {
            print!("{:>8.3}%", 100.0 * row.fraction);
        }
        println!("{:>8.3}%", 100.0 * smallest(plan));
    }
    for (label, plan) in &plans {
        ensure!(
            smallest(&worst_plan) >= smallest(plan) - 1e-12,
            "the worst-period plan leaves a period further behind than the {label} plan"
        );
    }

    // One period of all 24 hours is the plan without periods.
    let plain = run(&goyang(&folder, cameras))?;
    let mut whole_day = goyang(&folder, cameras);
    whole_day.periods = vec![PeriodSpec::new("all", "00-24")];
    let whole_day = run(&whole_day)?;
    let ids = |plan: &Plan| plan.chosen.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    ensure!(
        ids(&plain) == ids(&whole_day),
        "one 24-hour period changed the plan"
    );
    println!(
        "\none period of 00-24 gives the plan without periods: the same {} sites",
        plain.chosen.len()
    );

    // A made-up evening street festival in a 600 m × 400 m area by
    // Hwajeong station (화정역):
    // 30,000 visitors an hour from 18:00 to 23:00, 10 temporary cameras
    // given the permanent ones (the existing CCTV).
    let area = out.join("festival.geojson");
    std::fs::create_dir_all(&out)?;
    let (x, y, dx, dy) = (126.8336, 37.6596, 0.0034, 0.0018);
    std::fs::write(
        &area,
        serde_json::json!({"type": "FeatureCollection", "features": [{"type": "Feature",
            "properties": {"name": "festival (made up)"}, "geometry": {"type": "Polygon", "coordinates":
            [[[x - dx, y - dy], [x + dx, y - dy], [x + dx, y + dy], [x - dx, y + dy], [x - dx, y - dy]]]}}]})
        .to_string(),
    )?;
    let mut event = goyang(&folder, 10);
    event.event = Some(EventSpec::new(&area, "18-23", 30_000.0));
    event.outputs = Some(Outputs::new(out.join("event")));
    let checked = event.validate()?;
    let outcome = study::run(&checked, "cargo run --release --example time_of_day")?;
    sightline::output::write_files(&out.join("event"), outcome.files.clone())?;
    let figures = outcome
        .plan
        .periods
        .as_ref()
        .and_then(|p| p.event.clone())
        .context("an event plan has the event's figures")?;
    println!("\nfestival, 30,000 visitors an hour, 10 temporary cameras:");
    println!(
        "{:>5} {:>10} {:>12} {:>12}",
        "hour", "crowd", "permanent", "+temporary"
    );
    for hour in &figures.by_hour {
        println!(
            "{:>5} {:>10.0} {:>12.0} {:>12.0}",
            format!("{:02}", hour.hour),
            hour.crowd,
            hour.seen_before,
            hour.seen_after
        );
    }
    let gained: f64 = figures.by_hour.iter().map(|h| h.seen_after - h.seen_before).sum();
    ensure!(gained > 0.0, "the temporary cameras see none of the crowd");
    println!("outputs in {}", out.display());
    Ok(())
}

/// Goyang on a 50 m grid of the hourly population, `cameras` cameras of
/// 50 m on the security-light poles, Deogyang's CCTV existing.
fn goyang(folder: &Path, cameras: usize) -> Study {
    let mut study = Study::default();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/population/goyang_hourly.csv");
    study.layers.push(Layer::new(Role::Population, shipped));
    let mut sites = Layer::new(Role::Sites, folder.join("goyang_security_lights_2021_cp949.csv"));
    sites.label = Some("보안등위치명".to_owned());
    study.layers.push(sites);
    study
        .layers
        .push(Layer::new(Role::Existing, folder.join("deogyang_cctv.geojson")));
    let mut districts = Layer::new(Role::Districts, folder.join("goyang_dong_2018.geojson"));
    districts.name = Some("name".to_owned());
    study.layers.push(districts);
    study.camera = Some(DiscCamera::new(50.0));
    study.demand.mode = Some(DemandMode::Grid);
    study.demand.grid_m = Some(50.0);
    let mut objective = Objective::default();
    objective.cameras = Some(cameras);
    study.objective = Some(objective);
    study.solver.method = Some(Method::Auto);
    study.solver.time_limit_s = Some(60.0);
    study
}

fn run(study: &Study) -> Result<Plan> {
    let checked = study.validate()?;
    Ok(study::run(&checked, "example")?.plan)
}

/// `chosen`'s sites judged in every period: the same sites forced in.
fn judged(folder: &Path, cameras: usize, periods: &[PeriodSpec], chosen: &Plan) -> Result<Plan> {
    let mut study = goyang(folder, cameras);
    study.periods = periods.to_vec();
    study.constraints.force_in = chosen.chosen.iter().map(|c| c.id.clone()).collect();
    run(&study)
}

fn smallest(plan: &Plan) -> f64 {
    plan.periods
        .as_ref()
        .map(|p| p.rows.iter().map(|r| r.fraction).fold(f64::INFINITY, f64::min))
        .unwrap_or(0.0)
}
