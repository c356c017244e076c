//! `--camera` specifications: `NAME:key=value,key=value,...`.

use anyhow::{Context, Result, bail};
use sightline::coverage::{CameraType, Decay};

/// Parses one `--camera` value, e.g. `fixed:range=50,fov=90,headings=8,cost=1`
/// or `ptz:range=30,fov=360,cost=3,decay=linear:15`.
///
/// Keys: `range` (metres, required), `fov` (degrees, default 360),
/// `headings` (how many, evenly spaced from north; default 8 for a
/// camera narrower than 360°), `cost` (default 1), `decay` (`step`, the
/// default; `linear:FULL_M`, full quality to FULL_M metres then a straight
/// fall to the range; `logistic:MIDPOINT_M:WIDTH_M`).
pub fn parse(spec: &str) -> Result<CameraType> {
    let context = || format!("--camera {spec}");
    let (name, rest) = spec
        .split_once(':')
        .with_context(|| format!("{}: expected NAME:range=..,fov=..", context()))?;
    if name.is_empty() {
        bail!("{}: the camera type needs a name before ':'", context());
    }
    let (mut range, mut fov, mut headings, mut cost, mut decay) = (None, 360.0, None, 1.0, Decay::Step);
    let mut seen: Vec<&str> = Vec::new();
    for pair in rest.split(',').filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .with_context(|| format!("{}: `{pair}` is not key=value", context()))?;
        // `range=50,range=60` would quietly keep the last.
        if seen.contains(&key) {
            bail!("{}: {key} is given twice", context());
        }
        seen.push(key);
        let number = |v: &str| -> Result<f64> {
            v.parse::<f64>()
                .with_context(|| format!("{}: {key} is `{v}`, not a number", context()))
        };
        match key {
            "range" => range = Some(number(value)?),
            "fov" => fov = number(value)?,
            "cost" => cost = number(value)?,
            "headings" => {
                headings =
                    Some(value.parse::<u32>().with_context(|| {
                        format!("{}: headings is `{value}`, not a whole number", context())
                    })?)
            }
            "decay" => {
                let parts: Vec<&str> = value.split(':').collect();
                decay = match parts.as_slice() {
                    ["step"] => Decay::Step,
                    ["linear", full] => Decay::Linear {
                        full_m: number(full)?,
                    },
                    ["logistic", mid, width] => Decay::Logistic {
                        midpoint_m: number(mid)?,
                        width_m: number(width)?,
                    },
                    _ => bail!(
                        "{}: decay is `{value}`; expected step, linear:FULL_M or logistic:MIDPOINT_M:WIDTH_M",
                        context()
                    ),
                };
            }
            other => bail!(
                "{}: unknown key `{other}`; expected range, fov, headings, cost or decay",
                context()
            ),
        }
    }
    let range = range.with_context(|| format!("{}: range=METRES is required", context()))?;
    let default_headings = if fov >= 360.0 { 1 } else { 8 };
    CameraType::new(name, range, fov)
        .and_then(|c| c.headings(headings.unwrap_or(default_headings)))
        .and_then(|c| c.cost(cost))
        .and_then(|c| c.decay(decay))
        .map_err(|error| anyhow::anyhow!("{}: {error}", context()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_examples_parse() {
        let fixed = parse("fixed:range=50,fov=90,headings=8,cost=1").unwrap();
        assert_eq!(
            (fixed.range_m(), fixed.fov_deg(), fixed.heading_list().len()),
            (50.0, 90.0, 8)
        );
        let ptz = parse("ptz:range=30,fov=360,cost=3").unwrap();
        assert_eq!((ptz.unit_cost(), ptz.heading_list().len()), (3.0, 1));
        let decaying = parse("far:range=80,fov=60,decay=logistic:40:5").unwrap();
        assert_eq!(
            decaying.decay_model(),
            Decay::Logistic {
                midpoint_m: 40.0,
                width_m: 5.0
            }
        );
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        for (spec, needle) in [
            ("fixed", "expected NAME:"),
            ("fixed:fov=90", "range=METRES is required"),
            ("fixed:range=abc", "not a number"),
            ("fixed:range=50,zoom=2", "unknown key `zoom`"),
            ("fixed:range=50,fov=400", "field of view"),
            ("fixed:range=50,decay=cubic", "expected step"),
            (":range=50", "needs a name"),
            ("fixed:range=50,fov=90,range=60", "range is given twice"),
        ] {
            let message = format!("{:#}", parse(spec).unwrap_err());
            assert!(message.contains(needle), "{spec}: {message}");
        }
    }
}
