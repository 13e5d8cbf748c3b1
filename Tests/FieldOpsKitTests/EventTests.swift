import Foundation
import Testing
@testable import FieldOpsCore
@testable import FieldOpsKit
@testable import FieldOpsPlan
@testable import FieldOpsSolver
@testable import FieldOpsSupport

/// Events of the day and the re-plan that takes them in: what each event does, that the
/// re-plan keeps what it can (the stability term), and the changes it reports.
@Suite("Events and stable re-plans")
struct EventTests {
    let sample: Instance = try! Instance.read(tickets: repoRoot + "/data/sample/tickets.csv", engineers: repoRoot + "/data/sample/engineers.csv",
                                              gazetteer: Shipped.gazetteer, policy: Shipped.policy)
    let morning = time("2026-11-25T08:00:00+08:00")
    let eleven = time("2026-11-25T11:00:00+08:00")

    /// The greedy planner with a step budget it finishes in any build on a loaded
    /// machine: a wall-clock limit that cuts the search would make the plans depend on
    /// the machine.
    func options(stability: Int = Tuning.keepEngineerMinutes) -> PlanningOptions {
        var options = PlanningOptions()
        options.solver = .greedy
        options.stability = stability
        options.searchSteps = 3_000
        options.timeLimit = 3_600
        return options
    }

    func request(at: Date, previous: Plan? = nil, events: [PlanEvent] = []) -> PlanningRequest {
        var request = PlanningRequest(tickets: sample.tickets, engineers: sample.engineers, triage: Shipped.triage,
                                      travel: Travel(model: Shipped.policy.travel), at: at, previous: previous)
        request.events = events
        return request
    }

    func validator() -> PlanValidator {
        PlanValidator(triage: Shipped.triage.run(sample.tickets, at: morning), engineers: sample.engineers,
                      travel: Travel(model: Shipped.policy.travel))
    }

    @Test("Events read in a dispatcher's words; each reads back from the words a plan records it in")
    func parsing() throws {
        let cases: [(String, PlanEvent)] = [
            ("engineer E05 off from 11:00", .engineerOff("E05", from: eleven)),
            ("engineer E05 off", .engineerOff("E05", from: nil)),
            ("ticket T0030 cancelled", .cancelled("T0030")),
            ("ticket T0030 canceled", .cancelled("T0030")),
            ("visit T0031 overran 60 min", .overran("T0031", minutes: 60)),
            ("visit T0031 overran 45", .overran("T0031", minutes: 45)),
            ("ticket T0199 urgent", .urgent("T0199")),
        ]
        for (text, expected) in cases {
            let event = try PlanEvent.parse(text, at: eleven, file: "command line", field: "--event")
            #expect(event == expected, "\(text)")
            // A plan records the event in full ISO times: the same event on any later day.
            #expect(try PlanEvent.parse(event.text, at: time("2026-11-27T09:00:00+08:00"), file: "plan", field: "events[0]") == event)
        }
        for bad in ["engineer E05", "visit T1 overran -5 min", "visit T1 overran 900 min", "ticket T1 lost", "engineer E05 off at 11:00"] {
            let error = inputError { _ = try PlanEvent.parse(bad, at: eleven, file: "command line", field: "--event") }
            #expect(error?.description.contains("'\(bad)'") == true, "\(bad): \(String(describing: error))")
        }
    }

    @Test("An overrun ends the visit later and moves what follows, a stop waiting for its window absorbing some")
    func overrunPropagates() {
        let p = Coordinate(lat: 31.2, lon: 121.4)
        func at(_ hm: String) -> Date { time("2026-11-25T\(hm):00+08:00") }
        var route = Route(engineer: "E1", start: RoutePoint(time: at("08:00"), coordinate: p), stops: [
            Stop(ticket: "A", arrive: at("08:30"), start: at("08:30"), end: at("09:30"), deadline: nil, lateMinutes: 0, legKm: 1, legMinutes: 30),
            Stop(ticket: "B", arrive: at("10:00"), start: at("10:00"), end: at("11:00"), deadline: at("10:20"), lateMinutes: 0, legKm: 1, legMinutes: 30),
            Stop(ticket: "C", arrive: at("11:30"), start: at("12:00"), end: at("13:00"), deadline: nil, lateMinutes: 0, legKm: 1, legMinutes: 30),
        ], end: RoutePoint(time: at("13:30"), coordinate: p), travelKm: 4, travelMinutes: 120, workMinutes: 180)
        route.overrun(stop: 0, by: 45)
        #expect(route.stops[0].end == at("10:15") && route.stops[0].overrunMinutes == 45)
        #expect(route.stops[1].arrive == at("10:45") && route.stops[1].end == at("11:45") && route.stops[1].lateMinutes == 25)
        // C waited 30 minutes for its window: 15 of the 45 reach it.
        #expect(route.stops[2].arrive == at("12:15") && route.stops[2].start == at("12:15") && route.stops[2].end == at("13:15"))
        #expect(route.end.time == at("13:45"))
    }

