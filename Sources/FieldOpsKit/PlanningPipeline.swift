import FieldOpsCore
import FieldOpsGLPK
import FieldOpsPlan
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// Which objective policy a pipeline run plans by (`plan --objective`).
public enum ObjectiveChoice: String, Sendable, CaseIterable {
    /// The default: a late visit below any visit on time.
    case onTimeFirst = "on-time-first"
    /// A late urgent repair worth up to twenty flexible ones on time.
    case urgentFirst = "urgent-first"
    /// Every visit on time counts, an urgent repair as 2.5 flexible ones.
    case weighted

    /// The default, chosen by simulation (README, "Objective policies").
    public static let standard = ObjectiveChoice.onTimeFirst

    /// The policy's weights.
    public var policy: ObjectivePolicy {
        switch self {
        case .urgentFirst: return .urgentFirst
        case .onTimeFirst: return .onTimeFirst
        case .weighted: return .weighted
        }
    }
}

/// Which planner a pipeline run uses.
public enum SolverChoice: String, Sendable, CaseIterable {
    /// GLPK's route program on mornings it can take (`IntegerPlanner.autoLimit` visits),
    /// the greedy planner above that, saying why.
    case auto
    /// GLPK's route program, whatever the size; the greedy plan when GLPK fails.
    case glpk
    /// The pure-Swift planner alone.
    case greedy
}

/// How a pipeline run plans: the solver, its limits and the seed.
public struct PlanningOptions: Sendable {
    /// Which planner.
    public var solver: SolverChoice = .auto
    /// The seed of the search: the same input and seed give the same plan.
    public var seed: UInt64 = 1
    /// Seconds: the heuristic's safety limit, and GLPK's limit.
    public var timeLimit: Double = 30
    /// Stop GLPK at this relative gap.
    public var gap: Double?
    /// Let GLPK print its progress on standard error.
    public var verbose = false
    /// Ruin-and-recreate steps; `nil` lets the planner choose by size (`PlannerOptions.ruinSteps`).
    public var searchSteps: Int?
    /// Shift days to plan: 1 plans today, more plans trips with nights away (up to 7).
    public var days = 1
    /// How on-time visits, lateness and travel are weighed (`plan --objective`).
    public var objective = ObjectiveChoice.standard
    /// A re-plan's stability term: keeping a visit with the engineer the previous plan
    /// gave it is worth this many travel minutes (`plan --stability`; 0 turns it off).
    public var stability = Tuning.keepEngineerMinutes

    /// The defaults of `fieldops plan`.
    public init() {}

    /// The options the planners take.
    public var plannerOptions: PlannerOptions {
        var options = PlannerOptions()
        options.seed = seed
        options.timeLimit = timeLimit
        options.ruinIterations = searchSteps
        return options
    }
}

/// What one planning moment starts from: the tickets and engineers as read, how they
/// are triaged and travelled, the moment, and (when re-planning) the plan made earlier.
public struct PlanningRequest: Sendable {
    /// Every open ticket.
    public var tickets: [Ticket]
    /// Every engineer.
    public var engineers: [Engineer]
    /// The triage: the policy, the gazetteer and the agreed default hours.
    public var triage: Triage
    /// Travel between places.
    public var travel: Travel
    /// The moment to plan from.
    public var at: Date
    /// A plan made earlier the same day: its visits started by `at` stay as they were.
    public var previous: Plan?
    /// How errors in `previous` name it.
    public var previousFile: String
    /// Events of the day (`plan --event`), applied to the tickets, the engineers and the
    /// previous plan before planning, after the previous plan's own events.
    public var events: [PlanEvent] = []

    /// A request; `previousFile` names `previous` in errors.
    public init(tickets: [Ticket], engineers: [Engineer], triage: Triage, travel: Travel, at: Date,
                previous: Plan? = nil, previousFile: String = "previous plan") {
        self.tickets = tickets
        self.engineers = engineers
        self.triage = triage
        self.travel = travel
        self.at = at
        self.previous = previous
        self.previousFile = previousFile
    }
}

/// What a pipeline run gives: the triage of every ticket, the problem it planned, and the plan.
public struct PlanningOutcome: Sendable {
    /// The triage of every ticket at the request's moment.
    public var triage: [TriageResult]
    /// Today's problem, as the solver saw it.
    public var problem: PlanningProblem
    /// The plan.
    public var plan: Plan
}

/// The one way from tickets to a plan, for every caller (`fieldops plan`, `bench`,
/// `simulate`, the tests): triage → the visits a re-plan keeps → the problem → the
/// solver the options choose, with its fallback → the plan.
public enum PlanningPipeline {
    /// Plans `request`; fails when the previous plan does not fit the request, or when
    /// engineers and tickets share more distinct skills than a problem can tell apart.
    public static func plan(_ request: PlanningRequest, options: PlanningOptions) throws(InputError) -> PlanningOutcome {
        let applied = try AppliedEvents(request)
        let original = request
        var request = request
        request.tickets = applied.tickets
        request.previous = applied.previous
        if applied.previous != original.previous { request.previousFile += " (after the --event overruns)" }
        let triage = request.triage.run(request.tickets, at: request.at)
        let shared = PlanningProblem.distinctSkills(triage: triage, engineers: request.engineers)
        if shared > PlanningProblem.maxSkills {
            throw InputError(file: "engineers", field: "skills",
                             "\(shared) distinct skills are both held by engineers and needed by tickets; FieldOps tells at most \(PlanningProblem.maxSkills) apart")
        }
        var outcome = solve(request, triage: triage, locked: try locked(for: request), options: options, events: applied.day)
        // The events stay in force for later re-plans; a cancelled ticket is listed as such.
        outcome.plan.events = applied.inForce
        for id in applied.cancelled {
            outcome.plan.triage.append(TriageEntry(ticket: id, mode: TriageEntry.cancelled, rule: "event", note: "cancelled (plan --event)"))
        }
        outcome.plan.summary.tickets += applied.cancelled.count
        // Their triage rides along, so that every output still shows their columns.
        let cancelled = Set(applied.cancelled)
        outcome.triage += request.triage.run(original.tickets.filter { cancelled.contains($0.id) }, at: request.at)
        if let previous = original.previous {
            outcome.plan.changes = PlanChanges(from: previous, to: outcome.plan, at: request.at, cancelled: cancelled)
        }
        return outcome
    }

