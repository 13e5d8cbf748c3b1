import Foundation
import Testing
@testable import FieldOpsCore
@testable import FieldOpsSolver

@Suite("Search state")
struct SearchStateTests {
    /// Two repairs near Beijing and one engineer, so that a route's segments depend on
    /// whether its visit may be late.
    func search() throws -> Search {
        let p = try problem(tickets: [["reported_at=2026-11-25T06:00:00+08:00", "place=海淀区", "component=cpu"] + inWarranty,
                                      ["reported_at=2026-11-25T06:00:00+08:00", "place=通州区,北京市", "component=cpu"] + inWarranty],
                            engineers: [["base=北京市", "skills=server", "shift_start=08:00", "shift_end=18:00"]])
        return Search(problem: p)
    }

    /// The route as a fresh rebuild with the search's current flags would have it.
    func fresh(_ s: Search, _ e: Int) -> RouteState {
        var route = RouteState(engineer: e, problem: s.p, lateAllowed: s.lateAllowed)
        route.rebuild(visits: s.routes[e].visits, problem: s.p, lateAllowed: s.lateAllowed)
        return route
    }

    @Test("Changing whether a routed visit may be late rebuilds its route")
    func lateFlagRebuilds() throws {
        let s = try search()
        s.setRoute(0, [0, 1])
        s.setLateAllowed(1, true)
        #expect(s.routes[0].lateFrom == fresh(s, 0).lateFrom)
        #expect(s.routes[0].suffix == fresh(s, 0).suffix)
        #expect(s.routes[0].lateFrom[2])
    }

    @Test("Undoing a step whose visit came back to the same place with the other late flag leaves no stale route cache")
    func restoreRebuildsReflaggedRoute() throws {
        let s = try search()
        s.setRoute(0, [0, 1])
        s.setLateAllowed(1, true)
        let before = s.snapshot(engineers: [0], visits: [1])
        // The step: visit 1 out, its flag cleared, back in the same place on time.
        s.setRoute(0, [0])
        s.setLateAllowed(1, false)
        s.setRoute(0, [0, 1])
        #expect(!s.routes[0].lateFrom[2])
        s.restore(before, moved: [1])
        #expect(s.lateAllowed[1])
        #expect(s.routeOf == [0, 0])
        #expect(s.routes[0].lateFrom == fresh(s, 0).lateFrom)
        #expect(s.routes[0].prefix == fresh(s, 0).prefix)
        #expect(s.routes[0].suffix == fresh(s, 0).suffix)
    }

    @Test("Restoring a whole snapshot gives back every route and who holds each visit")
    func restoreWhole() throws {
        let s = try search()
        s.setRoute(0, [1, 0])
        let saved = s.snapshot()
        s.setRoute(0, [0])
        s.restore(saved, moved: Array(s.p.visits.indices))
        #expect(s.routes[0].visits == [1, 0])
        #expect(s.routeOf == [0, 0])
        #expect(s.routes[0].value == fresh(s, 0).value)
    }
}
