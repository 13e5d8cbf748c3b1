import FieldOpsCore
import FieldOpsSupport

/// An engineer's working time over a plan of several days: the shift windows, in minutes
/// from the problem's origin, in order, without overlap. Work (travel and service)
/// happens inside them; between them the engineer rests wherever the day ended: at the
/// last visit, at home, or on the road between two places.
///
/// Work time is real time with the nights taken out; `work(at:)` and `advance(from:by:)`
/// convert. A route timed in work time with every window mapped through `work(at:)` is
/// an optimistic relaxation of the real route, which `TripTimer` times exactly.
public struct WorkCalendar: Sendable, Hashable {
    /// The shift windows, earliest first; each `start < end`.
    public let windows: [(start: Int, end: Int)]
    /// Work minutes before each window.
    private let before: [Int]

    /// A calendar of `windows` (sorted, not overlapping, each non-empty).
    public init(windows: [(start: Int, end: Int)]) {
        self.windows = windows
        var sum = 0
        var before: [Int] = []
        for w in windows {
            before.append(sum)
            sum += w.end - w.start
        }
        self.before = before
        self.total = sum
    }

    /// All working minutes.
    public let total: Int

    /// When the last window ends.
    public var end: Int { windows.last?.end ?? 0 }

    /// The window that holds `t` (its end included), or the next one when `t` falls in a
    /// rest; `nil` after the last window.
    public func window(from t: Int) -> Int? {
        // Binary search: the first window whose end is at or after t.
        var low = 0, high = windows.count
        while low < high {
            let mid = (low + high) / 2
            if windows[mid].end < t { low = mid + 1 } else { high = mid }
        }
        return low < windows.count ? low : nil
    }

    /// The earliest window whose working time holds work minute `w` (at a window's end
    /// and the next one's start, the earlier): which shift day work reaching `w` falls in
    /// at the soonest.
    public func window(atWork w: Int) -> Int {
        // The last window that begins before w (the first when none does).
        var low = 0, high = before.count
        while low < high {
            let mid = (low + high) / 2
            if before[mid] < w { low = mid + 1 } else { high = mid }
        }
        return max(0, low - 1)
    }

    /// Working minutes before real minute `t` (clamped to the calendar).
    public func work(at t: Int) -> Int {
        guard let k = window(from: t) else { return total }
        return before[k] + max(0, t - windows[k].start)
    }

    /// When a leg of `minutes` set out on at `t` (or the next window's start) arrives. Work
    /// time when `overnight` is false (`advance`); otherwise real time, the leg going on
    /// through a rest (a night train or a late flight), and an arrival that falls in a rest
    /// at the door when the next window starts. `nil` when the calendar ends first.
    public func travel(from t: Int, by minutes: Int, overnight: Bool) -> Int? {
        guard overnight else { return advance(from: t, by: minutes) }
        guard let k = window(from: t) else { return minutes == 0 ? t : nil }
        let arrival = max(t, windows[k].start) + minutes
        guard let j = window(from: arrival) else { return nil }
        return max(arrival, windows[j].start)
    }

    /// The real minute at which `minutes` of work begun at `t` are done, resting through
    /// the rests between windows; `nil` when the calendar ends first.
    public func advance(from t: Int, by minutes: Int) -> Int? {
        guard var k = window(from: t) else { return minutes == 0 ? t : nil }
        var now = max(t, windows[k].start)
        var left = minutes
        while true {
            let room = windows[k].end - now
            if left <= room { return now + left }
            left -= room
            k += 1
            guard k < windows.count else { return nil }
            now = windows[k].start
        }
    }

    /// The earliest real minute at or after `t` at which `minutes` of work fit inside one
    /// window; `nil` when no window has room.
    public func fitWhole(from t: Int, minutes: Int) -> Int? {
        guard var k = window(from: t) else { return nil }
        var now = max(t, windows[k].start)
        while now + minutes > windows[k].end {
            k += 1
            guard k < windows.count else { return nil }
            now = windows[k].start
        }
        return now
    }

    /// Whether a rest between windows lies between real minutes `a` and `b` (`a ≤ b`).
    public func restBetween(_ a: Int, _ b: Int) -> Bool {
        guard let k = window(from: a) else { return false }
        return b > windows[k].end
    }

    public static func == (a: WorkCalendar, b: WorkCalendar) -> Bool {
        a.windows.elementsEqual(b.windows) { $0.start == $1.start && $0.end == $1.end }
    }

    public func hash(into hasher: inout Hasher) {
        for w in windows {
            hasher.combine(w.start)
            hasher.combine(w.end)
        }
    }
}
