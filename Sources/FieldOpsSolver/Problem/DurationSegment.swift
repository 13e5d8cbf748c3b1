import FieldOpsCore
import FieldOpsSupport
/// The timing of a stretch of a route, summarised so that two stretches join in O(1)
/// (Vidal et al. 2013; PyVRP's `DurationSegment`). Times are whole minutes.
///
/// A segment starts service at its first stop somewhere in `earliest…latest`; serving it
/// from there takes `duration` minutes (service, travel inside it and waiting). Hard time
/// windows that cannot all be met show as `timeWarp` > 0: the route is infeasible.
///
/// A segment also carries a `load`: the demand of its stops, less the vehicle's capacity
/// when it begins at an engineer's start. A whole route fits when its load is at most 0;
/// field visits carry no demand, so only a capacitated problem (Solomon's) ever binds.
public struct DurationSegment: Sendable, Hashable {
    /// Minutes from starting the first stop to finishing the last, waiting included.
    public var duration: Int
    /// Minutes by which some window would be missed; 0 when feasible.
    public var timeWarp: Int
    /// The earliest time service can start at the first stop.
    public var earliest: Int
    /// The latest time service can start at the first stop without missing a window later.
    public var latest: Int
    /// Demand of the stops, less the capacity when the segment starts a route.
    public var load: Int

    /// A single stop: `service` minutes, to start within `earliest…latest`, adding `load`.
    public init(service: Int, earliest: Int, latest: Int, load: Int = 0) {
        self.duration = service
        self.timeWarp = max(0, earliest - latest)
        self.earliest = earliest
        self.latest = max(earliest, latest)
        self.load = load
    }

    init(duration: Int, timeWarp: Int, earliest: Int, latest: Int, load: Int) {
        self.duration = duration
        self.timeWarp = timeWarp
        self.earliest = earliest
        self.latest = latest
        self.load = load
    }

    /// This segment, then `edge` minutes of travel, then `other`.
    @inline(__always)
    public func then(_ edge: Int, _ other: DurationSegment) -> DurationSegment {
        let atOther = duration - timeWarp + edge
        let wait = max(other.earliest - atOther - latest, 0)
        let warp = max(earliest + atOther - other.latest, 0)
        return DurationSegment(
            duration: duration + other.duration + edge + wait,
            timeWarp: timeWarp + other.timeWarp + warp,
            earliest: max(other.earliest - atOther, earliest) - wait,
            latest: min(other.latest - atOther, latest) + warp,
            load: load + other.load)
    }

    /// Whether every window in the segment can be met and, for a whole route, the load
    /// fits the vehicle.
    public var isFeasible: Bool { timeWarp == 0 && load <= 0 }

    /// When the last stop finishes if service starts as early as possible.
    public var earliestEnd: Int { earliest + duration }
}
