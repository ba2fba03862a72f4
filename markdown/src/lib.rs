//! The markdown conventions of the book *Checked Concurrency*, read in one
//! place for the three programs that need them: the listings crate's build
//! script (which turns the book's blocks into tests), the book's mdBook
//! preprocessor (which expands the evidence directives) and the check of
//! the built pages.
//!
//! - [`include`]: mdBook's `{{#include}}` and `{{#rustdoc_include}}`, with
//!   anchors, line ranges and rustdoc's hidden lines, remembering where
//!   every line came from.
//! - [`blocks`]: which blocks the build refuses as hand-written output.
//! - [`listing`]: listing numbers in captions and in listing files.
//! - [`files`]: the files below a folder, and the hash that tells a
//!   recorded result from a stale one.
//! - [`directive`]: the book's own directives, `{{#claim ID}}`,
//!   `{{#output N-M ...}}` and the others: where they are and what they say.

pub mod blocks;
pub mod directive;
pub mod files;
pub mod include;
pub mod listing;
