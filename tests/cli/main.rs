//! Integration tests: run the built `kg` binary.

mod atomic;
mod build;
mod catalogue;
mod everyday;
mod export;
mod extraction;
mod fixture;
mod fuzz;
mod golden;
mod interop;
mod properties;
mod quality;
mod queries;
mod render;
mod scale;
