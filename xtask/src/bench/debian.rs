//! Debian tools the bench uses (`wrk`, `sqlite3`), installed if missing.

use crate::shell::{self, Error};
use std::path::Path;
use std::process::Command;

/// Makes sure `/usr/bin/<binary>` exists, installing `package` with apt-get.
pub fn ensure(binary: &str, package: &str) -> Result<(), Error> {
    if shell::is_executable(&Path::new("/usr/bin").join(binary)) {
        return Ok(());
    }
    let root = shell::output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let apt = |args: &[&str]| -> Command {
        let mut cmd = if root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root {
            cmd.args(["-n", "apt-get"]);
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    // A failed update still leaves an older package list that may do.
    let _ = shell::run(&mut apt(&["update", "-q"]));
    shell::run(&mut apt(&[
        "install",
        "-y",
        "-q",
        "--no-install-recommends",
        package,
    ]))
    .map_err(|e| format!("{binary} is missing and could not be installed ({e})"))
}
