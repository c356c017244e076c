//! Complaint records: categorising and weighing 1,000,000 synthetic
//! 100-character Korean texts with the built-in categories, and locating
//! 100,000 addresses against 1,000,000 synthetic reference addresses
//! (building the geocoder included).

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use geo_types::{Coord, coord};
use sightline_demand::records::{Categories, Geocoder};

/// A small seeded generator: the same texts and addresses every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "안녕하세요",
    "저희",
    "동네",
    "골목길이",
    "밤에",
    "너무",
    "어두워서",
    "무서워요",
    "아이들이",
    "학교",
    "다니는",
    "길에",
    "CCTV",
    "설치를",
    "부탁드립니다",
    "쓰레기를",
    "몰래",
    "버리는",
    "사람이",
    "많습니다",
    "주차",
    "차량이",
    "늘",
    "있어서",
    "불편합니다",
    "가로등도",
    "고장나",
    "있고",
    "주민들이",
    "불안해합니다",
    "공원",
    "근처에",
    "청소년들이",
    "모여",
    "담배를",
    "피웁니다",
    "감사합니다",
    "민원",
    "검토",
    "바랍니다",
    "요즘",
];

fn texts(n: usize) -> Vec<String> {
    let mut rng = Lcg(7);
    (0..n)
        .map(|_| {
            let mut text = String::new();
            while text.chars().count() < 100 {
                text.push_str(WORDS[rng.below(WORDS.len())]);
                text.push(' ');
            }
            text.chars().take(100).collect()
        })
        .collect()
}

const GUS: &[&str] = &["덕양구", "일산동구", "일산서구"];

/// Lot and road addresses across three gus, 40 dongs and 60 roads, with
/// a point for each; repeated addresses lie within a few metres.
fn references(n: usize) -> Vec<(String, Coord<f64>)> {
    let mut rng = Lcg(11);
    (0..n)
        .map(|i| {
            let gu = rng.below(GUS.len());
            let main = 1 + rng.below(3000);
            let sub = rng.below(40);
            let number = if sub == 0 {
                main.to_string()
            } else {
                format!("{main}-{sub}")
            };
            let (area, address) = if i % 2 == 0 {
                let dong = rng.below(40);
                (dong, format!("경기도 고양시 {} 신{dong}동 {number}", GUS[gu]))
            } else {
                let (road, branch) = (rng.below(60), 1 + rng.below(200));
                (
                    100 + road * 1000 + branch,
                    format!("경기도 고양시 {} 중앙{road}로{branch}번길 {number}", GUS[gu]),
                )
            };
            // The same address always lies at (nearly) the same place.
            let x = (area * 997 + main * 13 + sub * 3) % 30_000 + rng.below(5);
            let y = (gu * 10_007 + area * 31 + main * 7) % 30_000 + rng.below(5);
            (address, coord! { x: x as f64, y: y as f64 })
        })
        .collect()
}

/// Queries as people write them: districts dropped, spaces moved, notes
/// added; a tenth with numbers no reference has.
fn queries(references: &[(String, Coord<f64>)], n: usize) -> Vec<String> {
    let mut rng = Lcg(13);
    (0..n)
        .map(|i| {
            let (address, _) = &references[rng.below(references.len())];
            let short = address.trim_start_matches("경기도 고양시 ");
            match i % 10 {
                0 => format!("{short}9999"),
                1 => format!("{short} 앞"),
                2 => short.replace("번길 ", "번길"),
                3 => address.replace("경기도", "경기"),
                _ => short.to_owned(),
            }
        })
        .collect()
}

fn records(c: &mut Criterion) {
    let mut group = c.benchmark_group("records");
    group.sample_size(10);
    let categories = Categories::default_korean();
    let texts = texts(1_000_000);
    group.bench_function("categorise_and_weigh/1m_texts_100_chars", |b| {
        b.iter(|| {
            let found = categories.classify_all(black_box(&texts));
            found.iter().map(|&c| categories.weight(c)).sum::<f64>()
        })
    });
    let references = references(1_000_000);
    let queries = queries(&references, 100_000);
    group.bench_function("locate/100k_addresses_against_1m_references", |b| {
        b.iter_batched(
            || references.clone(),
            |references| {
                let geocoder = Geocoder::new(references);
                geocoder
                    .locate_all(black_box(&queries))
                    .iter()
                    .filter(|l| l.point().is_some())
                    .count()
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, records);
criterion_main!(benches);
