//! The `caseaudit` binary: a thin shell over the library's command line.

fn main() -> std::process::ExitCode {
    caseaudit::cli::main()
}
