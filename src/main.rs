fn main() {
    std::process::exit(gazette::cmd::main());
}
