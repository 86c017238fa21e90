//! Interop: the real tools read kg's exports. These run only with `KG_INTEROP=1` (`.ci/run` sets
//! it and installs the tools); then a missing tool is a failure, never a skip. Without it each
//! test returns at once, so `cargo test` passes on a machine with nothing installed.
