//! The `tuanzhang` command line: the same engine as the desktop app, for
//! scripts, tests and servers with no display.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
