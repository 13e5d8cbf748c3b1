/// Every tuning number of the problem builder and the search, with the reason it has
/// the value it has. Changing one changes plans: measure before and after
/// (`fieldops bench`, `Benchmarks/`).
public enum Tuning {
    // MARK: Candidates

    /// How many nearest qualified engineers (working today) a visit considers. Sixteen
    /// keep every engineer who could plausibly serve a visit on the sample and the
    /// generated mornings while the search stays in seconds at 10,000 tickets.
    public static let candidatesPerVisit = 16
    /// Candidates per visit on large mornings (`largeMorningVisits`), where the search
    /// must keep within its time.
    public static let candidatesPerVisitLarge = 12
    /// Above this many visits a morning counts as large.
    public static let largeMorningVisits = 4_000
    /// How many later shift days a repair that could wait is tried on: a week, the
    /// longest deadline a tier has (D4 72 h, agreed deadlines rarely more).
    public static let laterDaysTried = 7
    /// Over several days, what serving a visit one shift day later costs, in travel minutes:
    /// enough that a trip serves today what it can today (later plans see new work and
    /// can put tomorrow to better use), far below a visit's own value.
    public static let laterShiftDayMinutes = 240
    /// How many nearest other visits ruin-and-recreate removes around a seed visit from.
    public static let visitNeighbours = 12

    // MARK: Search budget

    /// Move evaluations the local search may spend (deterministic, unlike time).
    public static let maxEvaluations = 400_000_000
    /// Ruin-and-recreate steps per visit on small mornings.
    public static let ruinStepsPerVisit = 300
    /// Ruin-and-recreate steps on any morning, at least.
    public static let ruinStepsMinimum = 3_000
    /// Ruin-and-recreate steps are at most this over the number of visits: a step costs
    /// about the same at any size. Measured on generated 1,000-ticket, 120-engineer
    /// mornings (seeds 1–3): against 16,000,000, four times the steps put 9 more
    /// must-today visits on time in all and cut the objective by 2.8 % (1.7 s → 7 s a
    /// morning); twice as many again, 5 more and 1.2 % for 13 s.
    public static let ruinStepBudget = 64_000_000
    /// …and at most this over the square of the visits: above some 3,000 visits a step
    /// costs more as routes and candidate lists grow, and 10,000 tickets (6,205 visits)
    /// keep under 2 s with about 5,000 steps.
    public static let ruinStepSquareBudget = 190_000_000_000
    /// Independent searches where `ruinStepBudget` cuts the steps a visit gets (462 to
    /// 2,968 visits: that budget over the visits is below `ruinStepsPerVisit`, and the
    /// square budget does not rule yet), side by side on the machine's two cores, the
    /// cheapest plan kept.
    /// Measured on generated 1,000-ticket mornings (100 engineers, seeds 1, 2, 3, 7; 120
    /// engineers, seeds 1–3): cheaper on three of seven (by 1.2 %, 0.8 % and 0.04 %), 3
    /// more must-today visits on time, in about the same wall time. Searches that went on
    /// together from the cheaper plan after each quarter of the first round were no better
    /// in all (cheaper on four, dearer on three).
    public static let searchesWhenCut = 2
    /// Search k's seed is the plan's seed plus k times this (far from the +1, +2 the
    /// search's own rounds use).
    public static let searchSeedStride: UInt64 = 1_000_003
    /// The round of ruin-and-recreate after late visits are placed is this fraction
    /// (1 / n) of the first: late and on-time work only settle around each other.
    public static let lateRoundDivisor = 3
    /// The wall clock is read every this many ruin-and-recreate steps (reading it each
    /// step costs more than a small step).
    public static let clockCheckEvery = 16

    // MARK: Ruin and recreate

    /// The starting temperature of the annealing, in objective units (travel minutes):
    /// a step that costs about a day's travel of one engineer may be kept early on.
    public static let annealingStart = 1_500.0
    /// A ruin removes at least this many visits near its seed visit …
    public static let ruinMinimum = 2
    /// … and fewer than this many more (2 to 7 in all).
    public static let ruinSpread = 6
    /// One ruin in this many removes a whole route of one of the seed's engineers
    /// (otherwise the costliest visit of that route).
    public static let routeRuinOneIn = 3
    /// In a shuffled recreate, one visit in this many blinks and takes its second-best
    /// route (Christiaens & Vanden Berghe's SISR).
    public static let blinkOneIn = 4

    // MARK: Route minimisation

