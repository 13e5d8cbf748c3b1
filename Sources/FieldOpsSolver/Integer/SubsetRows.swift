import FieldOpsSupport

/// Subset-row cuts on a set-packing master (Jepsen, Petersen, Spoorendonk & Pisinger
/// 2008): for three of its rows, the routes that hold at least two of them sum to at most
/// one, since any two such routes share a row. Each is the rank-1 Chvátal–Gomory cut with
/// multipliers ½ on the three rows, so every plan keeps it; a fractional LP optimum
/// (three routes at ½, each covering two of three visits) does not. The rows here are
/// visits and engineers (an engineer's row holds each of their routes): a cut over an
/// engineer and two visits holds that engineer's routes through either visit and
/// anyone's routes through both.
///
/// Each cut has a memory (Pecin, Pessoa, Poggi & Uchoa 2017, limited-memory subset-row
/// cuts): the visits along which a route keeps count of the cut's rows; at a visit outside
/// it that the route puts on time as a must-today one, the count starts again. A route's
/// coefficient is how many times it enters two of the cut's rows with no such visit in
/// between (with every visit remembered, ⌊rows it holds / 2⌋; for an elementary route 1
/// when it holds two or three). No coefficient is above the full cut's, so every plan
/// keeps the cut whatever its memory; the memory is the visits the LP solution's routes
/// pass between two of the rows, so the cut is as violated as the full one there. Pricing
/// charges a cut's dual each second time a route enters one of its rows (a bit per cut in
/// each label, set on one entry, cleared and charged on the next, cleared unpaid where the
/// count starts again; an engineer's own cuts start set), which is that coefficient for
/// any route, elementary or not. Why a memory: labels outside it carry no bit for the
/// cut, so fewer labels differ only in cuts and dominance stays nearly as strong as
/// without cuts.
struct SubsetRows: Sendable {
    /// Each cut's three rows, ascending: a visit by its index, an engineer `e` as
    /// `visits + e`.
    private(set) var triples: [[Int]] = []
    /// Each cut's memory (its visit rows among them), or `nil` for every visit.
    private(set) var memories: [Set<Int>?] = []
    /// Per row, the cuts it is in.
    private var ofRow: [[Int]]
    /// Per three rows, the cut over them with the largest memory.
    private var known: [[Int]: Int] = [:]
    let visits: Int

    init(visits: Int, engineers: Int) {
        self.visits = visits
        ofRow = Array(repeating: [], count: visits + engineers)
    }

    var count: Int { triples.count }

    /// Adds a cut over three distinct rows with `memory` (its visit rows join it; `nil`
    /// for every visit); `false` when there is one over them already whose memory holds
    /// this one's. (Over the same rows with a larger memory, the cut is stronger: a new row
    /// of the master, the old one left as it is.)
    @discardableResult
    mutating func add(_ rows: [Int], memory: Set<Int>? = nil) -> Bool {
        let t = rows.sorted()
        guard t.count == 3, Set(t).count == 3 else { return false }
        let memory = memory.map { $0.union(t.filter { $0 < visits }) }
        if let k = known[t] {
            guard let old = memories[k], memory.map({ !$0.isSubset(of: old) }) ?? true else { return false }
        }
        known[t] = triples.count
        for r in t { ofRow[r].append(triples.count) }
        triples.append(t)
        memories.append(memory)
        return true
    }

    /// Whether cut `k` keeps a route's count at visit `v`.
    @inline(__always)
    private func remembers(_ k: Int, _ v: Int) -> Bool { memories[k]?.contains(v) ?? true }

    /// The cuts in which engineer `e`'s route through `route` has a coefficient, and each
    /// coefficient, by cut; `counted` says which of its visits the route puts on time as
    /// must-today ones (`Pricing.counted`): only those start a cut's count again.
    func coefficients(engineer e: Int, route: [Int], counted: [Bool]) -> [(cut: Int, count: Int)] {
        var cuts = Set(ofRow[visits + e])
        for v in route { cuts.formUnion(ofRow[v]) }
        return cuts.sorted().compactMap { k in
            let n = coefficient(of: k, engineer: e, route: route, counted: counted)
            return n > 0 ? (k, n) : nil
        }
    }

    /// Cut `k`'s coefficient for engineer `e`'s route through `route` (`counted` as in
    /// `coefficients`).
    func coefficient(of k: Int, engineer e: Int, route: [Int], counted: [Bool]) -> Int {
        SubsetRows.coefficient(triples[k], engineer: visits + e, route: route) { i in counted[i] && !remembers(k, route[i]) }
    }

    /// The coefficient of a route of the engineer whose row is `engineerRow` through
    /// `route` in a cut over `rows`: how many times the route enters two of the rows with no
    /// visit between where the cut starts its count again (`forgets`, by position in the
    /// route).
    ///
    /// Only a visit the route puts on time as a must-today one is forgotten outside the
    /// memory: leaving out a visit worth nothing (late, or not must-today) then never
    /// raises a coefficient (the visits after it are no later, so no fewer forget), and
    /// pricing, which leaves those out, stays exact.
    static func coefficient(_ rows: [Int], engineer engineerRow: Int, route: [Int], forgets: (Int) -> Bool) -> Int {
        var entered = rows.contains(engineerRow) ? 1 : 0, count = 0
        for (i, v) in route.enumerated() {
            if rows.contains(v) {
                entered += 1
                if entered == 2 { count += 1; entered = 0 }
            } else if forgets(i) {
                entered = 0
            }
        }
        return count
    }