    @Test("A re-plan without events keeps every visit's engineer; without the stability term it may move some for less travel")
    func stability() throws {
        let first = try PlanningPipeline.plan(request(at: morning), options: options()).plan
        let kept = try PlanningPipeline.plan(request(at: eleven, previous: first), options: options()).plan
        let changes = try #require(kept.changes)
        #expect(changes.count(.moved) == 0 && changes.count(.dropped) == 0, "\(changes.totals)")
        #expect(changes.kept > 30)
        #expect(validator().violations(of: kept).isEmpty)
        let loose = try PlanningPipeline.plan(request(at: eleven, previous: first), options: options(stability: 0)).plan
        // The stability term costs at most the travel it is worth.
        #expect(loose.summary.travelMinutes <= kept.summary.travelMinutes)
        #expect(loose.summary.onTime == kept.summary.onTime)
    }

    @Test("Engineer off, ticket cancelled, visit overran, ticket urgent: each shows in the re-plan, which validates and re-plans again")
    func events() throws {
        let first = try PlanningPipeline.plan(request(at: morning), options: options()).plan
        // An engineer with visits before and after 11:00, one visit under way at 11:00 on
        // another route, one not started on a third, and a deferred repair.
        let routes = first.routes.filter { $0.stops.count >= 3 }
        let ill = try #require(routes.first { r in r.stops.contains { $0.start <= eleven } && r.stops.contains { $0.start > eleven } })
        let running = try #require(first.routes.first { r in r.engineer != ill.engineer && r.stops.contains { $0.start <= eleven && $0.start > time("2026-11-25T10:00:00+08:00") } && r.stops.last!.start > eleven })
        let overran = running.stops.last { $0.start <= eleven }!
        let cancelled = try #require(first.routes.first { $0.engineer != ill.engineer && $0.engineer != running.engineer && $0.stops.last!.start > eleven }?.stops.last)
        let urgent = try #require(first.deferred.first { $0.reason.hasPrefix("can still be on time") })
        let events: [PlanEvent] = [.engineerOff(ill.engineer, from: eleven), .cancelled(cancelled.ticket), .overran(overran.ticket, minutes: 60), .urgent(urgent.ticket)]
        let plan = try PlanningPipeline.plan(request(at: eleven, previous: first, events: events), options: options()).plan
        #expect(validator().violations(of: plan).isEmpty, "\(validator().violations(of: plan))")
        // The ill engineer keeps only what had started.
        let illNow = plan.routes.first { $0.engineer == ill.engineer }
        #expect(illNow?.stops.map(\.ticket) == ill.stops.filter { $0.start <= eleven }.map(\.ticket))
        // The overran visit ends an hour later and says so.
        let stop = try #require(plan.routes.flatMap(\.stops).first { $0.ticket == overran.ticket })
        #expect(stop.end == overran.end.addingTimeInterval(3600) && stop.overrunMinutes == 60)
        // The cancelled ticket is in no route, listed as cancelled.
        #expect(!plan.routes.flatMap(\.stops).contains { $0.ticket == cancelled.ticket })
        #expect(plan.triage.contains { $0.ticket == cancelled.ticket && $0.mode == TriageEntry.cancelled })
        // The urgent ticket is no longer deferred.
        #expect(!plan.deferred.contains { $0.ticket == urgent.ticket })
        let changes = try #require(plan.changes)
        #expect(changes.changes.contains { $0.ticket == cancelled.ticket && $0.kind == .dropped && $0.note == "cancelled" })
        for lost in ill.stops where lost.start > eleven {
            #expect(changes.changes.contains { $0.ticket == lost.ticket && $0.before?.engineer == ill.engineer && $0.kind != .retimed })
        }
        #expect(changes.engineersTouched.contains(ill.engineer))
        #expect(plan.events.count == 4)
        // The events stay in force: a later re-plan from this plan applies them again
        // (the overrun once: it is in the stop's times).
        let later = try PlanningPipeline.plan(request(at: time("2026-11-25T13:00:00+08:00"), previous: plan), options: options()).plan
        #expect(validator().violations(of: later).isEmpty, "\(validator().violations(of: later))")
        #expect(later.routes.first { $0.engineer == ill.engineer }?.stops.count == illNow?.stops.count)
        #expect(later.triage.contains { $0.ticket == cancelled.ticket && $0.mode == TriageEntry.cancelled })
        #expect(later.routes.flatMap(\.stops).first { $0.ticket == overran.ticket }?.end == stop.end)
        // The JSON carries the events and the changes, and reads back.
        let path = NSTemporaryDirectory() + "events-\(UUID().uuidString).json"
        try plan.json(triage: Shipped.triage.run(sample.tickets, at: eleven)).rendered().write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try Plan.read(path: path)
        #expect(read.events == plan.events)
        #expect(read.routes.flatMap(\.stops).first { $0.ticket == overran.ticket }?.overrunMinutes == 60)
    }

