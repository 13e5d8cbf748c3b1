import FieldOpsCore
import FieldOpsSupport

/// Times a route over several shift days exactly, leaving as early as possible: travel and
/// service happen inside the engineer's shift windows (`WorkCalendar`); a drive that
/// does not end by the shift's end stops for the night on the road and goes on the next
/// morning; a visit is served within one shift, or waits for the next morning; and at the
/// end of a day the engineer goes home for the night instead of sleeping away when that
/// delays the next visit by at most `TripRules.homeDelayMinutes` and keeps it on time.
///
/// The single-day route (`RouteState.evaluate`) is the special case of one window; this
/// timer is used only for plans over several days, so a one-day plan is timed as before.
public enum TripTimer {
    /// One visit of a timed trip.
    public struct Step: Sendable, Equatable {
        /// The visit.
        public var visit: Int
        /// Whether the engineer went home for the night before setting out for it.
        public var fromHome: Bool
        /// When the leg to it began (from the previous visit, or from home the morning after).
        public var depart: Int
        /// Minutes of the leg (from home, when `fromHome`).
        public var legMinutes: Int
        /// Arrival, service start and end, minutes from the origin.
        public var arrive: Int
        /// Service start.
        public var start: Int
        /// Service end.
        public var end: Int
        /// Minutes late at the door (0 when on time or without a deadline).
        public var lateMinutes: Int
    }

    /// A timed trip.
    public struct Timing: Sendable, Equatable {
        /// The visits, in order.
        public var steps: [Step]
        /// When the trip ends at base, minutes from the origin.
        public var home: Int
        /// Travel minutes, the way home on nights at home included.
        public var travel: Int
        /// Minutes late, summed.
        public var late: Int
        /// Nights spent away from base (at a visit or on the road).
        public var nightsAway: Int
        /// Minutes driven home for the night (part of `travel`).
        public var homeLegs: Int
    }

    /// The trip of engineer `e` through `visits` (visit indices, in order), or `nil` when a
    /// hard window, the calendar's end or the nights away limit is missed. `lateAllowed`
    /// (per visit) makes a visit's on-time latest start hard when false.
    ///
    /// Going home for the night can delay later visits; when that makes the trip miss a
    /// window, it is timed again without going home, leaving as early as possible, which
    /// meets every window that any timing meets (so taking a visit out never breaks a trip).
    public static func time(visits: [Int], engineer e: Int, problem p: PlanningProblem, lateAllowed: [Bool]? = nil) -> Timing? {
        time(visits: visits, engineer: e, problem: p, lateAllowed: lateAllowed, homeForTheNight: true)
            ?? time(visits: visits, engineer: e, problem: p, lateAllowed: lateAllowed, homeForTheNight: false)
    }

    private static func time(visits: [Int], engineer e: Int, problem p: PlanningProblem, lateAllowed: [Bool]?,
                             homeForTheNight: Bool) -> Timing? {
        let shift = p.shifts[e]
        guard let calendar = shift.calendar else { return nil }
        let start = p.startNode(e), base = p.endNode(e)
        var t = shift.availableFrom
        var at = start
        var atHome = shift.from == p.coordinate(base)
        var steps: [Step] = []
        var travel = 0, late = 0, nights = 0, homeLegs = 0

        /// Service start for visit `v` on arriving at `arrive`, or `nil`.
        func serviceStart(_ v: Int, arrive: Int) -> Int? {
            let visit = p.visits[v]
            guard let s = calendar.fitWhole(from: max(arrive, visit.earliest), minutes: visit.service) else { return nil }
            if s > visit.latest { return nil }
            if let allowed = lateAllowed, !allowed[v], s > visit.onTimeLatest { return nil }
            return s
        }
        /// Nights spent away between leaving `from` at `a` and arriving at `b`.
        func restsBetween(_ a: Int, _ b: Int) -> Int {
            guard var k = calendar.window(from: a) else { return 0 }
            var n = 0
            while k + 1 < calendar.windows.count, calendar.windows[k].end < b { n += 1; k += 1 }
            return n
        }

        /// Whether the leg from node `a` to node `b` may go on overnight (policy, by rail or air).
        func overnight(_ a: Int, _ b: Int) -> Bool {
            p.trips.overnightLongHaul && p.travel.model.isLongHaul(p.coordinate(a), p.coordinate(b))
        }

        for v in visits {
            let visit = p.visits[v]
            let leg = p.minutes(at, v)
            // Straight on: drive, resting on the road if the shift ends first (or on by
            // night train or flight, when the policy allows it).
            guard let arrive = calendar.travel(from: t, by: leg, overnight: overnight(at, v)),
                  let s = serviceStart(v, arrive: arrive) else { return nil }
            var step = Step(visit: v, fromHome: false, depart: t, legMinutes: leg, arrive: arrive, start: s, end: s + visit.service,
                            lateMinutes: visit.deadline.map { max(0, arrive - $0) } ?? 0)
            var away = restsBetween(t, s)
            // Home for the night instead (or staying home, when already there), leaving the
            // next morning, when the visit waits for a later day anyway.
            // (Not for the first visit after a re-plan that finds the engineer on the road:
            // a stop records one point of departure.)
            let resumedElsewhere = steps.isEmpty && shift.departsElsewhere
            if homeForTheNight, !resumedElsewhere, away > 0, let k = calendar.window(from: t) {
                let toHome = atHome ? 0 : p.minutes(at, base)
                if let home = calendar.advance(from: t, by: toHome), home <= calendar.windows[k].end, k + 1 < calendar.windows.count {
                    let morning = calendar.windows[k + 1].start
                    let fromHome = p.minutes(base, v)
                    if let arriveH = calendar.advance(from: morning, by: fromHome), let sH = serviceStart(v, arrive: arriveH) {
                        let lateH = visit.deadline.map { max(0, arriveH - $0) } ?? 0
                        if sH - s <= p.trips.homeDelayMinutes, lateH <= step.lateMinutes {
                            travel += toHome
                            homeLegs += toHome
                            step = Step(visit: v, fromHome: !atHome, depart: morning, legMinutes: fromHome, arrive: arriveH, start: sH,
                                        end: sH + visit.service, lateMinutes: lateH)
                            away = restsBetween(morning, sH)
                        }
                    }
                }
            }
            nights += away
            travel += step.legMinutes
            late += step.lateMinutes
            steps.append(step)
            t = step.end
            at = v
            atHome = false
        }
        // The way home: by the end of the last shift.
        let back = p.minutes(at, base)
        guard let home = calendar.travel(from: t, by: back, overnight: overnight(at, base)) else { return nil }
        nights += restsBetween(t, home)
        travel += back
        if nights + shift.nightsAwaySoFar > p.trips.maxNightsAway { return nil }
        return Timing(steps: steps, home: home, travel: travel, late: late, nightsAway: nights, homeLegs: homeLegs)
    }
}
