import Foundation
import Testing
@testable import FieldOpsBenchmark
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSimulation
@testable import FieldOpsSolver
@testable import FieldOpsSupport

/// A small morning built from `column=value` rows, triaged and turned into today's problem.
func problem(tickets: [[String]], engineers: [[String]], at: String = "2026-11-25T08:00:00+08:00",
             locked: [String: LockedRoute] = [:], days: Int = 1) throws -> PlanningProblem {
    let ts = try tickets.enumerated().map { i, pairs in try ticket(["id=T\(i + 1)"] + pairs) }
    let es = try engineers.enumerated().map { i, pairs in try engineer(["id=E\(i + 1)"] + pairs) }
    let when = time(at)
    let results = Shipped.triage.run(ts, at: when)
    return PlanningProblem(triage: results, engineers: es, travel: Travel(model: Shipped.policy.travel), at: when, locked: locked,
                           days: days, trips: Shipped.policy.trips)
}

/// The best cost over every assignment of visits to engineers (or to no one) and every
/// order within each route: the optimum the planner must reach on tiny instances.
func bruteForceOptimum(_ p: PlanningProblem) -> Int {
    let full = p.visits.reduce(0) { $0 + p.objective.fullValue($1) }
    return full - bruteForceBest(p) { e, visits in
        guard visits.allSatisfy({ p.qualified(e, for: $0) }) else { return nil }
        return RouteState.evaluate(nodes: [p.startNode(e)] + visits + [p.endNode(e)], engineer: e, problem: p)?.value
    }
}

/// Plans and checks the plan with the independent validator.
func planAndValidate(_ p: PlanningProblem, seed: UInt64 = 1) -> (Solution, Plan, [String]) {
    var options = PlannerOptions()
    options.seed = seed
    let solution = GreedyPlanner().solve(p, options: options)
    let plan = PlanBuilder(problem: p).plan(solution)
    let violations = PlanValidator(triage: p.triage, engineers: p.engineers, travel: p.travel).violations(of: plan)
    return (solution, plan, violations)
}

@Suite("Planner")
struct PlannerTests {
    /// Tiny mornings around Beijing: tight deadlines, windows, mixed skills, more work than time.
    static func tinyMorning(_ seed: UInt64) -> (tickets: [[String]], engineers: [[String]]) {
        var rng = SplitMix64(seed: seed)
        func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let places = ["海淀区", "朝阳区,北京市", "通州区,北京市", "房山区", "延庆区", "天津市", "廊坊市", "保定市", "怀柔区", "大兴区"]
        let components = ["mainboard", "cpu", "memory", "raid", "gpu", "nic"]
        var tickets: [[String]] = []
        for _ in 0..<(4 + Int(rng.next() % 2)) {
            let reported = time("2026-11-25T08:00:00+08:00").addingTimeInterval(-unit() * 9 * 3600)
            var row = ["reported_at=\(Timestamp.format(reported))", "place=\(places[Int(rng.next() % UInt64(places.count))])",
                       "component=\(components[Int(rng.next() % UInt64(components.count))])"] + inWarranty
            if unit() < 0.2 { row.append("priority=2") }
            tickets.append(row)
        }
        if unit() < 0.5 {
            tickets.append(["kind=inspection", "place=\(places[Int(rng.next() % UInt64(places.count))])",
                            "window_start=2026-11-25T13:00", "window_end=2026-11-25T17:00"] + inWarranty)
        }
        let engineers = [
            ["base=北京市", "skills=server;storage", "shift_start=08:00", "shift_end=\(unit() < 0.5 ? "14:00" : "16:00")"],
            ["base=天津市", "skills=server;gpu;network", "shift_start=09:00", "shift_end=15:00"],
        ]
        return (tickets, engineers)
    }

