//! Integration tests: run the built `kg` binary.

mod build;
mod fixture;
mod golden;
mod queries;
mod render;
