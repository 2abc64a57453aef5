//! `cargo xtask run`: build everything, then become the portal server.

use crate::shell::{self, Error};
use crate::{build, paths, setup};
use std::os::unix::process::CommandExt;
use std::process::Command;

/// Builds the bundles and the server, then replaces this process with the
/// server (so Ctrl-C reaches it directly and it shuts down gracefully).
pub fn run(addr: &str, gateway_addr: &str) -> Result<(), Error> {
    let toolchain = setup::ensure()?;
    build::bundles(&toolchain)?;
    shell::run(Command::new("cargo").args(["build", "--package", "portal-server"]))?;
    let data = paths::scratch().join("demo");
    std::fs::create_dir_all(&data).map_err(|e| format!("creating {data:?}: {e}"))?;
    let server = paths::native_target().join("debug/portal-server");
    let err = Command::new(&server)
        .arg("--addr")
        .arg(addr)
        .arg("--gateway-addr")
        .arg(gateway_addr)
        .arg("--db")
        .arg(data.join("portal.db"))
        .arg("--gateway-db")
        .arg(data.join("gateway.db"))
        .arg("--static-dir")
        .arg(paths::spa_dist())
        .arg("--frame-dir")
        .arg(paths::frame_dist())
        .arg("--demo")
        .arg("--dev-outbox")
        .exec();
    Err(format!("cannot start {}: {err}", server.display()))
}
