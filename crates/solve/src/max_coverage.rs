//! Maximum coverage with a certificate: reduce, greedy, local search,
//! Lagrangian bound, branch and bound.

mod budget;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::branch_and_bound::{Limits, Outcome as SearchOutcome, search};
use crate::branch_and_cut::{Outcome as CutOutcome, branch_and_cut, conflict_cliques};
use crate::constraints::constrained_greedy;
use crate::deadline::{Deadline, Stop};
use crate::incumbent::Incumbent;
use crate::lagrangian::{Model, improvement_threshold, runs_on_one_thread, upper_bound, warm_upper_bound};
use crate::local_search::{SwapLimits, improve_with};
use crate::reduce::{Reduction, merge_demand, reduce};
use crate::window::window_search;
use crate::{Error, Instance, SideConstraints, Solution, lazy_greedy};
use budget::Budget;

/// How hard to work for a plan.
///
/// A method has one name everywhere: `greedy`, `local`, `exact` or `auto`,
/// its [`Display`](fmt::Display) and [`FromStr`] form, the CLI's
/// `--solver` value, a study's `[solver] method` and `summary.json`'s
/// `solver`. `local-search` is read as `local` too.
///
/// # Examples
///
/// ```
/// use sightline_solve::Method;
///
/// let method: Method = "exact".parse().unwrap();
/// assert_eq!(method, Method::Exact);
/// assert_eq!(Method::LocalSearch.to_string(), "local");
/// assert_eq!("local-search".parse::<Method>(), Ok(Method::LocalSearch));
/// for method in Method::ALL {
///     assert_eq!(method.to_string().parse::<Method>(), Ok(method));
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Lazy greedy, then a bound.
    Greedy,
    /// Greedy followed by swap local search, then a bound.
    LocalSearch,
    /// Local search, then branch and bound until optimality is proven or
    /// the time limit is reached: how far it gets depends on the machine's
    /// speed. For maximum coverage without backup weights (side
    /// constraints included: the budget, quotas and conflicts are rows of
    /// its LP) with no node or effort limit, on instances whose LP is
    /// small enough (at most 100,000 columns and rows, or the branch and
    /// bound keeps to one thread), branch and cut on the LP relaxation
    /// (the crate's own simplex, odd-cycle cuts, reduced-cost fixing) runs
    /// beside it on another thread: each prunes against the better plans
    /// the other finds, the first to prove the optimum stops the other,
    /// and the report takes the better plan and the lower bound of the
    /// two. Maximum coverage without backup weights, under no side
    /// constraints or rules on pairs only (camera types, spacing), where
    /// that branch and cut does not run (its LP too large, an effort or
    /// node limit, one thread) first gets the window search: a few nearby
    /// cameras at a time placed again by branch and cut on their
    /// neighbourhood (then with one of the cameras that cover least on
    /// their own freed beside them, wherever it lies), until no window
    /// improves the plan (or three quarters of the time limit); then a
    /// long smoothed descent of the Lagrangian bound around the plan
    /// (2,000 passes over the entries; on the large demo city it ends
    /// within 2 of the LP relaxation's value, where the search's
    /// subgradient steps stall 13 above it), before the search.
    Exact,
    /// As `Exact`, but every stage stops at a budget that depends only on
    /// the instance: the same plan on any machine unless the time limit
    /// comes first. The branch and bound stops after [`AUTO_WORK`] divided
    /// by the reduced instance's coverage entries nodes (at least 16).
    /// For plain maximum coverage (no side constraints, no backup
    /// weights, no node limit) whose LP is small enough (options plus
    /// twice the demand groups at most 30,000: medium cities), the search
    /// first takes a short look (16 nodes, 200 passes over the entries),
    /// which proves the instances whose relaxation has no gap; if it does
    /// not, branch and cut runs to [`AUTO_CUT_WORK`] (or nine tenths of the
    /// effort left, if less), and the search again only if that did not
    /// prove the optimum, with the nodes the first look left (on a second
    /// thread at once when the thread pool has two, stopped by the branch
    /// and cut's proof: the same answer as one after the other). Plain
    /// maximum coverage where that branch and cut does not run (its LP is
    /// larger: the large demo city; or a node limit) gets the window
    /// search first, as under `Exact`, to [`AUTO_WINDOW_WORK`], and the
    /// long descent of the bound to [`AUTO_FINAL_BOUND_WORK`] (see
    /// [`MaxCoverage::effort`] with an effort; its windows are solved in
    /// parallel but applied in a fixed order: the same plan whatever the
    /// thread count).
    /// The proven optimum when the budgets suffice, else the best plan
    /// with its proven gap.
    Auto,
}

impl Method {
    /// Every method, in the order their names are listed.
    pub const ALL: [Method; 4] = [Method::Greedy, Method::LocalSearch, Method::Exact, Method::Auto];
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Greedy => "greedy",
            Method::LocalSearch => "local",
            Method::Exact => "exact",
            Method::Auto => "auto",
        })
    }
}

impl FromStr for Method {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "greedy" => Ok(Method::Greedy),
            "local" | "local-search" => Ok(Method::LocalSearch),
            "exact" => Ok(Method::Exact),
            "auto" => Ok(Method::Auto),
            other => {
                let names: Vec<String> = Method::ALL.iter().map(Method::to_string).collect();
                Err(format!(
                    "unknown solver `{other}`; expected one of {} (local-search is local)",
                    names.join(", ")
                ))
            }
        }
    }
}

/// Subgradient steps from `λ = w` after local search, where the dual-ascent
/// start does not apply (backup weights, a budget), and where they are
/// cheap (at most [`COLD_WORK`]) for the other plans they meet.
const BOUND_ITERATIONS: usize = 1000;
/// Work (coverage entries read) of the steps from `λ = w` below which they
/// run after a warm-started bound too (the medium demo city, not the
/// large one).
const COLD_WORK: u64 = 200_000_000;