    /// Cuts the LP solution `x` (a value per column) violates by more than `violation`
    /// with every visit remembered, not already held, the most violated first (ties by
    /// their rows), at most `most`, each with its memory: the visits the solution's routes
    /// pass between two of its rows (where a route starts in the cut, from its start), so
    /// each route's coefficient is the full cut's. A cut held with a memory the solution
    /// gets round (its routes start the count again between two of its rows) comes back
    /// with that memory and the new one. `counted`: per column, which visits it puts on
    /// time as must-today ones (`coefficients`).
    /// A violated cut has two rows pairs of which some routes hold together: it is found
    /// by taking each row and two of the rows it shares a route with.
    func separate(columns: [(engineer: Int, visits: [Int])], x: [Double], violation: Double, most: Int,
                  counted: (Int) -> [Bool]) -> [(rows: [Int], memory: Set<Int>)] {
        let used = columns.indices.filter { x[$0] > 1e-6 }
        let rows = used.map { j in columns[j].visits + [visits + columns[j].engineer] }
        var byRow: [Int: [Int]] = [:]
        var together: [Int: Set<Int>] = [:]
        for (i, r) in rows.enumerated() {
            for a in r {
                byRow[a, default: []].append(i)
                for b in r where b != a { together[a, default: []].insert(b) }
            }
        }
        var found: [(lhs: Double, rows: [Int])] = []
        var checked = Set<[Int]>()
        for a in together.keys.sorted() {
            let partners = together[a]!.sorted()
            for i in partners.indices {
                for k in (i + 1)..<partners.count {
                    let t = [a, partners[i], partners[k]].sorted()
                    guard checked.insert(t).inserted else { continue }
                    let held = known[t]
                    if let held, memories[held] == nil { continue }
                    var candidates = Set<Int>()
                    for r in t { for c in byRow[r] ?? [] { candidates.insert(c) } }
                    var lhs = 0.0, heldLhs = 0.0
                    for c in candidates {
                        let column = columns[used[c]]
                        lhs += x[used[c]] * Double(SubsetRows.coefficient(t, engineer: visits + column.engineer, route: column.visits) { _ in false })
                        if let held {
                            heldLhs += x[used[c]] * Double(coefficient(of: held, engineer: column.engineer, route: column.visits, counted: counted(used[c])))
                        }
                    }
                    if lhs > 1 + violation, held == nil || heldLhs <= 1 + violation { found.append((lhs, t)) }
                }
            }
        }
        found.sort { $0.lhs != $1.lhs ? $0.lhs > $1.lhs : $0.rows.lexicographicallyPrecedes($1.rows) }
        return found.prefix(most).map { cut in
            var memory = Set<Int>()
            var candidates = Set<Int>()
            for r in cut.rows { for c in byRow[r] ?? [] { candidates.insert(c) } }
            for c in candidates.sorted() {
                let column = columns[used[c]]
                // Walk the route counting the cut's rows; the visits between an entry and
                // the one that completes a pair join the memory.
                var since: Int? = cut.rows.contains(visits + column.engineer) ? -1 : nil
                for (i, v) in column.visits.enumerated() where cut.rows.contains(v) {
                    if let first = since {
                        memory.formUnion(column.visits[(first + 1)..<i])
                        since = nil
                    } else {
                        since = i
                    }
                }
            }
            return (cut.rows, known[cut.rows].flatMap { memories[$0] }.map { memory.union($0) } ?? memory)
        }
    }
}

/// A label's state over the subset-row cuts its engineer's pricing tracks (at most 128):
/// bit `k` set when the route has entered the cut's rows an odd number of times.
struct CutBits: Equatable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    static let none = CutBits()
    static let capacity = 128

    var isEmpty: Bool { low == 0 && high == 0 }

    /// Bits `0..<n` set.
    static func first(_ n: Int) -> CutBits {
        CutBits(low: n >= 64 ? ~0 : (1 << UInt64(n)) &- 1, high: n >= 128 ? ~0 : n <= 64 ? 0 : (1 << UInt64(n - 64)) &- 1)
    }

    @inline(__always)
    mutating func insert(_ k: Int) {
        if k < 64 { low |= 1 << UInt64(k) } else { high |= 1 << UInt64(k - 64) }
    }

    @inline(__always)
    static func & (a: CutBits, b: CutBits) -> CutBits { CutBits(low: a.low & b.low, high: a.high & b.high) }
    @inline(__always)
    static func ^ (a: CutBits, b: CutBits) -> CutBits { CutBits(low: a.low ^ b.low, high: a.high ^ b.high) }
    @inline(__always)
    static prefix func ~ (a: CutBits) -> CutBits { CutBits(low: ~a.low, high: ~a.high) }

    /// The sum of `duals` over the set bits.
    @inline(__always)
    func charge(_ duals: [Double]) -> Double {
        var sum = 0.0
        var bits = low
        while bits != 0 {
            sum += duals[bits.trailingZeroBitCount]
            bits &= bits - 1
        }
        bits = high
        while bits != 0 {
            sum += duals[64 + bits.trailingZeroBitCount]
            bits &= bits - 1
        }
        return sum
    }
}