    /// Ejection steps one attempt at a route fewer may take. Attempts that succeed mostly
    /// do so within a few thousand steps: 8,000 reach the best-known vehicle count on all
    /// 29 of the 1-series (R104's 9 routes with 7 of seeds 1 to 8, at 768 to 6,304
    /// steps), and the last attempt, which fails and spends them all, takes about 2 s.
    /// (2,000 left R104 at 10 routes; without the squeeze, 12,000 reached 26 of 29.)
    public static let ejectionSteps = 8_000
    /// …and at most this many evaluations (steps of the ejection walk, squeeze and
    /// perturbation moves), deterministic like the steps: a step on long routes costs
    /// far more. The failing attempts of the 1-series spend 165 to 195 million in their
    /// 8,000 steps; on the 2-series (routes of 25 to 50 customers) 500 to 740 million,
    /// 10 s of a 14 s run on RC204 and RC208, where no attempt succeeded after 11 million.
    public static let ejectionEvaluations = 250_000_000
    /// The most visits one ejection takes out of a route to make room (Nagata & Bräysy's
    /// k_max is 5). On R104 with 2, seed 1 needed 17,501 steps to reach 9 routes; with 3,
    /// 1 of 2 attempts reached them within 2,588; with 4 or 5, on seeds 2 and 3, the very
    /// same ejections as with 3 (a larger set rarely has the lowest penalty sum), so 3
    /// keeps the enumeration short.
    public static let ejectionMostEjected = 3
    /// Random feasible moves after each ejection (Nagata & Bräysy's I_rand is 1,000). On
    /// R104, 10,000 steps, seeds 1 to 3, two attempts each: 200 moves reached 9 routes in 4
    /// attempts of 6, 50 in 2, 1,000 in 3; with random insertion over 7 seeds, 200 in 9 of
    /// 14 and 500 in 7.
    public static let ejectionPerturbMoves = 200
    /// In a squeeze, what a minute of time warp costs in travel minutes: so much that it
    /// restores the windows first and minds travel only between plans equally far from
    /// them (measured: minding no travel at all, as Nagata & Bräysy's penalty function
    /// does, left the routes scattered and RC106 at 13 vehicles, against 12).
    public static let squeezeWarpWeight = 1_000
    /// What a unit of load over capacity costs in minutes of time warp, in a squeeze and in
    /// a penalised search: as much as a unit of time on Solomon's scale
    /// (`PlaneInstance.timeScale`, 100 minutes).
    public static let squeezeLoadWeight = 100
    /// The most move evaluations one squeeze may take before it gives up. 20,000: on R104
    /// over 8 seeds of 10,000 steps, 7 seeds reached 9 routes (6 with 50,000, whose steps
    /// are slower; none with 3,000: the squeeze is what finds room late in a search);
    /// RC106 reaches its best-known 11 (it stayed at 12 with 10,000 when ejections took at
    /// most two visits).
    public static let squeezeEvaluations = 20_000
    /// The search through infeasible space (for distance, and in a squeeze) also moves runs
    /// of two or three visits between routes (PyVRP's Exchange operators) where routes hold
    /// at least this many visits on average. Measured: on 12 instances of Solomon's
    /// 2-series (routes of 25 to 50 customers; not shipped) the mean gap fell from +2.31 %
    /// to +1.62 % (R211 +10.0 % → +3.5 %, R202 +3.5 % → +0.6 %); on the 1-series (5 to 11
    /// a route) it moved the mean the wrong way (+0.59 % → +0.98 %) and made each
    /// instance 3 to 6 s slower, past 10 s.
    public static let runMovesFromRouteLength = 20
    /// Granular neighbourhoods: how many nearest visits (by travel and the fit of their
    /// windows) a visit is tried next to in a penalised search. HGS-CVRP's default.
    public static let granularNeighbours = 20
    /// The most move evaluations one step of a penalised search for distance may take.
    public static let penalisedStepEvaluations = 10_000
    /// A penalised search re-weighs time warp every this many steps (PyVRP: 50-100).
    public static let penaltyUpdateEvery = 100
    /// What a minute of time warp first costs in a penalised search for distance, in
    /// travel minutes (it adapts from there).
    public static let initialWarpWeight = 10
    /// The most a minute of time warp may come to cost as the weight adapts (PyVRP caps its
    /// penalties too): far above any detour, far below overflow.
    public static let maxWarpWeight = 100_000
    /// A penalised search that has seen no feasible plan for this many steps goes back to
    /// the best it has seen.
    public static let penalisedRestartAfter = 500

    // MARK: Re-planning

    /// What keeping a visit with the engineer an earlier plan gave it is worth in a
    /// re-plan, in travel minutes: an hour. The engineer has the visit on their sheet and
    /// the customer may have been told who comes; moving it costs two phone calls. An
    /// hour is far below the least a visit on time is worth (1,000), so stability never
    /// costs a visit on time, and far above the few minutes a reshuffle saves.
    public static let keepEngineerMinutes = 60
    /// A kept visit whose arrival moves by at least this many minutes counts as moved in
    /// time in a re-plan's changes (the customer is told a new time).
    public static let retimedMinutes = 30