    /// What a re-plan keeps of the previous plan, per engineer id (nothing without one).
    public static func locked(for request: PlanningRequest) throws(InputError) -> [String: LockedRoute] {
        guard let previous = request.previous else { return [:] }
        let locked = try Replan.locked(previous: previous, file: request.previousFile, at: request.at, tickets: request.tickets,
                                       engineers: request.engineers, model: request.travel.model)
        // What is kept must be what could have happened: the started visits of a plan edited
        // by hand (a visit ending at midnight, a second route for one engineer) are refused.
        var started = previous
        // A trip already home keeps nothing (Replan.locked), so it is not checked either.
        started.routes = previous.routes.filter { previous.days == 1 || $0.end.time > request.at }.map { route in
            var route = route
            route.stops = route.stops.filter { $0.start <= request.at }
            return route
        }
        let validator = PlanValidator(triage: request.triage.run(request.tickets, at: previous.plannedAt),
                                      engineers: request.engineers, travel: request.travel)
        try validator.require(started, file: request.previousFile, scope: .started)
        return locked
    }

    /// Plans `request` keeping `locked` (from `locked(for:)`) of each engineer's route.
    /// The caller has checked the skills (`plan(_:options:)` does).
    public static func plan(_ request: PlanningRequest, locked: [String: LockedRoute], options: PlanningOptions) -> PlanningOutcome {
        solve(request, triage: request.triage.run(request.tickets, at: request.at), locked: locked, options: options)
    }

    private static func solve(_ request: PlanningRequest, triage: [TriageResult], locked: [String: LockedRoute],
                              options: PlanningOptions, events: DayEvents = DayEvents()) -> PlanningOutcome {
        var problem = PlanningProblem(triage: triage, engineers: request.engineers, travel: request.travel, at: request.at, locked: locked,
                                      days: options.days, trips: request.triage.policy.trips, events: events)
        problem.objective = options.objective.policy
        var plannerOptions = options.plannerOptions
        if let previous = request.previous, options.stability > 0 {
            // The stability term, and the previous routes (what is left of them) as the
            // search's start: a re-plan changes what the events make it change.
            let start = keptRoutes(of: previous, in: problem)
            problem.keep(previousEngineers: start.engineerOfVisit, worth: options.stability)
            plannerOptions.initialRoutes = start.routes
        }
        let solution = planner(for: problem, options: options).solve(problem, options: plannerOptions)
        var builder = PlanBuilder(problem: problem)
        if let previous = request.previous, problem.isMultiDay {
            // Only trips still under way carry their nights and planned way home.
            let going = previous.routes.filter { locked[$0.engineer] != nil }
            builder.previousNights = Dictionary(going.map { ($0.engineer, $0.nights) }, uniquingKeysWith: { first, _ in first })
            builder.previousEnds = Dictionary(going.map { ($0.engineer, $0.end.time) }, uniquingKeysWith: { first, _ in first })
        }
        var plan = builder.plan(solution)
        plan.solver.objectivePolicy = options.objective.rawValue
        return PlanningOutcome(triage: triage, problem: problem, plan: plan)
    }

    /// The previous plan's routes in `problem`'s terms: per engineer index, the visits
    /// still to plan that the previous plan gave them, in its order, and per visit that
    /// engineer (-1 when the previous plan had it in no route).
    static func keptRoutes(of previous: Plan, in problem: PlanningProblem) -> (routes: [[Int]], engineerOfVisit: [Int]) {
        let visitOfTicket = Dictionary(uniqueKeysWithValues: problem.visits.enumerated().map { ($1.id, $0) })
        let engineerIndex = Dictionary(problem.engineers.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var routes = Array(repeating: [Int](), count: problem.shifts.count)
        var engineerOfVisit = Array(repeating: -1, count: problem.visits.count)
        for route in previous.routes {
            guard let e = engineerIndex[route.engineer] else { continue }
            for stop in route.stops {
                guard let v = visitOfTicket[stop.ticket], engineerOfVisit[v] < 0 else { continue }
                engineerOfVisit[v] = e
                routes[e].append(v)
            }
        }
        return (routes, engineerOfVisit)
    }

    /// The planner `options` ask for on `problem`: `auto` keeps GLPK to mornings its
    /// program can take.
    public static func planner(for problem: PlanningProblem, options: PlanningOptions) -> any Planner {
        let glpk = IntegerPlanner(solver: GLPKSolver(timeLimit: options.timeLimit, gap: options.gap, verbose: options.verbose,
                                                     nodeLimit: Tuning.routeProgramNodes))
        switch options.solver {
        case .greedy: return GreedyPlanner()
        case .glpk: return glpk
        case .auto:
            return problem.visits.count <= IntegerPlanner.autoLimit
                ? glpk : FallbackPlanner(reason: "auto: \(problem.visits.count) visits, more than the \(IntegerPlanner.autoLimit) the integer program takes",
                                      bounding: glpk.solver)
        }
    }
}
