/// The most valuable choice of at most one route per engineer, no visit in two, over a few
/// engineers' routes: a depth-first branch and bound of our own, for the route program's
/// neighbourhoods. GLPK solves one such program in 0.25–0.4 s on a 1,000-ticket morning
/// (its LP and its search set up from nothing each time); this one settles three in four
/// of them in milliseconds, so far more neighbourhoods are solved in the same time. It
/// stops after a budget of steps and says so; the caller then asks GLPK.
///
/// The bound is Lagrangian: with a price `π_v ≥ 0` on each visit, no choice of routes
/// among the engineers still to choose is worth more than the free visits' prices plus,
/// for each of those engineers, its best route's value less its visits' prices (or
/// nothing). The prices come from a subgradient search at the root (Held and Karp's
/// steps), so on most neighbourhoods the bound is near the LP's. Engineers are branched
/// on in turn (the one with the best route first): each of its routes that still fits,
/// best first, then none.
struct SetPacking {
    /// The routes chosen (indices into the columns) and their value.
    struct Choice {
        var columns: [Int]
        var value: Int
    }

    private let words: Int
    /// Each column's visits as a bit set over the program's own visits, `words` per column.
    private var bits: [UInt64] = []
    /// Each column's visits, by the program's own indices.
    private var members: [[Int]] = []
    private var values: [Int] = []
    private let visitCount: Int
    /// Per engineer, its columns with positive value.
    private var byEngineer: [[Int]] = []

    /// Sets up the program over `columns` (engineer, visits, value).
    init(_ columns: [RoutePool.Column]) {
        var local: [Int: Int] = [:]
        for c in columns { for v in c.visits where local[v] == nil { local[v] = local.count } }
        visitCount = local.count
        words = max(1, (local.count + 63) / 64)
        bits = Array(repeating: 0, count: columns.count * words)
        values = columns.map(\.value)
        members = columns.map { $0.visits.map { local[$0]! } }
        var lists: [Int: [Int]] = [:]
        for (j, c) in columns.enumerated() {
            for i in members[j] { bits[j * words + i / 64] |= 1 << UInt64(i % 64) }
            if c.value > 0 { lists[c.engineer, default: []].append(j) }
        }
        byEngineer = lists.keys.sorted().map { lists[$0]! }
    }

    /// The best choice worth more than `floor`, or `nil` when none is; `complete` false
    /// when the search stopped after `steps` column tests (the choice then the best found).
    func solve(above floor: Int, steps limit: Int) -> (choice: Choice?, complete: Bool) {
        let prices = prices(floor: floor)
        let reduced = values.indices.map { j in Double(values[j]) - members[j].reduce(0) { $0 + prices[$1] } }
        // Each engineer's routes by reduced value, best first (ties by index: deterministic);
        // engineers with the best route first, so a good choice is found early.
        var order = byEngineer.map { list in list.sorted { (reduced[$0], -$0) > (reduced[$1], -$1) } }
        order.sort { (reduced[$0[0]], -$0[0]) > (reduced[$1[0]], -$1[0]) }
        var search = Search(program: self, order: order, reduced: reduced, best: floor, limit: limit)
        var used = Array(repeating: UInt64(0), count: words)
        var path: [Int] = []
        search.descend(depth: 0, value: 0, free: prices.reduce(0, +), used: &used, path: &path)
        return (search.found.map { Choice(columns: $0, value: search.best) }, !search.stopped)
    }

    /// Visit prices that make the Lagrangian bound low: subgradient steps from none, each
    /// towards every visit taken by exactly one engineer's best route (Polyak's step
    /// against the `floor`, halved when the bound stops falling); the best prices seen.
    private func prices(floor: Int) -> [Double] {
        var price = Array(repeating: 0.0, count: visitCount)
        var best = price, bestBound = Double.infinity
        var scale = 2.0, stale = 0
        var taken = Array(repeating: 0, count: visitCount)
        for _ in 0..<Tuning.setPackingPriceRounds {
            for i in taken.indices { taken[i] = 0 }
            var bound = price.reduce(0, +)
            for list in byEngineer {
                var top = 0.0, arg = -1
                for j in list {
                    let r = Double(values[j]) - members[j].reduce(0) { $0 + price[$1] }
                    if r > top { top = r; arg = j }
                }
                bound += top
                if arg >= 0 { for i in members[arg] { taken[i] += 1 } }
            }
            if bound < bestBound - 1e-9 { bestBound = bound; best = price; stale = 0 } else { stale += 1 }
            if stale >= 5 { scale /= 2; stale = 0 }
            // The subgradient: 1 - taken (the direction the bound falls for a larger price).
            // (A visit no best route takes, priced at nothing, stays at nothing.)
            var norm = 0.0
            for i in taken.indices where taken[i] != 1 && (taken[i] > 1 || price[i] > 0) {
                let g = Double(1 - taken[i])
                norm += g * g
            }
            let gap = bound - Double(floor)
            if norm == 0 || gap <= 0.5 || scale < 1e-3 { break }
            let step = scale * gap / norm
            for i in price.indices { price[i] = max(0, price[i] - step * Double(1 - taken[i])) }
        }
        return best
    }

    private func fits(_ j: Int, _ used: [UInt64]) -> Bool {
        let base = j * words
        for w in 0..<words where bits[base + w] & used[w] != 0 { return false }
        return true
    }

    private func take(_ j: Int, _ used: inout [UInt64]) {
        let base = j * words
        for w in 0..<words { used[w] ^= bits[base + w] }
    }

    private struct Search {
        let program: SetPacking
        let order: [[Int]]
        let reduced: [Double]
        var best: Int
        let limit: Int
        var steps = 0
        var stopped = false
        var found: [Int]?

        /// Values are whole numbers: a better choice is worth at least one more than the best.
        var beaten: Double { Double(best) + 0.5 }

        /// `free`: the prices of the visits no route on the path takes.
        mutating func descend(depth: Int, value: Int, free: Double, used: inout [UInt64], path: inout [Int]) {
            let p = program
            if value > best { best = value; found = path }
            guard depth < order.count else { return }
            var bound = Double(value) + free
            var first = 0.0
            for d in depth..<order.count {
                for j in order[d] {
                    steps += 1
                    if reduced[j] <= 0 { break }
                    if p.fits(j, used) {
                        bound += reduced[j]
                        if d == depth { first = reduced[j] }
                        break
                    }
                }
            }
            if steps > limit { stopped = true }
            if stopped || bound <= beaten { return }
            // Taking route j for this engineer: the bound less its best, plus j's reduced value.
            let others = bound - first
            for j in order[depth] {
                if others + reduced[j] <= beaten || stopped { break }
                steps += 1
                guard p.fits(j, used) else { continue }
                p.take(j, &used)
                path.append(j)
                // The route's visits' prices: its value less its reduced value.
                descend(depth: depth + 1, value: value + p.values[j], free: free - (Double(p.values[j]) - reduced[j]), used: &used, path: &path)
                path.removeLast()
                p.take(j, &used)
            }
            if !stopped, others > beaten {
                descend(depth: depth + 1, value: value, free: free, used: &used, path: &path)
            }
        }
    }
}
