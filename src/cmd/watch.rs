//! `gazette watch`: the rebuild loop of `serve` without the server, for people who serve
//! the output folder with their own.

use super::{OutputArgs, SiteArgs, base_url_warning};
use crate::serve::{DEBOUNCE, ServeConfig};

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// The site's address, overriding `base_url` in gazette.toml
    #[arg(short = 'u', long, value_name = "URL")]
    pub base_url: Option<String>,
}

pub fn run(args: &Args) -> i32 {
    if let Err(e) = args.site.require_site() {
        eprintln!("error: {e}");
        return 2;
    }
    // Watch keeps a site folder up to date for another server, often the one it is
    // published with: say once, as `build` does, when feeds and the sitemap would name
    // pages by path only. A config that does not parse is reported by the first build.
    let base_url = args.base_url.clone().or_else(|| {
        crate::load::load_config(&args.site.root)
            .ok()
            .map(|c| c.base_url)
    });
    if let Some(w) = base_url.and_then(|u| base_url_warning(&u, args.base_url.is_some())) {
        eprintln!("{w}");
    }
    let cfg = ServeConfig {
        root: args.site.root.clone(),
        output: args.output.dir(&args.site),
        bind: String::new(),
        port: 0,
        drafts: args.site.drafts,
        follow_links: args.site.follow_links,
        serve: false,
        base_url: args.base_url.clone(),
        debounce: DEBOUNCE,
        verbose: true,
    };
    super::serve::run_until_stopped(&cfg, false)
}
