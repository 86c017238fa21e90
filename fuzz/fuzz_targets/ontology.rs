//! The ontology reader on any text; an ontology it accepts must carry an extraction.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kg::fuzzing::ontology(data);
});
