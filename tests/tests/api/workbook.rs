//! The Excel workbook of a scenario, read back with calamine (and LibreOffice when it is
//! installed): totals are live formulas whose cached values are the model's amounts in
//! 万元 (CNY million in English), the envelope check says balanced only when every year
//! spends its envelope, and every sheet speaks one language.

use std::io::Cursor;

use api::{ProblemDetails, Role};
use calamine::{Data, Range, Reader, Xlsx};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use server::workbook::{ALLOCATIONS, ASSUMPTIONS, COMPARISON, PROJECTIONS, TOTAL_COLUMN, rows};
use shared::ids::{ProgrammeId, Year};
use shared::params::ParamKey;
use shared::plan::{self, INDICATORS, Lang};
use shared::{Money, Scenario};

use crate::helpers::{Backend, assert_problem, baseline, header, spawn_app};

const MEDIA_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Book {
    xlsx: Xlsx<Cursor<Vec<u8>>>,
}

impl Book {
    async fn of(response: Response) -> Book {
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "content-type"), MEDIA_TYPE);
        let disposition = header(&response, "content-disposition");
        assert!(
            disposition.starts_with("attachment; filename=\"") && disposition.ends_with(".xlsx\""),
            "{disposition}"
        );
        let bytes = response.bytes().await.unwrap().to_vec();
        Book {
            xlsx: Xlsx::new(Cursor::new(bytes)).expect("a readable workbook"),
        }
    }

    fn names(&self) -> Vec<String> {
        self.xlsx.sheet_names()
    }

    fn values(&mut self, sheet: &str) -> Range<Data> {
        self.xlsx.worksheet_range(sheet).expect(sheet)
    }

    fn formulas(&mut self, sheet: &str) -> Range<String> {
        self.xlsx.worksheet_formula(sheet).expect(sheet)
    }
}

/// An amount in the language's unit (万元, CNY million) as the cell's float.
fn figure(amount: Money, lang: Lang) -> f64 {
    let figure = match lang {
        Lang::Zh => amount.in_wan(4),
        Lang::En => amount.in_million(6),
    };
    figure.to_string().parse().unwrap()
}

fn number(range: &Range<Data>, row: u32, column: u16) -> f64 {
    match range.get_value((row, u32::from(column))) {
        Some(Data::Float(value)) => *value,
        Some(Data::Int(value)) => *value as f64,
        other => panic!("no number at ({row}, {column}): {other:?}"),
    }
}

fn text(range: &Range<Data>, row: u32, column: u16) -> String {
    match range.get_value((row, u32::from(column))) {
        Some(Data::String(text)) => text.clone(),
        other => panic!("no text at ({row}, {column}): {other:?}"),
    }
}

fn formula(range: &Range<String>, row: u32, column: u16) -> String {
    range
        .get_value((row, u32::from(column)))
        .cloned()
        .unwrap_or_default()
}

/// Every total of the allocations sheet is a `SUM` formula whose cached value is the
/// model's amount, and the check row says what the model's envelope says.
fn assert_allocations(book: &mut Book, scenario: &Scenario, lang: Lang) {
    let sheet = ALLOCATIONS.get(lang);
    let values = book.values(sheet);
    let formulas = book.formulas(sheet);
    for (row, id) in (rows::FIRST_PROGRAMME..).zip(ProgrammeId::ALL) {
        assert_eq!(text(&values, row, 0), plan::programme(*id).name.get(lang));
        for (column, year) in (1..).zip(Year::ALL) {
            assert_eq!(
                number(&values, row, column),
                figure(scenario.allocation(year, *id), lang)
            );
        }
        assert!(
            formula(&formulas, row, TOTAL_COLUMN).starts_with("SUM("),
            "{id} total"
        );
        assert_eq!(
            number(&values, row, TOTAL_COLUMN),
            figure(scenario.programme_total(*id), lang)
        );
    }
    let mut four_years = Money::default();
    for (column, year) in (1..).zip(Year::ALL) {
        assert_eq!(
            formula(&formulas, rows::YEAR_TOTAL, column),
            format!("SUM({0}2:{0}17)", char::from(b'A' + column as u8))
        );
        assert_eq!(
            number(&values, rows::YEAR_TOTAL, column),
            figure(scenario.year_total(year), lang)
        );
        assert_eq!(
            number(&values, rows::ENVELOPE, column),
            figure(scenario.year_envelope(year), lang)
        );
        assert!(formula(&formulas, rows::CHECK, column).starts_with("IF("));
        four_years += scenario.year_total(year);
    }
    assert!(formula(&formulas, rows::YEAR_TOTAL, TOTAL_COLUMN).starts_with("SUM("));
    assert_eq!(
        number(&values, rows::YEAR_TOTAL, TOTAL_COLUMN),
        figure(four_years, lang)
    );
}

