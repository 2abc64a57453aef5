//! Which machine and tools the figures were taken with.

use crate::setup;
use crate::shell;
use serde_json::{json, Value};
use std::process::Command;

/// Today's date (UTC), `YYYY-MM-DD`.
pub fn date() -> String {
    shell::output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
        .unwrap_or_else(|| "unknown date".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn memory_gib() -> u64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| (kb + 512 * 1024) / (1024 * 1024))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn first_line(cmd: &mut Command) -> String {
    shell::output(cmd)
        .and_then(|o| o.lines().next().map(str::to_string))
        .unwrap_or_else(|| "not found".into())
}

fn os() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_string())
}

/// The 1-minute load average when the bench started: how busy the machine
/// was with other work (figures taken beside a build are noisier).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// A one-line description for the markdown, and the JSON object.
pub fn describe() -> (String, Value) {
    let cpu = cpu_model();
    let cores = cores();
    let mem = memory_gib();
    let os = os();
    let chromium = first_line(Command::new(setup::chromium()).arg("--version"));
    // Debian's says "Chromium 156.0.1.2 built on Debian ...": keep the version.
    let chromium = chromium
        .split(" built on")
        .next()
        .unwrap_or_default()
        .to_string();
    let node = first_line(Command::new("node").arg("--version"));
    let rustc = first_line(Command::new("rustc").arg("--version"));
    let load = load_average();
    let line = format!(
        "{os}, {cores} cores ({cpu}), {mem} GiB RAM, load average {load} at the start; \
         {chromium}, Node {node}, {rustc}"
    );
    let value = json!({
        "os": os, "cpu": cpu, "cores": cores, "memory_gib": mem, "load_average_1m": load,
        "chromium": chromium, "node": node, "rustc": rustc,
    });
    (line, value)
}