/// The effort of a default plan ([`MaxCoverage::effort`]), in coverage
/// entries read: about 2.5 s of solving for the xlarge demo city (1,000,000
/// demand points, 100,000 sites) on a 2-core laptop; enough for
/// [`Method::Auto`]'s branch and cut to prove the medium demo city
/// (20,000 demand points, 3,000 sites, 100 cameras), whose relaxation has
/// a real gap.
pub const DEFAULT_EFFORT: u64 = 2_000_000_000;

/// The branch-and-bound budget of [`Method::Auto`], in coverage entries
/// visited: a node costs about one pass of subgradient steps over the
/// reduced instance's entries, so the node budget is this divided by the
/// entries. About a second of search on a 2-core laptop for 20,000 demand
/// points and 3,000 sites (117,000 entries, 427 nodes); small instances
/// get thousands of nodes and are usually proven optimal.
pub const AUTO_WORK: u64 = 50_000_000;

/// The node budget of [`Method::Auto`] for an instance with `entries`
/// coverage entries.
fn auto_nodes(entries: usize) -> u64 {
    (AUTO_WORK / entries.max(1) as u64).max(16)
}
/// The branch-and-cut budget of [`Method::Auto`], in entries read by its
/// simplex: each pivot counts the columns and rows it prices plus the
/// entries of the LU factors and of the updates since (about 480 million
/// a second on the medium demo city on a 2-core laptop, so about 4 s).
/// The medium demo city (20,000 demand points, 3,000 sites, r = 100 m,
/// 100 cameras: an LP of 21,485 columns and rows after reduction) is
/// proven with about 0.9 billion of it (1.0 billion for the whole solve,
/// local search and bounds included).
pub const AUTO_CUT_WORK: u64 = 2_000_000_000;

/// The window search's work at most under [`Method::Auto`] without an
/// effort limit: five quarters of [`DEFAULT_EFFORT`] (the allowance it
/// has under the default effort), about 3 s on the large demo city (where
/// 1.42 billion finish its windows of 3 to 6 neighbours, and 2.04 billion
/// those with a far camera too).
pub const AUTO_WINDOW_WORK: u64 = DEFAULT_EFFORT / 4 * 5;

/// The work of the long descent of the bound after the window search (see
/// [`Method::Exact`]) at most under [`Method::Auto`] without an effort
/// limit: three quarters of [`DEFAULT_EFFORT`], about as much as it has
/// under the default effort on the large demo city (1.32 billion there).
pub const AUTO_FINAL_BOUND_WORK: u64 = DEFAULT_EFFORT / 4 * 3;

/// Nodes of the search's first look under [`Method::Auto`], before the
/// branch and cut: enough for the instances whose relaxation has no gap.
const FIRST_LOOK_NODES: u64 = 16;
/// The first look's work at most, in passes over the reduced instance's
/// entries (and a sixteenth of the effort left at most).
const FIRST_LOOK_PASSES: u64 = 200;

/// The largest LP (columns plus rows) on which [`Method::Auto`] runs
/// branch and cut: above it the root LP alone outlasts the budget.
const AUTO_CUT_MAX_SIZE: usize = 30_000;

/// The largest LP (columns plus rows) on which [`Method::Exact`] runs
/// branch and cut beside a search that has several threads (and so gives
/// one up to it). Medium demo city with camera types, 30 s limit: 4
/// headings (an LP of 39,200) and 8 headings plus a dome (54,922) both
/// ended with smaller gaps with it than without; the large demo city
/// (192,843) is above it.
const EXACT_CUT_MAX_SIZE: usize = 100_000;

/// The size of the branch and cut's LP on `instance`: a column per
/// option and per demand group, a row per group and the count's, and
/// under `rules` a row for the budget, each district (at most) and each
/// clique of conflicting options.
fn lp_size(instance: &Instance, rules: Option<&SideConstraints>) -> usize {
    let side = rules.map_or(0, |r| {
        1 + r.n_districts() + conflict_cliques(r, r.n_options()).len()
    });
    instance.n_options() + 2 * instance.matrix().n_demand() + 1 + side
}

/// What a branch and cut runs on: the reduced instance, the count, the
/// side constraints, the starting plan and the deadline.
struct Cutting<'a> {
    reduced: &'a Instance,
    count: usize,
    rules: Option<&'a SideConstraints>,
    start: &'a [u32],
    deadline: &'a Deadline,
}

impl Cutting<'_> {
    /// Branch and cut until `stop` is raised, the deadline passes or the
    /// work reaches `max_work`, sharing its plans through `shared`.
    fn run(&self, stop: Option<&Stop>, max_work: u64, shared: Option<&Incumbent>) -> CutOutcome {
        let deadline = match stop {
            Some(stop) => self.deadline.or_when(stop),
            None => self.deadline.clone(),
        };
        branch_and_cut(
            self.reduced,
            self.count,
            self.rules,
            self.start,
            deadline,
            max_work,
            shared,
        )
    }

    /// As [`run`](Self::run), raising `done` when it proves the optimum.
    fn run_announcing(
        &self,
        stop: Option<&Stop>,
        max_work: u64,
        shared: Option<&Incumbent>,
        done: &Stop,
    ) -> CutOutcome {
        let found = self.run(stop, max_work, shared);
        if found.proven {
            done.raise();
        }
        found
    }
}

/// Branch and cut on another thread beside `search`: the first to prove
/// the optimum stops the other (`search` is given the flag that stops
/// it), and each prunes against the better plans the other publishes
/// (`search` is given the shared plan). How far each got depends on the
/// machine's speed. A panic in the branch and cut is a bug in it, not in
/// the plan: the search's answer then stands alone.
fn race(
    cutting: &Cutting<'_>,
    search: impl FnOnce(&Stop, Arc<Incumbent>) -> SearchOutcome,
) -> (Option<SearchOutcome>, Option<CutOutcome>) {
    let done = Stop::new();
    let shared = Arc::new(Incumbent::new());
    std::thread::scope(|scope| {
        let cut = scope.spawn(|| cutting.run_announcing(Some(&done), u64::MAX, Some(&shared), &done));
        let outcome = search(&done, Arc::clone(&shared));
        if outcome.proven {
            done.raise();
        }
        (Some(outcome), cut.join().ok())
    })
}

