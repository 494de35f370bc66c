//! The `planner` binary as a user runs it: tables, JSON, and clear errors for bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn planner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .output()
        .expect("planner runs")
}

fn planner_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("planner runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("planner finishes")
}

fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "planner failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn baseline_file() -> Value {
    json_of(&planner(&["baseline"]))
}

fn write_scenario(value: &Value) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(value.to_string().as_bytes()).expect("write");
    file
}

#[test]
fn project_json_on_the_baseline_meets_every_target() {
    let projection = json_of(&planner(&["project", "--json"]));
    assert_eq!(projection["balanced"], true);
    for year in projection["envelope"].as_array().expect("envelope") {
        assert_eq!(year["total"], "300000000");
        assert_eq!(year["unallocated"], "0");
    }
    let indicators = projection["indicators"].as_array().expect("indicators");
    assert_eq!(indicators.len(), 17);
    for row in indicators {
        for field in [
            "programme",
            "indicator",
            "kind",
            "unit",
            "target",
            "result",
            "attainment",
            "by_year",
        ] {
            assert!(row.get(field).is_some(), "{field} missing in {row}");
        }
        if let Some(attainment) = row["attainment"].as_f64() {
            assert!((attainment - 1.0).abs() < 1e-9, "{row}");
        } else {
            assert_eq!(row["target"], Value::Null);
        }
    }
    let kpis = &projection["kpis"];
    for (key, target) in [
        ("enterprises_transformed", 12_000.0),
        ("profit_tax_growth", 0.50),
        ("employment_growth", 0.15),
    ] {
        let result = kpis[key]["result"].as_f64().expect("result");
        assert!((result - target).abs() < 1e-9, "{key} = {result}");
        assert_eq!(kpis[key]["target"].as_f64(), Some(target));
    }
}

