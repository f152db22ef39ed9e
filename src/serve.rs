//! The dev server and watcher: `gazette serve` and `gazette watch`.

use crate::cli::Options;

pub fn serve(_o: &Options) -> i32 {
    eprintln!("error: gazette serve is not available yet");
    1
}

pub fn watch(_o: &Options) -> i32 {
    eprintln!("error: gazette watch is not available yet");
    1
}
