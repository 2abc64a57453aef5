//! The native programs the bench starts (portal server, sandbox gateway):
//! built with cargo, run on free loopback ports, stopped when dropped.

use crate::paths;
use crate::shell::Error;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The cargo profile of the programs the bench starts: `server` (optimised,
/// from the workspace manifest) unless `PORTAL_BENCH_PROFILE` names another
/// (`dev` reuses the debug build of `cargo xtask run`, at once when warm).
pub fn profile() -> String {
    std::env::var("PORTAL_BENCH_PROFILE")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "server".into())
}

/// Builds a workspace binary with [`profile`].
/// A build failure is returned with the tail of the compiler's output and
/// the full log written to `target/bench/<package>-build.log`.
pub fn build(package: &str) -> Result<PathBuf, Error> {
    let profile = profile();
    eprintln!("$ cargo build --profile {profile} --package {package}");
    let start = std::time::Instant::now();
    let out = Command::new("cargo")
        .args([
            "build",
            "--quiet",
            "--profile",
            &profile,
            "--package",
            package,
        ])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    eprintln!(
        "bench: building {package} took {}s",
        start.elapsed().as_secs()
    );
    if !out.status.success() {
        let log = paths::bench_dir().join(format!("{package}-build.log"));
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        // The log is a convenience; the error below says what matters.
        let _ =
            std::fs::create_dir_all(paths::bench_dir()).and_then(|()| std::fs::write(&log, &text));
        let first_error = text
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("build failed");
        return Err(format!(
            "`{package}` does not build yet ({first_error}; log: {})",
            log.display()
        ));
    }
    let dir = if profile == "dev" {
        "debug"
    } else {
        profile.as_str()
    };
    let binary = paths::native_target().join(dir).join(package);
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("{} is missing after the build", binary.display()))
    }
}

/// A free loopback port (bound then released: a small race, fine for a bench).
pub fn free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// A started program, killed when dropped.
pub struct Spawned {
    child: Child,
    name: String,
}

impl Spawned {
    /// Starts `cmd` with stdout and stderr to `log`.
    pub fn start(name: &str, cmd: &mut Command, log: &Path) -> Result<Self, Error> {
        let file = std::fs::File::create(log).map_err(|e| format!("creating {log:?}: {e}"))?;
        let err = file.try_clone().map_err(|e| e.to_string())?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {name}: {e}"))?;
        Ok(Self {
            child,
            name: name.to_string(),
        })
    }

    /// False once the program has exited.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        if self.alive() {
            eprintln!("bench: stopping {}", self.name);
            // Already gone is fine.
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// A fresh scratch folder for one started program.
pub fn scratch(name: &str) -> Result<PathBuf, Error> {
    let dir = paths::scratch().join("bench").join(name);
    // Left-overs of an earlier run are not wanted.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {dir:?}: {e}"))?;
    Ok(dir)
}