    @Test("What an event cannot do is one error naming the event")
    func impossibleEvents() throws {
        let first = try PlanningPipeline.plan(request(at: morning), options: options()).plan
        let started = first.routes.flatMap(\.stops).first { $0.start <= eleven }!
        let notStarted = first.routes.flatMap(\.stops).first { $0.start > eleven }!
        let shipped = try #require(first.triage.first { $0.mode == Outcome.shipReplacement.rawValue })
        let cases: [(PlanEvent, String)] = [
            (.cancelled(started.ticket), "a started visit stays in the plan"),
            (.overran(notStarted.ticket, minutes: 30), "no visit '\(notStarted.ticket)' started by"),
            (.engineerOff("E99", from: nil), "no engineer 'E99'"),
            (.urgent(shipped.ticket), "it needs no visit (ship_replacement)"),
            (.cancelled("T9999"), "no ticket 'T9999'"),
        ]
        for (event, expected) in cases {
            let error = inputError { _ = try PlanningPipeline.plan(request(at: eleven, previous: first, events: [event]), options: options()) }
            #expect(error?.field == "--event" && error?.description.contains(expected) == true, "\(event): \(String(describing: error))")
        }
        let noPrevious = inputError { _ = try PlanningPipeline.plan(request(at: eleven, events: [.overran(started.ticket, minutes: 30)]), options: options()) }
        #expect(noPrevious?.description.contains("needs --previous") == true)
    }

    @Test("An engineer off from a moment of the day takes nothing that ends later; a ticket made urgent is today's work")
    func problemEvents() throws {
        let triage = Shipped.triage.run(sample.tickets, at: morning)
        var events = DayEvents()
        events.offFrom["E01"] = time("2026-11-25T12:00:00+08:00")
        let plain = PlanningProblem(triage: triage, engineers: sample.engineers, travel: Travel(model: Shipped.policy.travel), at: morning)
        let later = try #require(plain.visits.first { $0.visitClass == .flexibleRepair })
        events.urgent = [later.id]
        let p = PlanningProblem(triage: triage, engineers: sample.engineers, travel: Travel(model: Shipped.policy.travel), at: morning, events: events)
        let e = try #require(sample.engineers.firstIndex { $0.id == "E01" })
        #expect(p.shifts[e].end == 12 * 60 && p.shifts[e].unavailable == nil)
        #expect(p.visits.first { $0.id == later.id }?.visitClass == .urgent)
        let plan = PlanBuilder(problem: p).plan(GreedyPlanner().solve(p, options: PlannerOptions()))
        if let route = plan.routes.first(where: { $0.engineer == "E01" }) {
            #expect(route.end.time <= time("2026-11-25T12:00:00+08:00"))
        }
        events.offFrom["E01"] = morning
        let off = PlanningProblem(triage: triage, engineers: sample.engineers, travel: Travel(model: Shipped.policy.travel), at: morning, events: events)
        #expect(off.shifts[e].unavailable?.hasPrefix("off from") == true)
        #expect(!off.candidates.contains { $0.contains(e) })
    }
}

/// `fieldops recommend`: options for a ticket on the phone, against the plan as it stands.
@Suite("Recommend")
struct RecommendTests {
    let sample: Instance = try! Instance.read(tickets: repoRoot + "/data/sample/tickets.csv", engineers: repoRoot + "/data/sample/engineers.csv",
                                              gazetteer: Shipped.gazetteer, policy: Shipped.policy)
    let eleven = time("2026-11-25T11:00:00+08:00")

