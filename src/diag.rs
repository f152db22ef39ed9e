//! Warnings and errors about the user's files, each naming the file and, where known, the line.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub level: Level,
    /// Path relative to the site folder, with forward slashes.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Warning => "warning",
            Level::Error => "error",
        };
        // File names and messages (which quote article text) are escaped: see `shown`.
        write!(f, "{level}: {}", shown(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", shown(&self.message))
    }
}

/// The diagnostics of one build, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn warn(&mut self, file: &str, line: Option<usize>, message: impl Into<String>) {
        self.push(Level::Warning, file, line, message);
    }

    pub fn error(&mut self, file: &str, line: Option<usize>, message: impl Into<String>) {
        self.push(Level::Error, file, line, message);
    }

    pub fn push(
        &mut self,
        level: Level,
        file: &str,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        self.items.push(Diagnostic {
            level,
            file: file.to_string(),
            line,
            column: None,
            message: message.into(),
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    /// Prints the diagnostics that matter to stderr: errors always, warnings up to a limit
    /// (`gazette check` lists them all).
    pub fn print_limited(&self) {
        const MAX_WARNINGS: usize = 20;
        let warnings = self
            .items
            .iter()
            .filter(|d| d.level == Level::Warning)
            .count();
        let mut shown = 0;
        for d in &self.items {
            if d.level == Level::Warning {
                if shown >= MAX_WARNINGS {
                    continue;
                }
                shown += 1;
            }
            eprintln!("{d}");
        }
        if warnings > shown {
            eprintln!(
                "… and {} more warnings (gazette check lists them all)",
                warnings - shown
            );
        }
    }

    /// Sorted by file then line, so that output does not depend on thread scheduling.
    pub fn sorted(mut self) -> Self {
        self.items.sort();
        self.items.dedup();
        self
    }
}

/// 1-based line and column of a byte offset in `text`, for a diagnostic (here, below every
/// stage, so that `load` places a config error as the readers place a front matter one).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// `text` as it may be printed to a terminal: control characters (ESC, BEL, CR, C1
/// controls, DEL) escaped as `\u{1b}`, so that a file name or a line of an article cannot
/// move the cursor, clear the screen or retitle the window. Tabs and newlines stay.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path as it may be printed to a terminal (see `shown`).
pub fn shown_path(path: &std::path::Path) -> String {
    shown(&path.to_string_lossy()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(
            shown("plain Tiếng Việt\tand\nlines"),
            "plain Tiếng Việt\tand\nlines"
        );
        assert_eq!(
            shown("a\x1b[2Jb\x07c\rd\u{9b}e\x7f"),
            "a\\u{1b}[2Jb\\u{7}c\\u{d}d\\u{9b}e\\u{7f}"
        );
        let mut d = Diagnostics::default();
        d.error("seeds/\x1b]0;x\x07.txt", Some(2), "bad \x1b[31m");
        assert_eq!(
            d.items[0].to_string(),
            "error: seeds/\\u{1b}]0;x\\u{7}.txt:2: bad \\u{1b}[31m"
        );
    }
}
