//! The `sightline` binary; everything is in the `sightline_cli` library.

fn main() -> std::process::ExitCode {
    sightline_cli::main()
}
