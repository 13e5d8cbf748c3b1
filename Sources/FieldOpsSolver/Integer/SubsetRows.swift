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
/// A route's coefficient is ⌊(rows of the cut it holds) / 2⌋ (for an elementary route 1
/// when it holds two or three). Pricing charges a cut's dual each second time a route
/// enters one of its rows (a bit per cut in each label, set on one entry, cleared and
/// charged on the next; an engineer's own cuts start set), which is that coefficient for
/// any route, elementary or not.
struct SubsetRows: Sendable {
    /// Each cut's three rows, ascending: a visit by its index, an engineer `e` as
    /// `visits + e`.
    private(set) var triples: [[Int]] = []
    /// Per row, the cuts it is in.
    private var ofRow: [[Int]]
    private var known = Set<[Int]>()
    let visits: Int

    init(visits: Int, engineers: Int) {
        self.visits = visits
        ofRow = Array(repeating: [], count: visits + engineers)
    }

    var count: Int { triples.count }

    /// Adds a cut over three distinct rows; `false` when it is there already.
    @discardableResult
    mutating func add(_ rows: [Int]) -> Bool {
        let t = rows.sorted()
        guard t.count == 3, Set(t).count == 3, known.insert(t).inserted else { return false }
        for r in t { ofRow[r].append(triples.count) }
        triples.append(t)
        return true
    }

    /// The cuts in which engineer `e`'s route through `route` has coefficient 1 (it
    /// holds at least two of the cut's rows), ascending.
    func hits(engineer e: Int, route: [Int]) -> [Int] {
        var count: [Int: Int] = [:]
        for k in ofRow[visits + e] { count[k, default: 0] += 1 }
        for v in route { for k in ofRow[v] { count[k, default: 0] += 1 } }
        return count.filter { $0.value >= 2 }.keys.sorted()
    }

    /// Whether engineer `e`'s route through `route` holds at least two of the rows of cut
    /// `rows` (its coefficient there is 1).
    func holds(_ rows: [Int], engineer e: Int, route: [Int]) -> Bool {
        (rows.contains(visits + e) ? 1 : 0) + route.filter(rows.contains).count >= 2
    }

    /// Cuts the LP solution `x` (a value per column) violates by more than `violation`,
    /// not already held, the most violated first (ties by their rows), at most `most`.
    /// A violated cut has two rows pairs of which some routes hold together: it is found
    /// by taking each row and two of the rows it shares a route with.
    func separate(columns: [(engineer: Int, visits: [Int])], x: [Double], violation: Double, most: Int) -> [[Int]] {
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
                    guard !known.contains(t), checked.insert(t).inserted else { continue }
                    var candidates = Set<Int>()
                    for r in t { for c in byRow[r] ?? [] { candidates.insert(c) } }
                    var lhs = 0.0
                    for c in candidates where holds(t, engineer: columns[used[c]].engineer, route: columns[used[c]].visits) { lhs += x[used[c]] }
                    if lhs > 1 + violation { found.append((lhs, t)) }
                }
            }
        }
        found.sort { $0.lhs != $1.lhs ? $0.lhs > $1.lhs : $0.rows.lexicographicallyPrecedes($1.rows) }
        return found.prefix(most).map(\.rows)
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
