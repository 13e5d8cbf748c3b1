import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSupport
import Foundation

/// How a simulation runs.
public struct SimulationSettings: Sendable {
    /// The first simulated day.
    public var first: Day
    /// How many days.
    public var days: Int
    /// Replications (each with its own arrivals, the same for every scenario).
    public var runs: Int
    /// The seed of the arrivals and the planner.
    public var seed: UInt64
    /// Hours between re-plans, around the clock (a morning plan is the first of a day).
    public var replanHours: Double = 2
    /// Whether an urgent arrival (a repair due within 24 hours) triggers a re-plan too.
    public var replanOnUrgent = false
    /// Ruin-and-recreate steps of each plan: fewer than a morning plan's, as a simulation
    /// plans hundreds of times.
    public var searchSteps = 1_000
    /// The planner of every plan: the greedy planner by default, as a simulation plans
    /// hundreds of times and GLPK would spend its whole limit on many of them.
    public var solver: SolverChoice = .greedy
    /// Each plan's time limit in seconds (the heuristic's safety limit, and GLPK's).
    public var timeLimit: Double = 30
    /// Shift days each plan looks ahead, with trips that stay out overnight (`plan --days`);
    /// engineers carry their trips, positions and nights across re-plans and midnight.
    /// 1 sends everyone home each night, as before trips.
    public var tripDays = 3
    /// The objective policy of every plan, unless a scenario sets its own.
    public var objective = ObjectiveChoice.standard

    /// Creates settings.
    public init(first: Day, days: Int, runs: Int, seed: UInt64) {
        self.first = first
        self.days = days
        self.runs = runs
        self.seed = seed
    }

    /// The simulated days.
    public var dayList: [Day] { (0..<days).map { first.adding(days: $0) } }
}

/// What one day of one run gave.
public struct DayFigures: Sendable, Equatable {
    /// The day.
    public var day: Day
    /// Repairs due that day whose outcome is known (served, or past due unserved).
    public var due = 0
    /// Of those, on time.
    public var onTime = 0
    /// Visits served that day.
    public var served = 0
    /// Visits open at the end of the day.
    public var backlog = 0
    /// Kilometres driven that day.
    public var km = 0.0
}

/// What one run of one scenario gave.
public struct RunFigures: Sendable, Equatable {
    /// Repairs whose outcome is known, by tier.
    public var dueByTier: [Tier: Int] = [:]
    /// Of those, on time.
    public var onTimeByTier: [Tier: Int] = [:]
    /// Hours from report to the engineer at the door, for every repair served.
    public var doorHours: [Double] = []
    /// Visits served late.
    public var late = 0
    /// Visits served.
    public var served = 0
    /// Visits still open at the end.
    public var backlog = 0
    /// Kilometres driven.
    public var km = 0.0
    /// Minutes on site.
    public var workMinutes = 0
    /// Minutes on the road.
    public var travelMinutes = 0
    /// Minutes of shift of every engineer working each day.
    public var shiftMinutes = 0
    /// Plans made.
    public var plans = 0
    /// Day by day.
    public var daily: [DayFigures] = []
}

/// Replays arrivals through the real planner: a plan at every re-plan moment, engineers
/// working through their routes, visits started before the next moment kept as they
/// were, everything else planned again; work not done carries over to the next day.
public struct Simulator: Sendable {
    /// Triage of arriving tickets.
    public var triage: Triage
    /// The travel model.
    public var travel: Travel
    /// How it runs.
    public var settings: SimulationSettings

    /// Creates a simulator.
    public init(triage: Triage, travel: Travel, settings: SimulationSettings) {
        self.triage = triage
        self.travel = travel
        self.settings = settings
    }

    /// When `ticket` enters the simulation: its report, or two days before a booked window.
    func arrival(_ ticket: Ticket) -> Date {
        let start = settings.first.start
        let at = ticket.reportedAt ?? ticket.windowStart?.addingTimeInterval(-2 * 86_400) ?? start
        return max(at, start)
    }

