//! `planner chart`: one of the product's charts as SVG or PNG, the same drawing as in
//! the browser.

use anyhow::{Result, bail};
use server::render::{self, Format};

use super::{ChartArgs, load_pair, write_file};

/// Draws the chart to the file, or to standard output for an SVG.
pub(super) fn run(args: ChartArgs) -> Result<String> {
    let (scenario, compare) = load_pair(args.scenario.as_deref(), args.compare.as_deref())?;
    let request = render::Request {
        width: args.width,
        height: args.height,
        indicator: args.indicator.unwrap_or_else(render::default_indicator),
        ..render::Request::new(args.chart, &scenario, compare.as_ref(), args.lang)
    };
    let (bytes, _) = render::render(&request, args.format)?;
    match args.output {
        Some(path) => write_file(&path, &bytes),
        None if args.format == Format::Svg => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        None => bail!("a PNG needs --output FILE"),
    }
}
