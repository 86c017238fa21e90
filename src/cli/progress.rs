//! The progress bar of `kg build`: files, bytes, throughput and ETA on stderr.
//!
//! This file owns when the bar shows: only on a terminal, never with `-q`, and only once a build
//! has run for a second (short builds print nothing but their summary).

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before its bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// A progress bar over `files` files of `bytes` bytes in total; hidden until [`DELAY`] has
/// passed, and always when `visible` is false.
pub(super) struct Progress {
    bar: ProgressBar,
    files: usize,
}

impl Progress {
    pub(super) fn new(files: usize, bytes: u64, visible: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] [{wide_bar}] {msg} files, {bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta})",
        )
        .expect("the template is valid")
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(format!("0/{files}"));
        if visible {
            let later = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(DELAY);
                if !later.is_finished() {
                    later.set_draw_target(ProgressDrawTarget::stderr());
                    later.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        Progress { bar, files }
    }

    /// After each document: documents and bytes done.
    pub(super) fn update(&self, documents: usize, bytes: u64) {
        self.bar.set_message(format!("{documents}/{}", self.files));
        self.bar.set_position(bytes);
    }

    /// Remove the bar (before the summary and warnings are printed).
    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
