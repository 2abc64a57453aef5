//! Client-supplied text put in logs: at most 100 characters, no control
//! characters (so nobody can forge log lines).

/// `s` made safe for one log field.
pub fn clean(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(100).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a8_log_fields_cannot_forge_lines() {
        assert_eq!(super::clean("inv_1\nERROR forged"), "inv_1ERROR forged");
        assert_eq!(super::clean(&"x".repeat(500)).len(), 100);
    }
}