/// Branch and cut to at most `max_work` (see [`AUTO_CUT_WORK`]), then,
/// unless it proved the optimum, `search`: the search's outcome is `None`
/// when the branch and cut proved it. With `parallel`, the two run at
/// once on two threads and the branch and cut's proof stops the search
/// (whose outcome is then dropped): the same answer as one after the
/// other, sooner.
fn cut_first(
    cutting: &Cutting<'_>,
    max_work: u64,
    parallel: bool,
    search: impl FnOnce(&Stop) -> SearchOutcome,
) -> (Option<SearchOutcome>, CutOutcome) {
    if !parallel {
        let found = cutting.run(None, max_work, None);
        if found.proven {
            return (None, found);
        }
        return (Some(search(&Stop::new())), found);
    }
    let done = Stop::new();
    std::thread::scope(|scope| {
        let cut = scope.spawn(|| cutting.run_announcing(None, max_work, None, &done));
        let outcome = search(&done);
        let found = cut
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        if found.proven {
            (None, found)
        } else {
            (Some(outcome), found)
        }
    })
}

/// The search's first look merged with its second one, if any, on
/// `instance`: the better plan (the second's on a tie), the lower bound,
/// the nodes of both; the work of the second only (the caller counted the
/// first's).
fn second_look(instance: &Instance, first: SearchOutcome, second: Option<SearchOutcome>) -> SearchOutcome {
    let Some(second) = second else {
        return SearchOutcome { work: 0, ..first };
    };
    let chosen = if instance.value(&first.chosen) > instance.value(&second.chosen) {
        first.chosen
    } else {
        second.chosen
    };
    SearchOutcome {
        chosen,
        upper_bound: first.upper_bound.min(second.upper_bound),
        proven: second.proven,
        nodes: first.nodes + second.nodes,
        work: second.work,
    }
}

/// Passes of the warm-started certificate after local search (smoothed
/// steps, two passes each: they converge far faster than the subgradient
/// steps from `λ = w`).
const WARM_BOUND_ITERATIONS: usize = 300;
/// Greedy is the fast method: its certificate gets a few passes (smoothed
/// steps) after the dual ascent's warm start (a looser bound, in a
/// fraction of the time).
const GREEDY_BOUND_ITERATIONS: usize = 30;
/// Passes of the bound certifying the window search's plan (where no
/// branch and cut runs): enough steps for the precise schedule (see
/// `smoothed::PRECISE_STEPS`).
const FINAL_BOUND_ITERATIONS: usize = 2000;
/// Local-search swaps at most.
const MAX_SWAPS: usize = 100_000;

/// Maximum coverage with `count` options, solved by a [`Method`] and
/// certified by an upper bound.
///
/// # Examples
///
/// ```
/// use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method};
///
/// // Greedy takes the middle option first and is stuck at 5 of 6.
/// let matrix = CoverageMatrix::from_rows(6, [vec![0, 1, 2], vec![1, 2, 3, 4], vec![3, 4, 5]])?;
/// let instance = Instance::new(matrix, vec![1.0; 6])?;
/// let greedy = MaxCoverage::new(2).method(Method::Greedy).solve(&instance)?;
/// assert_eq!(greedy.solution.objective(), 5.0);
/// let exact = MaxCoverage::new(2).method(Method::Exact).solve(&instance)?;
/// assert_eq!(exact.solution.objective(), 6.0);
/// assert!(exact.proven_optimal);
/// assert_eq!(exact.gap, 0.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MaxCoverage {
    count: usize,
    method: Method,
    time_limit: Duration,
    node_limit: Option<u64>,
    effort: Option<u64>,
    rules: Option<SideConstraints>,
    stop: Option<Stop>,
}

impl MaxCoverage {
    /// Choose at most `count` options. Defaults: [`Method::Auto`], a 10 s
    /// time limit, no node limit.
    pub fn new(count: usize) -> Self {
        Self {
            count,
            method: Method::Auto,
            time_limit: Duration::from_secs(10),
            node_limit: None,
            effort: None,
            rules: None,
            stop: None,
        }
    }

    /// The stop flag, if any.
    pub(crate) fn stop_flag(&self) -> Option<&Stop> {
        self.stop.as_ref()
    }

    /// A flag another thread may raise to end the solve early, as if its
    /// time limit had passed (see [`Stop`]): the plan and bound found so
    /// far stay valid, and the report's `time_limit_reached` is true.
    pub fn stop(mut self, stop: Stop) -> Self {
        self.stop = Some(stop);
        self
    }

    /// Side constraints every plan must follow (forced options,
    /// conflicts, district quotas).
    pub fn constraints(self, rules: SideConstraints) -> Self {
        Self {
            rules: Some(rules).filter(|r| !r.is_empty()),
            ..self
        }
    }

    /// The method.
    pub fn method(self, method: Method) -> Self {
        Self { method, ..self }
    }

    /// Wall-clock limit for the whole solve. Local search stops between
    /// two swaps at half of it (at all of it for [`Method::LocalSearch`]'s
    /// second run, at three quarters for the exact methods'), the bound's
    /// subgradient steps and the exact search when it passes: the plan so
    /// far and the bound found so far stay valid. Only the reductions and
    /// greedy always finish (one pass over the instance each). A solve cut by
    /// the clock may return a different plan and bound on a faster or
    /// slower machine; use [`node_limit`](Self::node_limit) for limits that
    /// give the same answer everywhere.
    pub fn time_limit(self, time_limit: Duration) -> Self {
        Self { time_limit, ..self }
    }

    /// Limit on branch-and-bound nodes (deterministic, unlike the clock).
    pub fn node_limit(self, nodes: u64) -> Self {
        Self {
            node_limit: Some(nodes),
            ..self
        }
    }

