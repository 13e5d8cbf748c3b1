import Foundation
import PropertyBased
import Testing
@testable import FieldOpsCore
@testable import FieldOpsGLPK
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSolver
@testable import FieldOpsSupport

/// Plans `instance` over `days` shift days with the greedy planner and validates the plan.
func tripPlan(_ instance: Instance, at: Date, days: Int, seed: UInt64 = 1, steps: Int = 200,
              trips: TripRules = Shipped.policy.trips) -> (Plan, [String]) {
    let triage = Shipped.triage.run(instance.tickets, at: at)
    let travel = Travel(model: Shipped.policy.travel)
    let p = PlanningProblem(triage: triage, engineers: instance.engineers, travel: travel, at: at, days: days, trips: trips)
    var options = PlannerOptions()
    options.seed = seed
    options.ruinIterations = steps
    let plan = PlanBuilder(problem: p).plan(GreedyPlanner().solve(p, options: options))
    return (plan, PlanValidator(triage: triage, engineers: instance.engineers, travel: travel, trips: trips).violations(of: plan))
}

@Suite("Work calendars")
struct WorkCalendarTests {
    // Two days, 08:00–20:00: minutes 480–1200 and 1920–2640.
    let calendar = WorkCalendar(windows: [(480, 1200), (1920, 2640)])

    @Test("Work time leaves the night out")
    func workTime() {
        #expect(calendar.total == 1440)
        #expect(calendar.work(at: 0) == 0)
        #expect(calendar.work(at: 600) == 120)
        #expect(calendar.work(at: 1500) == 720, "the night counts nothing")
        #expect(calendar.work(at: 2000) == 800)
        #expect(calendar.work(at: 9999) == 1440)
    }

    @Test("A drive that does not end by the shift's end rests overnight and goes on in the morning")
    func advance() {
        #expect(calendar.advance(from: 1100, by: 60) == 1160)
        #expect(calendar.advance(from: 1100, by: 100) == 1200, "ends exactly at the shift's end")
        #expect(calendar.advance(from: 1100, by: 160) == 1980, "100 minutes today, 60 tomorrow")
        #expect(calendar.advance(from: 1500, by: 30) == 1950, "set out at night: leaves in the morning")
        #expect(calendar.advance(from: 2600, by: 60) == nil, "the calendar ends first")
    }

    @Test("By rail or air through the night (when allowed), a leg goes on in real time and is at the door when the next shift starts")
    func overnightTravel() {
        #expect(calendar.travel(from: 1100, by: 160, overnight: false) == 1980, "not allowed: as a drive")
        #expect(calendar.travel(from: 1100, by: 60, overnight: true) == 1160, "inside the shift: the same")
        #expect(calendar.travel(from: 1100, by: 300, overnight: true) == 1920, "arrives at night: at the door at 08:00")
        #expect(calendar.travel(from: 1100, by: 900, overnight: true) == 2000, "a longer leg arrives in the next shift")
        #expect(calendar.travel(from: 1500, by: 60, overnight: true) == 1980, "sets out in a shift, not in the rest")
        #expect(calendar.travel(from: 2600, by: 60, overnight: true) == nil, "the calendar ends first")
    }

    @Test("A visit is served within one shift, or waits for the next morning")
    func fitWhole() {
        #expect(calendar.fitWhole(from: 1000, minutes: 90) == 1000)
        #expect(calendar.fitWhole(from: 1150, minutes: 90) == 1920)
        #expect(calendar.fitWhole(from: 2600, minutes: 90) == nil)
        #expect(calendar.fitWhole(from: 100, minutes: 800) == nil, "longer than any shift")
    }
}

@Suite("Trips over several days")
struct TripTests {
    let sample: Instance = try! Instance.read(tickets: repoRoot + "/data/sample/tickets.csv", engineers: repoRoot + "/data/sample/engineers.csv",
                                             gazetteer: Shipped.gazetteer, policy: Shipped.policy)
    let at = time("2026-11-25T08:00:00+08:00")

