//! The `kg` binary: parse the arguments, run, report an error once, and exit with its code.

/// mimalloc instead of the system allocator: the analysis makes and drops many small strings and
/// vectors per token, and glibc's malloc spends a sixth of a build's instructions on them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let args = kg::cli::parse();
    kg::cli::run(args).unwrap_or_else(|err| kg::cli::report(&err))
}