    /// Limit on the work of the solve's stages, counted in coverage entries
    /// read (of the reduced instance): local search's evaluations, the
    /// bound's steps (one or two passes over the entries each), branch
    /// and bound's nodes (as many), and under [`Method::Auto`] the branch
    /// and cut's simplex pivots (see [`AUTO_CUT_WORK`]). Work is counted
    /// the same way on every machine and with any number of threads, so a
    /// solve that stops at its effort gives the same plan and bound
    /// everywhere; the time limit stays a ceiling
    /// ([`CoverageReport::time_limit_reached`] says when it was reached).
    /// Local search gets up to half of the effort, the bound and a second
    /// local search most of the rest, branch and bound (and branch and cut,
    /// up to nine tenths of it) what is left. Where the window search runs
    /// (see [`Method::Auto`]) it has five quarters of the effort on top,
    /// counted in entries read to build and bound its windows and in their
    /// branch and cut's simplex work (the report's work includes it; a
    /// batch of windows may end a little past it, the same on every
    /// machine), and the long descent of the bound after it up to three
    /// quarters of the effort left, before the search. [`DEFAULT_EFFORT`]
    /// is a few seconds of work on a 2-core laptop for a million demand
    /// points.
    ///
    /// # Examples
    ///
    /// ```
    /// use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method};
    ///
    /// let matrix = CoverageMatrix::from_rows(6, [vec![0, 1, 2], vec![1, 2, 3, 4], vec![3, 4, 5]])?;
    /// let instance = Instance::new(matrix, vec![1.0; 6])?;
    /// let little = MaxCoverage::new(2).method(Method::Exact).effort(1).solve(&instance)?;
    /// let enough = MaxCoverage::new(2).method(Method::Exact).effort(1_000_000).solve(&instance)?;
    /// // With no work to spare: a plan (greedy's, or the relaxation's
    /// // choice when better) with a valid bound.
    /// assert!(little.upper_bound >= 6.0 && little.solution.objective() >= 5.0);
    /// assert!(enough.proven_optimal && !enough.time_limit_reached);
    /// assert_eq!(enough.solution.objective(), 6.0);
    /// # Ok::<(), sightline_solve::Error>(())
    /// ```
    pub fn effort(self, work: u64) -> Self {
        Self {
            effort: Some(work),
            ..self
        }
    }

    /// The side constraints, if any.
    pub(crate) fn rules(&self) -> Option<&SideConstraints> {
        self.rules.as_ref()
    }

    /// The method.
    pub(crate) fn chosen_method(&self) -> Method {
        self.method
    }

    /// The number of options asked for.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The wall-clock limit.
    pub(crate) fn limit(&self) -> Duration {
        self.time_limit
    }

    /// A stage's work at most: `with_effort` (computed from the effort)
    /// under an effort limit; under [`Method::Auto`] without one, the fixed
    /// `auto_fixed`, so that the plan does not depend on the machine's
    /// speed; otherwise none (the time limit stops it).
    fn allowance(&self, with_effort: u64, auto_fixed: u64) -> u64 {
        match (self.effort, self.method) {
            (Some(_), _) => with_effort,
            (None, Method::Auto) => auto_fixed,
            (None, _) => u64::MAX,
        }
    }

    /// The node limit of the search on `reduced`: the caller's, and for
    /// [`Method::Auto`] at most its budget.
    fn max_nodes(&self, reduced: &Instance) -> Option<u64> {
        match self.method {
            Method::Auto => {
                let budget = auto_nodes(reduced.matrix().nnz());
                Some(self.node_limit.map_or(budget, |limit| limit.min(budget)))
            }
            _ => self.node_limit,
        }
    }

    /// Solves `instance`.
    ///
    /// The solution's options are original option indices, ordered as the
    /// greedy algorithm would pick them from the chosen set, with each
    /// one's marginal gain.
    ///
    /// # Errors
    ///
    /// [`Error::TooManyRequested`] if `count` exceeds the number of options.
    pub fn solve(&self, instance: &Instance) -> Result<CoverageReport, Error> {
        let started = Instant::now();
        if self.count > instance.n_options() {
            return Err(Error::TooManyRequested {
                requested: self.count,
                available: instance.n_options(),
            });
        }
        let rules = self.rules.as_ref();
        if let Some(rules) = rules
            && rules.n_options() != instance.n_options()
        {
            return Err(Error::UnknownOption {
                option: rules.n_options(),
                n_options: instance.n_options(),
            });
        }
        // Dropping options is unsafe under side constraints (a dominated
        // option may be the only one a district quota or a conflict
        // allows): then only demand is merged.
        let reduction = if rules.is_some() {
            merge_demand(instance)
        } else {
            reduce(instance, true)
        };
        let raw = self.solve_reduced(&reduction.instance, started)?;
        let original: Vec<u32> = raw
            .chosen
            .iter()
            .map(|&o| reduction.options[o as usize])
            .collect();
        let solution = in_greedy_order(instance, &original)?;
        let certificate = raw.certify(solution.objective());
        Ok(CoverageReport {
            gap: certificate.gap,
            solution,
            upper_bound: certificate.upper_bound,
            proven_optimal: certificate.proven,
            method: self.method,
            nodes: raw.nodes,
            reduction: ReductionSummary::from(&reduction),
            work: raw.work,
            time_limit_reached: raw.timed_out,
        })
    }