    @Test("Each option is its engineer's best place, best first; a top option that pushes nothing out is a route the planner accepts")
    func options() throws {
        var options = PlanningOptions()
        options.solver = .greedy
        options.searchSteps = 3_000
        options.timeLimit = 3_600
        let travel = Travel(model: Shipped.policy.travel)
        let first = try PlanningPipeline.plan(PlanningRequest(tickets: sample.tickets, engineers: sample.engineers, triage: Shipped.triage,
                                                              travel: travel, at: time("2026-11-25T08:00:00+08:00")), options: options).plan
        let request = PlanningRequest(tickets: sample.tickets, engineers: sample.engineers, triage: Shipped.triage, travel: travel, at: eleven,
                                      previous: first)
        var tried = 0
        // The tickets left out, and visits planned but not started (asked about again: the
        // place the plan gave them is one of the options).
        let underWay = Set(try PlanningPipeline.locked(for: request).values.flatMap { $0.stops.map(\.ticket) })
        let planned = first.routes.flatMap { $0.stops.filter { $0.start > eleven && !underWay.contains($0.ticket) }.prefix(1) }
            .map { Unassigned(ticket: $0.ticket, reason: "") }
        for unassigned in first.unassigned + first.deferred.map({ Unassigned(ticket: $0.ticket, reason: $0.reason) }) + planned {
            let r = try Recommendation.make(ticket: unassigned.ticket, request: request, count: 5)
            #expect(r.options.count <= 5)
            #expect(Set(r.options.map(\.engineer)).count == r.options.count, "one option per engineer")
            #expect(r.options.isEmpty == (r.reason != nil))
            for (a, b) in zip(r.options, r.options.dropFirst()) {
                // Best first: on time before late, then fewer visits pushed out.
                #expect((a.lateMinutes > 0 ? 1 : 0, a.dropped.count) <= (b.lateMinutes > 0 ? 1 : 0, b.dropped.count))
            }
            for o in r.options {
                if let deadline = r.triage.deadline, o.lateMinutes == 0 { #expect(o.arrive <= deadline.addingTimeInterval(59)) }
                for p in o.pushed { #expect(p.after > p.before) }
                #expect(o.start >= o.arrive && o.end > o.start)
            }
            // The top option's route, timed by the planner's own rules, fits.
            if let best = r.options.first, best.dropped.isEmpty {
                let locked = try PlanningPipeline.locked(for: request)
                let p = PlanningProblem(triage: Shipped.triage.run(sample.tickets, at: eleven), engineers: sample.engineers, travel: travel,
                                        at: eleven, locked: locked)
                let e = sample.engineers.firstIndex { $0.id == best.engineer }!
                let visitOf = Dictionary(uniqueKeysWithValues: p.visits.enumerated().map { ($1.id, $0) })
                var route = (first.routes.first { $0.engineer == best.engineer }?.stops ?? []).compactMap { visitOf[$0.ticket] }
                let v = visitOf[unassigned.ticket]!
                route.removeAll { $0 == v }
                route.insert(v, at: best.before.flatMap { b in route.firstIndex { p.visits[$0].id == b } } ?? route.count)
                let eval = RouteState.evaluate(nodes: [p.startNode(e)] + route + [p.endNode(e)], engineer: e, problem: p,
                                               lateAllowed: Array(repeating: true, count: p.visits.count))
                #expect(eval != nil, "\(unassigned.ticket) with \(best.engineer)")
                tried += 1
            }
        }
        #expect(tried > 0)
    }

    @Test("A ticket that needs no visit, or is under way, gets a reason, not options")
    func noOptions() throws {
        let travel = Travel(model: Shipped.policy.travel)
        let request = PlanningRequest(tickets: sample.tickets, engineers: sample.engineers, triage: Shipped.triage, travel: travel, at: eleven)
        let shipped = Shipped.triage.run(sample.tickets, at: eleven).first { $0.outcome == .shipReplacement }!
        let r = try Recommendation.make(ticket: shipped.ticket.id, request: request)
        #expect(r.options.isEmpty && r.reason?.hasPrefix("needs no visit") == true)
        let unknown = inputError { _ = try Recommendation.make(ticket: "T9999", request: request) }
        #expect(unknown?.field == "--id")
    }
}