    @Test("Under booked_window: finish the work ends inside the booked window; the validator holds a plan to the policy's rule")
    func bookedWindowRule() throws {
        var finish = Shipped.policy
        finish.bookedWindow = .finish
        let when = time("2026-11-25T08:00:00+08:00")
        let installation = { (start: String, end: String) in
            try ticket(["id=T1", "kind=installation", "place=北京市", "window_start=2026-11-25T\(start)", "window_end=2026-11-25T\(end)"])
        }
        let engineers = [try engineer(["id=E1", "base=北京市", "skills=server", "shift_start=08:00", "shift_end=20:00"])]
        func planned(_ policy: Policy, _ t: Ticket) -> (TriageResult, Plan, PlanningProblem) {
            let results = Triage(policy: policy, gazetteer: Shipped.gazetteer).run([t], at: when)
            let p = PlanningProblem(triage: results, engineers: engineers, travel: Travel(model: policy.travel), at: when)
            return (results[0], PlanBuilder(problem: p).plan(GreedyPlanner().solve(p, options: PlannerOptions())), p)
        }
        // 13:00–18:00 and two hours on site: the latest start is 18:00, or 16:00 under finish.
        let wide = try installation("13:00", "18:00")
        #expect(planned(Shipped.policy, wide).2.visits[0].latest - planned(finish, wide).2.visits[0].latest == 120)
        let (r, plan, _) = planned(finish, wide)
        let stop = try #require(plan.routes.first?.stops.first)
        #expect(stop.end <= time("2026-11-25T18:00:00+08:00") && r.latestStart == time("2026-11-25T16:00:00+08:00"))
        #expect(PlanValidator(triage: [r], engineers: engineers, travel: Travel(model: finish.travel)).violations(of: plan).isEmpty)

        // 13:00–14:00: under start the work runs 13:00–15:00, which finish does not allow.
        let narrow = try installation("13:00", "14:00")
        let (startResult, startPlan, _) = planned(Shipped.policy, narrow)
        #expect(startPlan.routes.first?.stops.first?.end == time("2026-11-25T15:00:00+08:00"))
        #expect(PlanValidator(triage: [startResult], engineers: engineers, travel: Travel(model: finish.travel)).violations(of: startPlan).isEmpty)
        var held = startResult
        held.windowRule = .finish
        let violations = PlanValidator(triage: [held], engineers: engineers, travel: Travel(model: finish.travel)).violations(of: startPlan)
        #expect(violations.contains { $0.contains("after the booked window ends") && $0.contains("booked_window: finish") }, "\(violations)")
        // Under finish it is not planned, with the reason, and triage warns the window is too short.
        let (finishResult, finishPlan, _) = planned(finish, narrow)
        #expect(finishPlan.routes.allSatisfy { $0.stops.isEmpty })
        #expect(finishResult.warnings.contains { $0.contains("shorter than the 120 minutes on site") })
        #expect(finishPlan.unassigned.first?.reason.contains("booked_window: finish") == true, "\(finishPlan.unassigned)")
    }

    @Test("After today's shifts are over a one-day plan works each engineer's next shift; inside them, or with a night shift on, nothing changes")
    func nextShift() throws {
        // Prefecture-level cities (36 h) reported at 19:00: due 11-27 07:00, so tomorrow's shift serves them on time.
        let tickets = [["place=廊坊市", "component=disk", "reported_at=2026-11-25T19:00"] + inWarranty,
                       ["place=保定市", "component=memory", "reported_at=2026-11-25T19:00"] + inWarranty]
        let day = ["base=北京市", "skills=server;storage", "shift_start=08:00", "shift_end=20:00"]
        let early = ["base=天津市", "skills=server;storage", "shift_start=08:00", "shift_end=17:00"]
        let night = ["base=北京市", "skills=server;storage", "shift_start=20:00", "shift_end=08:00"]
        // 21:00: the day shifts are over (the night shift, into tomorrow, does not count).
        let evening = try problem(tickets: tickets, engineers: [day, early, night], at: "2026-11-25T21:00:00+08:00")
        #expect(evening.nextShift == 24 * 60 + 8 * 60)
        #expect(evening.shifts.map(\.start) == [24 * 60 + 8 * 60, 24 * 60 + 8 * 60, 20 * 60])
        #expect(evening.shifts.allSatisfy { $0.unavailable == nil })
        let (_, plan, violations) = planAndValidate(evening)
        #expect(violations.isEmpty, "\(violations)")
        #expect(plan.nextShift == time("2026-11-26T08:00:00+08:00"))
        #expect(plan.routes.flatMap(\.stops).count == 2 && plan.summary.onTime == 2, "\(plan.unassigned) \(plan.deferred)")
        // 17:30: one shift is over, one still on: today's plan, the early engineer off shift.
        let late = try problem(tickets: tickets, engineers: [day, early], at: "2026-11-25T17:30:00+08:00")
        #expect(late.nextShift == nil)
        #expect(late.shifts[1].unavailable == "shift ended at 17:00" && late.shifts[0].start == 8 * 60)
        // 06:00: before the shifts, today's.
        #expect(try problem(tickets: tickets, engineers: [day], at: "2026-11-25T06:00:00+08:00").nextShift == nil)
        // An engineer off tomorrow is off on the next shift.
        let off = try problem(tickets: tickets, engineers: [day + ["off=2026-11-26"]], at: "2026-11-25T21:00:00+08:00")
        #expect(off.shifts[0].unavailable == "off on 2026-11-26")
    }

