//! The graph loaders (JSON and GraphML) on any bytes; a graph they accept must write and load
//! back to the same bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kg::fuzzing::graph(data);
});
