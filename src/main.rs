//! The `kg` binary: parse the arguments, run, report an error once, and exit with its code.

fn main() -> std::process::ExitCode {
    let args = kg::cli::parse();
    kg::cli::run(args).unwrap_or_else(|err| kg::cli::report(&err))
}