    @Test("On tiny mornings the planner reaches the brute-force optimum", arguments: Array(UInt64(1)...UInt64(16)))
    func reachesOptimum(seed: UInt64) throws {
        let morning = PlannerTests.tinyMorning(seed)
        let p = try problem(tickets: morning.tickets, engineers: morning.engineers)
        let optimum = bruteForceOptimum(p)
        let (solution, plan, violations) = planAndValidate(p)
        #expect(violations.isEmpty, "\(violations)")
        #expect(solution.report.objective == optimum, "planner \(solution.report.objective), optimum \(optimum), plan \(plan.routes.map { $0.stops.map(\.ticket) })")
    }

    @Test("Under each objective policy the planner reaches that policy's brute-force optimum on tiny mornings",
          arguments: [ObjectivePolicy.urgentFirst, .weighted], Array(UInt64(1)...UInt64(8)))
    func reachesOptimumUnderPolicy(policy: ObjectivePolicy, seed: UInt64) throws {
        let morning = PlannerTests.tinyMorning(seed)
        var p = try problem(tickets: morning.tickets, engineers: morning.engineers)
        p.objective = policy
        let optimum = bruteForceOptimum(p)
        let (solution, _, violations) = planAndValidate(p)
        #expect(violations.isEmpty, "\(violations)")
        #expect(solution.report.objective == optimum, "\(policy.name): planner \(solution.report.objective), optimum \(optimum)")
    }

    @Test("The policies keep their promises: on time first puts any visit on time above a late one; urgent first a late urgent repair above flexible work")
    func policyOrder() {
        let classes = VisitClass.allCases
        for policy in ObjectivePolicy.named {
            // Served beats not served, less lateness beats more, on time beats late.
            #expect(policy.onTimeValue(.urgent) > policy.urgentLate)
            #expect(policy.latePerMinute > 0 && policy.urgentLate > 0)
            #expect(ObjectivePolicy.named(policy.name) == policy)
        }
        let onTimeFirst = ObjectivePolicy.onTimeFirst, urgentFirst = ObjectivePolicy.urgentFirst
        #expect(classes.allSatisfy { onTimeFirst.onTimeValue($0) > onTimeFirst.urgentLate })
        #expect(urgentFirst.urgentLate - urgentFirst.latePerMinute * 120 > 10 * urgentFirst.flexibleRepair)
        #expect(ObjectivePolicy.weighted.urgentLate < ObjectivePolicy.weighted.flexibleRepair)
        #expect(ObjectivePolicy.named("nonsense") == nil)
    }

