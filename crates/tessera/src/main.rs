//! The `tessera` binary; everything lives in the library so tests can use it.

fn main() -> std::process::ExitCode {
    tessera::cli::main()
}
