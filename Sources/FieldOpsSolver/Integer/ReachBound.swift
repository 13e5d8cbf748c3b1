import FieldOpsCore
import FieldOpsSupport
import Foundation
import HeapModule

/// A bound from engineers' reach alone, for mornings too large for column generation:
/// fast (no route is priced), valid for any plan, weaker than column generation's.
///
/// Must-today visits on time. Each engineer is a single machine: a must-today visit on
/// time takes at least its service and the shortest leg into it (from the engineer's
/// start or from any other visit), and must be reached by its deadline (and before its
/// window closes) with the way home still ahead. Waiting, the other visits and the real
/// legs only make a route later, so the most must-today visits one engineer can put on
/// time is at most the most jobs of those lengths one machine finishes by their due
/// times: Moore and Hodgson's rule (1968) gives that exactly. The engineers share the
/// visits: a maximum flow from engineers (each at most their count) to the visits they
/// could reach on time (each at most once) bounds the whole morning.
///
/// Like pricing's reach, a visit counts as reachable when the engineer can serve it and
/// drive straight home in the shift (a detour through other visits is never shorter).
enum ReachBound {
    /// The most must-today visits any plan of a one-day problem can put on time, or `nil`
    /// over several days (work time and nights away are column generation's).
    static func mustTodayOnTime(_ p: PlanningProblem) -> Int? {
        guard !p.isMultiDay else { return nil }
        let must = p.visits.indices.filter { p.visits[$0].visitClass <= .closingToday }
        guard !must.isEmpty else { return 0 }
        let shortest = shortestLegIn(p, to: must)
        // Per engineer: the must-today visits they could reach on time, and how many of them
        // one route can at most put on time.
        let jobs: [(visits: [Int], most: Int)] = parallelMap(p.shifts.count) { e in
            let shift = p.shifts[e]
            guard shift.unavailable == nil else { return ([], 0) }
            var reachable: [(visit: Int, length: Int, due: Int)] = []
            var home = Int.max
            for (k, v) in must.enumerated() where p.qualified(e, for: v) {
                let visit = p.visits[v]
                let first = p.minutes(p.startNode(e), v)
                let arrive = shift.availableFrom + first
                let back = p.minutes(v, p.endNode(e))
                guard arrive <= min(visit.deadline ?? visit.latest, visit.latest),
                      max(arrive, visit.earliest) + visit.service + back <= shift.end else { continue }
                home = min(home, back)
                // Time from setting out to the end of this visit's service, at least: the
                // lengths (service and shortest leg in) of the visits before it and its own.
                let length = visit.service + min(first, shortest[k])
                let due = min(visit.deadline ?? visit.latest, visit.latest) + visit.service - shift.availableFrom
                reachable.append((v, length, due))
            }
            guard !reachable.isEmpty else { return ([], 0) }
            let horizon = shift.end - shift.availableFrom - home
            return (reachable.map(\.visit), mooreHodgson(reachable.map { ($0.length, min($0.due, horizon)) }))
        }
        return maximumFlow(jobs, visits: p.visits.count)
    }

    /// The most jobs (length, due time) one machine starting at 0 finishes by their due
    /// times (Moore & Hodgson): in due order, and when a job would finish late, the
    /// longest so far is dropped.
    static func mooreHodgson(_ jobs: [(length: Int, due: Int)]) -> Int {
        var kept = Heap<Int>()   // lengths, longest on top (stored negated)
        var time = 0
        for job in jobs.sorted(by: { ($0.due, $0.length) < ($1.due, $1.length) }) {
            kept.insert(-job.length)
            time += job.length
            if time > job.due, let longest = kept.popMin() { time += longest }
        }
        return kept.count
    }

    /// For each visit of `targets`, the shortest leg into it from any other visit (in
    /// minutes).
    static func shortestLegIn(_ p: PlanningProblem, to targets: [Int]) -> [Int] {
        parallelMap(targets.count) { k in
            let v = targets[k]
            var best = Int.max
            for u in p.visits.indices where u != v { best = min(best, p.minutes(u, v)) }
            return best
        }
    }

    /// The maximum flow from engineers (engineer `e` at most `jobs[e].most`) to the visits
    /// they list (each at most once), by augmenting paths after a greedy start.
    static func maximumFlow(_ jobs: [(visits: [Int], most: Int)], visits count: Int) -> Int {
        var owner = Array(repeating: -1, count: count)
        var load = Array(repeating: 0, count: jobs.count)
        var flow = 0
        // Greedy start: each engineer takes free visits up to their count.
        for (e, job) in jobs.enumerated() {
            for v in job.visits where load[e] < job.most && owner[v] < 0 {
                owner[v] = e
                load[e] += 1
                flow += 1
            }
        }
        // Augmenting paths from each engineer with room: engineer → visit → its owner → …
        // → a free visit (breadth first, each visit at most once a search).
        var seen = Array(repeating: -1, count: count)
        var search = 0
        for start in jobs.indices {
            while load[start] < jobs[start].most {
                search += 1
                var parentOf = [Int: Int]()   // visit → the engineer that reached it
                var queue = [start], head = 0
                var free = -1
                var viaVisit = [Int: Int]()   // engineer → the visit it was reached through
                scan: while head < queue.count {
                    let e = queue[head]
                    head += 1
                    for v in jobs[e].visits where seen[v] != search {
                        seen[v] = search
                        parentOf[v] = e
                        if owner[v] < 0 { free = v; break scan }
                        let next = owner[v]
                        if viaVisit[next] == nil, next != start {
                            viaVisit[next] = v
                            queue.append(next)
                        }
                    }
                }
                guard free >= 0 else { break }
                // Shift the visits along the path.
                var v = free
                while true {
                    let e = parentOf[v]!
                    owner[v] = e
                    if e == start { break }
                    v = viaVisit[e]!
                }
                load[start] += 1
                flow += 1
            }
        }
        return flow
    }
}
