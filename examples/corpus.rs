//! Writes a generated corpus: `cargo run --release --example corpus -- N DIR [--markdown | --html] [--seed S]`.

#[path = "common/corpus.rs"]
mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = std::path::PathBuf::from(
        args.get(1)
            .cloned()
            .unwrap_or_else(|| format!("target/corpus-{n}")),
    );
    let markdown = args.iter().any(|a| a == "--markdown");
    let html = args.iter().any(|a| a == "--html");
    let seed = args
        .iter()
        .position(|a| a == "--seed")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(42);
    let bytes = if html {
        corpus::write_html_corpus(&dir, n, seed)
    } else {
        corpus::write_corpus(&dir, n, seed, markdown)
    }
    .expect("write corpus");
    println!(
        "wrote {n} {} articles ({:.1} MB) to {}",
        if html {
            "saved-page"
        } else if markdown {
            "Markdown"
        } else {
            "raw"
        },
        bytes as f64 / 1e6,
        dir.display()
    );
}