    /// Solves an instance that is already reduced (see [`reduce`]; under
    /// side constraints, with every option kept in its place), with the
    /// clock started at `started`. The plan is in the reduced instance's
    /// option indices; `count` is capped by its number of options.
    pub(crate) fn solve_reduced(&self, reduced: &Instance, started: Instant) -> Result<Reduced, Error> {
        let rules = self.rules.as_ref();
        let count = self.count.min(reduced.n_options());
        let model = Model::new(reduced, count, rules);
        let deadline = Deadline::new(Some(started + self.time_limit), self.stop.clone());
        let ceiling = Ceiling::of(reduced, &model);
        let integer_slack = model.integer_slack();
        let exact = matches!(self.method, Method::Exact | Method::Auto);
        // One pass over the reduced instance's entries: what a step of the
        // bound costs.
        let pass = (reduced.matrix().nnz() as u64).max(1);
        let mut effort = Budget::new(self.effort);
        let greedy = match rules {
            Some(rules) => match constrained_greedy(reduced, count, rules) {
                Ok(solution) => Some(solution),
                // Greedy can paint itself into a corner (a choice for one
                // district's minimum blocking another's); the exact search
                // can still find a feasible plan.
                Err(Error::Infeasible { .. }) if exact && rules.precheck(count).is_ok() => None,
                Err(error) => return Err(error),
            },
            None => Some(lazy_greedy(reduced, count)?),
        };
        effort.spend(pass);
        let Some(greedy) = greedy else {
            let limits = Limits {
                deadline: deadline.clone(),
                max_nodes: self.max_nodes(reduced),
                max_work: effort.share(1, 1),
                shared: None,
            };
            let outcome = search(&model, Vec::new(), -1.0, limits, rules);
            effort.spend(outcome.work);
            if rules.is_some_and(|r| !r.is_feasible(&outcome.chosen, count)) {
                let reason = if outcome.proven {
                    "no plan meets them all (proven by exhaustive search)"
                } else {
                    "no plan meeting them all was found within the limits"
                };
                return Err(Error::Infeasible {
                    reason: reason.to_owned(),
                });
            }
            return Ok(Reduced {
                chosen: outcome.chosen,
                upper: outcome.upper_bound,
                proven: outcome.proven,
                nodes: outcome.nodes,
                ceiling,
                integer_slack,
                work: effort.spent,
                timed_out: deadline.passed(),
            });
        };
        let mut chosen: Vec<u32> = greedy.chosen().to_vec();
        let mut objective = greedy.objective();
        // The window search's work, beside the effort's stages.
        let mut windows_work = 0;
        // Whether the window search stopped at its deadline.
        let mut windows_cut = false;
        let (upper, proven, nodes) = match self.method {
            // Everything coverable is covered: nothing can do better, and
            // no bound needs computing.
            _ if ceiling.is_reached(objective) => (objective, true, 0),
            Method::Greedy => {
                let steps = effort.steps(GREEDY_BOUND_ITERATIONS, pass);
                effort.spend((steps as u64 + model.start_passes()) * pass);
                (
                    upper_bound(&model, objective, Some(&chosen), steps, &deadline).0,
                    false,
                    0,
                )
            }
            Method::LocalSearch | Method::Exact | Method::Auto => {
                // Local search may take half the time and half the effort,
                // so that the bound (and the exact search) get the rest.
                let halfway = deadline.until(Some(started + self.time_limit / 2));
                let improved = improve_with(
                    reduced,
                    &chosen,
                    count,
                    rules,
                    &SwapLimits {
                        deadline: halfway,
                        max_work: effort.share(1, 2),
                        ..SwapLimits::swaps(MAX_SWAPS)
                    },
                );
                effort.spend(improved.work.entries);
                chosen = improved.chosen;
                objective = reduced.value(&chosen);
                if ceiling.is_reached(objective) {
                    (objective, true, 0)
                } else {
                    // The certificate: smoothed steps from multipliers
                    // built around the local plan (dual ascent), which
                    // converge far faster than from `λ = w` at scale.
                    let steps = effort
                        .steps(WARM_BOUND_ITERATIONS, pass)
                        .min((effort.part(1, 3) / pass) as usize);
                    let warm = warm_upper_bound(&model, objective, &chosen, steps, &deadline);
                    effort.spend(warm.as_ref().map_or(0, |_| steps as u64 + model.start_passes()) * pass);
                    // The relaxation's choices of options are starts for a
                    // second local search, which often escapes the first
                    // one's local optimum. Subgradient steps from `λ = w`
                    // meet other choices (and give the bound where the warm
                    // start does not apply: backup weights, a budget); after
                    // a warm start they run only where they are cheap.
                    let warmed = warm.is_some();
                    let (mut upper, mut starts) =
                        warm.map_or((f64::INFINITY, Vec::new()), |(u, p)| (u, Vec::from_iter(p)));
                    let cheap = BOUND_ITERATIONS as u64 * pass <= COLD_WORK;
                    let steps = effort
                        .steps(BOUND_ITERATIONS, pass)
                        .min((effort.part(1, 2) / pass) as usize);
                    if (!warmed || (cheap && steps > 0)) && !deadline.passed() {
                        effort.spend((steps as u64 + 1) * pass);
                        let (bound, primal) = upper_bound(&model, objective, None, steps, &deadline);
                        upper = upper.min(bound);
                        starts.extend(primal);
                    }
                    let until = match self.method {
                        Method::LocalSearch => deadline.clone(),
                        _ => deadline.until(Some(started + self.time_limit.mul_f64(0.75))),
                    };
                    // (They keep to the count and the budget; under other
                    // side constraints they are used only when they keep
                    // those too.)
                    for (_, start) in starts
                        .into_iter()
                        .filter(|(_, start)| rules.is_none_or(|r| r.is_feasible(start, count)))
                    {
                        let limits = SwapLimits {
                            deadline: until.clone(),
                            max_work: effort.share(1, 1),
                            ..SwapLimits::swaps(MAX_SWAPS)
                        };
                        let other = improve_with(reduced, &start, count, rules, &limits);
                        effort.spend(other.work.entries);
                        let value = reduced.value(&other.chosen);
                        if value > objective {
                            (chosen, objective) = (other.chosen, value);
                        }
                    }
                    if self.method == Method::LocalSearch || ceiling.is_reached(objective) {
                        (upper, false, 0)
                    } else {
                        // Branch and cut takes every side constraint, not
                        // backup weights.
                        let plain = reduced.backup().is_none();
                        // A second thread when the search keeps to one and
                        // both the machine and the caller's thread pool
                        // have two.
                        let two_threads = rayon::current_num_threads() >= 2
                            && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
                        let beside_possible = runs_on_one_thread(reduced) && two_threads;
                        // (The LP's size, with its conflict cliques, is
                        // computed only where it decides.)
                        let races = self.method == Method::Exact
                            && plain
                            && self.node_limit.is_none()
                            && self.effort.is_none()
                            && (beside_possible
                                // Under `exact`, beside a search on several
                                // threads too (many options: camera types at
                                // several headings), where the LP is small
                                // enough.
                                || (two_threads && lp_size(reduced, rules) <= EXACT_CUT_MAX_SIZE));
                        let cuts_first = self.method == Method::Auto
                            && plain
                            && rules.is_none()
                            && self.node_limit.is_none()
                            && lp_size(reduced, rules) <= AUTO_CUT_MAX_SIZE;
                        // Where no branch and cut runs on the whole instance
                        // (its LP too big; a node or effort limit; one
                        // thread), coverage without backup weights gets the
                        // window search (see `crate::window`) before the
                        // search: under `exact` also with rules on pairs
                        // only (camera types, spacing; `auto` under them
                        // ran past the medium demo city's default time
                        // limit with spacing). Not where the branch and cut
                        // runs: started from the windows' plan, it proved
                        // the medium demo city in 5.2 s instead of 3.1 s.
                        let windows_apply = match self.method {
                            Method::Auto => rules.is_none(),
                            _ => rules.is_none_or(|r| r.only_pairs(count)),
                        };
                        if plain && windows_apply && !races && !cuts_first {
                            let until = deadline.until(Some(started + self.time_limit.mul_f64(0.75)));
                            let allowance = self.allowance(
                                (self.effort.unwrap_or(0) / 4).saturating_mul(5),
                                AUTO_WINDOW_WORK,
                            );
                            let found = window_search(reduced, &chosen, rules, &until, allowance);
                            // On top of the effort (spent from it, the search
                            // after the windows had left the large demo city
                            // within 0.138% instead of 0.105%, measured
                            // 2026-12-06 before the far windows).
                            windows_work = found.work;
                            windows_cut = found.timed_out;
                            let value = reduced.value(&found.chosen);
                            if value > objective {
                                (chosen, objective) = (found.chosen, value);
                            }
                            // No branch and cut tightens the bound here,
                            // and the search's subgradient steps stall tens
                            // of units above the LP relaxation's value on
                            // the large demo city: a long smoothed descent
                            // (see `crate::smoothed`) around the final plan
                            // came within 2 of it there. Up to three
                            // quarters of the effort left, its dual-ascent
                            // start included; whole steps of two passes.
                            let cap = self.allowance(effort.part(3, 4), AUTO_FINAL_BOUND_WORK);
                            let start_passes = model.start_passes() as usize;
                            let passes = effort
                                .steps(FINAL_BOUND_ITERATIONS + start_passes, pass)
                                .min((cap / pass) as usize);
                            let steps = passes.saturating_sub(start_passes) & !1;
                            let proven = upper <= improvement_threshold(objective, integer_slack);
                            if steps > 0
                                && !proven
                                && !ceiling.is_reached(objective)
                                && !deadline.passed()
                                && let Some((bound, _)) =
                                    warm_upper_bound(&model, objective, &chosen, steps, &deadline)
                            {
                                effort.spend((steps + start_passes) as u64 * pass);
                                upper = upper.min(bound);
                            }
                        }
                        let limits = Limits {
                            deadline: deadline.clone(),
                            max_nodes: self.max_nodes(reduced),
                            max_work: effort.share(1, 1),
                            shared: None,
                        };
                        let start = chosen.clone();
                        let cutting = Cutting {
                            reduced,
                            count,
                            rules,
                            start: &start,
                            deadline: &deadline,
                        };
                        let (outcome, found) = match self.method {
                            // Maximum coverage without backup weights (side
                            // constraints included) under `exact` with only a
                            // time limit: branch and cut on the LP relaxation
                            // runs beside the search on another thread, each
                            // prunes against the other's plans, and the first
                            // to prove the optimum stops the other.
                            Method::Exact if races => race(&cutting, |stop, shared| {
                                let limits = Limits {
                                    deadline: limits.deadline.or_when(stop),
                                    shared: Some(shared),
                                    ..limits.clone()
                                };
                                search(&model, chosen.clone(), objective, limits, rules)
                            }),
                            // Plain maximum coverage under `auto` (no side
                            // constraints: with them the search's plans were
                            // better than the branch and cut's on the medium
                            // demo city with district quotas), with an LP
                            // small enough: a first look by the search (a few
                            // nodes, a few passes over the entries), which
                            // proves the easy cases; then branch and cut to
                            // its work budget, and the search again only
                            // when that did not prove the optimum.
                            Method::Auto if cuts_first => {
                                let glance = Limits {
                                    max_nodes: limits.max_nodes.map(|n| n.min(FIRST_LOOK_NODES)),
                                    max_work: Some(effort.part(1, 16).min(FIRST_LOOK_PASSES * pass)),
                                    ..limits.clone()
                                };
                                let first = search(&model, chosen.clone(), objective, glance, rules);
                                effort.spend(first.work);
                                if first.proven || deadline.passed() {
                                    (Some(second_look(reduced, first, None)), None)
                                } else {
                                    let cut_work = effort.part(9, 10).min(AUTO_CUT_WORK);
                                    let limits = Limits {
                                        max_nodes: limits.max_nodes.map(|n| n.saturating_sub(first.nodes)),
                                        max_work: effort.share(1, 1).map(|w| w.saturating_sub(cut_work)),
                                        ..limits
                                    };
                                    let (outcome, found) =
                                        cut_first(&cutting, cut_work, beside_possible, |stop| {
                                            let limits = Limits {
                                                deadline: limits.deadline.or_when(stop),
                                                ..limits.clone()
                                            };
                                            search(&model, chosen.clone(), objective, limits, rules)
                                        });
                                    effort.spend(found.work);
                                    (Some(second_look(reduced, first, outcome)), Some(found))
                                }
                            }
                            _ => (
                                Some(search(&model, chosen.clone(), objective, limits, rules)),
                                None,
                            ),
                        };
                        let (mut upper, mut proven, mut nodes) = (upper, false, 0);
                        if let Some(outcome) = outcome {
                            effort.spend(outcome.work);
                            chosen = outcome.chosen;
                            upper = upper.min(outcome.upper_bound);
                            proven = outcome.proven;
                            nodes = outcome.nodes;
                        }
                        if let Some(found) = found {
                            nodes += found.nodes;
                            if found.objective > reduced.value(&chosen) {
                                chosen = found.chosen;
                            }
                            upper = upper.min(found.upper_bound);
                            proven |= found.proven;
                        }
                        (upper, proven, nodes)
                    }
                }
            }
        };
        Ok(Reduced {
            chosen,
            upper,
            proven,
            nodes,
            ceiling,
            integer_slack,
            work: effort.spent.saturating_add(windows_work),
            timed_out: deadline.passed() || windows_cut,
        })
    }
}

