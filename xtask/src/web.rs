//! The browser front end: the release wasm of each binary, its bindings, wasm-opt -Oz
//! and the static files into `web/dist`, each wasm held to its size budgets; then every
//! file but `index.html` renamed after its content's hash, and a brotli and a gzip copy
//! of each written beside it.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::cmd::{cargo, step, target_dir, with_path};
use crate::tools::{WASM_TARGET, ensure_wasm_opt, ensure_wasm_tools};

/// Where the built front end goes; the server serves it.
pub const WEB_DIST: &str = "web/dist";
/// Size budgets of the release wasm.
const WASM_RAW_BUDGET: u64 = 1024 * 1024;
const WASM_GZIP_BUDGET: u64 = 300 * 1024;

/// Builds the browser front end into `web/dist`: release wasm, bindings, wasm-opt -Oz,
/// the static files; prints the sizes and fails over budget.
pub fn build() -> Result<()> {
    ensure_wasm_tools()?;
    step(
        "front end: wasm32 release build",
        with_path(cargo()).args([
            "build",
            "-p",
            "web",
            "--target",
            WASM_TARGET,
            "--profile",
            "wasm-release",
        ]),
    )?;
    // Afresh: the names carry hashes, so an old build's files would stay beside the new.
    if Path::new(WEB_DIST).exists() {
        std::fs::remove_dir_all(WEB_DIST).context("cannot empty web/dist")?;
    }
    std::fs::create_dir_all(WEB_DIST).context("cannot create web/dist")?;
    let wasm_opt = ensure_wasm_opt()?;
    let built = target_dir().join(WASM_TARGET).join("wasm-release");
    // Binaries over one library: the simulator, the slides, the execution view, the
    // review page and the users page it links to, and the 计算过程 module it fetches once
    // it is interactive.
    let mut over = Vec::new();
    for name in ["web", "present", "execution", "review", "users", "explain"] {
        step(
            &format!("front end: wasm-bindgen ({name})"),
            with_path(Command::new("wasm-bindgen"))
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--out-dir",
                    WEB_DIST,
                    "--out-name",
                    name,
                ])
                .arg(built.join(format!("{name}.wasm"))),
        )?;
        let wasm = format!("{WEB_DIST}/{name}_bg.wasm");
        // The simulator, which every first visit loads: -Oz, then whole-program type flow
        // (GUFA) and -Oz again until nothing shrinks (about 0.5 KiB gzipped, for a minute
        // of CI). The pages loaded later get one pass of each.
        let passes: &[&str] = if name == "web" {
            &["-Oz", "--gufa", "--converge", "-Oz"]
        } else {
            &["-Oz", "--gufa", "-Oz"]
        };
        step(
            &format!("front end: wasm-opt -Oz ({name})"),
            with_path(Command::new(&wasm_opt)).args(passes).args([
                "--strip-producers",
                "--enable-bulk-memory",
                "--enable-sign-ext",
                "--enable-nontrapping-float-to-int",
                "--enable-mutable-globals",
                "--enable-reference-types",
                "--enable-multivalue",
                &wasm,
                "-o",
                &wasm,
            ]),
        )?;
        let bytes = std::fs::read(&wasm).with_context(|| format!("cannot read {wasm}"))?;
        let raw = bytes.len() as u64;
        let gzipped = gzip(&bytes)?.len() as u64;
        println!(
            "front end size: {name}_bg.wasm {raw} bytes raw ({:.1} KiB), {gzipped} bytes gzipped ({:.1} KiB); budgets {} KiB raw, {} KiB gzipped",
            raw as f64 / 1024.0,
            gzipped as f64 / 1024.0,
            WASM_RAW_BUDGET / 1024,
            WASM_GZIP_BUDGET / 1024,
        );
        if raw > WASM_RAW_BUDGET || gzipped > WASM_GZIP_BUDGET {
            over.push(format!("{name}_bg.wasm"));
        }
    }
    for file in std::fs::read_dir("web/static").context("cannot read web/static")? {
        let file = file?;
        std::fs::copy(file.path(), Path::new(WEB_DIST).join(file.file_name()))
            .with_context(|| format!("cannot copy {}", file.path().display()))?;
    }
    fingerprint()?;
    precompress()?;
    if !over.is_empty() {
        bail!("over its size budget: {}", over.join(", "));
    }
    Ok(())
}

