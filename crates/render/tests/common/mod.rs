//! Opens pages in headless Chromium and Firefox: finds the browser, runs it
//! on a file URL, and reads the page's test result (see `report_html`'s test
//! hook); checks a study's page against its `plan.geojson` and
//! `districts.csv`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Chromium's executable: `SIGHTLINE_CHROMIUM`, else `chromium`,
/// `chromium-browser` or `google-chrome` on the `PATH`. `None` (after
/// printing `skipping: no Chromium found`) when there is none, unless
/// `SIGHTLINE_REQUIRE_BROWSER=1`, which panics instead.
pub fn chromium() -> Option<PathBuf> {
    find_browser(
        "SIGHTLINE_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
        "Chromium",
    )
}

/// The browser named by the environment variable `variable`, else the
/// first of `names` on the `PATH`; `None` (after printing `skipping: no
/// WHAT found`) when there is none, unless `SIGHTLINE_REQUIRE_BROWSER=1`,
/// which panics instead.
fn find_browser(variable: &str, names: &[&str], what: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(variable) {
        return Some(PathBuf::from(path));
    }
    let found = names.iter().find_map(|name| {
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var("SIGHTLINE_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "no {what} found and SIGHTLINE_REQUIRE_BROWSER=1"
        );
        println!("skipping: no {what} found");
    }
    found
}

/// Firefox's executable: `SIGHTLINE_FIREFOX`, else `firefox` or
/// `firefox-esr` on the `PATH`. `None` (after printing `skipping: no
/// Firefox found`) when there is none, unless `SIGHTLINE_REQUIRE_BROWSER=1`,
/// which panics instead.
pub fn firefox() -> Option<PathBuf> {
    find_browser("SIGHTLINE_FIREFOX", &["firefox", "firefox-esr"], "Firefox")
}

/// Opens `page` with `?test=log,ACTIONS` in headless Firefox (a fresh
/// profile that prints the console on stdout) and returns the page's
/// result, which the `log` step writes to the console; `console` holds
/// every other console line and script error Firefox printed up to the
/// result. Firefox keeps running until the result appears (at most two
/// minutes), then is stopped: a `--screenshot` run, used before, could exit
/// before the page's actions had finished.
pub fn run_test_hook_firefox(browser: &Path, page: &Path, actions: &str) -> Run {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let profile = tempdir("firefox");
    std::fs::write(
        profile.join("user.js"),
        "user_pref(\"devtools.console.stdout.content\", true);\n",
    )
    .unwrap();
    let mut child = Command::new(browser)
        .arg("--headless")
        .arg("--no-remote")
        .arg("--profile")
        .arg(&profile)
        .arg("--window-size=1280,900")
        .arg(file_url(page, &format!("?test=log,{actions}")))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("Firefox runs");
    let (send, receive) = mpsc::channel::<String>();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let send = send.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
    }
    drop(send);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut result = None;
    let mut console = Vec::new();
    let mut seen = Vec::new();
    while result.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        let Ok(line) = receive.recv_timeout(left) else {
            break; // both streams closed (Firefox exited) or out of time
        };
        seen.push(line.clone());
        if let Some(logged) = line.strip_prefix("console.log: ") {
            let text: String = serde_json::from_str(logged).unwrap_or_else(|e| panic!("{e}: {line}"));
            if let Some(json) = text.strip_prefix("sightline-test-result ") {
                result = Some(serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}")));
                continue;
            }
        }
        if line.starts_with("console.") || line.contains("JavaScript error") {
            console.push(line);
        }
    }
    // Firefox and its content processes form one process group.
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.kill();
    let status = child.wait().expect("Firefox stops");
    let _ = std::fs::remove_dir_all(&profile);
    let Some(result) = result else {
        panic!(
            "no test result from Firefox in two minutes (status {status}); output:\n{}",
            seen.join("\n")
        );
    };
    Run { result, console }
}

/// Where test artefacts go: `$CARGO_TARGET_DIR/artefacts`, else the
/// workspace's `target/artefacts` (the workspace being the nearest folder
/// above the test's package with a `Cargo.lock`).
pub fn artefacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let package = Path::new(env!("CARGO_MANIFEST_DIR"));
            package
                .ancestors()
                .find(|dir| dir.join("Cargo.lock").is_file())
                .unwrap_or(package)
                .join("target")
        });
    let dir = target.join("artefacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The `file://` URL of `path` (absolute) with a query.
pub fn file_url(path: &Path, query: &str) -> String {
    let path = path.canonicalize().unwrap();
    let mut url = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(char::from(byte))
            }
            _ => url.push_str(&format!("%{byte:02X}")),
        }
    }
    url + query
}

const FLAGS: [&str; 4] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--virtual-time-budget=15000",
];

/// What the browser showed of a page opened with `?test=...`.
pub struct Run {
    /// The JSON the page wrote into `#sightline-test-result`.
    pub result: serde_json::Value,
    /// Lines of Chromium's log that are console messages (`:CONSOLE:`).
    pub console: Vec<String>,
}

