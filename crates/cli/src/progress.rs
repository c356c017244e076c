//! Spinners on standard error for the stages of a run.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// One stage of a run, shown as a spinner with elapsed time while it lasts
/// and cleared when it ends. Hidden with `--quiet` and when standard error
/// is not a terminal.
pub struct Stage {
    bar: ProgressBar,
}

impl Stage {
    pub fn start(message: &'static str, quiet: bool) -> Self {
        let target = if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target).with_message(message);
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        // The first tick comes after a second, so stages shorter than
        // that never draw anything.
        bar.enable_steady_tick(Duration::from_millis(1000));
        Self { bar }
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