/// A plan of a reduced instance with what certifies it, before it is
/// mapped back to the original options.
pub(crate) struct Reduced {
    /// The chosen options, reduced indices.
    pub chosen: Vec<u32>,
    /// An upper bound on the reduced instance's optimum, before the guard
    /// against rounding.
    upper: f64,
    proven: bool,
    /// Branch-and-bound nodes evaluated.
    pub nodes: u64,
    ceiling: Ceiling,
    integer_slack: Option<f64>,
    /// The work done, in coverage entries read.
    pub work: u64,
    /// True when the time limit had passed at the end: some stage may
    /// have stopped early, at a point that depends on the machine.
    pub timed_out: bool,
}

impl Reduced {
    /// The certificate of the plan whose objective is `objective`.
    pub(crate) fn certify(&self, objective: f64) -> Certificate {
        self.ceiling
            .certify(self.upper, self.proven, objective, self.integer_slack)
    }
}

/// What every option together scores: no plan scores more, whatever the
/// count, budget or rules. A plan that reaches it is optimal.
struct Ceiling {
    value: f64,
    /// How far below `value` a float sum of the same weights may land.
    tolerance: f64,
}

/// A plan's final figures: its upper bound, gap and whether it is proven.
pub(crate) struct Certificate {
    pub upper_bound: f64,
    pub gap: f64,
    pub proven: bool,
}

