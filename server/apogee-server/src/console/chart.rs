//! The overview's chart: messages in and out per second over the last hour, drawn as inline
//! SVG on the server.

use std::fmt::Write as _;

use maud::{Markup, html};

use super::rates::{HOUR_MS, Step};

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 180.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 20.0;
const TOP: f64 = 8.0;

/// The smallest of 1, 2, 5 × 10ⁿ at or above `v` (at least 1): the chart's top.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 1.0 || !v.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * magnitude)
}

fn points(steps: &[Step], now_ms: i64, top: f64, pick: fn(&Step) -> f64) -> String {
    let plot_w = WIDTH - LEFT;
    let plot_h = HEIGHT - BOTTOM - TOP;
    let mut out = String::new();
    for s in steps {
        let age = (now_ms - s.at_ms) as f64;
        let x = LEFT + plot_w * (1.0 - (age / HOUR_MS as f64).clamp(0.0, 1.0));
        let y = TOP + plot_h * (1.0 - (pick(s) / top).clamp(0.0, 1.0));
        let _ = write!(out, "{x:.1},{y:.1} ");
    }
    out.trim_end().to_owned()
}

/// The chart of `steps` (oldest first) ending at `now_ms`.
pub(super) fn traffic(steps: &[Step], now_ms: i64) -> Markup {
    let peak = steps
        .iter()
        .map(|s| s.in_per_s.max(s.out_per_s))
        .fold(0.0, f64::max);
    let top = nice_ceiling(peak);
    let base = HEIGHT - BOTTOM;
    let mid = TOP + (base - TOP) / 2.0;
    html! {
        svg #traffic-chart xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(HEIGHT)
            viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img"
            aria-label="Messages in and out per second, last hour" {
            line x1=(LEFT) y1=(base) x2=(WIDTH) y2=(base) stroke="#b8c0d0" {}
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(base) stroke="#b8c0d0" {}
            line x1=(LEFT) y1=(mid) x2=(WIDTH) y2=(mid) stroke="#eef0f5" {}
            text x=(LEFT - 6.0) y=(TOP + 8.0) text-anchor="end" { (top) }
            text x=(LEFT - 6.0) y=(mid + 4.0) text-anchor="end" { (top / 2.0) }
            text x=(LEFT - 6.0) y=(base) text-anchor="end" { "0" }
            text x=(LEFT) y=(HEIGHT - 4.0) { "60 min ago" }
            text x=(LEFT + (WIDTH - LEFT) / 2.0) y=(HEIGHT - 4.0) text-anchor="middle" { "30 min ago" }
            text x=(WIDTH - 2.0) y=(HEIGHT - 4.0) text-anchor="end" { "now" }
            polyline.in fill="none" stroke-width="2" points=(points(steps, now_ms, top, |s| s.in_per_s)) {}
            polyline.out fill="none" stroke-width="2" points=(points(steps, now_ms, top, |s| s.out_per_s)) {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_rounds_up_to_a_readable_top() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(3.2), 5.0);
        assert_eq!(nice_ceiling(17.0), 20.0);
        assert_eq!(nice_ceiling(1000.0), 1000.0);
    }

    #[test]
    fn points_fall_inside_the_plot() {
        let steps = [
            Step {
                at_ms: 0,
                in_per_s: 10.0,
                out_per_s: 0.0,
            },
            Step {
                at_ms: 3_600_000,
                in_per_s: 5.0,
                out_per_s: 5.0,
            },
        ];
        let svg = traffic(&steps, 3_600_000).into_string();
        assert!(svg.contains("48.0,8.0 760.0,84.0"), "{svg}");
        assert!(svg.contains(r#"id="traffic-chart""#));
    }
}