    // MARK: Route program

    /// The most visits `--solver auto` gives the integer program: above it the route
    /// program adds nothing in 30 s and its bound LP does not finish in its share.
    public static let integerProgramVisits = 3_000
    /// Branch-and-bound nodes each route program may make (`node_limit` when it stops
    /// there): a budget that gives the same plan on any machine, where the time limit
    /// would not.
    public static let routeProgramNodes = 2_000
    /// The most routes kept for the integer program (memory and solve time).
    public static let routePoolColumns = 60_000
    /// The most routes one route program takes whole: GLPK reaches its node limit on
    /// 12,000 (a 300-ticket morning) in about 9 s; a 1,000-ticket morning's 40,000 got no
    /// further than the heuristic's plan in 30 s. Above it the program is solved by
    /// neighbourhoods of nearby engineers (`RouteSelection.improveByNeighbourhoods`).
    public static let routeProgramWholeColumns = 20_000
    /// The share of the time left after the bound's column generation that the route
    /// programs get; the bound on travel for the plan's service level gets the rest.
    public static let routeProgramShare = 0.8
    /// The share of the time left after the objective's column generation that the
    /// must-today bound's column generation gets. Its LP is all but solved from the
    /// objective's routes at once; the time goes to proving it (its Lagrangian tail).
    /// Measured on five 1,000-ticket mornings at `--time-limit 60`: a half instead of a
    /// quarter brought the bounds from 350/359/374/381/350 to 349/355/373/378/350 with
    /// the same plans (seed 3's is timing-dependent either way); two thirds, 349/354/371
    /// on seeds 1–3 but seed 1's plan a must-today visit short.
    public static let mustTodayBoundShare = 0.5
    /// Rounds of the travel bound and the route program over its routes at most (each
    /// round keeps the plan's service level and only ever raises its value).
    public static let lessTravelRounds = 3
    /// A round starts only with at least this many seconds of the time limit left (GLPK
    /// may overrun a shorter limit by its first LP).
    public static let lessTravelSeconds = 0.5
    /// Engineers in one neighbourhood of the route program: each engineer and the nearest
    /// others by travel between bases.
    public static let neighbourhoodEngineers = 8
    /// Column tests our own branch and bound (`SetPacking`) may make on one neighbourhood
    /// before GLPK is asked instead.
    public static let setPackingSteps = 2_000_000
    /// Subgradient rounds that price the visits for `SetPacking`'s bound.
    public static let setPackingPriceRounds = 100
    /// The most seconds GLPK may take over one neighbourhood's program (where
    /// `SetPacking` ran out of steps): 0.5 s found the same plans as 2 s on three
    /// 1,000-ticket mornings and left time for the other neighbourhoods.
    public static let neighbourhoodSeconds = 0.5
    /// Where the route program is solved by neighbourhoods, the share of its time left
    /// after the dive (`diveShare`) that neighbourhoods over the must-today bound's routes
    /// get first (then the pool's):
    /// the routes that put the most must-today visits on time, which the pool's
    /// neighbourhoods, spread over 60,000 routes, reach too slowly. Measured on three
    /// 1,000-ticket mornings at `--time-limit 60`: 0.5 and 0.8 both put 1–4 more
    /// must-today visits on time than none; 0.8 one more than 0.5 on one of them.
    public static let mustTodayNeighbourhoodShare = 0.8
    /// Where the route program is solved by neighbourhoods, the share of its time that a
    /// dive in its LP may take first (`RouteSelection.dive`): where it ends above the
    /// greedy plan, the neighbourhoods start from it. On 1,000-ticket mornings a dive
    /// takes about 5 s (a 2 s first LP over 52,700 routes, then some 90 fixes); with
    /// 0.6 of the share at 60 s it did not finish on one seed of three; with 0.85 it
    /// finished, and the neighbourhoods, left too little, ended worse on two seeds of two.
    public static let diveShare = 0.7
    /// A dive goes on after its first LP only with at least this many times that LP's
    /// time left (on 1,000-ticket mornings the fixes took 1.5–1.7 times the first LP):
    /// otherwise it would end short, and the neighbourhoods get the time instead.
    public static let diveAfterFirstLP = 2.0
    /// The least seconds a route program solved by neighbourhoods must have for a dive
    /// to run first: a 1,000-ticket morning's dive takes about 5 s, and at
    /// `--time-limit 30` (some 4 s for the program) the neighbourhoods alone did better
    /// (seed 7: 342 must-today visits on time against 341 with the dive).
    public static let diveLeastSeconds = 6.0
    /// A dive fixes every route its LP takes at least this much of at once (above one
    /// half no two share a row), besides the one it takes most of. Fixing the three it
    /// takes most of that share no row instead (fewer rounds) was measured worse on two
    /// seeds of three and better on one.
    public static let diveFixAbove = 0.7
    /// Rounds of heuristic pricing after each fix of the must-today bound's dive
    /// (`ColumnGeneration.run`'s `priceAndDive`), at most. Measured on seed 3's
    /// 1,000-ticket morning: 3 reached 366 must-today visits on time in 16.6 s, 30 the
    /// same in 19.3 s, 1 the same in 20 s (more fixes).
    public static let priceDiveRounds = 3
    /// The share of the time left after the must-today bound's column generation that
    /// its dive gets, where the route program is solved by neighbourhoods (they get
    /// the rest, from the dive's plan).
    public static let priceDiveShare = 0.75