impl Ceiling {
    fn of(instance: &Instance, model: &Model<'_>) -> Self {
        // How many options cover each point (two is as good as more).
        let matrix = instance.matrix();
        let mut times = vec![0u8; matrix.n_demand()];
        for row in matrix.rows() {
            for &d in row {
                times[d as usize] = times[d as usize].saturating_add(1).min(2);
            }
        }
        // Summed with Neumaier's compensation: the ceiling is then the
        // correctly rounded sum in practice, so it needs no slack and a
        // bound capped by it is not inflated by rounding.
        let (mut sum, mut compensation) = (0.0f64, 0.0f64);
        let mut add = |x: f64| {
            let t = sum + x;
            compensation += if sum.abs() >= x.abs() {
                (sum - t) + x
            } else {
                (x - t) + sum
            };
            sum = t;
        };
        for (d, &t) in times.iter().enumerate() {
            if t >= 1 {
                add(instance.weights()[d]);
            }
            if t >= 2 {
                add(instance.gain_at(d, 1));
            }
        }
        let value = sum + compensation;
        let tolerance = match model.integer_slack() {
            Some(_) => 0.5,
            None => 1e-9 * value.abs().max(1.0),
        };
        Self { value, tolerance }
    }

    fn is_reached(&self, objective: f64) -> bool {
        objective >= self.value - self.tolerance
    }

    /// The bound `upper` made safe against rounding and capped by the
    /// ceiling; the plan is proven when the search proved it, when the
    /// bound meets it, or when it reaches the ceiling.
    fn certify(&self, upper: f64, proven: bool, objective: f64, integer_slack: Option<f64>) -> Certificate {
        if self.is_reached(objective) {
            return Certificate {
                upper_bound: objective.max(self.value),
                gap: 0.0,
                proven: true,
            };
        }
        let upper_bound = guard_rounding(upper, integer_slack)
            .min(self.value)
            .max(objective);
        Certificate {
            upper_bound,
            gap: relative_gap(upper_bound, objective),
            proven: proven || upper_bound <= objective,
        }
    }
}

/// The Lagrangian bound is exact in real arithmetic but summed in floating
/// point, so it can land a hair below the optimum (8789.999999999996 for
/// 8790). With integer weights the optimum is an integer: round up to the
/// integer the bound rules out exceeding. Otherwise widen it by a relative
/// 1e-9.
fn guard_rounding(upper: f64, integer_slack: Option<f64>) -> f64 {
    match integer_slack {
        Some(slack) => (upper + slack).floor(),
        None => upper + 1e-9 * upper.abs().max(1.0),
    }
}

/// `(upper − objective) / upper`, 0 when the upper bound is 0.
pub(crate) fn relative_gap(upper: f64, objective: f64) -> f64 {
    if upper > 0.0 {
        ((upper - objective) / upper).max(0.0)
    } else {
        0.0
    }
}

/// Orders `chosen` as greedy would pick them among themselves, each with
/// its marginal gain: a plan's ranking. Options that add nothing once the
/// others are in come last, with gain 0.
///
/// # Errors
///
/// [`Error::TooManyRequested`] if an option index is out of range.
///
/// # Examples
///
/// ```
/// use sightline_solve::{in_greedy_order, CoverageMatrix, Instance};
///
/// let matrix = CoverageMatrix::from_rows(3, [vec![0], vec![0, 1, 2], vec![2]])?;
/// let instance = Instance::new(matrix, vec![1.0; 3])?;
/// let ranked = in_greedy_order(&instance, &[0, 1, 2])?;
/// assert_eq!(ranked.chosen(), &[1, 0, 2]);
/// assert_eq!(ranked.gains(), &[3.0, 0.0, 0.0]);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
pub fn in_greedy_order(instance: &Instance, chosen: &[u32]) -> Result<Solution, Error> {
    if let Some(&bad) = chosen.iter().find(|&&o| o as usize >= instance.n_options()) {
        return Err(Error::TooManyRequested {
            requested: bad as usize + 1,
            available: instance.n_options(),
        });
    }
    let rows: Vec<&[u32]> = chosen
        .iter()
        .map(|&o| instance.matrix().row(o as usize))
        .collect();
    let subset = crate::CoverageMatrix::from_rows(instance.matrix().n_demand(), rows)
        .and_then(|m| Instance::new(m, instance.weights().to_vec()))
        .and_then(|i| match instance.backup() {
            Some(backup) => i.with_backup(backup.to_vec()),
            None => Ok(i),
        })?;
    let ordered = lazy_greedy(&subset, chosen.len())?;
    let mut options: Vec<u32> = ordered.chosen().iter().map(|&k| chosen[k as usize]).collect();
    let mut gains = ordered.gains().to_vec();
    // Options that add nothing once the others are in come last, gain 0.
    for &o in chosen {
        if !options.contains(&o) {
            options.push(o);
            gains.push(0.0);
        }
    }
    Ok(Solution::new(options, gains))
}

