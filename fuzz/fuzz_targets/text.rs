//! The text pipeline on any bytes: reading checks, analysis, extraction, the graph, and the JSON
//! written for it, which must load back.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kg::fuzzing::text(data);
});
