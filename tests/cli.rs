//! The command line itself: every command has its help, usage errors name the option and
//! exit 2.

mod common;
use common::gazette;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn each_command_has_help_listing_its_options() {
    let commands: &[(&str, &[&str])] = &[
        (
            "build",
            &[
                "--root",
                "--output",
                "--base-url",
                "--drafts",
                "--strict",
                "--follow-links",
            ],
        ),
        (
            "serve",
            &[
                "--root", "--output", "--port", "--bind", "--open", "--drafts",
            ],
        ),
        ("watch", &["--root", "--output", "--base-url", "--drafts"]),
        ("check", &["--root", "--base-url", "--drafts", "--strict"]),
        ("inspect", &["<FILE>"]),
        ("init", &["<DIR>"]),
    ];
    let top = gazette(&["--help"]);
    assert_eq!(top.status.code(), Some(0));
    for (command, options) in commands {
        assert!(
            stdout(&top).contains(&format!("  {command} ")),
            "`gazette --help` lists {command}: {}",
            stdout(&top)
        );
        let out = gazette(&[command, "--help"]);
        assert_eq!(out.status.code(), Some(0), "{command} --help");
        let help = stdout(&out);
        assert!(
            help.contains(&format!("Usage: gazette {command}")),
            "{help}"
        );
        for option in *options {
            assert!(
                help.contains(option),
                "`{command} --help` names {option}: {help}"
            );
        }
    }
    // Options of one command are not offered by another.
    assert!(!stdout(&gazette(&["build", "--help"])).contains("--port"));
}

#[test]
fn version_is_the_crate_version() {
    let out = gazette(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out).trim(),
        format!("gazette {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_name_the_option_and_exit_2() {
    let out = gazette(&["serve", "--port", "80000"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--port") && err.contains("80000"), "{err}");
    assert!(err.contains("65535"), "says why: {err}");

    let out = gazette(&["build", "--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--frobnicate"), "{}", stderr(&out));

    let out = gazette(&["inspect"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("<FILE>"), "{}", stderr(&out));

    let out = gazette(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Usage: gazette"), "{}", stderr(&out));
}

#[test]
fn inspect_applies_the_sidecar_beside_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("piece.txt");
    std::fs::write(
        &article,
        "Harbour board approves new ferry timetable\n\nThe harbour board on Monday approved a \
         new ferry timetable, chair Ana Kowalski told reporters after the meeting.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("piece.toml"),
        "title = \"Ferries run every hour from May\"\n",
    )
    .unwrap();
    let out = gazette(&["inspect", article.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["title"], "Ferries run every hour from May");
}

#[test]
fn serve_and_watch_refuse_an_output_folder_inside_the_inputs_as_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("seeds")).unwrap();
    std::fs::write(
        root.join("seeds/a.txt"),
        "Harbour board approves new ferry timetable\n\nThe board approved it on Monday.\n",
    )
    .unwrap();
    let out = root.join("seeds/out");
    for command in ["serve", "watch"] {
        let o = gazette(&[
            command,
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr(&o));
        assert!(stderr(&o).contains("seeds/"), "{command}: {}", stderr(&o));
    }
    assert!(!out.exists(), "nothing is written there");
}