#[test]
fn project_prints_a_chinese_table_with_money_in_wan_and_the_kpis() {
    let output = planner(&["project"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("专精特新"), "{text}");
    assert!(text.contains("15,000 万元"), "{text}");
    assert!(text.contains("转型企业"), "{text}");
    assert!(text.contains("12,000 家"), "{text}");
    assert!(text.contains("3 亿元"), "{text}");
    let english =
        String::from_utf8_lossy(&planner(&["project", "--lang", "en"]).stdout).into_owned();
    assert!(english.contains("Enterprises transformed"), "{english}");
}

#[test]
fn a_scenario_file_moving_money_changes_the_projection() {
    let mut scenario = baseline_file();
    scenario["name"] = "shift".into();
    scenario["allocations"]["equipment_upgrade"] = "30000000".into();
    scenario["allocations"]["specialised_products"] = 57_500_000.into();
    let file = write_scenario(&scenario);
    let projection = json_of(&planner(&[
        "project",
        "--json",
        file.path().to_str().expect("path"),
    ]));
    let enterprises = projection["kpis"]["enterprises_transformed"]["result"]
        .as_f64()
        .expect("number");
    assert!((enterprises - 11_247.4).abs() < 0.05, "{enterprises}");
    assert_eq!(projection["balanced"], true);
    assert_eq!(projection["scenario"], "shift");
}

#[test]
fn optimize_prints_the_proposal_as_a_scenario_file_with_its_projection() {
    let output = json_of(&planner(&[
        "optimize",
        "--objective",
        "enterprises",
        "--json",
    ]));
    let proposal = output["scenario"].clone();
    assert!(
        proposal["allocations"]
            .as_object()
            .expect("allocations")
            .len()
            == 16
    );
    let enterprises = output["projection"]["kpis"]["enterprises_transformed"]["result"]
        .as_f64()
        .expect("number");
    assert!(enterprises > 12_000.0, "{enterprises}");
    assert_eq!(output["projection"]["balanced"], true);
    // The proposal is itself a valid scenario file.
    let file = write_scenario(&proposal);
    let again = json_of(&planner(&[
        "project",
        "--json",
        file.path().to_str().expect("path"),
    ]));
    assert_eq!(again["kpis"], output["projection"]["kpis"]);
}

#[test]
fn uncertainty_with_a_seed_is_reproducible() {
    let args = ["uncertainty", "--draws", "300", "--seed", "9", "--json"];
    let a = json_of(&planner(&args));
    let b = json_of(&planner(&args));
    assert_eq!(a, b);
    assert_eq!(a["draws"], 300);
    let kpi = &a["kpis"][0];
    assert_eq!(kpi["key"], "enterprises_transformed");
    let p = kpi["probability_meeting_target"].as_f64().expect("number");
    assert!((0.0..=1.0).contains(&p));
}

#[test]
fn explain_shows_the_curve_parameters_with_provenance_and_k() {
    // k = −B / ln(1 − (1 − α) / (s − α)) = −37,500,000 / ln(1 − 0.8 / 1.8)
    //   = 63,798,657.3 CNY, printed for people in 万元.
    let output = planner(&["explain", "specialised_products"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("[规划 三（二）3]"), "{text}");
    assert!(text.contains("[假设 · 默认值]"), "{text}");
    assert!(text.contains("= 6,379.87 万元"), "{text}");
    let output = planner(&["explain", "specialised_products", "--lang", "en"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("[PLAN §3(2)3]"), "{text}");
    assert!(text.contains("[ASSUMPTION · default]"), "{text}");
    assert!(text.contains("scenario: Plan baseline"), "{text}");
    assert!(!text.contains("规划基线"), "{text}");
    let explanation = json_of(&planner(&["explain", "specialised_products", "--json"]));
    let k = explanation["indicators"][0]["k"].as_f64().expect("k");
    assert!((k - 63_798_657.3).abs() < 0.05, "{k}");
}

#[test]
fn scenario_from_standard_input_with_problems_is_refused_with_every_problem_named() {
    let mut scenario = baseline_file();
    scenario["allocations"]["lean_management"] = "-1".into();
    scenario["allocations"]["made_up"] = "5".into();
    scenario["by_year"] = serde_json::json!({"2019": {"patents": "ten"}});
    let output = planner_with_stdin(&["project", "-"], &scenario.to_string());
    assert_eq!(output.status.code(), Some(1));
    let error = stderr_of(&output);
    assert!(error.contains("negative amount -1 CNY"), "{error}");
    assert!(error.contains("unknown programme id `made_up`"), "{error}");
    assert!(error.contains("patents in 2019: not a number"), "{error}");
    assert!(!error.contains("panicked"), "{error}");
}

#[test]
fn bad_arguments_exit_non_zero_with_a_message_and_no_backtrace() {
    for (args, expected) in [
        (
            vec!["project", "/no/such/file.json"],
            "cannot read scenario file",
        ),
        (
            vec!["optimize", "--objective", "profit"],
            "unknown objective `profit`",
        ),
        (
            vec!["uncertainty", "--draws", "0"],
            "--draws must be between 1 and 200000",
        ),
        (vec!["explain", "rockets"], "unknown programme `rockets`"),
        (
            vec!["optimize", "--objective", "enterprises", "--step", "0"],
            "must be a whole number",
        ),
    ] {
        let output = planner(&args);
        assert!(!output.status.success(), "{args:?} succeeded");
        let error = stderr_of(&output);
        assert!(error.contains(expected), "{args:?}: {error}");
        assert!(
            !error.contains("panicked") && !error.contains("RUST_BACKTRACE"),
            "{error}"
        );
    }
    let malformed = planner_with_stdin(&["project", "-"], "{\"name\": \"x\",");
    assert!(stderr_of(&malformed).contains("malformed JSON"));
}

#[test]
fn charts_render_as_svg_and_png_with_chinese_labels() {
    let svg = planner(&["chart", "attainment"]);
    assert!(svg.status.success(), "{}", stderr_of(&svg));
    let text = String::from_utf8_lossy(&svg.stdout);
    assert!(
        text.starts_with("<svg") && text.contains("专精特新"),
        "{text}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    for chart in server::render::Chart::ALL
        .iter()
        .map(|chart| chart.as_str())
    {
        for lang in ["zh", "en"] {
            let path = dir.path().join(format!("{chart}-{lang}.png"));
            let output = planner(&[
                "chart",
                chart,
                "--format",
                "png",
                "--lang",
                lang,
                "--width",
                "800",
                "--height",
                "450",
                "-o",
                path.to_str().expect("path"),
            ]);
            assert!(
                output.status.success(),
                "{chart} {lang}: {}",
                stderr_of(&output)
            );
            let bytes = std::fs::read(&path).expect("png written");
            assert!(
                bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
                "{chart} is not a PNG"
            );
            assert!(bytes.len() > 5_000, "{chart} {lang} is suspiciously small");
        }
    }
    // The legend in English names the baseline in English (its stored name is Chinese),
    // and the scenario, still named after it, as this scenario.
    let english = planner(&["chart", "trajectory", "--lang", "en"]);
    let text = String::from_utf8_lossy(&english.stdout);
    assert!(text.contains("Plan baseline"), "{text}");
    assert!(text.contains("This scenario"), "{text}");
    assert!(!text.contains("规划基线"), "{text}");
    let refused = planner(&["chart", "pie"]);
    assert!(stderr_of(&refused).contains("unknown chart `pie`"));
    let refused = planner(&["chart", "attainment", "--format", "png"]);
    assert!(stderr_of(&refused).contains("a PNG needs --output FILE"));
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("{tool} (Debian's poppler-utils, installed by cargo xtask test): {e}")
    });
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `planner brief ARGS -o PDF`, which must succeed, and the PDF's text.
fn briefing_text(args: &[&str], pdf: &std::path::Path) -> String {
    let pdf = pdf.to_str().expect("path");
    let output = planner(&[&["brief"], args, &["-o", pdf]].concat());
    assert!(output.status.success(), "{}", stderr_of(&output));
    poppler("pdftotext", &[pdf, "-"])
}

/// The page count `pdfinfo` reports (0 if it reports none).
fn page_count(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_title_page_shows_the_scenario_s_own_description_and_never_the_baseline_s() {
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = shared::Scenario::baseline();
    let title = |text: &str| text.split('\u{c}').next().unwrap_or_default().to_owned();
    let plain = title(&briefing_text(&[], &dir.path().join("plain.pdf")));
    assert!(plain.contains(baseline.name()), "{plain}");
    assert!(!plain.contains("baseline allocation"), "{plain}");
    let mut draft = baseline.to_draft();
    draft.description = "专利资助提高到 1,800 万元，品牌相应减少".to_owned();
    let own = shared::Scenario::new(draft).expect("valid");
    let file = dir.path().join("own.json");
    std::fs::write(&file, own.to_json_pretty()).expect("write");
    let path = file.to_str().expect("path");
    let described = title(&briefing_text(&[path], &dir.path().join("own.pdf")));
    assert!(
        described.contains("专利资助提高到 1,800 万元"),
        "{described}"
    );
}

#[test]
fn the_briefing_pdf_is_searchable_in_chinese_with_its_font_embedded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let single = dir.path().join("baseline.pdf");
    let text = briefing_text(&["--author", "规划处"], &single);
    assert!(text.contains("规划基线"), "scenario name missing");
    // The title page speaks one language: no English default name or description.
    assert!(!text.contains("Plan baseline") && !text.contains("baseline allocation"));
    assert!(text.contains("12,000"), "headline missing");
    assert!(text.contains("规划处"), "author missing");
    for def in shared::plan::PROGRAMMES.iter() {
        assert!(text.contains(def.name.zh), "{} missing", def.name.zh);
    }
    assert!(
        text.contains("假设") && text.contains("规划 四（四）"),
        "provenance missing"
    );
    // The 计算过程 appendix carries the same plain statements as the page and
    // `planner explain`: what one more 100万 a year buys, and the money for the target.
    let explained = shared::explain(
        &shared::Scenario::baseline(),
        shared::ProgrammeId::EquipmentUpgrade,
    )
    .summary(shared::Lang::Zh);
    assert!(text.contains("附录：计算过程"), "appendix missing");
    assert!(
        text.contains("每年再多投入 100 万元"),
        "marginal product missing"
    );
    assert!(
        explained
            .iter()
            .any(|line| text.contains(&line[..line.len().min(30)])),
        "the appendix does not carry the explanation's sentences"
    );
    let info = poppler("pdfinfo", &[single.to_str().expect("path")]);
    let pages = page_count(&info);
    assert!((13..=20).contains(&pages), "{info}");
    assert!(info.contains("A4"), "{info}");
    let fonts = poppler("pdffonts", &[single.to_str().expect("path")]);
    let embedded = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>();
    assert!(!embedded.is_empty());
    for line in embedded {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let n = columns.len();
        assert_eq!(
            &columns[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "not embedded, subset and mapped: {line}"
        );
    }
    assert!(std::fs::metadata(&single).expect("written").len() < 5 * 1024 * 1024);

    let mut other = baseline_file();
    other["name"] = "压缩设备升级".into();
    other["allocations"]["equipment_upgrade"] = "30000000".into();
    other["allocations"]["specialised_products"] = "57500000".into();
    let other = write_scenario(&other);
    let compared = dir.path().join("compared.pdf");
    let output = planner(&[
        "brief",
        other.path().to_str().expect("path"),
        "--compare",
        "-",
        "--lang",
        "en",
        "-o",
        compared.to_str().expect("path"),
    ]);
    // `-` for --compare is not standard input here: it names a file that does not exist.
    assert!(!output.status.success());
    let base = write_scenario(&baseline_file());
    let text = briefing_text(
        &[
            other.path().to_str().expect("path"),
            "--compare",
            base.path().to_str().expect("path"),
            "--lang",
            "en",
        ],
        &compared,
    );
    assert!(
        text.contains("压缩设备升级") && text.contains("What it buys"),
        "comparison page missing"
    );
    let info = poppler("pdfinfo", &[compared.to_str().expect("path")]);
    let compared_pages = page_count(&info);
    // More pages than the Chinese single briefing: the comparison page, and an English
    // 计算过程 appendix runs longer than the Chinese one.
    assert!(
        (pages + 1..=pages + 5).contains(&compared_pages),
        "{pages} then {info}"
    );
}

/// `planner serve` on a free port with a fresh SQLite file; killed when dropped.
struct Served {
    child: std::process::Child,
    port: u16,
    _folder: Option<tempfile::TempDir>,
}

impl Served {
    /// The one-time link `serve` prints on standard output while no admin exists.
    fn first_admin_link(&mut self) -> String {
        self.line_starting("http://")
    }

    /// The first line of standard output that starts with `prefix`.
    fn line_starting(&mut self, prefix: &str) -> String {
        use std::io::BufRead as _;
        let stdout = self.child.stdout.take().expect("serve's standard output");
        std::io::BufReader::new(stdout)
            .lines()
            .map(|line| line.expect("a line of serve's output"))
            .find(|line| line.starts_with(prefix))
            .unwrap_or_else(|| panic!("serve prints a line starting {prefix:?}"))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Served {
    serve_in(tempfile::tempdir().expect("temp folder"))
}

/// `planner serve` on a free port with the SQLite file `api.sqlite` in `folder` (created
/// if missing); killed when dropped.
fn serve_in(folder: tempfile::TempDir) -> Served {
    let database = format!("sqlite://{}/api.sqlite", folder.path().display());
    serve_on(&database, Some(folder))
}

/// `planner serve` on `database`, keeping `folder` as long as it runs.
fn serve_on(database: &str, folder: Option<tempfile::TempDir>) -> Served {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(["--database", database])
        // A folder without a built front end: the API only.
        .args([
            "--web-dir",
            &std::env::temp_dir()
                .join("no-front-end")
                .display()
                .to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("planner serve starts");
    let served = Served {
        child,
        port,
        _folder: folder,
    };
    let started = std::time::Instant::now();
    while http(served.port, "GET", "/api/v1/health", "").is_none() {
        assert!(
            started.elapsed().as_secs() < 60,
            "planner serve did not answer within 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    served
}

/// One HTTP/1.1 request; the status and body, or `None` when nothing answers.
fn http(port: u16, method: &str, path: &str, body: &str) -> Option<(u16, String)> {
    http_with(port, method, path, "", body)
}

/// [`http`] with more header lines (each ending in CRLF).
fn http_with(
    port: u16,
    method: &str,
    path: &str,
    headers: &str,
    body: &str,
) -> Option<(u16, String)> {
    use std::io::Read as _;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "expected a sized body: {head}"
    );
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, body.to_owned()))
}

#[test]
fn the_served_stateless_projection_equals_planner_project_json_field_for_field() {
    let served = serve();
    let mut shifted = baseline_file();
    shifted["name"] = "shift".into();
    shifted["allocations"]["equipment_upgrade"] = "30000000".into();
    shifted["allocations"]["specialised_products"] = "57500000".into();
    let mut assumed = baseline_file();
    assumed["name"] = "假设 assumptions".into();
    assumed["by_year"] = serde_json::json!({"2019": {"patents": "12000000", "brands": "3000000"}});
    assumed["assumptions"] = serde_json::json!({"patents.enterprises.alpha": 0.8});
    let mut enterprises = Vec::new();
    for scenario in [baseline_file(), shifted, assumed] {
        let file = write_scenario(&scenario);
        let from_cli = json_of(&planner(&[
            "project",
            "--json",
            file.path().to_str().expect("path"),
        ]));
        let (status, body) = http(
            served.port,
            "POST",
            "/api/v1/projection",
            &scenario.to_string(),
        )
        .expect("the server answers");
        assert_eq!(status, 200, "{body}");
        let from_api: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(from_api, from_cli, "{}", scenario["name"]);
        assert_eq!(from_api["scenario"], scenario["name"]);
        enterprises.push(from_api["kpis"]["enterprises_transformed"]["result"].clone());
    }
    // Not vacuous: the three scenarios project differently.
    assert_ne!(enterprises[0], enterprises[1]);
    assert_ne!(enterprises[0], enterprises[2]);
    assert_ne!(enterprises[1], enterprises[2]);
}

#[test]
fn planner_plan_json_is_byte_for_byte_the_body_of_get_plan() {
    let served = serve();
    let (status, body) = http(served.port, "GET", "/api/v1/plan", "").expect("the server answers");
    assert_eq!(status, 200, "{body}");
    let output = planner(&["plan", "--json"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(String::from_utf8(output.stdout).expect("UTF-8"), body);
    // Not vacuous: the body is the whole plan.
    let plan: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(plan["programmes"].as_array().map(Vec::len), Some(16));
    assert_eq!(
        plan["assumptions"].as_array().map(Vec::len),
        Some(shared::params::ParamKey::all().count())
    );
    assert_eq!(plan["annual_envelope"], "300000000");
}

#[test]
fn serve_prints_the_one_time_link_that_creates_the_first_admin() {
    let mut served = serve();
    let link = served.first_admin_link();
    let prefix = format!("http://127.0.0.1:{}/api/v1/auth/setup#token=", served.port);
    let token = link
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{link} starts with {prefix}"));
    let setup = |token: &str| {
        let body = serde_json::json!({"token": token, "name": "root", "password": "a long enough password"});
        http(served.port, "POST", "/api/v1/auth/setup", &body.to_string())
            .expect("the server answers")
    };
    assert_eq!(setup("not the token").0, 401);
    let (status, body) = setup(token);
    assert_eq!(status, 200, "{body}");
    // Once only.
    assert_eq!(setup(token).0, 401);
}

/// A start while the first link is valid prints none; `planner setup-link` prints a new
/// one, and the old one stops working; none once an admin exists.
#[test]
fn serve_prints_the_link_once_and_setup_link_prints_a_new_one() {
    let folder = tempfile::tempdir().expect("temp folder");
    let database = format!("sqlite://{}/api.sqlite", folder.path().display());
    let old = serve_on(&database, None).first_admin_link();
    let mut served = serve_on(&database, None);
    let said = served.line_starting("No admin exists yet");
    assert!(
        said.contains("`planner setup-link` prints a new one"),
        "{said}"
    );
    let base = format!("http://127.0.0.1:{}", served.port);
    let output = planner(&["setup-link", "--database", &database, "--url", &base]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let printed = String::from_utf8(output.stdout).expect("UTF-8");
    let link = printed.lines().last().expect("the link").to_owned();
    let prefix = format!("{base}/api/v1/auth/setup#token=");
    let token_of = |link: &str| link.split("token=").nth(1).expect("a token").to_owned();
    assert!(link.starts_with(&prefix), "{printed}");
    let setup = |token: &str| {
        let body = serde_json::json!({"token": token, "name": "root", "password": "a long enough password"});
        http(served.port, "POST", "/api/v1/auth/setup", &body.to_string())
            .expect("the server answers")
    };
    assert_eq!(
        setup(&token_of(&old)).0,
        401,
        "the old link stopped working"
    );
    let (status, body) = setup(&token_of(&link));
    assert_eq!(status, 200, "{body}");
    let output = planner(&["setup-link", "--database", &database]);
    assert!(!output.status.success());
    assert!(stderr_of(&output).contains("an admin or an admin API token exists"));
}

/// Runs `planner user ARGS --database DATABASE`; standard output, or the error.
fn user(database: &str, args: &[&str]) -> Result<String, String> {
    let output = planner(&[&["user"][..], args, &["--database", database][..]].concat());
    if output.status.success() {
        Ok(String::from_utf8(output.stdout).expect("UTF-8"))
    } else {
        Err(stderr_of(&output))
    }
}

#[test]
fn planner_user_lists_disables_enables_re_roles_resets_ends_sessions_and_deletes() {
    let folder = tempfile::tempdir().expect("temp folder");
    let database = format!("sqlite://{}/users.sqlite", folder.path().display());
    let root = [
        "create",
        "--name",
        "root",
        "--role",
        "admin",
        "--password-stdin",
    ];
    let output = planner_with_stdin(
        &[&["user"][..], &root[..], &["--database", &database][..]].concat(),
        "a long enough password\n",
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    user(&database, &["create", "--name", "li", "--role", "planner"]).unwrap();

    let listed = user(&database, &["list"]).unwrap();
    let li_row = |listed: &str| {
        listed
            .lines()
            .find(|line| line.split_whitespace().nth(1) == Some("li"))
            .expect("li is listed")
            .to_owned()
    };
    assert!(li_row(&listed).contains("planner"), "{listed}");
    assert!(li_row(&listed).contains("enabled"), "{listed}");

    let said = user(&database, &["disable", "--name", "li"]).unwrap();
    assert_eq!(said.trim(), "disabled user li; 0 sessions ended");
    assert!(li_row(&user(&database, &["list"]).unwrap()).contains("disabled"));
    let said = user(&database, &["enable", "--name", "li"]).unwrap();
    assert_eq!(said.trim(), "enabled user li");
    let said = user(&database, &["role", "--name", "li", "--role", "approver"]).unwrap();
    assert_eq!(said.trim(), "user li is now approver");

    let said = user(&database, &["reset-password", "--name", "li"]).unwrap();
    assert!(
        said.starts_with("reset the password of li; 0 sessions ended"),
        "{said}"
    );
    let temporary = said.lines().last().expect("the temporary password");
    assert!(temporary.len() >= 10, "{said}");
    let json: Value =
        serde_json::from_str(&user(&database, &["list", "--json"]).unwrap()).expect("JSON");
    let li = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| u["name"] == "li")
        .expect("li");
    assert_eq!(li["role"], "approver");
    assert_eq!(li["must_change_password"], true);
    assert_eq!(li["disabled"], false);
    assert!(li_row(&user(&database, &["list"]).unwrap()).contains("must set a new password"));
    let said = user(&database, &["end-sessions", "--name", "li"]).unwrap();
    assert_eq!(said.trim(), "ended 0 sessions of li");

    for refused in [
        &["disable", "--name", "root"][..],
        &["role", "--name", "root", "--role", "viewer"],
        &["delete", "--name", "root"],
    ] {
        let error = user(&database, refused).unwrap_err();
        assert!(
            error.contains("`root` is the last enabled admin"),
            "{error}"
        );
    }
    let error = user(&database, &["disable", "--name", "nobody"]).unwrap_err();
    assert!(error.contains("no user is named `nobody`"), "{error}");
    let error = user(&database, &["enable", "--name", "li wei"]).unwrap_err();
    assert!(
        error.contains("name: must be 1 to 64 characters without spaces"),
        "{error}"
    );

    let said = user(&database, &["delete", "--name", "li"]).unwrap();
    assert_eq!(
        said.trim(),
        "deleted user li; 0 sessions ended, 0 API tokens revoked"
    );
    assert!(!user(&database, &["list"]).unwrap().contains(" li "));
}

fn with_envelope(yuan: i64) -> Value {
    let mut scenario = baseline_file();
    scenario["name"] = "预算 2.5 亿".into();
    scenario["envelope"] = yuan.to_string().into();
    scenario
}

/// `planner edit transfer`'s flags for the example the edit tests print and post.
const TWENTY_MILLION_TO_SPECIALISED: [&str; 6] = [
    "--from",
    "equipment_upgrade",
    "--to",
    "specialised_products",
    "--amount",
    "20000000",
];

#[test]
fn planner_edit_prints_what_moved_and_its_json_is_the_api_body() {
    let base = write_scenario(&baseline_file());
    let smaller = write_scenario(&with_envelope(250_000_000));
    let base_path = base.path().to_str().expect("path");
    let smaller_path = smaller.path().to_str().expect("path");
    let served = serve();
    for (args, operation, body) in [
        (
            [&["transfer", base_path][..], &TWENTY_MILLION_TO_SPECIALISED].concat(),
            "transfer",
            serde_json::json!({"scenario": baseline_file(), "from": "equipment_upgrade", "to": "specialised_products", "amount": "20000000"}),
        ),
        (
            vec![
                "transfer", base_path, "--from", "patents", "--to", "brands", "--amount",
                "2500000", "--year", "2018",
            ],
            "transfer",
            serde_json::json!({"scenario": baseline_file(), "from": "patents", "to": "brands", "amount": 2_500_000, "year": 2018}),
        ),
        (
            vec![
                "set",
                base_path,
                "--programme",
                "specialised_products",
                "--amount",
                "57654321",
                "--lock",
                "equipment_upgrade",
                "--lock",
                "patents",
                "--unit",
                "1000000",
            ],
            "set",
            serde_json::json!({"scenario": baseline_file(), "programme": "specialised_products", "amount": "57654321", "locks": ["equipment_upgrade", "patents"], "unit": "1000000"}),
        ),
        (
            vec!["fit", smaller_path, "--lock", "patents,brands"],
            "fit-envelope",
            serde_json::json!({"scenario": with_envelope(250_000_000), "locks": ["patents", "brands"]}),
        ),
    ] {
        let mut cli = vec!["edit"];
        cli.extend(&args);
        cli.push("--json");
        let from_cli = json_of(&planner(&cli));
        let (status, answer) = http(
            served.port,
            "POST",
            &format!("/api/v1/operations/{operation}"),
            &body.to_string(),
        )
        .expect("the server answers");
        assert_eq!(status, 200, "{answer}");
        let from_api: Value = serde_json::from_str(&answer).expect("JSON");
        assert_eq!(from_cli, from_api, "{args:?}");
        assert!(
            !from_cli["changes"].as_array().expect("changes").is_empty(),
            "{args:?} moved nothing"
        );
    }

    // The table: the description, then every changed line in 万元.
    let output = planner(&[&["edit", "transfer"][..], &TWENTY_MILLION_TO_SPECIALISED].concat());
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("从「设备升级」调出 2,000 万元 至「专精特新」（每年）\n"),
        "{text}"
    );
    for part in [
        "调整前",
        "5,000 万元",
        "3,000 万元",
        "5,750 万元",
        "-2,000 万元",
        "+2,000 万元",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert_eq!(text.matches("2019").count(), 2, "{text}");

    // --output writes the edited scenario file, which projects as the moved money does.
    let dir = tempfile::tempdir().expect("temp dir");
    let edited = dir.path().join("edited.json");
    let output = planner(&[
        "edit",
        "fit",
        smaller_path,
        "--lang",
        "en",
        "-o",
        edited.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    // The three earmarked lines stay on their floors: 13 lines move.
    assert!(text.starts_with("Scaled 13 lines in proportion"), "{text}");
    assert!(text.contains("wrote"), "{text}");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&edited).expect("written")).expect("JSON");
    assert_eq!(file["allocations"]["tech_enterprise"], "39500000");
    assert_eq!(file["envelope"], "250000000");
    let projection = json_of(&planner(&[
        "project",
        "--json",
        edited.to_str().expect("path"),
    ]));
    assert_eq!(projection["feasible"], true);
}

#[test]
fn planner_edit_refusals_exit_non_zero_naming_the_input() {
    let tiny = write_scenario(&with_envelope(100_000_000));
    for (args, code, expected) in [
        (
            vec![
                "edit",
                "transfer",
                "--from",
                "lean_management",
                "--to",
                "patents",
                "--amount",
                "5000000",
            ],
            1,
            vec![
                "lean_management",
                "floor of 20000000 CNY",
                "at most 0 CNY can be moved out",
            ],
        ),
        (
            vec![
                "edit",
                "fit",
                tiny.path().to_str().expect("path"),
                "--lock",
                "tech_enterprise,equipment_upgrade",
            ],
            1,
            vec!["need 162500000 CNY", "62500000 CNY more than the envelope"],
        ),
        (
            vec![
                "edit",
                "set",
                "--programme",
                "patents",
                "--amount",
                "1",
                "--lock",
                "patents",
            ],
            1,
            vec!["patents is locked"],
        ),
        (
            vec![
                "edit", "transfer", "--from", "patents", "--to", "patents", "--amount", "1",
            ],
            1,
            vec!["two different programmes"],
        ),
        (
            vec![
                "edit", "transfer", "--from", "rockets", "--to", "patents", "--amount", "1",
            ],
            2,
            vec!["unknown programme `rockets`"],
        ),
        (
            vec![
                "edit", "transfer", "--from", "patents", "--to", "brands", "--amount", "1",
                "--year", "2021",
            ],
            2,
            vec!["unknown year `2021`"],
        ),
        (
            vec!["edit", "set", "--programme", "patents", "--amount", "lots"],
            2,
            vec!["`lots` is not a number"],
        ),
        (
            vec!["edit", "fit", "/no/such/file.json"],
            1,
            vec!["cannot read scenario file /no/such/file.json"],
        ),
        (
            vec![
                "optimize",
                "--objective",
                "enterprises",
                "--keep",
                "park_upgrade.joy",
            ],
            2,
            vec!["unknown target `park_upgrade.joy`", "park_upgrade.park_tax"],
        ),
        (
            vec!["optimize", "--objective", "enterprises", "--min", "patents"],
            2,
            vec!["is not ID=CNY"],
        ),
        (
            vec![
                "optimize",
                "--objective",
                "enterprises",
                "--max",
                "lean_management=10000000",
            ],
            1,
            vec!["lean_management: max 10000000 CNY is below the floor of 20000000 CNY"],
        ),
    ] {
        let output = planner(&args);
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        let error = stderr_of(&output);
        for part in expected {
            assert!(error.contains(part), "{args:?}: {part}: {error}");
        }
        assert!(!error.contains("panicked"), "{error}");
        assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
    }
}

#[test]
fn optimize_holds_bounds_keeps_targets_and_lists_what_it_breaks() {
    let carriers = [
        "park_upgrade.park_tax",
        "building_upgrade.floor_area",
        "park_upgrade.idle_land",
    ];
    let free = json_of(&planner(&[
        "optimize",
        "--objective",
        "enterprises",
        "--json",
    ]));
    let broken: Vec<&str> = free["broken_targets"]
        .as_array()
        .expect("broken targets")
        .iter()
        .map(|b| b["key"].as_str().expect("key"))
        .collect();
    for key in carriers {
        assert!(broken.contains(&key), "{key} not in {broken:?}");
    }
    let output = planner(&["optimize", "--objective", "enterprises", "--lang", "en"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("targets met now that the proposal breaks"),
        "{text}"
    );
    assert!(text.contains("(park_upgrade.park_tax)"), "{text}");
    assert!(text.contains("proposed (a year)"), "{text}");

    let kept = json_of(&planner(&[
        "optimize",
        "--objective",
        "enterprises",
        "--keep",
        "park_upgrade.park_tax,building_upgrade.floor_area",
        "--keep",
        "park_upgrade.idle_land",
        "--min",
        "patents=15000000",
        "--max",
        "equipment_upgrade=40000000",
        "--json",
    ]));
    for row in kept["broken_targets"].as_array().expect("broken targets") {
        assert!(
            !carriers.contains(&row["key"].as_str().expect("key")),
            "{row}"
        );
    }
    for row in kept["projection"]["indicators"].as_array().expect("rows") {
        let key = format!(
            "{}.{}",
            row["programme"].as_str().expect("id"),
            row["indicator"].as_str().expect("id")
        );
        if carriers.contains(&key.as_str()) {
            assert_eq!(row["verdict"], "met", "{row}");
        }
    }
    let allocations = &kept["scenario"]["allocations"];
    let amount = |id: &str| {
        allocations[id]
            .as_str()
            .expect("amount")
            .parse::<i64>()
            .expect("yuan")
    };
    assert!(amount("patents") >= 15_000_000, "{allocations}");
    assert!(amount("equipment_upgrade") <= 40_000_000, "{allocations}");
}

#[test]
fn an_infeasible_scenario_shows_its_gap_and_no_met_mark_in_tables_charts_or_the_briefing() {
    let baseline = String::from_utf8_lossy(&planner(&["project"]).stdout).into_owned();
    assert!(baseline.contains('✓'), "{baseline}");
    let smaller = write_scenario(&with_envelope(250_000_000));
    let path = smaller.path().to_str().expect("path");
    let table = planner(&["project", path]);
    assert!(table.status.success());
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(!table.contains('✓'), "{table}");
    assert!(table.contains("每年超支 5,000 万元"), "{table}");
    assert!(table.contains("100.0%  !"), "{table}");
    let english =
        String::from_utf8_lossy(&planner(&["project", path, "--lang", "en"]).stdout).into_owned();
    assert!(
        english.contains("overspent by CNY 50 million a year"),
        "{english}"
    );

    let chart = planner(&["chart", "attainment", path]);
    let svg = String::from_utf8_lossy(&chart.stdout);
    assert!(svg.contains("预算未平衡") && !svg.contains('✓'), "{svg}");

    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("infeasible.pdf");
    let text = briefing_text(&[path], &pdf);
    assert!(!text.contains('✓'), "a met mark in an infeasible briefing");
    assert!(
        text.contains("每年超支 5,000 万元"),
        "no gap in the briefing"
    );
    assert!(
        text.contains("预算未平衡"),
        "no infeasible verdict in the briefing"
    );
}

#[test]
fn the_briefing_has_execution_pages_when_a_closed_year_s_actuals_are_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let actuals = dir.path().join("actuals-2017.json");
    // Equipment upgrade spent 4,000万 of its 5,000万 and transformed 600 enterprises.
    std::fs::write(
        &actuals,
        r#"{"status": "provisional", "source": "test", "note": "",
            "programmes": {"equipment_upgrade": {"spent": "40000000",
                                                 "outcomes": {"enterprises": 600}}}}"#,
    )
    .expect("write actuals");
    let spec = format!("2017={}", actuals.display());
    let zh = briefing_text(&["--actuals", &spec], &dir.path().join("zh.pdf"));
    assert!(zh.contains("执行情况：2017年计划、支出与完成"), "{zh}");
    assert!(
        zh.contains("责任单位考核（2017年）"),
        "department page missing"
    );
    assert!(zh.contains("市工业和信息化委"), "responsible body missing");
    assert!(zh.contains("4,000 万元"), "spent missing");
    assert!(
        zh.contains("5,000 万元*"),
        "an unreported line is not marked"
    );
    assert!(zh.contains("80.0%"), "execution rate 4,000 ÷ 5,000 missing");
    let en = briefing_text(
        &["--actuals", &spec, "--lang", "en"],
        &dir.path().join("en.pdf"),
    );
    assert!(en.contains("Plan execution: planned, spent and achieved in 2017"));
    assert!(en.contains("Assessment by responsible body (2017)"));
    // Without actuals, no execution pages.
    let plain = briefing_text(&[], &dir.path().join("plain.pdf"));
    assert!(!plain.contains("执行情况"));
    // A bad spec or file is refused with a message naming it.
    let refused = planner(&["brief", "--actuals", "2016=x.json", "-o", "x.pdf"]);
    assert!(!refused.status.success());
    assert!(
        stderr_of(&refused).contains("2017 to 2020"),
        "{}",
        stderr_of(&refused)
    );
}

/// A fresh SQLite database in `folder` holding the baseline as scenario 1.
fn database_with_baseline(folder: &tempfile::TempDir) -> String {
    let url = format!("sqlite://{}/execution.sqlite", folder.path().display());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = server::storage::Store::open(&url).await.unwrap();
        let body = serde_json::to_string(&shared::Scenario::baseline()).unwrap();
        let row = store
            .create_scenario(server::storage::NewScenario {
                name: "baseline",
                body: &body,
                actor: "test",
            })
            .await
            .unwrap();
        assert_eq!(row.id, 1);
        store.close().await.unwrap();
    });
    url
}

const EXAMPLE_2017: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../docs/examples/actuals-2017.csv"
);

#[test]
fn actuals_import_assess_and_replan_read_the_database() {
    let folder = tempfile::tempdir().unwrap();
    let database = database_with_baseline(&folder);
    let db = ["--database", database.as_str()];
    let imported = planner(
        &[
            &["actuals", "import", EXAMPLE_2017, "--year", "2017"][..],
            &db,
        ]
        .concat(),
    );
    assert!(imported.status.success(), "{}", stderr_of(&imported));
    let said = String::from_utf8_lossy(&imported.stdout);
    assert!(
        said.contains("16 programmes imported as provisional, revision 1"),
        "{said}"
    );

    let table = planner(&[&["assess", "--year", "2017"][..], &db].concat());
    let table = String::from_utf8_lossy(&table.stdout).into_owned();
    assert!(
        table.contains("2017 年终考核") && table.contains("执行率"),
        "{table}"
    );
    assert!(
        table.contains("市中小企业局") && table.contains("滞后"),
        "{table}"
    );
    let json = json_of(&planner(
        &[&["assess", "--year", "2017", "--json"][..], &db].concat(),
    ));
    assert_eq!(json["basis"]["chosen"], "baseline");
    assert_eq!(json["assessment"]["year"], 2017);
    assert_eq!(json["assessment"]["rows"].as_array().unwrap().len(), 17);

    let replan = planner(
        &[
            &["replan", "1", "--through", "2017", "--lang", "en"][..],
            &db,
        ]
        .concat(),
    );
    let text = String::from_utf8_lossy(&replan.stdout).into_owned();
    assert!(replan.status.success(), "{}", stderr_of(&replan));
    assert!(
        text.contains("Not saved") && text.contains("2018"),
        "{text}"
    );
    assert!(
        !text.lines().any(|line| line.starts_with("2017  ")),
        "{text}"
    );
    let json = json_of(&planner(
        &[&["replan", "1", "--through", "2017", "--json"][..], &db].concat(),
    ));
    assert!(json["scenario"].is_object() && json["projection"].is_object());
    assert_eq!(json["changes"].as_array().unwrap().len(), 64);
}

#[test]
fn execution_commands_name_what_is_wrong() {
    let folder = tempfile::tempdir().unwrap();
    let database = database_with_baseline(&folder);
    let db = ["--database", database.as_str()];
    let bad = folder.path().join("bad.csv");
    let text = std::fs::read_to_string(EXAMPLE_2017).unwrap();
    std::fs::write(&bad, text.replacen("smart_manufacturing", "foo", 1)).unwrap();
    let refused = planner(
        &[
            &["actuals", "import", bad.to_str().unwrap(), "--year", "2017"][..],
            &db,
        ]
        .concat(),
    );
    assert!(!refused.status.success());
    assert!(
        stderr_of(&refused).contains("line 7: programme `foo`"),
        "{}",
        stderr_of(&refused)
    );
    let refused = planner(
        &[
            &["actuals", "import", EXAMPLE_2017, "--year", "2016"][..],
            &db,
        ]
        .concat(),
    );
    assert!(!refused.status.success());
    let missing = planner(&[&["assess", "--year", "2017"][..], &db].concat());
    assert!(
        stderr_of(&missing).contains("no actuals are stored for 2017"),
        "{}",
        stderr_of(&missing)
    );
    let missing = planner(&[&["replan", "9", "--through", "2017"][..], &db].concat());
    assert!(
        stderr_of(&missing).contains("no scenario has the id 9"),
        "{}",
        stderr_of(&missing)
    );
}

#[test]
fn planner_workbook_writes_the_servers_workbook_and_names_bad_input() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("temp dir");
    let scenario = write_scenario(&baseline_file());
    let scenario_path = scenario.path().to_str().expect("path");
    let book = dir.path().join("book.xlsx");
    let book_path = book.to_str().expect("path");
    let output = planner(&[
        "workbook",
        scenario_path,
        "-o",
        book_path,
        "--lang",
        "en",
        "--compare",
        "baseline",
    ]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("wrote"));
    let mut xlsx: Xlsx<_> = calamine::open_workbook(&book).expect("a workbook");
    assert_eq!(
        xlsx.sheet_names(),
        ["allocations", "projections", "assumptions", "comparison"]
    );
    let values = xlsx.worksheet_range("allocations").expect("allocations");
    let row = server::workbook::rows::CHECK;
    let check = values.get_value((row, server::workbook::TOTAL_COLUMN.into()));
    assert_eq!(check, Some(&Data::String("balanced".to_owned())));
    let output = planner(&["workbook", scenario_path, "-o", book_path]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    let xlsx: Xlsx<_> = calamine::open_workbook(&book).expect("a workbook");
    assert_eq!(xlsx.sheet_names(), ["资金安排", "预测", "假设"]);

    for (args, said) in [
        (
            vec!["workbook", "missing.json", "-o", book_path],
            "cannot read scenario file missing.json",
        ),
        (
            vec![
                "workbook",
                scenario_path,
                "-o",
                book_path,
                "--compare",
                "nope.json",
            ],
            "cannot read scenario file nope.json",
        ),
        (
            vec!["workbook", scenario_path, "-o", book_path, "--lang", "fr"],
            "fr",
        ),
        (vec!["workbook", scenario_path], "--output"),
    ] {
        let output = planner(&args);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr_of(&output).contains(said), "{}", stderr_of(&output));
    }
    let bad = write_scenario(&serde_json::json!({"name": "x", "allocations": {"patents": "-1"}}));
    let output = planner(&["workbook", bad.path().to_str().unwrap(), "-o", book_path]);
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("in scenario file"),
        "{}",
        stderr_of(&output)
    );
}

/// The scenarios' names and bodies the API lists and returns, by id.
fn scenarios_served(port: u16, auth: &str) -> Vec<(i64, String, Value)> {
    let (status, list) = http_with(port, "GET", "/api/v1/scenarios?per_page=100", auth, "")
        .expect("the server answers");
    assert_eq!(status, 200, "{list}");
    let list: Value = serde_json::from_str(&list).expect("a JSON list");
    let mut found: Vec<(i64, String, Value)> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            let id = item["id"].as_i64().expect("an id");
            let (status, body) =
                http_with(port, "GET", &format!("/api/v1/scenarios/{id}"), auth, "")
                    .expect("the server answers");
            assert_eq!(status, 200, "{body}");
            let body: Value = serde_json::from_str(&body).expect("a scenario");
            (id, item["name"].as_str().expect("a name").to_owned(), body)
        })
        .collect();
    found.sort_by_key(|(id, ..)| *id);
    found
}

#[test]
fn a_backup_taken_while_serving_restores_the_same_scenarios_into_a_new_file() {
    let folder = tempfile::tempdir().expect("temp folder");
    let database = format!("sqlite://{}/api.sqlite", folder.path().display());
    let created = planner(&[
        "token",
        "create",
        "--role",
        "planner",
        "--name",
        "backup-test",
        "--database",
        &database,
    ]);
    assert!(created.status.success(), "{}", stderr_of(&created));
    let token = String::from_utf8_lossy(&created.stdout)
        .lines()
        .last()
        .expect("the token")
        .to_owned();
    let auth = format!("Authorization: Bearer {token}\r\n");
    let backups = tempfile::tempdir().expect("temp folder");
    let backup = backups.path().join("planner-backup.sqlite");
    let backup = backup.to_str().expect("path");
    let restored_url = format!("sqlite://{}/restored.sqlite", backups.path().display());

    let served = serve_in(folder);
    for name in ["备份 one", "backup two"] {
        let mut body = baseline_file();
        body["name"] = Value::from(name);
        let (status, reply) = http_with(
            served.port,
            "POST",
            "/api/v1/scenarios",
            &auth,
            &body.to_string(),
        )
        .expect("the server answers");
        assert_eq!(status, 201, "{reply}");
    }
    let written = scenarios_served(served.port, &auth);
    assert_eq!(written.len(), 2);

    // While the server runs: the backup is consistent, and restoring over the live
    // database is refused, with or without --force.
    let backed_up = planner(&["backup", backup, "--database", &database]);
    assert!(backed_up.status.success(), "{}", stderr_of(&backed_up));
    assert!(
        String::from_utf8_lossy(&backed_up.stdout).contains("integrity ok"),
        "{backed_up:?}"
    );
    let again = planner(&["backup", backup, "--database", &database]);
    assert!(!again.status.success());
    assert!(
        stderr_of(&again).contains("exists"),
        "{}",
        stderr_of(&again)
    );
    let over_live = planner(&["restore", backup, "--database", &database]);
    assert!(
        stderr_of(&over_live).contains("--force"),
        "{}",
        stderr_of(&over_live)
    );
    let forced = planner(&["restore", backup, "--force", "--database", &database]);
    assert!(!forced.status.success());
    assert!(
        stderr_of(&forced).contains("in use"),
        "{}",
        stderr_of(&forced)
    );
    drop(served);

    // Into a new file, then served: the same scenarios, byte for byte as JSON.
    let restored = planner(&["restore", backup, "--database", &restored_url]);
    assert!(restored.status.success(), "{}", stderr_of(&restored));
    let serving = tempfile::tempdir().expect("temp folder");
    std::fs::rename(
        backups.path().join("restored.sqlite"),
        serving.path().join("api.sqlite"),
    )
    .expect("move the restored database");
    let served = serve_in(serving);
    assert_eq!(scenarios_served(served.port, &auth), written);

    // A file that is not a backup is refused, naming what is wrong.
    let junk = backups.path().join("junk.sqlite");
    std::fs::write(&junk, "not a database").expect("a file");
    let refused = planner(&[
        "restore",
        junk.to_str().expect("path"),
        "--database",
        &format!("sqlite://{}/other.sqlite", backups.path().display()),
    ]);
    assert!(!refused.status.success());
    assert!(
        stderr_of(&refused).contains("not a usable backup"),
        "{}",
        stderr_of(&refused)
    );
}