/// The files a first visit to the simulator loads, by their names before fingerprinting:
/// the page, its style, boot, the simulator and its glue, then the charts module.
const FIRST_VISIT: [&str; 7] = [
    "index.html",
    "style.css",
    "boot.js",
    "web.js",
    "web_bg.wasm",
    "explain.js",
    "explain_bg.wasm",
];
/// The files that name others (and so are renamed after them); `index.html` keeps its
/// name, as the address of the page.
const REFERRERS: [&str; 2] = ["boot.js", "index.html"];
/// How many hex digits of the SHA-256 of its content a fingerprinted name carries; the
/// server (`server/src/front_end.rs`) sends such names as immutable.
const FINGERPRINT_DIGITS: usize = 16;

/// Files also kept under their own name (revalidated, not immutable): the server's
/// first-start page, outside the app, links the stylesheet by that name.
const KEPT_BY_NAME: &[&str] = &["style.css"];

/// Renames every file of `web/dist` but `index.html` to `STEM.HASH.EXT`, HASH the start of
/// its content's SHA-256, and rewrites the references in `boot.js` and `index.html`: a
/// browser may keep such a file for a year, and a new build is a new name.
fn fingerprint() -> Result<()> {
    let dist = Path::new(WEB_DIST);
    let mut renamed: Vec<(String, String)> = Vec::new();
    let mut leaves = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("cannot read {WEB_DIST}"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !REFERRERS.contains(&name.as_str()) {
            leaves.push(name);
        }
    }
    for name in leaves.iter().map(String::as_str).chain(REFERRERS) {
        let path = dist.join(name);
        let mut text = std::fs::read(&path).with_context(|| format!("cannot read {name}"))?;
        if REFERRERS.contains(&name) {
            text = rewrite_references(name, &text, &renamed)?;
        }
        let hashed = if name == "index.html" {
            name.to_owned()
        } else {
            fingerprinted(name, &text)
        };
        std::fs::remove_file(&path).with_context(|| format!("cannot remove {name}"))?;
        std::fs::write(dist.join(&hashed), &text)
            .with_context(|| format!("cannot write {hashed}"))?;
        if KEPT_BY_NAME.contains(&name) {
            std::fs::write(path, &text).with_context(|| format!("cannot write {name}"))?;
        }
        renamed.push((name.to_owned(), hashed));
    }
    Ok(())
}

/// `STEM.HASH.EXT` for the file `name` with this content.
fn fingerprinted(name: &str, content: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(content);
    let hash: String = digest
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<String>()
        .chars()
        .take(FINGERPRINT_DIGITS)
        .collect();
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{hash}.{extension}"),
        None => format!("{name}.{hash}"),
    }
}

/// `file`'s text with every quoted reference (`"NAME"`, `'./NAME'`, ...) to a renamed
/// file replaced by the new name; fails if a reference to an old name is left.
fn rewrite_references(file: &str, text: &[u8], renamed: &[(String, String)]) -> Result<Vec<u8>> {
    let mut text =
        String::from_utf8(text.to_vec()).with_context(|| format!("{file} is not UTF-8"))?;
    for (old, new) in renamed {
        for prefix in ["", "./"] {
            for quote in ['"', '\''] {
                text = text.replace(
                    &format!("{quote}{prefix}{old}{quote}"),
                    &format!("{quote}{prefix}{new}{quote}"),
                );
            }
        }
    }
    let left: Vec<&str> = renamed
        .iter()
        .map(|(old, _)| old.as_str())
        .filter(|old| {
            let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
            text.match_indices(old).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + old.len()..].chars().next();
                !before.is_some_and(plain) && !after.is_some_and(|c| plain(c) || c == '.')
            })
        })
        .collect();
    if !left.is_empty() {
        bail!(
            "{file} names {left:?} in a form the fingerprinting does not rewrite; quote the name"
        );
    }
    Ok(text.into_bytes())
}

