//! The web archive reader: a WARC file (ISO 28500; wget `--warc-file`, Webrecorder, the
//! Internet Archive), already uncompressed by the load stage, gives one article per HTML
//! response it holds, with the address it was captured from and when.
//!
//! Read by hand rather than with the `warc` crate: the format is a header block and a
//! length-delimited body per record, and that crate would bring its own gzip, URL and
//! UUID stacks (about 40 crates) to a build that has all it needs. The tests write their
//! archives with the `warc` crate, so the two are checked against each other.

use super::Article;
use super::html::{Origin, read_html};
use crate::diag::Diagnostics;

/// Why a web archive could not be read to its end.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("record {0}: not a WARC record (expected a `WARC/1.x` line)")]
    NotWarc(usize),
    #[error("record {0}: no Content-Length")]
    NoLength(usize),
    #[error("record {0}: cut short ({1} bytes of {2})")]
    Truncated(usize, usize, usize),
}

/// One record: its WARC headers (names lower-cased) and its block.
struct Record<'a> {
    headers: Vec<(String, String)>,
    block: &'a [u8],
}

impl Record<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTML page of a web archive, as read.
#[derive(Debug, Clone)]
pub struct ArchivePage {
    /// Its place among the archive's HTML pages, from 1: the article is `crawl.warc#N`.
    pub number: usize,
    /// The address it was captured from (`WARC-Target-URI`).
    pub target: Option<String>,
    pub article: Article,
}

/// The pages of the web archive `file`, with its sidecar (`crawl.toml`, one table per page
/// it corrects) applied.
pub fn read_archive(file: &crate::load::SourceFile, diags: &mut Diagnostics) -> Vec<ArchivePage> {
    let mut pages = read_warc(&file.rel, &file.bytes, diags);
    if let Some((rel, text)) = &file.sidecar {
        super::sidecar::apply_to_archive(&mut pages, &file.rel, rel, text, diags);
    }
    pages
}

/// The pages of a web archive. A record that cannot be read is reported and ends the
/// reading; the pages before it are kept.
pub fn read_warc(rel: &str, bytes: &[u8], diags: &mut Diagnostics) -> Vec<ArchivePage> {
    let mut articles = Vec::new();
    let mut at = 0;
    let mut n = 0;
    let mut pages = 0;
    loop {
        at = skip_blank(bytes, at);
        if at >= bytes.len() {
            break;
        }
        n += 1;
        let record = match next_record(bytes, &mut at, n) {
            Ok(r) => r,
            Err(e) => {
                diags.error(
                    rel,
                    None,
                    format!("{e}; the rest of the archive is skipped"),
                );
                break;
            }
        };
        let kind = record.header("warc-type").unwrap_or("");
        if !matches!(kind, "response" | "resource") {
            continue;
        }
        let Some((content_type, body)) = http_body(&record, kind) else {
            continue;
        };
        let ct = content_type.to_ascii_lowercase();
        if !(ct.contains("text/html") || ct.contains("application/xhtml")) {
            continue;
        }
        pages += 1;
        let origin = Origin {
            url: record
                .header("warc-target-uri")
                .map(|u| u.trim_matches(['<', '>']).to_string()),
            captured: record.header("warc-date").map(str::to_string),
            charset: charset_of(&ct),
        };
        let name = format!("{rel}#{pages}");
        let mut d = Diagnostics::default();
        if let Some(mut article) = read_html(&name, &body, &origin, &mut d) {
            // The archive's address is what was captured; the page's canonical one is
            // kept when it names one.
            if article.url.is_none() {
                article.url = origin.url.clone();
            }
            articles.push(ArchivePage {
                number: pages,
                target: origin.url,
                article,
            });
        }
        diags.extend(d);
    }
    if pages == 0 && !diags.has_errors() {
        diags.warn(rel, None, "the web archive holds no HTML page");
    }
    articles
}

fn skip_blank(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
        at += 1;
    }
    at
}

/// The line at `at` (without its end) and where the next one starts.
fn line(bytes: &[u8], at: usize) -> (&[u8], usize) {
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    let text = &bytes[at..end];
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    (text, (end + 1).min(bytes.len()))
}

/// Header lines up to a blank line: (lower-cased name, value) pairs and where the block
/// after them starts.
fn headers(bytes: &[u8], mut at: usize) -> (Vec<(String, String)>, usize) {
    let mut out: Vec<(String, String)> = Vec::new();
    while at < bytes.len() {
        let (l, next) = line(bytes, at);
        at = next;
        if l.is_empty() {
            break;
        }
        let l = String::from_utf8_lossy(l);
        if l.starts_with([' ', '\t']) {
            // A folded header line continues the one before.
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(l.trim());
            }
            continue;
        }
        if let Some((name, value)) = l.split_once(':') {
            out.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    (out, at)
}

fn next_record<'a>(bytes: &'a [u8], at: &mut usize, n: usize) -> Result<Record<'a>, WarcError> {
    let (version, next) = line(bytes, *at);
    if !version.starts_with(b"WARC/") {
        return Err(WarcError::NotWarc(n));
    }
    let (headers, start) = headers(bytes, next);
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .ok_or(WarcError::NoLength(n))?;
    let available = bytes.len().saturating_sub(start);
    if available < len {
        return Err(WarcError::Truncated(n, available, len));
    }
    *at = start + len;
    Ok(Record {
        headers,
        block: &bytes[start..start + len],
    })
}

/// The content type and body of a response record's HTTP message (de-chunked and
/// uncompressed), or of a resource record's block.
fn http_body(record: &Record, kind: &str) -> Option<(String, Vec<u8>)> {
    if kind == "resource" {
        let ct = record.header("content-type").unwrap_or("").to_string();
        return Some((ct, record.block.to_vec()));
    }
    let block = record.block;
    let (status, next) = line(block, 0);
    let status = String::from_utf8_lossy(status);
    let mut parts = status.split_whitespace();
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    let code: u16 = parts.next()?.parse().ok()?;
    if !(200..300).contains(&code) {
        return None;
    }
    let (h, start) = headers(block, next);
    let get = |name: &str| {
        h.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let mut body = block[start..].to_vec();
    if get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body)?;
    }
    if get("content-encoding").is_some_and(|e| e.contains("gzip")) {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .take(crate::load::MAX_PAGE_BYTES)
            .read_to_end(&mut out)
            .ok()?;
        body = out;
    }
    Some((get("content-type").unwrap_or_default(), body))
}

/// The body of a chunked HTTP message.
fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let (size_line, next) = line(bytes, 0);
        let size_line = String::from_utf8_lossy(size_line);
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        let chunk = bytes.get(next..next + size)?;
        out.extend_from_slice(chunk);
        bytes = &bytes[next + size..];
        bytes = bytes.strip_prefix(b"\r\n").unwrap_or(bytes);
    }
}

/// `text/html; charset=iso-8859-1` → `iso-8859-1`.
fn charset_of(content_type: &str) -> Option<String> {
    let (_, rest) = content_type.split_once("charset=")?;
    let value = rest
        .trim_start_matches(['"', '\''])
        .split([';', '"', '\'', ' '])
        .next()?;
    (!value.is_empty()).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello world"[..])
        );
        assert_eq!(dechunk(b"zz\r\n"), None);
    }

    #[test]
    fn charset_from_content_type() {
        assert_eq!(
            charset_of("text/html; charset=\"iso-8859-1\"").as_deref(),
            Some("iso-8859-1")
        );
        assert_eq!(charset_of("text/html"), None);
    }
}
