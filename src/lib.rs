//! Gazette: a static site generator for news archives.
//!
//! The modules follow the pipeline (see ARCHITECTURE.md): `load` walks the site folder,
//! `read` turns each source into an `Article`, `recognize` finds people and topics,
//! `graph` merges them into one `SiteGraph`, `render` makes every output file in memory
//! and `write` puts them on disk. `build` runs the whole chain; `serve` and `cmd`
//! (one file per command) drive it.

pub mod addresses;
pub mod build;
pub mod cmd;
pub mod diag;
pub mod graph;
pub mod i18n;
pub mod load;
pub mod output;
pub mod read;
pub mod recognize;
pub mod render;
pub mod serve;
pub mod slug;
pub mod write;

/// mimalloc: the pipeline makes many small strings (lines, keys, names) on two threads at
/// once, where the system allocator spends a tenth of the build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
