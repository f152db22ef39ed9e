//! The one place links are made: every path a page writes goes through `Urls::path`, which
//! prefixes the path part of `base_url`, so a site works under `https://USER.github.io/REPO/`.

#[derive(Debug, Clone)]
pub struct Urls {
    /// `https://example.org/archive/` (always ends with `/`), or `/` when none is set.
    base_url: String,
    /// `/archive/` (always starts and ends with `/`).
    base_path: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Self {
        let mut base_url = base_url.trim().to_string();
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let path = match base_url.find("://") {
            Some(i) => {
                let after = &base_url[i + 3..];
                match after.find('/') {
                    Some(j) => after[j..].to_string(),
                    None => "/".to_string(),
                }
            }
            None => base_url.clone(),
        };
        let base_path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        Urls {
            base_url,
            base_path,
        }
    }

    /// A site-relative path (`articles/x/`) as a link from any page (`/archive/articles/x/`).
    pub fn path(&self, rel: &str) -> String {
        format!("{}{}", self.base_path, rel.trim_start_matches('/'))
    }

    /// The absolute URL, for feeds, sitemaps and canonical links. Falls back to the path
    /// when `base_url` has no scheme and host.
    pub fn absolute(&self, rel: &str) -> String {
        if self.base_url.contains("://") {
            format!("{}{}", self.base_url, rel.trim_start_matches('/'))
        } else {
            self.path(rel)
        }
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_the_base_path() {
        let u = Urls::new("https://example.org/archive");
        assert_eq!(u.path("articles/x/"), "/archive/articles/x/");
        assert_eq!(u.path(""), "/archive/");
        assert_eq!(
            u.absolute("atom.xml"),
            "https://example.org/archive/atom.xml"
        );
        let u = Urls::new("https://example.org");
        assert_eq!(u.path("/people/"), "/people/");
        let u = Urls::new("/");
        assert_eq!(u.path("a/"), "/a/");
    }
}
