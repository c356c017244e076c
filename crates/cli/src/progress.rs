//! Spinners on standard error for the stages of a run.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a stage runs before its spinner appears.
const DELAY: Duration = Duration::from_secs(1);
/// How often a spinner turns and a bar moves.
const TICK: Duration = Duration::from_millis(100);

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// `10 s`, `2.5 s`, `2 min`.
fn seconds(duration: Duration) -> String {
    let s = duration.as_secs_f64();
    if s >= 120.0 && s % 60.0 == 0.0 {
        format!("{} min", s / 60.0)
    } else {
        format!("{s} s")
    }
}

/// One stage of a run. A stage that ends within a second draws nothing; a
/// longer one shows a spinner with its elapsed time on standard error (a
/// bar filling towards the time limit, for a stage that has one), cleared
/// when it ends. Nothing is drawn with `--quiet` or when standard
/// error is not a terminal (indicatif checks).
pub struct Stage {
    done: Option<Sender<()>>,
    waiter: Option<JoinHandle<()>>,
}

impl Stage {
    pub fn start(message: &'static str, quiet: bool) -> Self {
        Self::spawn(message, None, quiet)
    }

    /// A stage bounded by a time limit: its bar fills as the limit nears.
    pub fn timed(message: &'static str, limit: Duration, quiet: bool) -> Self {
        Self::spawn(message, Some(limit), quiet)
    }

    fn spawn(message: &'static str, limit: Option<Duration>, quiet: bool) -> Self {
        if quiet {
            return Self {
                done: None,
                waiter: None,
            };
        }
        let (done, finished) = mpsc::channel::<()>();
        let waiter = thread::spawn(move || {
            // Ended (or its sender dropped) before the delay: draw nothing.
            if finished.recv_timeout(DELAY) != Err(RecvTimeoutError::Timeout) {
                return;
            }
            let bar = match limit {
                Some(limit) => {
                    let bar =
                        ProgressBar::with_draw_target(Some(millis(limit)), ProgressDrawTarget::stderr());
                    let template = format!(
                        "{{spinner}} {{msg}} [{{bar:20}}] {{elapsed}} / {}",
                        seconds(limit)
                    );
                    if let Ok(style) = ProgressStyle::with_template(&template) {
                        bar.set_style(style.progress_chars("=> "));
                    }
                    bar
                }
                None => {
                    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                        bar.set_style(style);
                    }
                    bar
                }
            };
            let bar = bar.with_message(message).with_elapsed(DELAY);
            bar.enable_steady_tick(TICK);
            loop {
                bar.set_position(millis(bar.elapsed()));
                if finished.recv_timeout(TICK) != Err(RecvTimeoutError::Timeout) {
                    break;
                }
            }
            bar.finish_and_clear();
        });
        Self {
            done: Some(done),
            waiter: Some(waiter),
        }
    }

    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
    }
}

impl Drop for Stage {
    /// A stage abandoned by an error still clears its spinner.
    fn drop(&mut self) {
        self.stop();
    }
}