/// Opens `page` with `?test=ACTIONS` and returns the page's result.
pub fn run_test_hook(browser: &Path, page: &Path, actions: &str) -> Run {
    let profile = tempdir("profile");
    let output = Command::new(browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args([
            "--window-size=1280,900",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
        ])
        .arg(file_url(page, &format!("?test={actions}")))
        .output()
        .expect("Chromium runs");
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let console = stderr
        .lines()
        .filter(|line| line.contains(":CONSOLE:"))
        .map(str::to_string)
        .collect();
    let open = r#"<pre id="sightline-test-result">"#;
    let Some(start) = dom.find(open) else {
        panic!(
            "no test result in the page (status {}); stderr:\n{stderr}",
            output.status
        );
    };
    let rest = &dom[start + open.len()..];
    let text = unescape_html(&rest[..rest.find("</pre>").unwrap()]);
    let result = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    Run { result, console }
}

/// Takes a 1280 × 900 screenshot of `page` into `png`.
pub fn screenshot(browser: &Path, page: &Path, png: &Path, width: u32, height: u32) {
    let profile = tempdir("shot");
    let _ = std::fs::remove_file(png);
    let status = Command::new(browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--hide-scrollbars")
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(file_url(page, ""))
        .output()
        .expect("Chromium runs")
        .status;
    let _ = std::fs::remove_dir_all(&profile);
    assert!(status.success(), "screenshot failed: {status}");
}

/// Keeps a study's page and its 1280 × 900 screenshot as artefacts,
/// `NAME.html` and `NAME.png`, and checks that the screenshot is a picture
/// with something in it.
pub fn keep_screenshot(browser: &Path, page: &Path, name: &str) {
    let png = artefacts().join(format!("{name}.png"));
    screenshot(browser, page, &png, 1280, 900);
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "{} bytes",
        bytes.len()
    );
    std::fs::copy(page, artefacts().join(format!("{name}.html"))).unwrap();
}

fn tempdir(what: &str) -> PathBuf {
    let dir = artefacts()
        .join(format!(
            "chromium-{what}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ))
        .to_string_lossy()
        .replace(['(', ')', ' '], "");
    std::fs::create_dir_all(&dir).unwrap();
    PathBuf::from(dir)
}

fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A popup's text (`report_html`'s test hook) as its heading and its
/// `label: value` rows.
pub fn popup_rows(text: &str) -> (String, std::collections::BTreeMap<String, String>) {
    let mut lines = text.lines();
    let heading = lines.next().unwrap_or_default().to_owned();
    let rows = lines
        .filter_map(|line| line.split_once(": "))
        .map(|(label, value)| (label.to_owned(), value.to_owned()))
        .collect();
    (heading, rows)
}

/// A number as the page shows it (`1,234.57`, `82.1%`, `0.5°`).
pub fn shown_number(text: &str) -> f64 {
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
        .filter(|&c| c != ',')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|e| panic!("`{text}` does not start with a number: {e}"))
}

/// True when `shown` is `value` as the page rounds it: to 2 decimals at
/// most (more below 1).
pub fn shows(shown: &str, value: f64) -> bool {
    (shown_number(shown) - value).abs() <= 0.005 + 1e-9 * value.abs()
}

/// The page's rows under these labels: (rank, site, district, gain).
pub struct Labels {
    rank: &'static str,
    site: &'static str,
    district: &'static str,
    gain: &'static str,
    demand: &'static str,
    added: &'static str,
}

pub const ENGLISH: Labels = Labels {
    rank: "Rank",
    site: "Site",
    district: "District",
    gain: "Gain",
    demand: "Demand",
    added: "Cameras added",
};

pub const KOREAN: Labels = Labels {
    rank: "순위",
    site: "후보지",
    district: "행정구역",
    gain: "추가 감시 수요",
    demand: "수요",
    added: "추가 CCTV",
};

/// Every new camera's popup shows its `plan.geojson` rank, site id,
/// district and gain; every district's popup its `districts.csv` demand
/// and cameras added.
pub fn assert_popups_match(run: &Run, out: &Path, labels: &Labels) {
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plan.geojson")).unwrap()).unwrap();
    let features = plan["features"].as_array().unwrap();
    let popups = run.result["popups"].as_array().unwrap();
    assert_eq!(popups.len(), features.len());
    for (feature, popup) in features.iter().zip(popups) {
        let p = &feature["properties"];
        let (_, rows) = popup_rows(popup.as_str().unwrap());
        assert_eq!(rows[labels.rank], p["rank"].to_string(), "{popup}");
        assert_eq!(rows[labels.site], p["site_id"].as_str().unwrap(), "{popup}");
        match p["district"].as_str() {
            Some(district) => assert_eq!(rows[labels.district], district, "{popup}"),
            None => assert!(!rows.contains_key(labels.district), "{popup}"),
        }
        let gain = p["gain"].as_f64().unwrap();
        assert!(shows(&rows[labels.gain], gain), "gain {gain}: {popup}");
    }
    let csv = std::fs::read_to_string(out.join("districts.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (demand, added) = (column("demand"), column("cameras_added"));
    let districts = run.result["district_popups"].as_array().unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    assert!(districts.len() >= 4, "{districts:?}");
    for (popup, row) in districts.iter().zip(&rows) {
        let text = popup.as_str().unwrap();
        let (heading, shown) = popup_rows(text);
        assert_eq!(heading, row[0], "{text}");
        assert!(
            shows(&shown[labels.demand], row[demand].parse().unwrap()),
            "{text}"
        );
        assert_eq!(shown[labels.added], row[added], "{text}");
    }
}
