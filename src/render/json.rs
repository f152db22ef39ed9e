//! JSON strings written by hand where a file is mostly long text (the search documents):
//! serde_json looks at every byte through its escape table, this skips eight bytes at a
//! time while none needs escaping. The output is byte for byte what serde_json writes.

/// Appends `s` as a JSON string (with its quotes), escaped exactly as `serde_json` does:
/// `"`, `\` and the control characters below U+0020, nothing else.
pub fn push_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    // Start of the text not yet copied to `out`.
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + 8).min(bytes.len());
        if end - at == 8 {
            let word = u64::from_le_bytes(bytes[at..end].try_into().expect("8 bytes"));
            if !may_need_escape(word) {
                at = end;
                continue;
            }
        }
        for (i, &b) in bytes.iter().enumerate().take(end).skip(at) {
            if let Some(escaped) = escape(b) {
                // Every byte escaped is ASCII, so `i` is a character boundary.
                out.push_str(&s[copied..i]);
                escaped.push_to(out);
                copied = i + 1;
            }
        }
        at = end;
    }
    out.push_str(&s[copied..]);
    out.push('"');
}

/// Whether any of the 8 bytes of `word` may be `"`, `\` or below 0x20 (never false when
/// one is; rarely true when none is).
fn may_need_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Non-zero when some byte of `x` is below `n` (n at most 0x80).
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash != 0
}

enum Escaped {
    Short(&'static str),
    /// `\u00XX`.
    Hex(u8),
}

impl Escaped {
    fn push_to(&self, out: &mut String) {
        match self {
            Escaped::Short(s) => out.push_str(s),
            Escaped::Hex(b) => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
}

fn escape(b: u8) -> Option<Escaped> {
    Some(match b {
        b'"' => Escaped::Short("\\\""),
        b'\\' => Escaped::Short("\\\\"),
        b'\n' => Escaped::Short("\\n"),
        b'\r' => Escaped::Short("\\r"),
        b'\t' => Escaped::Short("\\t"),
        0x08 => Escaped::Short("\\b"),
        0x0c => Escaped::Short("\\f"),
        0..=0x1f => Escaped::Hex(b),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut cases: Vec<String> = [
            "",
            "plain",
            "a \"quoted\" word, a back\\slash",
            "line one\nline two\r\n\ttabbed\u{8}\u{c}\u{1}\u{1f}\u{7f} end",
            "Hà Nội — “curly” quotes, 日本語 and an emoji 🎉 then \"",
            "exactly8",
            "sixteen bytes!!!",
            "\"\"\"\"\"\"\"\"\"",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every byte value below 0x80 at every position of a 17-byte string.
        for b in 0u8..0x80 {
            for at in 0..17 {
                let mut s = "abcdefghijklmnopq".to_string().into_bytes();
                s[at] = b;
                cases.push(String::from_utf8(s).expect("ASCII"));
            }
        }
        for s in &cases {
            let mut out = String::new();
            push_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).expect("json"), "{s:?}");
        }
    }
}
