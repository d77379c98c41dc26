fn main() -> std::process::ExitCode {
    caseaudit::cli::main()
}
