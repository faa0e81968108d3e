//! The `tuanzhang` command line: the same engine as the desktop app, for
//! scripts, tests and servers with no display.
// Tests may unwrap; the shipped code says why a value cannot fail or returns the error.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