/// How much the reductions shrank the instance.
///
/// # Examples
///
/// ```
/// use sightline_solve::{CoverageMatrix, Instance, MaxCoverage};
///
/// let matrix = CoverageMatrix::from_rows(3, [vec![0, 1], vec![2]])?;
/// let report = MaxCoverage::new(1).solve(&Instance::new(matrix, vec![1.0; 3])?)?;
/// assert_eq!((report.reduction.demand_before, report.reduction.demand_after), (3, 2));
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReductionSummary {
    /// Demand points before.
    pub demand_before: usize,
    /// Demand groups after merging.
    pub demand_after: usize,
    /// Demand no option covers (or of weight zero).
    pub uncoverable_demand: usize,
    /// Options before.
    pub options_before: usize,
    /// Options kept.
    pub options_after: usize,
    /// Options covering nothing.
    pub empty_options: usize,
    /// Options dominated by another.
    pub dominated_options: usize,
}

impl From<&Reduction> for ReductionSummary {
    fn from(r: &Reduction) -> Self {
        Self {
            demand_before: r.demand_before,
            demand_after: r.demand_after,
            uncoverable_demand: r.uncoverable_demand,
            options_before: r.options.len() + r.empty_options + r.dominated_options,
            options_after: r.options.len(),
            empty_options: r.empty_options,
            dominated_options: r.dominated_options,
        }
    }
}

/// A plan with its certificate.
///
/// # Examples
///
/// ```
/// use sightline_solve::{CoverageMatrix, Instance, MaxCoverage, Method};
///
/// let matrix = CoverageMatrix::from_rows(4, [vec![0, 1], vec![1, 2], vec![3]])?;
/// let report = MaxCoverage::new(2).method(Method::LocalSearch).solve(&Instance::new(matrix, vec![1.0; 4])?)?;
/// assert!(report.solution.objective() <= report.upper_bound);
/// assert_eq!(report.solution.objective(), 3.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CoverageReport {
    /// The chosen options (original indices) in greedy order, with gains.
    pub solution: Solution,
    /// No plan with `count` options covers more than this.
    pub upper_bound: f64,
    /// `(upper_bound − objective) / upper_bound`.
    pub gap: f64,
    /// True when the plan is proven optimal (with weights that are not
    /// integers: optimal to within a relative 1e-9).
    pub proven_optimal: bool,
    /// The method used.
    pub method: Method,
    /// Branch-and-bound nodes evaluated (0 without exact search).
    pub nodes: u64,
    /// What the reductions did.
    pub reduction: ReductionSummary,
    /// The work done, in coverage entries read (see
    /// [`MaxCoverage::effort`]).
    pub work: u64,
    /// True when the time limit had passed when solving ended: a stage
    /// may have stopped at a point that depends on the machine's speed,
    /// so another machine may give another plan or bound. False means the
    /// plan depends only on the instance and the limits of work.
    pub time_limit_reached: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_instances::{Lcg, random_instance};

    /// Branch and cut first (with the search after it when it does not
    /// prove the optimum) gives the same answer whether the two run one
    /// after the other or at once, whatever the branch and cut's budget.
    #[test]
    fn branch_and_cut_first_is_the_same_on_one_thread_or_two() {
        let mut rng = Lcg::new(7);
        let (mut proven, mut unproven) = (0, 0);
        for case in 0..12 {
            let instance = random_instance(&mut rng, 80, 300, 30, |rng| 1.0 + rng.below(4) as f64);
            let count = (3 + case % 6).min(instance.n_options());
            let model = Model::new(&instance, count, None);
            let start = lazy_greedy(&instance, count).unwrap().chosen().to_vec();
            let value = instance.value(&start);
            for work in [1_000, 100_000, 10_000_000] {
                let run = |parallel: bool| {
                    let cutting = Cutting {
                        reduced: &instance,
                        count,
                        rules: None,
                        start: &start,
                        deadline: &Deadline::never(),
                    };
                    cut_first(&cutting, work, parallel, |stop| {
                        let limits = Limits {
                            deadline: Deadline::never().or_when(stop),
                            max_nodes: Some(40),
                            max_work: None,
                            shared: None,
                        };
                        search(&model, start.clone(), value, limits, None)
                    })
                };
                let (one, two) = (run(false), run(true));
                let key = |(outcome, found): &(Option<SearchOutcome>, CutOutcome)| {
                    (
                        outcome.as_ref().map(|o| {
                            (
                                o.chosen.clone(),
                                o.upper_bound.to_bits(),
                                o.proven,
                                o.nodes,
                                o.work,
                            )
                        }),
                        found.chosen.clone(),
                        found.upper_bound.to_bits(),
                        found.proven,
                        found.nodes,
                        found.work,
                    )
                };
                assert_eq!(key(&one), key(&two), "case {case} work {work}");
                assert!(
                    one.1.work <= work + instance.n_options() as u64 * 1000,
                    "case {case}"
                );
                if one.1.proven {
                    assert!(one.0.is_none());
                    proven += 1;
                } else {
                    assert!(one.0.is_some());
                    unproven += 1;
                }
            }
        }
        // Both ways out are exercised.
        assert!(proven > 5 && unproven > 5, "{proven} proven, {unproven} not");
    }
}
