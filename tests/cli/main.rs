//! Integration tests: run the built `kg` binary.

mod build;
mod export;
mod fixture;
mod golden;
mod interop;
mod queries;
mod render;
mod scale;
