//! `cargo xtask run`: build everything, then become the portal server.

use crate::shell::{self, Error};
use crate::{build, paths, setup};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the bundles and the server, then replaces this process with the
/// server (so Ctrl-C reaches it directly and it shuts down gracefully).
pub fn run(addr: &str, gateway_addr: &str) -> Result<(), Error> {
    let toolchain = setup::ensure()?;
    build::bundles(&toolchain)?;
    let (server, mut cmd) = demo_server(addr, gateway_addr, "demo", &paths::spa_dist())?;
    let err = cmd.exec();
    Err(format!("cannot start {}: {err}", server.display()))
}

/// Builds the server (debug) and returns it with the command that starts it
/// on `static_dir` with demo data kept in `target/portal/<data>`: shared by
/// `cargo xtask run` and `cargo xtask dev`.
pub fn demo_server(
    addr: &str,
    gateway_addr: &str,
    data: &str,
    static_dir: &Path,
) -> Result<(PathBuf, Command), Error> {
    shell::run(Command::new("cargo").args(["build", "--package", "portal-server"]))?;
    let data = paths::scratch().join(data);
    std::fs::create_dir_all(&data).map_err(|e| format!("creating {data:?}: {e}"))?;
    let server = paths::native_target().join("debug/portal-server");
    let mut cmd = Command::new(&server);
    cmd.arg("--addr")
        .arg(addr)
        .arg("--gateway-addr")
        .arg(gateway_addr)
        .arg("--db")
        .arg(data.join("portal.db"))
        .arg("--gateway-db")
        .arg(data.join("gateway.db"))
        .arg("--static-dir")
        .arg(static_dir)
        .arg("--frame-dir")
        .arg(paths::frame_dist())
        .arg("--demo")
        .arg("--dev-outbox");
    Ok((server, cmd))
}