/// Writes `NAME.br` (brotli) and `NAME.gz` (gzip) beside every file of `web/dist`, which
/// the server sends to browsers that accept them (`server/src/front_end.rs`); prints
/// what a first visit transfers.
fn precompress() -> Result<()> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(WEB_DIST).with_context(|| format!("cannot read {WEB_DIST}"))? {
        let path = entry?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    let (mut raw, mut gzipped, mut brotlied) = (0, 0, 0);
    for path in files {
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let gz = gzip(&bytes)?;
        let br = brotli(&bytes)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if FIRST_VISIT
            .iter()
            .any(|first| unfingerprinted(name) == *first)
        {
            raw += bytes.len();
            gzipped += gz.len();
            brotlied += br.len();
        }
        for (suffix, compressed) in [("gz", gz), ("br", br)] {
            let target = format!("{}.{suffix}", path.display());
            std::fs::write(&target, compressed)
                .with_context(|| format!("cannot write {target}"))?;
        }
    }
    let kib = |bytes: usize| bytes as f64 / 1024.0;
    println!(
        "front end: brotli and gzip copies written; a first visit to the simulator transfers \
         {brotlied} bytes ({:.1} KiB) with br, {gzipped} bytes ({:.1} KiB) with gzip, of {raw} ({:.1} KiB)",
        kib(brotlied),
        kib(gzipped),
        kib(raw)
    );
    Ok(())
}

/// The name `fingerprint` gave `STEM.HASH.EXT` back: `STEM.EXT`.
fn unfingerprinted(name: &str) -> String {
    let parts: Vec<&str> = name.split('.').collect();
    match parts.as_slice() {
        [stem, hash, extension] if hash.len() == FINGERPRINT_DIGITS => {
            format!("{stem}.{extension}")
        }
        _ => name.to_owned(),
    }
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write as _;
    let mut compressed = Vec::new();
    {
        // Quality 11 (the best), a 4 MiB window: once at build time, decoded by every browser.
        let mut encoder = brotli::CompressorWriter::new(&mut compressed, 64 * 1024, 11, 22);
        encoder.write_all(bytes)?;
        encoder.flush()?;
    }
    Ok(compressed)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprinted_name_carries_the_start_of_the_content_hash_and_reads_back() {
        let name = fingerprinted("web_bg.wasm", b"\0asm");
        let parts: Vec<&str> = name.split('.').collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert_eq!(parts[0], "web_bg");
        assert_eq!(parts[2], "wasm");
        assert_eq!(parts[1].len(), FINGERPRINT_DIGITS);
        assert!(
            parts[1]
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_ne!(name, fingerprinted("web_bg.wasm", b"\0asm\x01"));
        assert_eq!(unfingerprinted(&name), "web_bg.wasm");
        assert_eq!(unfingerprinted("index.html"), "index.html");
    }

    #[test]
    fn quoted_references_are_rewritten_and_an_unquoted_one_fails_the_build() {
        let renamed = vec![
            ("web.js".to_owned(), "web.0123456789abcdef.js".to_owned()),
            (
                "web_bg.wasm".to_owned(),
                "web_bg.fedcba9876543210.wasm".to_owned(),
            ),
        ];
        let boot = b"import init from './web.js';\nawait init({ module_or_path: new URL('web_bg.wasm', import.meta.url) });\n";
        let text =
            String::from_utf8(rewrite_references("boot.js", boot, &renamed).unwrap()).unwrap();
        assert!(text.contains("'./web.0123456789abcdef.js'"), "{text}");
        assert!(text.contains("'web_bg.fedcba9876543210.wasm'"), "{text}");
        let page = b"<link rel=\"modulepreload\" href=\"web.js\">";
        let text =
            String::from_utf8(rewrite_references("index.html", page, &renamed).unwrap()).unwrap();
        assert_eq!(
            text,
            "<link rel=\"modulepreload\" href=\"web.0123456789abcdef.js\">"
        );
        let unquoted = b"import(`./${'web'}.js`); // loads web.js";
        assert!(rewrite_references("boot.js", unquoted, &renamed).is_err());
    }
}