    // MARK: Column generation (the bound)

    /// Routes of the heuristic's pool each engineer brings to the first master.
    public static let masterSeedColumns = 30
    /// Master LP solves at most: each adds the routes pricing found.
    public static let columnGenerationIterations = 300
    /// Heuristic pricing keeps this many labels a visit (the best by reduced value).
    public static let heuristicLabelsPerVisit = 3
    /// Exact pricing runs at least every this many rounds, for a Lagrangian bound before
    /// the heuristic runs dry.
    public static let exactPricingEvery = 10
    /// A visit's ng-neighbourhood: the route may not come back to it while it is among
    /// the last visited's nearest this many (Baldacci et al. use 8 to 10).
    public static let ngNeighbourhood = 8
    /// A neighbourhood grows where pricing finds cycles, up to this many visits.
    public static let ngMaximum = 16
    /// Subset-row cuts (over three rows: visits, or an engineer and two visits) on the
    /// must-today master: at most this many rounds of separation, each once its LP is
    /// solved over every route or its bound proves as many whole visits as the LP could.
    /// Measured on a 1,000-ticket morning (seed 1): six rounds over the converged LP's own
    /// routes take it from 350.2 to 347.9 must-today visits, two thirds of that in the
    /// first round, and later rounds find few cuts; the sample's LP from 67.32 to 67.08.
    /// With limited memories a round also brings back the cuts the LP got round, with
    /// larger ones: on the 300×30 bench morning six rounds leave its bound at 79 must-today
    /// visits, ten prove 78 (its plan's), at the same cost on 1,000-ticket mornings.
    public static let subsetRowRounds = 10
    /// The most violated cuts added in a round, and in all (each adds work to every label
    /// that enters its rows; a cut brought back with a larger memory counts again).
    public static let subsetRowsPerRound = 150
    public static let subsetRowsMost = 1_000
    /// A cut is added only when its routes sum to more than 1 by at least this.
    public static let subsetRowViolation = 0.02
    /// Dual smoothing in column generation: pricing runs at this share of the stability
    /// centre and the rest of the master's duals (Wentges' α; Pessoa et al. 2018 find
    /// 0.5 to 0.9 useful).
    public static let dualSmoothing = 0.5
    /// Labels one engineer's exact pricing may make before it gives up (memory).
    public static let pricingLabelLimit = 150_000
    /// Routes of positive reduced value an engineer's pricing adds at most.
    public static let columnsPerPricing = 8
    /// Pricing bounds what a partial route can still add (and drops the partial routes
    /// that cannot become the best) for engineers who could reach at least this many
    /// visits: on large mornings the labels otherwise run out before pricing finishes;
    /// below it every route that prices out is kept as a column.
    public static let pricingBoundingReach = 300
    /// The most legs pricing may table for all engineers together (each engineer's reach,
    /// squared; four bytes a leg) for column generation to bound a morning the integer
    /// program does not take: 1.2 GB. A generated 5,000-ticket morning needs 119 million,
    /// a 10,000-ticket one 899 million (3.6 GB, and more time to fill than the limit);
    /// above it only the engineers' reach bounds the plan (`ReachBound`).
    public static let pricingLegs = 300_000_000
    /// Legs of pricing tables per second of the time limit that column generation needs
    /// to prove a first bound on a morning the integer program does not take: the
    /// 5,000-ticket morning's 119 million proved nothing in 30 s and a 35.6 % gap in 240 s.
    /// With less time it is not run (the plan says how much would do).
    public static let pricingLegsPerSecond = 1_000_000.0

    // MARK: Sentinels

    /// The value of a route that misses a hard window: far below any real route's, so no
    /// move ever keeps one (a day's visits are worth at most about 2^30).
    public static let infeasibleRouteValue = -(1 << 40)
    /// Routes valued at or below this are infeasible and never kept for the route program.
    public static let infeasibleRouteThreshold = -(1 << 39)
}