    @Test("An urgent repair goes before an inspection when only one fits")
    func urgentBeforeInspection() throws {
        let p = try problem(tickets: [["reported_at=2026-11-25T07:00", "place=海淀区", "component=cpu"] + inWarranty,
                                      ["kind=inspection", "place=朝阳区,北京市"] + inWarranty],
                            engineers: [["base=北京市", "shift_start=08:00", "shift_end=11:00"]])
        let (_, plan, violations) = planAndValidate(p)
        #expect(violations.isEmpty, "\(violations)")
        #expect(plan.routes.first?.stops.map(\.ticket) == ["T1"])
        #expect(plan.deferred.map(\.ticket) == ["T2"])
    }

    @Test("A repair that cannot be on time is still planned, late, and says by how much")
    func lateButPlanned() throws {
        // Reported 20 hours ago in Beijing: the 8-hour deadline has passed.
        let p = try problem(tickets: [["reported_at=2026-11-24T12:00", "place=海淀区", "component=memory"] + inWarranty],
                            engineers: [["base=北京市"]])
        let (_, plan, violations) = planAndValidate(p)
        #expect(violations.isEmpty, "\(violations)")
        let stop = try #require(plan.routes.first?.stops.first)
        #expect(stop.lateMinutes > 0)
        #expect(stop.mustToday == true)
        #expect(plan.summary.late == 1)
    }

    @Test("A repair that can be on time tomorrow is deferred when today is full, with the reason")
    func deferredWhenItCanWait() throws {
        // Reported this morning in a county (72 h): tomorrow is soon enough.
        let p = try problem(tickets: [["reported_at=2026-11-25T07:00", "place=海淀区", "component=cpu"] + inWarranty,
                                      ["reported_at=2026-11-25T07:30", "place=大兴区", "component=cpu", "tier=town"] + inWarranty],
                            engineers: [["base=北京市", "shift_start=08:00", "shift_end=11:00"]])
        let (_, plan, violations) = planAndValidate(p)
        #expect(violations.isEmpty, "\(violations)")
        #expect(plan.routes.first?.stops.map(\.ticket) == ["T1"])
        #expect(plan.routes.first?.stops.first?.mustToday == true)
        let deferred = try #require(plan.deferred.first)
        #expect(deferred.ticket == "T2")
        #expect(deferred.reason.contains("can still be on time on 2026-11-26"))
    }

    @Test("Unassigned reasons a dispatcher can act on", arguments: [
        (["component=gpu"], [["base=北京市", "skills=server"]], "no engineer has skill gpu"),
        (["component=cpu"], [["base=北京市", "off=2026-11-25"]], "no qualified engineer works today: E1 (off on 2026-11-25)"),
        (["component=cpu", "place=乌鲁木齐市", "deadline=2026-11-25T12:00"], [["base=北京市"]], "nearest qualified engineer E1 (北京) arrives"),
    ])
    func reasons(extra: [String], engineers: [[String]], expected: String) throws {
        let p = try problem(tickets: [["reported_at=2026-11-25T07:00", "place=海淀区"] + inWarranty + extra], engineers: engineers)
        let (_, plan, violations) = planAndValidate(p)
        #expect(violations.isEmpty, "\(violations)")
        let reason = try #require(plan.unassigned.first?.reason)
        #expect(reason.hasPrefix(expected), "\(reason)")
    }

    @Test("Full shifts are named as such")
    func shiftsFull() throws {
        let rows = (0..<4).map { _ in ["reported_at=2026-11-25T06:00", "place=海淀区", "component=mainboard"] + inWarranty }
        let p = try problem(tickets: rows, engineers: [["base=北京市", "shift_start=08:00", "shift_end=12:00"]])
        let (_, plan, violations) = planAndValidate(p)
        #expect(violations.isEmpty, "\(violations)")
        #expect(plan.unassigned.contains { $0.reason.hasPrefix("qualified engineers' shifts are full: E1") })
    }

