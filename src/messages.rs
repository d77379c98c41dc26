//! Text for the terminal: whatever a file holds (a header, a sheet name, a value) is shown
//! without its control characters, so that no export can move the cursor, clear the
//! screen or hide a line of a message.

/// `s` with every control character (C0, DEL, C1, and the bidirectional overrides) shown
/// as `\u{…}`; newlines and tabs are kept when `keep_lines`.
fn escape(s: &str, keep_lines: bool) -> String {
    let bad = |c: char| {
        (c.is_control() && !(keep_lines && (c == '\n' || c == '\t')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A value from a file, for a message: control characters escaped, one line.
pub fn printable(s: &str) -> String {
    escape(s, false)
}

/// A whole message (it may span lines): control characters escaped, newlines kept.
pub fn printable_message(s: &str) -> String {
    escape(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\ny"), "x\\u{a}y");
        assert_eq!(printable_message("x\ny\u{7}"), "x\ny\\u{7}");
        assert_eq!(printable("plain"), "plain");
    }
}
