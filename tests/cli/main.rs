//! Integration tests: run the built `kg` binary.

mod build;
mod fixture;
