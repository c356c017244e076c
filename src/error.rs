use thiserror::Error as ThisError;

/// Everything that can go wrong in the facade.
///
/// Errors from the crates below are wrapped and keep their context (file,
/// feature index, property).
///
/// # Examples
///
/// ```
/// use sightline::prelude::*;
/// use geo_types::coord;
///
/// let scenario = Scenario::new(vec![DemandPoint::new(coord! { x: 0.0, y: 0.0 }, 1.0)], vec![]);
/// let err = plan(&scenario, &PlanRequest::new(1, Circular::new(50.0)?)).unwrap_err();
/// assert!(matches!(err, Error::NoSites));
/// # Ok::<(), sightline::coverage::Error>(())
/// ```
#[derive(Debug, ThisError)]
#[non_exhaustive]
pub enum Error {
    /// Reading, projecting or writing files failed.
    #[error(transparent)]
    Io(#[from] sightline_io::Error),
    /// Invalid camera-model parameters.
    #[error(transparent)]
    Coverage(#[from] sightline_coverage::Error),
    /// A demand surface cannot be built as asked.
    #[error(transparent)]
    Demand(#[from] sightline_demand::Error),
    /// The solver rejected the instance.
    #[error(transparent)]
    Solve(#[from] sightline_solve::Error),
    /// A study refused before any file was read (see
    /// [`Study::validate`](crate::study::Study::validate)).
    #[error(transparent)]
    Study(#[from] crate::study::StudyError),
    /// A study file that is not a study, or whose study is refused (see
    /// [`parse_study_file`](crate::study::parse_study_file)): the message
    /// names the file and, in TOML, the line.
    #[error("{message}")]
    StudyFile {
        /// What is wrong, and where.
        message: String,
    },
    /// Every demand point weighs 0: there is nothing to cover, and a plan
    /// of no camera would be called optimal.
    #[error("{}every demand point weighs 0, so there is nothing to cover", .file.as_ref().map(|f| format!("{}: ", f.display())).unwrap_or_default())]
    NothingToCover {
        /// The demand layer's file, when the demand came from one.
        file: Option<std::path::PathBuf>,
    },
    /// A records layer of which no record is demand (none placed, or
    /// every placed one weighing 0), and no other demand.
    #[error("{}: no record is demand: {why}", .file.display())]
    NoRecordDemand {
        /// The records' file.
        file: std::path::PathBuf,
        /// The counts that say why (never a record's text).
        why: String,
    },
    /// A demand grid that keeps no cell.
    #[error(
        "the demand grid of {cell_m} m cells keeps no cell: {outside} lie outside every district and {empty} weigh nothing{}",
        if *.outside > 0 { " (do the demand points lie in the districts?)" } else { "" }
    )]
    EmptyGrid {
        /// The cell size, metres.
        cell_m: f64,
        /// Cells left out because their centre lies in no district.
        outside: usize,
        /// Cells left out because they weigh nothing.
        empty: usize,
    },
    /// A study without an objective was asked for a plan.
    #[error("the study has no objective: give cameras, budget or target_coverage")]
    NoObjective,
    /// A map or chart could not be drawn.
    #[error(transparent)]
    Render(#[from] sightline_render::Error),
    /// The scenario has no demand points.
    #[error("the scenario has no demand points")]
    NoDemand,
    /// The scenario has no candidate sites.
    #[error("the scenario has no candidate sites")]
    NoSites,
    /// Zero cameras were requested.
    #[error("the number of cameras must be at least 1")]
    NoCameras,
    /// More cameras were requested than there are candidate sites.
    #[error("{requested} cameras were requested but there are only {sites} candidate sites")]
    TooManyCameras {
        /// Cameras requested.
        requested: usize,
        /// Candidate sites available.
        sites: usize,
    },
    /// A coordinate is NaN or infinite.
    #[error("{layer} {index} has a non-finite coordinate ({x}, {y})")]
    BadCoordinate {
        /// Which layer ("demand point", "candidate site", ...).
        layer: &'static str,
        /// Index within the layer.
        index: usize,
        /// The x coordinate.
        x: f64,
        /// The y coordinate.
        y: f64,
    },
    /// A demand weight is negative, NaN or infinite.
    #[error("demand point {index} has weight {weight}; weights must be finite and not negative")]
    BadWeight {
        /// Index of the demand point.
        index: usize,
        /// The weight found.
        weight: f64,
    },
    /// The demand weights are each finite but their total is not.
    #[error("the demand weights add up to {total}, beyond what a 64-bit float holds; scale them down")]
    TotalWeightOverflow {
        /// The (infinite) total.
        total: f64,
    },
    /// A candidate site's cost is zero, negative, NaN or infinite.
    #[error("candidate site {index} (`{id}`) costs {cost}; costs must be finite and greater than 0")]
    BadCost {
        /// Index of the site.
        index: usize,
        /// Its id.
        id: String,
        /// The cost found.
        cost: f64,
    },
    /// A value read from a layer has the right type but cannot be used
    /// there: a site cost of 0, an existing camera's field of view of
    /// 400°, two headings for one existing camera.
    #[error(
        "{} {feature} in {}: {} `{property}` is {found}, expected {expected}",
        if *.csv { "row" } else { "feature" },
        .path.display(),
        if *.csv { "column" } else { "property" }
    )]
    LayerValue {
        /// The file.
        path: std::path::PathBuf,
        /// The 0-based index of the feature, or for a CSV file its row as
        /// a spreadsheet numbers it (the header is row 1).
        feature: usize,
        /// Whether the file is a CSV file (rows and columns, not features
        /// and properties).
        csv: bool,
        /// The property or column.
        property: String,
        /// The value found.
        found: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A coverage target outside (0, 1].
    #[error("the coverage target is {fraction}; it must be a fraction greater than 0 and at most 1")]
    BadTarget {
        /// The fraction given.
        fraction: f64,
    },
    /// A rule names a site id that no candidate site has.
    #[error("no candidate site has the id `{id}`")]
    UnknownSite {
        /// The id given.
        id: String,
    },
    /// A site label property (`--site-label`) that no site has.
    #[error(
        "{}: no site has the property `{property}` to label sites with (--site-label); the sites' properties are {properties}",
        .file.display()
    )]
    UnknownLabel {
        /// The sites' file.
        file: std::path::PathBuf,
        /// The property asked for.
        property: String,
        /// The properties the sites have, listed: `` `name`, `addr` ``.
        properties: String,
    },
    /// A column of the records layer (`--record-text`, `--record-time`,
    /// `--record-address`, `--record-weight`) that its file lacks.
    #[error(
        "{}: no column or property `{column}` in the records; name the records' columns with --record-text, --record-time, --record-address and --record-weight (text, time, address and weight in a study's records layer)",
        .file.display()
    )]
    MissingRecordColumn {
        /// The records' file.
        file: std::path::PathBuf,
        /// The column named.
        column: String,
    },
    /// An address table (`--geocode-with`) without the address column
    /// named, or without any column recognised as an address.
    #[error(
        "{}: no address column {looked_for} to place records by (--geocode-with FILE:COLUMN); the table's columns are {properties}",
        .file.display()
    )]
    NoAddressColumn {
        /// The table's file.
        file: std::path::PathBuf,
        /// What was looked for.
        looked_for: String,
        /// The columns the table has, listed.
        properties: String,
    },
    /// A category file that cannot be used.
    #[error("{}: {source}", .file.display())]
    Categories {
        /// The category file.
        file: std::path::PathBuf,
        /// What is wrong in it.
        source: sightline_demand::records::CategoryError,
    },
    /// A minimum spacing that is negative or not finite.
    #[error("the minimum spacing is {spacing_m} m; it must be a finite number of metres, 0 or more")]
    BadSpacing {
        /// The value given.
        spacing_m: f64,
    },
    /// An existing camera's heading is not finite or its field of view is
    /// outside `(0, 360]`.
    #[error(
        "existing camera {index} has heading {heading}° and field of view {fov}°; the heading must be finite and the field of view more than 0 and at most 360"
    )]
    BadExistingView {
        /// The camera's index.
        index: usize,
        /// Its heading, degrees.
        heading: f64,
        /// Its field of view, degrees.
        fov: f64,
    },
    /// A candidate site's allowed headings are empty or not finite.
    #[error(
        "candidate site {index} (`{id}`) lists no headings, or one that is not a finite number of degrees"
    )]
    BadSiteHeadings {
        /// The site's index.
        index: usize,
        /// The site's id.
        id: String,
    },
    /// A backup weight outside `[0, 1]`.
    #[error(
        "the backup weight is {weight}; it must lie between 0 and 1 (a second camera counts at most as much as the first)"
    )]
    BadBackupWeight {
        /// The weight given.
        weight: f64,
    },
    /// The budget does not buy even the cheapest camera.
    #[error("the budget {budget} buys no camera: the cheapest, at site `{site}`, costs {cheapest}")]
    BudgetBelowCheapest {
        /// The budget given.
        budget: f64,
        /// The cheapest camera's cost.
        cheapest: f64,
        /// The site of the cheapest camera.
        site: String,
    },
    /// Building the coverage (or a demand surface) would take more memory
    /// than the [`MemoryLimit`](crate::memory::MemoryLimit) allows; nothing
    /// was built.
    #[error(
        "{what} would need {} {}, more than the memory limit ({source_of_limit}); {hint}",
        if *at_least { "at least" } else { "about" },
        crate::memory::format_bytes(*needed)
    )]
    MemoryLimit {
        /// Estimated bytes.
        needed: u64,
        /// True when the estimate stopped early, sure to be over the
        /// limit: `needed` is then a lower bound.
        at_least: bool,
        /// The limit, in bytes.
        limit: u64,
        /// What would be built, with its size ("the coverage of 1.9e9
        /// (option, demand point) pairs ...").
        what: String,
        /// The limit and where it comes from ("11.7 GiB, half of the 23.4
        /// GiB of memory").
        source_of_limit: String,
        /// What to change.
        hint: String,
    },
    /// A name that is no [`OutputKind`](crate::output::OutputKind)'s file
    /// name.
    #[error(
        "unknown output file `{name}`; expected one of {}",
        crate::output::file_names()
    )]
    UnknownOutputFile {
        /// The name given.
        name: String,
    },
    /// A basemap for `report.html` on layers that have no geographic
    /// reference (planar coordinates): they cannot be drawn in longitude
    /// and latitude over map tiles.
    #[error(
        "--basemap (a study's [outputs] basemap) draws report.html in longitude and latitude over map tiles, but these layers have no geographic coordinate system ({reason}); leave the basemap out, or give the layers' real coordinate system (--crs EPSG:…)"
    )]
    BasemapNotGeographic {
        /// Why the plane cannot be converted to longitude and latitude.
        reason: String,
    },
    /// A coverage target with district quotas, spacing, forced sites or a
    /// budget: its solver (minimum-cost set covering) keeps none of them.
    #[error(
        "a coverage target cannot be combined with district quotas, spacing, forced sites or a budget; ask for a number of cameras or a budget instead"
    )]
    TargetWithRules,
    /// A coverage target where some site has several camera options
    /// (types or headings) to choose from.
    #[error(
        "a coverage target needs one camera option per site, but some sites have several camera types or headings to choose from"
    )]
    TargetWithChoices,
    /// A coverage target with a backup weight.
    #[error("a coverage target cannot be combined with a backup weight")]
    TargetWithBackup,
    /// Demand by period whose vectors do not match the demand.
    #[error("demand by period: {found} {what}, expected {expected}")]
    PeriodsMismatch {
        /// What does not match.
        what: String,
        /// How many there are.
        found: usize,
        /// How many there should be.
        expected: usize,
    },
    /// A period's weight of a demand point that is negative or not finite.
    #[error(
        "period `{period}` gives a demand point the weight {weight}; weights must be finite and not negative"
    )]
    BadPeriodWeight {
        /// The period.
        period: String,
        /// The weight.
        weight: f64,
    },
    /// A period whose demand weighs nothing: its covered fraction means
    /// nothing.
    #[error("period `{period}` ({hours}) has no demand: no layer weighs anything at its hours")]
    NoPeriodDemand {
        /// The period.
        period: String,
        /// Its hours.
        hours: String,
    },
    /// A goal periods cannot be combined with.
    #[error(
        "plans across periods maximise coverage with a number of cameras or a budget; {what} cannot be combined with periods"
    )]
    PeriodsWith {
        /// What: a coverage target, a backup weight, a minimum gain.
        what: &'static str,
    },
    /// An hourly population table of which no row joins a district.
    #[error("{}: no row of the population table joins a district: {why}", .file.display())]
    NoPopulationJoined {
        /// The table.
        file: std::path::PathBuf,
        /// The counts that say why.
        why: String,
    },
    /// A periods objective for a scenario without periods.
    #[error("--periods-objective needs periods (--period NAME:HOURS[:WEIGHT] or [[period]])")]
    PeriodsObjectiveWithoutPeriods,
    /// A site forced in where no camera type can be used.
    #[error("site `{id}` is forced in, but no camera type can be used there")]
    ForcedSiteUnusable {
        /// The site's id.
        id: String,
    },
    /// A site forced in that has several camera options to choose from.
    #[error(
        "site `{id}` is forced in, but it has several headings or camera types to choose from; a forced site needs exactly one"
    )]
    ForcedSiteAmbiguous {
        /// The site's id.
        id: String,
    },
    /// District quotas without a district layer.
    #[error("district quotas need districts, and the scenario has none")]
    QuotasWithoutDistricts,
    /// Existing-camera views given for a different number of cameras.
    #[error("{views} existing-camera views for {cameras} existing cameras")]
    ExistingViewsMismatch {
        /// Views given.
        views: usize,
        /// Existing cameras.
        cameras: usize,
    },
    /// Two candidate sites share an id.
    #[error("site id `{id}` is used by candidate sites {first} and {second}; site ids must be unique")]
    DuplicateSiteId {
        /// The repeated id.
        id: String,
        /// Index of the first site with that id.
        first: usize,
        /// Index of the second.
        second: usize,
    },
}
