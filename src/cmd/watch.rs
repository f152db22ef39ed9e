//! `gazette watch`: the rebuild loop of `serve` without the server, for people who serve
//! the output folder with their own.

use super::{AddressArgs, OutputArgs, SiteArgs};
use crate::serve::ServeConfig;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub address: AddressArgs,
}

pub fn run(args: &Args) -> i32 {
    if let Err(e) = args.site.require_site() {
        eprintln!("error: {e}");
        return 2;
    }
    // Watch keeps a site folder up to date for another server, often the one it is
    // published with: say once, as `build` does, when feeds and the sitemap would name
    // pages by path only. A config that does not parse is reported by the first build.
    let base_url = args.address.base_url.clone().or_else(|| {
        crate::load::load_config(&args.site.root)
            .ok()
            .map(|c| c.base_url)
    });
    if let Some(w) = base_url.and_then(|u| args.address.warning(&u)) {
        eprintln!("{w}");
    }
    let cfg = ServeConfig {
        base_url: args.address.base_url.clone(),
        ..super::serve::watch_config(&args.site, &args.output)
    };
    super::serve::run_until_stopped(&cfg, false)
}
