//! Spinners on standard error for the stages of a run.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a stage runs before its spinner appears.
const DELAY: Duration = Duration::from_secs(1);

/// One stage of a run. A stage that ends within a second draws nothing; a
/// longer one shows a spinner with its elapsed time on standard error,
/// cleared when it ends. Nothing is drawn with `--quiet` or when standard
/// error is not a terminal (indicatif checks).
pub struct Stage {
    done: Option<Sender<()>>,
    waiter: Option<JoinHandle<()>>,
}

impl Stage {
    pub fn start(message: &'static str, quiet: bool) -> Self {
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
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
                .with_message(message)
                .with_elapsed(DELAY);
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(100));
            let _ = finished.recv();
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