    /// One run of `engineers` through `arrivals`.
    public func run(arrivals: [Ticket], engineers: [Engineer], seed: UInt64, objective: ObjectiveChoice? = nil) -> RunFigures {
        let start = settings.first.start
        let end = start.addingTimeInterval(Double(settings.days) * 86_400)
        let days = settings.dayList
        let incoming = arrivals.map { (ticket: $0, at: arrival($0)) }.filter { $0.at < end }.sorted { ($0.at, $0.ticket.id) < ($1.at, $1.ticket.id) }

        // What each arriving ticket is: only on-site work needs an engineer.
        struct Known { var ticket: Ticket; var tier: Tier?; var deadline: Date?; var repair: Bool }
        var known: [String: Known] = [:]
        var moments = Set<Date>()
        var t = start
        while t < end { moments.insert(t); t = t.addingTimeInterval(settings.replanHours * 3600) }
        var admitted: [(at: Date, id: String)] = []
        for (ticket, at) in incoming {
            guard let result = triage.run([ticket], at: at).first, result.outcome.needsVisit else { continue }
            known[ticket.id] = Known(ticket: ticket, tier: result.tier, deadline: result.deadline, repair: result.outcome == .onSite)
            admitted.append((at, ticket.id))
            if settings.replanOnUrgent, result.outcome == .onSite, let d = result.deadline, d.timeIntervalSince(at) <= 86_400 {
                moments.insert(at)
            }
        }
        let schedule = moments.sorted()

        var figures = RunFigures()
        figures.daily = days.map { DayFigures(day: $0) }
        func dayIndex(_ date: Date) -> Int { min(max(Day(date).daysSinceEpoch - settings.first.daysSinceEpoch, 0), days.count - 1) }
        for day in days {
            for e in engineers where !e.off.contains(day) { figures.shiftMinutes += e.shiftMinutes }
        }
        func decide(_ k: Known, onTime: Bool) {
            guard k.repair, let deadline = k.deadline else { return }
            let tier = k.tier ?? .agreed
            figures.dueByTier[tier, default: 0] += 1
            figures.daily[dayIndex(deadline)].due += 1
            if onTime {
                figures.onTimeByTier[tier, default: 0] += 1
                figures.daily[dayIndex(deadline)].onTime += 1
            }
        }

        var open: [String] = []           // admitted, not yet started, in arrival order
        var servedToday: [Ticket] = []
        var done = Set<String>()
        var previous: Plan?
        var next = 0
        var today = 0
        var options = PlanningOptions()
        options.solver = settings.solver
        options.searchSteps = settings.searchSteps
        options.timeLimit = settings.timeLimit
        options.days = settings.tripDays
        options.objective = objective ?? settings.objective
        // Re-plans as before the stability term: its effect on service levels over weeks
        // has not been simulated yet, and the README's figures were measured without it.
        options.stability = 0
        for (k, now) in schedule.enumerated() {
            let following = k + 1 < schedule.count ? schedule[k + 1] : end
            if dayIndex(now) != today {
                // A new day: yesterday's backlog stands, and its plan is over.
                for d in today..<dayIndex(now) { figures.daily[d].backlog = open.count }
                today = dayIndex(now)
                if settings.tripDays == 1 {
                    // Without trips, yesterday's plan is over; with them, trips go on.
                    previous = nil
                    servedToday = []
                }
            }
            while next < admitted.count, admitted[next].at <= now {
                open.append(admitted[next].id)
                next += 1
            }
            guard !open.isEmpty else { continue }
            // The visits a re-plan keeps must be among the tickets: today's served ones, or on
            // trips, those started on routes still under way.
            let kept = settings.tripDays == 1 ? servedToday
                : (previous?.routes.filter { $0.end.time > now }.flatMap(\.stops).filter { $0.start <= now }.compactMap { known[$0.ticket]?.ticket } ?? [])
            let tickets = kept + open.map { known[$0]!.ticket }
            options.seed = seed &+ UInt64(k)
            let request = PlanningRequest(tickets: tickets, engineers: engineers, triage: triage, travel: travel, at: now,
                                          previous: previous, previousFile: "simulation")
            // A previous plan that no longer fits the open tickets is planned afresh.
            let locked = (try? PlanningPipeline.locked(for: request)) ?? [:]
            let plan = PlanningPipeline.plan(request, locked: locked, options: options).plan
            figures.plans += 1
            // Engineers work through the plan until the next moment: what they start by
            // then is done as planned.
            for route in plan.routes {
                var legs = 0.0, legMinutes = 0
                for stop in route.stops {
                    legs += stop.legKm
                    legMinutes += stop.legMinutes
                    guard !done.contains(stop.ticket), stop.start <= following, let info = known[stop.ticket] else { continue }
                    done.insert(stop.ticket)
                    servedToday.append(info.ticket)
                    open.removeAll { $0 == stop.ticket }
                    figures.served += 1
                    figures.daily[dayIndex(stop.start)].served += 1
                    figures.km += stop.legKm
                    figures.daily[dayIndex(stop.start)].km += stop.legKm
                    figures.workMinutes += Int(stop.end.timeIntervalSince(stop.start) / 60)
                    figures.travelMinutes += stop.legMinutes
                    if stop.lateMinutes > 0 { figures.late += 1 }
                    if info.repair, let reported = info.ticket.reportedAt {
                        figures.doorHours.append(stop.arrive.timeIntervalSince(reported) / 3600)
                    }
                    decide(info, onTime: stop.lateMinutes == 0)
                }
                // The way home, once every stop is done and it falls before the next plan.
                if route.end.time > now, route.end.time <= following, route.stops.allSatisfy({ done.contains($0.ticket) }) {
                    let home = max(0, route.travelKm - legs)
                    figures.travelMinutes += max(0, route.travelMinutes - legMinutes)
                    figures.km += home
                    figures.daily[dayIndex(route.end.time)].km += home
                }
            }
            previous = plan
        }
        figures.backlog = open.count
        for d in today..<days.count { figures.daily[d].backlog = open.count }
        for id in open {
            if let info = known[id], let deadline = info.deadline, deadline < end { decide(info, onTime: false) }
        }
        return figures
    }
}

extension Simulator {
    /// Runs every scenario on every run's arrivals (common random numbers: the same
    /// tickets for each scenario of a run), the runs in parallel on the cores.
    /// `progress` hears how many of the runs are done.
    public func compare(arrivals: [[Ticket]], base: [Engineer], scenarios: [Scenario],
                        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> [ScenarioResult] {
        let staffs = scenarios.map { $0.apply(to: base, days: settings.dayList) }
        let jobs = scenarios.indices.flatMap { s in arrivals.indices.map { (scenario: s, run: $0) } }
        let results = ParallelResults<RunFigures>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
            let job = jobs[j]
            let figures = run(arrivals: arrivals[job.run], engineers: staffs[job.scenario], seed: settings.seed &+ UInt64(job.run) &* 7_919,
                              objective: scenarios[job.scenario].objective)
            let done = results.set(j, figures)
            progress?(done, jobs.count)
        }
        let all = results.values
        return scenarios.enumerated().map { s, scenario in
            ScenarioResult(name: scenario.name, runs: jobs.indices.filter { jobs[$0].scenario == s }.map { all[$0]! })
        }
    }
}