fn checks(book: &mut Book, lang: Lang) -> Vec<String> {
    let values = book.values(ALLOCATIONS.get(lang));
    (1..=TOTAL_COLUMN)
        .map(|column| text(&values, rows::CHECK, column))
        .collect()
}

/// The baseline with `programme` given `more` CNY a year on top of its amount.
fn with_more(name: &str, programme: &str, more: i64) -> Value {
    let mut body = baseline(name);
    let amount: i64 = body["allocations"][programme]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    body["allocations"][programme] = Value::String((amount + more).to_string());
    body
}

fn the_scenario(body: &Value) -> Scenario {
    Scenario::from_json(&body.to_string()).unwrap()
}

/// Every string cell of a sheet.
fn strings(range: &Range<Data>) -> Vec<String> {
    range
        .used_cells()
        .filter_map(|(_, _, cell)| match cell {
            Data::String(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// The text without the plan's English names, which give the Chinese name too on
/// purpose ("Specialised & innovative (专精特新) products").
fn without_names(text: &str) -> String {
    let programmes = plan::PROGRAMMES.iter().map(|def| def.name.en);
    let indicators = INDICATORS.iter().map(|def| def.name.en);
    let kpis = plan::KPIS.iter().map(|def| def.name.en);
    programmes
        .chain(indicators)
        .chain(kpis)
        .fold(text.to_owned(), |text, name| text.replace(name, ""))
}

/// A word of three or more Latin letters: English, not a formula's symbol (α, s, m, T).
fn english_word(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .find(|word| word.len() >= 3)
        .map(str::to_owned)
}

async fn a_stored_scenarios_workbook_has_formula_totals_equal_to_the_model(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = with_more("more patents", "patents", 0);
    let (id, _) = app.create_scenario(&body).await;
    let path = format!("/scenarios/{id}/workbook.xlsx");
    assert_problem(app.get(&path, None).await, StatusCode::UNAUTHORIZED).await;
    let scenario = the_scenario(&body);

    let mut zh = Book::of(app.get(&path, Some(Role::Viewer)).await).await;
    assert_eq!(zh.names(), ["资金安排", "预测", "假设"]);
    assert_allocations(&mut zh, &scenario, Lang::Zh);
    assert_eq!(checks(&mut zh, Lang::Zh), ["平衡"; 5]);

    let mut en = Book::of(
        app.get(&format!("{path}?lang=en"), Some(Role::Viewer))
            .await,
    )
    .await;
    assert_eq!(en.names(), ["allocations", "projections", "assumptions"]);
    assert_allocations(&mut en, &scenario, Lang::En);
    assert_eq!(checks(&mut en, Lang::En), ["balanced"; 5]);

    let problem = assert_problem(
        app.get(&format!("{path}?lang=fr"), Some(Role::Viewer))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(problem.detail.contains("zh"), "{}", problem.detail);
    assert_problem(
        app.get("/scenarios/999999/workbook.xlsx", Some(Role::Viewer))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn the_projection_and_assumption_sheets_are_the_models(backend: Backend) {
    let app = spawn_app(backend).await;
    let scenario = the_scenario(&baseline("x"));
    let projection = shared::project(&scenario);
    for lang in [Lang::Zh, Lang::En] {
        let query = if lang == Lang::En { "?lang=en" } else { "" };
        let response = app
            .post(&format!("/workbook.xlsx{query}"), None, &baseline("x"))
            .await;
        let mut book = Book::of(response).await;
        let values = book.values(PROJECTIONS.get(lang));
        let kpis: Vec<_> = projection.kpis.iter().collect();
        assert_eq!(
            values.height(),
            1 + kpis.len() + INDICATORS.len(),
            "one row a KPI and an indicator, under the header"
        );
        for (row, (def, kpi)) in (1..).zip(&kpis) {
            assert_eq!(text(&values, row, 0), def.name.get(lang));
            assert_eq!(number(&values, row, 3), kpi.result);
            assert_eq!(text(&values, row, 5), kpi.verdict.name().get(lang));
        }
        let first = 1 + kpis.len() as u32;
        for (row, indicator) in (first..).zip(&projection.indicators) {
            assert_eq!(text(&values, row, 5), indicator.verdict.name().get(lang));
            if indicator.target.is_none() {
                assert_eq!(text(&values, row, 2), shared::format::NO_VALUE);
            }
        }
        let values = book.values(ASSUMPTIONS.get(lang));
        let earmarks = plan::PROGRAMMES
            .iter()
            .filter(|def| def.earmark.is_some())
            .count();
        assert_eq!(
            values.height(),
            1 + 1 + earmarks + ParamKey::all().count(),
            "the header, the envelope, the earmarks and every parameter"
        );
        let words = strings(&values);
        let (plan_word, assumption_word) = match lang {
            Lang::Zh => ("规划", "假设"),
            Lang::En => ("PLAN", "ASSUMPTION"),
        };
        assert!(words.iter().any(|word| word == plan_word));
        assert!(words.iter().any(|word| word == assumption_word));
        assert!(words.iter().any(|word| word == plan::ENVELOPE_REFERENCE));
        // One language a workbook: no English word in Chinese, no Chinese in English,
        // and English money in words ("CNY million"), as every English front end writes it.
        for sheet in [ALLOCATIONS, PROJECTIONS, ASSUMPTIONS] {
            for cell in strings(&book.values(sheet.get(lang))) {
                match lang {
                    Lang::Zh => assert_eq!(english_word(&cell), None, "{cell}"),
                    Lang::En => {
                        assert!(!without_names(&cell).chars().any(is_cjk), "{cell}");
                        assert!(!cell.contains("10k"), "{cell}");
                    }
                }
            }
        }
        if lang == Lang::En {
            let envelope = book.values(ASSUMPTIONS.get(lang));
            assert_eq!(number(&envelope, 1, 1), 300.0);
            assert_eq!(text(&envelope, 1, 5), "CNY million a year");
        }
    }
}

async fn an_overspent_scenario_does_not_read_balanced(backend: Backend) {
    let app = spawn_app(backend).await;
    let over = with_more("over", "patents", 10_000_000);
    let mut book = Book::of(app.post("/workbook.xlsx", None, &over).await).await;
    assert_allocations(&mut book, &the_scenario(&over), Lang::Zh);
    assert_eq!(
        checks(&mut book, Lang::Zh),
        ["超支", "超支", "超支", "超支", "不平衡"]
    );
    let values = book.values(PROJECTIONS.get(Lang::Zh));
    assert_eq!(text(&values, 1, 5), "预算未平衡");

    let under = with_more("under", "patents", -10_000_000);
    let response = app.post("/workbook.xlsx?lang=en", None, &under).await;
    let mut book = Book::of(response).await;
    assert_allocations(&mut book, &the_scenario(&under), Lang::En);
    assert_eq!(
        checks(&mut book, Lang::En),
        ["under", "under", "under", "under", "not balanced"]
    );
    let values = book.values(ALLOCATIONS.get(Lang::En));
    assert_eq!(text(&values, 0, 0), "Programme (CNY million)");
    assert_eq!(number(&values, rows::YEAR_TOTAL, 1), 290.0);
    assert_eq!(number(&values, rows::ENVELOPE, 1), 300.0);
}

async fn the_comparison_sheet_is_added_when_asked(backend: Backend) {
    let app = spawn_app(backend).await;
    let moved = with_more("moved", "patents", 1_000_000);
    let (id, _) = app.create_scenario(&moved).await;
    let (other, _) = app.create_scenario(&baseline("other")).await;
    for compare in ["baseline".to_owned(), other.to_string()] {
        let path = format!("/scenarios/{id}/workbook.xlsx?compare={compare}&lang=en");
        let mut book = Book::of(app.get(&path, Some(Role::Viewer)).await).await;
        assert_eq!(
            book.names(),
            ["allocations", "projections", "assumptions", "comparison"]
        );
        let values = book.values(COMPARISON.get(Lang::En));
        let formulas = book.formulas(COMPARISON.get(Lang::En));
        // Patents, 2017: the baseline's CNY 10 million against 11.
        assert_eq!(text(&values, 3, 2), "Compared with (CNY million)");
        let row = 4 + 4 * ProgrammeId::Patents.index() as u32;
        assert_eq!(text(&values, row, 1), "2017");
        assert_eq!(number(&values, row, 2), 10.0);
        assert_eq!(number(&values, row, 3), 11.0);
        assert_eq!(number(&values, row, 4), 1.0);
        assert!(formula(&formulas, row, 4).contains('-'));
    }
    let mut zh = Book::of(
        app.post("/workbook.xlsx?compare=baseline", None, &moved)
            .await,
    )
    .await;
    assert_eq!(zh.names(), ["资金安排", "预测", "假设", "对比"]);
    let values = zh.values(COMPARISON.get(Lang::Zh));
    assert_eq!(
        text(&values, 1, 1),
        "规划基线",
        "the baseline named in the language"
    );
    let row = 4 + 4 * ProgrammeId::Patents.index() as u32;
    assert_eq!(number(&values, row, 2), 1_000.0);
    assert_eq!(number(&values, row, 3), 1_100.0);
    assert_problem(
        app.post(&format!("/workbook.xlsx?compare={other}"), None, &moved)
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
}

async fn a_bad_body_is_the_projections_422(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut bad = baseline("bad");
    bad["allocations"]["patents"] = Value::String("-5".to_owned());
    bad["envelope"] = Value::String("lots".to_owned());
    let projection: ProblemDetails = assert_problem(
        app.post("/projection", None, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let workbook: ProblemDetails = assert_problem(
        app.post("/workbook.xlsx", None, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(workbook, projection);
}

/// LibreOffice recalculates the formulas on its own; its CSV of the allocations sheet
/// must show the model's totals and the balanced check.
async fn libreoffice_reads_the_same_totals(backend: Backend) {
    let Some(soffice) = which("soffice") else {
        println!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    let app = spawn_app(backend).await;
    let response = app
        .post("/workbook.xlsx?lang=en", None, &baseline("lo"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    // One folder per server: both back ends' tests run at once.
    let port = app
        .address
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_owned();
    let folder = std::env::temp_dir().join(format!("workbook-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let file = folder.join("book.xlsx");
    std::fs::write(&file, &bytes).unwrap();
    let status = std::process::Command::new(soffice)
        // Comma-separated, quoted text, UTF-8 (76): the sheet holds `§`.
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
        ])
        // Its own profile, so the two runs do not meet in one LibreOffice instance.
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            folder.display()
        ))
        .arg("--outdir")
        .arg(&folder)
        .arg(&file)
        .status()
        .unwrap();
    assert!(status.success());
    let csv = std::fs::read_to_string(folder.join("book.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    let total = lines[rows::YEAR_TOTAL as usize];
    assert!(total.contains(",300,"), "{total}");
    assert!(lines[rows::CHECK as usize].contains("balanced"), "{csv}");
    std::fs::remove_dir_all(&folder).ok();
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|folder| folder.join(program))
            .find(|path| path.is_file())
    })
}

crate::on_both_backends!(
    a_stored_scenarios_workbook_has_formula_totals_equal_to_the_model,
    the_projection_and_assumption_sheets_are_the_models,
    an_overspent_scenario_does_not_read_balanced,
    the_comparison_sheet_is_added_when_asked,
    a_bad_body_is_the_projections_422,
    libreoffice_reads_the_same_totals,
);