    @Test("Every trip plan validates: random mornings, 2–4 days, seeds and hours")
    func everyTripValidates() async {
        await propertyCheck(count: 12, input: Gen.uint64(in: 1...1_000_000), Gen.int(in: 10...60), Gen.int(in: 2...8), Gen.int(in: 2...4)) { seed, tickets, engineers, days in
            do {
                let instance = try generatedMorning(tickets: tickets, engineers: engineers, seed: seed)
                let (plan, violations) = tripPlan(instance, at: time("2026-11-25T09:30:00+08:00"), days: days, seed: seed, steps: 60)
                #expect(violations.isEmpty, "seed \(seed), \(tickets)×\(engineers), \(days) days: \(violations.prefix(5))")
                #expect(plan.days == days)
                for route in plan.routes { #expect(route.nightsAway <= Shipped.policy.trips.maxNightsAway) }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test("Three days on the sample serve far more visits on time than one, each trip home by its last shift")
    func sampleThreeDays() {
        let (one, v1) = tripPlan(sample, at: at, days: 1)
        let (three, v3) = tripPlan(sample, at: at, days: 3)
        #expect(v1.isEmpty && v3.isEmpty, "\(v1.prefix(3)) \(v3.prefix(3))")
        #expect(three.summary.onTime > one.summary.onTime + 20, "\(three.summary.onTime) vs \(one.summary.onTime)")
        #expect(three.routes.contains { $0.nightsAway > 0 }, "some trip stays out overnight")
        #expect(three.horizonEnd > one.horizonEnd.addingTimeInterval(2 * 86_400 - 3_600))
    }

    @Test("A far-west morning: trips reach what one-day routes cannot")
    func farWest() throws {
        let files = InstanceGenerator(gazetteer: Shipped.gazetteer, at: at).generate(tickets: 60, engineers: 10, seed: 5, region: .west)
        let instance = try Instance.parse(tickets: files.tickets, engineers: files.engineers, name: "west", gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        let (one, _) = tripPlan(instance, at: at, days: 1)
        let (three, violations) = tripPlan(instance, at: at, days: 3)
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(three.summary.onTime > one.summary.onTime, "\(three.summary.onTime) vs \(one.summary.onTime)")
    }

    @Test("With the policy's overnight_long_haul, trips take night trains and flights; the plan validates only under that policy")
    func overnightLongHaul() throws {
        let files = InstanceGenerator(gazetteer: Shipped.gazetteer, at: at).generate(tickets: 80, engineers: 14, seed: 3, region: .west)
        let instance = try Instance.parse(tickets: files.tickets, engineers: files.engineers, name: "west", gazetteer: Shipped.gazetteer, policy: Shipped.policy)
        var overnight = Shipped.policy.trips
        overnight.overnightLongHaul = true
        let (plain, _) = tripPlan(instance, at: at, days: 3, steps: 100)
        let (plan, violations) = tripPlan(instance, at: at, days: 3, steps: 100, trips: overnight)
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        let transit = plan.routes.flatMap(\.nights).filter { $0.place == .transit }
        #expect(!transit.isEmpty)
        #expect(plain.routes.flatMap(\.nights).allSatisfy { $0.place != .transit })
        #expect(plan.summary.onTime >= plain.summary.onTime - 1, "\(plan.summary.onTime) vs \(plain.summary.onTime)")
        // A night on the train leads to its visit (or home), reached when the next shift starts or later.
        for route in plan.routes {
            for night in route.nights where night.place == .transit {
                if let ticket = night.ticket {
                    let stop = try #require(route.stops.first { $0.ticket == ticket })
                    #expect(stop.arrive >= night.until)
                } else {
                    #expect(route.end.time >= night.until)
                }
            }
        }
        let triage = Shipped.triage.run(instance.tickets, at: at)
        let strict = PlanValidator(triage: triage, engineers: instance.engineers, travel: Travel(model: Shipped.policy.travel), trips: Shipped.policy.trips)
        let refused = strict.violations(of: plan)
        #expect(refused.contains { $0.contains("which the policy does not allow") })
        #expect(refused.contains { $0.contains("needs more shift time") || $0.contains("minutes of shift time") })
    }

    @Test("A night at a site, on the road or at home lies between two shifts, and the visit after it starts in a shift")
    func nights() {
        let (plan, _) = tripPlan(sample, at: at, days: 3)
        let engineers = Dictionary(uniqueKeysWithValues: sample.engineers.map { ($0.id, $0) })
        for route in plan.routes {
            let e = engineers[route.engineer]!
            for night in route.nights {
                #expect(night.until > night.from)
                #expect(Timestamp.minuteOfDay(night.from) == e.shiftEnd.minutes, "\(route.engineer) rests from its shift's end")
                if night.place == .home { #expect(night.coordinate == e.home) }
            }
        }
    }

    @Test("The validator catches a trip broken by hand: a visit run past its shift's end, too many nights away")
    func validatorCatches() throws {
        let (plan, _) = tripPlan(sample, at: at, days: 3)
        let triage = Shipped.triage.run(sample.tickets, at: at)
        let validator = PlanValidator(triage: triage, engineers: sample.engineers, travel: Travel(model: Shipped.policy.travel), trips: Shipped.policy.trips)
        var broken = plan
        let r = try #require(broken.routes.firstIndex { $0.nightsAway > 0 })
        broken.routes[r].stops[0].end = broken.routes[r].stops[0].start.addingTimeInterval(15 * 3600)
        #expect(validator.violations(of: broken).contains { $0.contains("after its shift ends") })
        var strict = validator
        strict.trips.maxNightsAway = 0
        #expect(strict.violations(of: plan).contains { $0.contains("nights away, more than the policy's 0") })
    }

    @Test("Re-planning a trip through its days keeps what started, resumes where the engineer is (resting, on the road, at home) and validates")
    func replanThroughTheDays() throws {
        var options = PlanningOptions()
        options.solver = .greedy
        options.days = 3
        options.searchSteps = 150
        let travel = Travel(model: Shipped.policy.travel)
        func request(_ now: Date, _ previous: Plan?) -> PlanningRequest {
            PlanningRequest(tickets: sample.tickets, engineers: sample.engineers, triage: Shipped.triage, travel: travel, at: now,
                            previous: previous, previousFile: "previous.json")
        }
        var previous = try PlanningPipeline.plan(request(at, nil), options: options).plan
        for hours in [3.0, 13.0, 16.5, 26.0, 33.0, 50.0] {
            let now = at.addingTimeInterval(hours * 3600)
            let outcome = try PlanningPipeline.plan(request(now, previous), options: options)
            let triage = Shipped.triage.run(sample.tickets, at: now)
            let violations = PlanValidator(triage: triage, engineers: sample.engineers, travel: travel, trips: Shipped.policy.trips)
                .violations(of: outcome.plan)
            #expect(violations.isEmpty, "at +\(hours) h: \(violations.prefix(4))")
            for route in previous.routes where route.end.time > now {
                let started = route.stops.filter { $0.start <= now }
                guard !started.isEmpty, let again = outcome.plan.routes.first(where: { $0.engineer == route.engineer }) else { continue }
                #expect(Array(again.stops.prefix(started.count)).map(\.ticket) == started.map(\.ticket), "at +\(hours) h, \(route.engineer)")
                #expect(Array(again.stops.prefix(started.count)).map(\.start) == started.map(\.start))
                // New stops lie ahead; a visit already set out for by rail or air keeps its times.
                let ahead = again.stops.dropFirst(started.count)
                let committed = ahead.first.flatMap { first in route.stops.first { $0.ticket == first.ticket && $0.arrive == first.arrive && $0.start > now } }
                #expect(ahead.dropFirst(committed == nil ? 0 : 1).allSatisfy { $0.arrive >= now.addingTimeInterval(-60) }, "at +\(hours) h, \(route.engineer)")
            }
            previous = outcome.plan
        }
    }

    @Test("A one-day plan says which visits only the way home keeps out, and a trip plan serves them or has no room left")
    func tripSuggested() {
        let (one, _) = tripPlan(sample, at: at, days: 1, steps: 150)
        let suggested = one.unassigned.filter { $0.reason.contains("a trip serves it on time on 2026-11-25") }.map(\.ticket)
        #expect(suggested.count >= 5)
        let (three, violations) = tripPlan(sample, at: at, days: 3, steps: 150)
        #expect(violations.isEmpty)
        let served = Set(three.routes.flatMap(\.stops).map(\.ticket))
        let full = Set(three.unassigned.filter { $0.reason.hasPrefix("qualified engineers' shifts are full") }.map(\.ticket))
        #expect(suggested.allSatisfy { served.contains($0) || full.contains($0) }, "\(suggested)")
    }

    @Test("An engineer who set out by rail or air is not turned round: a re-plan mid-leg keeps the visit it leads to, and the way home ends home as planned")
    func longHaulLegsAreKept() throws {
        let (plan, violations) = tripPlan(sample, at: at, days: 3, steps: 150)
        #expect(violations.isEmpty, "\(violations.prefix(4))")
        let model = Shipped.policy.travel
        let coordinate = Dictionary(uniqueKeysWithValues: sample.tickets.map { ($0.id, $0.coordinate) })
        var visitsChecked = 0, homewardChecked = 0
        for route in plan.routes {
            // Each leg: where it begins, when, and where it goes.
            var from = route.start.coordinate, departs = route.start.time
            for stop in route.stops + [nil] as [Stop?] {
                if let depart = stop?.depart { (from, departs) = (depart.coordinate, depart.time) }
                let to = stop.map { coordinate[$0.ticket]! } ?? route.end.coordinate
                let arrives = stop?.arrive ?? route.end.time
                let midway = departs.addingTimeInterval(60 * 30)
                if model.isLongHaul(from, to), midway < arrives, stop.map({ $0.start > midway }) ?? true,
                   route.nights.allSatisfy({ !($0.from <= midway && midway < $0.until) }) {
                    let locked = try Replan.locked(previous: plan, file: "p.json", at: midway, tickets: sample.tickets,
                                                   engineers: sample.engineers, model: model)
                    let kept = try #require(locked[route.engineer])
                    let origin = Day(midway).start
                    if let stop {
                        // The visit the leg leads to is locked with its planned times; the engineer is free after it.
                        let last = try #require(kept.stops.last)
                        #expect(last.ticket == stop.ticket)
                        #expect(origin.addingTimeInterval(Double(last.arrive) * 60) == stop.arrive)
                        #expect(kept.resumeCoordinate == to)
                        visitsChecked += 1
                    } else {
                        #expect(kept.resumeCoordinate == route.end.coordinate)
                        #expect(origin.addingTimeInterval(Double(kept.resumeTime) * 60) == route.end.time)
                        homewardChecked += 1
                    }
                }
                if let stop { (from, departs) = (to, stop.end) }
            }
        }
        #expect(visitsChecked > 5 && homewardChecked > 5, "\(visitsChecked) visits, \(homewardChecked) ways home")

        // A re-plan in the middle of one such leg validates and keeps the visit where it was.
        let engineerLeg = try #require(plan.routes.first { route in
            guard let first = route.stops.first else { return false }
            return model.isLongHaul(route.start.coordinate, coordinate[first.ticket]!) && first.depart == nil
                && first.arrive.timeIntervalSince(route.start.time) > 3600
        })
        let now = engineerLeg.start.time.addingTimeInterval(1800)
        var options = PlanningOptions()
        options.solver = .greedy
        options.days = 3
        options.searchSteps = 150
        let request = PlanningRequest(tickets: sample.tickets, engineers: sample.engineers, triage: Shipped.triage,
                                      travel: Travel(model: model), at: now, previous: plan, previousFile: "p.json")
        let again = try PlanningPipeline.plan(request, options: options).plan
        let route = try #require(again.routes.first { $0.engineer == engineerLeg.engineer })
        #expect(route.stops.first?.ticket == engineerLeg.stops.first?.ticket)
        #expect(route.stops.first?.arrive == engineerLeg.stops.first?.arrive)
        let triage = Shipped.triage.run(sample.tickets, at: now)
        let problems = PlanValidator(triage: triage, engineers: sample.engineers, travel: Travel(model: model), trips: Shipped.policy.trips)
            .violations(of: again)
        #expect(problems.isEmpty, "\(problems.prefix(4))")
    }

    @Test("On tiny mornings over two days, GLPK's trips reach the brute-force optimum and its bound lies below it",
          arguments: Array(UInt64(1)...UInt64(6)))
    func glpkTrips(seed: UInt64) throws {
        let morning = PlannerTests.tinyMorning(seed)
        let p = try problem(tickets: morning.tickets, engineers: morning.engineers, at: "2026-11-25T15:00:00+08:00", days: 2)
        let optimum = bruteForceOptimum(p)
        let solution = IntegerPlanner(solver: GLPKSolver(timeLimit: 20)).solve(p, options: PlannerOptions())
        let plan = PlanBuilder(problem: p).plan(solution)
        let violations = PlanValidator(triage: p.triage, engineers: p.engineers, travel: p.travel, trips: p.trips).violations(of: plan)
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(solution.report.objective == optimum, "seed \(seed)")
        let bound = try #require(AssignmentBound.lowerBound(p, solver: GLPKSolver(timeLimit: 20), seconds: 20))
        #expect(bound <= Double(optimum) + 1e-6, "seed \(seed)")
        // The bound the plan states (the higher of priced trips' and the assignment LP's) holds too.
        let stated = try #require(solution.report.bound)
        #expect(stated >= bound - 1e-6 && stated <= Double(optimum) + 1e-6, "seed \(seed): \(stated)")
        #expect(solution.report.boundReport?.mustTodayOnTimeMax.map { $0 >= plan.mustTodayOnTime } ?? false, "seed \(seed)")
    }

    @Test("One day is the plan of before: the same routes, no nights, no days field")
    func oneDayUnchanged() throws {
        let triage = Shipped.triage.run(sample.tickets, at: at)
        let travel = Travel(model: Shipped.policy.travel)
        let before = PlanningProblem(triage: triage, engineers: sample.engineers, travel: travel, at: at)
        let after = PlanningProblem(triage: triage, engineers: sample.engineers, travel: travel, at: at, days: 1, trips: Shipped.policy.trips)
        var options = PlannerOptions()
        options.ruinIterations = 100
        let a = PlanBuilder(problem: before).plan(GreedyPlanner().solve(before, options: options))
        let b = PlanBuilder(problem: after).plan(GreedyPlanner().solve(after, options: options))
        #expect(a.routes == b.routes && a.days == 1 && b.routes.allSatisfy { $0.nights.isEmpty })
        #expect(!a.json(triage: triage).rendered().contains("\"days\""))
    }
}
