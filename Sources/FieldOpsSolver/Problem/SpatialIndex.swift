import FieldOpsCore
import FieldOpsSupport
import Foundation

/// A grid over latitude and longitude that finds the points nearest a place without
/// measuring the distance to every point: cells are searched ring by ring outwards
/// until no unseen cell can hold anything nearer than the k-th point found.
struct SpatialIndex: Sendable {
    private let cellDegrees: Double
    private let cells: [Cell: [Int]]
    private let vectors: [UnitVector]
    private let model: TravelModel
    private let maxRing: Int
    private let maxAbsLat: Double

    private struct Cell: Hashable {
        var lat: Int
        var lon: Int
    }

    /// Indexes `points` (their positions in the array are what queries return).
    init(points: [Coordinate], model: TravelModel, cellDegrees: Double = 1.0) {
        self.cellDegrees = cellDegrees
        self.vectors = points.map(UnitVector.init)
        self.model = model
        var cells: [Cell: [Int]] = [:]
        var latRange = (Int.max, Int.min), lonRange = (Int.max, Int.min)
        for (i, p) in points.enumerated() {
            let c = Cell(lat: Int((p.lat / cellDegrees).rounded(.down)), lon: Int((p.lon / cellDegrees).rounded(.down)))
            cells[c, default: []].append(i)
            latRange = (min(latRange.0, c.lat), max(latRange.1, c.lat))
            lonRange = (min(lonRange.0, c.lon), max(lonRange.1, c.lon))
        }
        self.cells = cells
        self.maxRing = points.isEmpty ? 0 : max(latRange.1 - latRange.0, lonRange.1 - lonRange.0) + 2
        // Beyond ring r every point is at least r cells away in latitude or longitude; a
        // cell is narrowest (in longitude) at the highest latitude the grid reaches.
        self.maxAbsLat = points.map { abs($0.lat) }.max() ?? 0
    }

    /// Up to `k` points accepted by `accept`, nearest first (great-circle), each with its
    /// distance in km. Ties are broken by index, so results are deterministic.
    func nearest(to q: Coordinate, k: Int, accept: (Int) -> Bool) -> [(index: Int, km: Double)] {
        guard k > 0, !vectors.isEmpty else { return [] }
        let widestLat = min(89, max(abs(q.lat), maxAbsLat) + cellDegrees)
        let kmPerCell = model.earthRadiusKm * .pi / 180 * cellDegrees * cos(widestLat * .pi / 180)
        let center = Cell(lat: Int((q.lat / cellDegrees).rounded(.down)), lon: Int((q.lon / cellDegrees).rounded(.down)))
        let qv = UnitVector(q)
        var found: [(index: Int, km: Double)] = []
        for ring in 0...maxRing {
            for cell in ringCells(center, ring) {
                guard let members = cells[cell] else { continue }
                for i in members where accept(i) {
                    found.append((i, model.greatCircleKm(qv, vectors[i])))
                }
            }
            if found.count >= k {
                found.sort { ($0.km, $0.index) < ($1.km, $1.index) }
                found.removeLast(found.count - k)
                let bound = Double(ring) * max(kmPerCell, 1e-9)
                if found[k - 1].km <= bound { return found }
            }
        }
        found.sort { ($0.km, $0.index) < ($1.km, $1.index) }
        return Array(found.prefix(k))
    }

    private func ringCells(_ c: Cell, _ r: Int) -> [Cell] {
        if r == 0 { return [c] }
        var out: [Cell] = []
        out.reserveCapacity(8 * r)
        for d in -r...r {
            out.append(Cell(lat: c.lat - r, lon: c.lon + d))
            out.append(Cell(lat: c.lat + r, lon: c.lon + d))
        }
        for d in (-r + 1)..<r {
            out.append(Cell(lat: c.lat + d, lon: c.lon - r))
            out.append(Cell(lat: c.lat + d, lon: c.lon + r))
        }
        return out
    }
}