    @Test("The same input and seed give the same plan")
    func deterministic() throws {
        let instance = try Instance.read(tickets: repoRoot + "/data/sample/tickets.csv", engineers: repoRoot + "/data/sample/engineers.csv",
                                         gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        let at = time("2026-11-25T08:00:00+08:00")
        let triage = Shipped.triage.run(instance.tickets, at: at)
        func render() -> String {
            let p = PlanningProblem(triage: triage, engineers: instance.engineers, travel: Travel(model: Shipped.policy.travel), at: at)
            // Time enough that the steps, not the clock, end the search (a debug build on a
            // busy machine can take most of a minute).
            var options = PlannerOptions()
            options.timeLimit = 3_600
            var plan = PlanBuilder(problem: p).plan(GreedyPlanner().solve(p, options: options))
            #expect(plan.solver.status == "local_optimum")
            plan.solver.seconds = 0
            return plan.json(triage: triage).rendered()
        }
        #expect(render() == render())
    }

    @Test("Ruin-and-recreate steps by size: 300 a visit on small mornings, the budget over the visits on middling ones, over their square on the largest, never under the floor")
    func ruinStepsBySize() {
        let options = PlannerOptions()
        #expect(options.ruinSteps(visits: 100) == 30_000)
        #expect(options.ruinSteps(visits: 650) == 64_000_000 / 650)
        #expect(options.ruinSteps(visits: 6_205) == 190_000_000_000 / (6_205 * 6_205))
        #expect(options.ruinSteps(visits: 40_000) == Tuning.ruinStepsMinimum)
        let sizes = Array(stride(from: 1, through: 20_000, by: 37))
        #expect(zip(sizes.dropFirst(), sizes.dropFirst(2)).allSatisfy { options.ruinSteps(visits: $0) >= options.ruinSteps(visits: $1) || $0 < 470 })
    }

    @Test("Two searches side by side where the step budget over the visits cuts the steps a visit gets, one below and where the square budget rules; a set step budget keeps one")
    func searchesBySize() {
        var options = PlannerOptions()
        #expect(options.searches(visits: 100) == 1)
        #expect(options.searches(visits: 461) == 1)
        #expect(options.searches(visits: 462) == 2)
        #expect(options.searches(visits: 650) == 2)
        #expect(options.searches(visits: 2_968) == 2)
        #expect(options.searches(visits: 2_969) == 1)
        #expect(options.searches(visits: 6_205) == 1)
        options.ruinIterations = 1_000
        #expect(options.searches(visits: 650) == 1)
        options.searchCount = 3
        #expect(options.searches(visits: 100) == 3)
    }

    @Test("Side-by-side searches keep the cheapest plan, never dearer than search 0 alone, valid, the same on every run",
          arguments: Array(UInt64(1)...UInt64(8)))
    func sideBySideSearches(seed: UInt64) throws {
        let morning = PlannerTests.tinyMorning(seed)
        let p = try problem(tickets: morning.tickets, engineers: morning.engineers)
        var options = PlannerOptions()
        options.ruinIterations = 20
        let one = GreedyPlanner().solve(p, options: options)
        options.searchCount = 2
        let two = GreedyPlanner().solve(p, options: options)
        var second = options
        second.searchCount = 1
        second.seed = options.seed(ofSearch: 1)
        let other = GreedyPlanner().solve(p, options: second)
        #expect(two.report.objective == min(one.report.objective, other.report.objective))
        #expect(two.routes == (one.report.objective <= other.report.objective ? one.routes : other.routes))
        #expect(GreedyPlanner().solve(p, options: options).routes == two.routes)
        let plan = PlanBuilder(problem: p).plan(two)
        let violations = PlanValidator(triage: p.triage, engineers: p.engineers, travel: p.travel).violations(of: plan)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("A search the clock stops says so: its status is time_limit, not local_optimum, even where the local search's first pass finds nothing to improve",
          arguments: Array(UInt64(1)...UInt64(16)))
    func clockStops(seed: UInt64) throws {
        let morning = PlannerTests.tinyMorning(seed)
        let p = try problem(tickets: morning.tickets, engineers: morning.engineers)
        var options = PlannerOptions()
        options.timeLimit = 0
        #expect(GreedyPlanner().solve(p, options: options).report.status == "time_limit")
        #expect(GreedyPlanner().solve(p, options: PlannerOptions()).report.status == "local_optimum")
    }
}
