import FieldOpsCore
import FieldOpsSupport
import Foundation

/// Builds today's `PlanningProblem` from the triage, step by step: skills as bit sets,
/// each engineer's shift today (and what a re-plan keeps), the visits and how much each
/// matters today (`VisitClass`), which repairs can wait for a later day and why, the
/// nodes and their travel, and each visit's candidate engineers.
struct ProblemBuilder {
    let triage: [TriageResult]
    let engineers: [Engineer]
    let travel: Travel
    let at: Date
    let locked: [String: LockedRoute]
    let candidatesPerVisit: Int?
    var days = 1
    var trips = TripRules()
    var events = DayEvents()

    /// The most distinct skills a problem can tell apart: one bit each in a `UInt64`, the
    /// last bit kept for skills no engineer has (so no engineer qualifies for them).
    static let maxSkills = 63

    /// How many distinct skills both some engineer has and some visit needs: more than
    /// `maxSkills` cannot be planned.
    static func distinctSkills(triage: [TriageResult], engineers: [Engineer]) -> Int {
        let needed = Set(triage.filter { $0.outcome.needsVisit }.flatMap(\.skills))
        return Set(engineers.flatMap(\.skills)).intersection(needed).count
    }

    func build() -> PlanningProblem {
        let origin = Day(at).start
        let now = Int((at.timeIntervalSince(origin) / 60).rounded(.up))
        let today = Day(at)
        let skills = SkillBits(triage: triage, engineers: engineers)
        let engineerSkills = engineers.map { skills.mask($0.skills) }
        let nextShift = days == 1 && todaysShiftsOver(now: now)
        let shifts = self.shifts(now: now, today: today, nextShift: nextShift)
        let horizonEnd = shifts.filter { $0.unavailable == nil }.map(\.end).max() ?? minutesPerDay
        let (onTheDay, deferred, pending) = self.visits(origin: origin, now: now, horizonEnd: horizonEnd, skills: skills)

        // A repair whose deadline lies after today waits only if a qualified engineer
        // could still be there on time on a later day, from base at shift start.
        var visits = onTheDay
        var laterDay: [Int: String] = [:]
        let baseIndex = SpatialIndex(points: engineers.map(\.home), model: travel.model)
        for visit in pending {
            if let reason = laterDayReason(visit: visit, engineerSkills: engineerSkills, baseIndex: baseIndex, today: today, origin: origin,
                                           firstDay: nextShift ? 2 : days) {
                laterDay[visits.count] = reason
                visits.append(visit.with(visitClass: .flexibleRepair))
            } else {
                visits.append(visit)
            }
        }

        // Nodes: the visits, then each engineer's start and base. In a travel matrix an
        // engineer id stands for the engineer's base; a start away from base (an
        // overnight trip, a re-plan) is looked up in the model.
        var coords: [Coordinate] = visits.map { triage[$0.triageIndex].ticket.coordinate }
        var ids: [String] = visits.map(\.id)
        for shift in shifts {
            let engineer = engineers[shift.engineer]
            coords.append(shift.from)
            coords.append(engineer.home)
            if let last = shift.locked.last, !shift.departsElsewhere {
                ids.append(last.ticket)
            } else {
                ids.append(shift.from == engineer.home ? engineer.id : engineer.id + "@start")
            }
            ids.append(engineer.id)
        }
        let k = candidatesPerVisit ?? (visits.count > Tuning.largeMorningVisits ? Tuning.candidatesPerVisitLarge : Tuning.candidatesPerVisit)
        let candidates = ProblemBuilder.candidates(visits: visits, shifts: shifts, engineerSkills: engineerSkills,
                                                   coords: coords, ids: ids, travel: travel, k: k, overnight: trips.overnightLongHaul)
        var problem = PlanningProblem(at: at, origin: origin, triage: triage, engineers: engineers, visits: visits, shifts: shifts,
                                      deferredUpfront: deferred, laterDay: laterDay, candidates: candidates, skillNames: skills.names,
                                      engineerSkills: engineerSkills, horizonEnd: horizonEnd, travel: travel, coordinates: coords, nodeIDs: ids)
        problem.days = days
        problem.trips = trips
        if nextShift {
            problem.nextShift = shifts.filter { $0.unavailable == nil && $0.start >= minutesPerDay }.map(\.start).min()
        }
        return problem
    }

    /// Whether today's shifts are all over: every shift that begins and ends today has
    /// ended by `now` (a night shift into tomorrow does not count). A one-day plan made
    /// then plans the next shift of each engineer whose shift is over (at 21:00 the
    /// dispatcher plans tomorrow morning, not an empty evening); inside today's shifts
    /// nothing changes.
    private func todaysShiftsOver(now: Int) -> Bool {
        let ends = engineers.compactMap { engineer -> Int? in
            let start = engineer.shiftStart.minutes, end = start + engineer.shiftMinutes
            return end <= minutesPerDay ? end : nil
        }
        return !ends.isEmpty && ends.allSatisfy { $0 <= now }
    }

    /// Each engineer's shift today; an overnight shift that began yesterday and is still
    /// running counts. With `nextShift` (today's shifts are over), an engineer whose shift
    /// has ended, with no route kept from an earlier plan, works tomorrow's. A re-plan's
    /// kept stops and the point the engineer resumes from.
    private func shifts(now: Int, today: Day, nextShift: Bool) -> [EngineerShift] {
        engineers.enumerated().map { e, engineer in
            let length = engineer.shiftMinutes
            var start = engineer.shiftStart.minutes
            var day = today
            if start - minutesPerDay + length > now { start -= minutesPerDay; day = today.adding(days: -1) }
            if nextShift, start + length <= now, locked[engineer.id] == nil { start += minutesPerDay; day = day.adding(days: 1) }
            var end = start + length
            var unavailable: String?
            if let off = events.offFrom[engineer.id] {
                // Off from a moment of the day: the shift ends then (or never began).
                let minute = Int((off.timeIntervalSince(today.start) / 60).rounded(.down))
                if minute < end { end = max(start, minute) }
                if end <= max(start, now), locked[engineer.id]?.stops.isEmpty ?? true {
                    unavailable = "off from \(Timestamp.short(off))"
                }
            }
            if unavailable == nil {
                if engineer.off.contains(day) { unavailable = "off on \(day)" }
                else if end <= now, locked[engineer.id] == nil { unavailable = "shift ended at \(ClockTime(minutes: end % minutesPerDay)!)" }
            }
            var from = engineer.startCoordinate
            var available = max(start, now)
            let previous = locked[engineer.id]
            let kept = previous?.stops ?? []
            if let previous {
                from = previous.resumeCoordinate
                available = max(available, previous.resumeTime)
            }
            let lockedStart = kept.isEmpty ? nil : previous.map { (time: $0.startTime, coordinate: $0.startCoordinate) }
            let elsewhere = kept.last.map { $0.coordinate != from } ?? false
            guard days > 1 else {
                return EngineerShift(engineer: e, unavailable: unavailable, start: start, end: end,
                                     availableFrom: available, from: from, locked: kept, lockedStart: lockedStart,
                                     departsElsewhere: elsewhere)
            }
            // Several days: today's shift (what is left of it) and the next days' shifts,
            // each at least the policy's rest after the one before; days off left out.
            var windows: [(start: Int, end: Int)] = []
            let workingDays = (0..<days).filter { d in !engineer.off.contains(day.adding(days: d)) && (d > 0 || end > now) }.count
            for d in 0..<days {
                // Off from a moment: no later day either.
                if d > 0, events.offFrom[engineer.id] != nil { break }
                let dayStart = start + d * minutesPerDay, dayEnd = end + d * minutesPerDay
                if engineer.off.contains(day.adding(days: d)) { continue }
                // A re-plan's engineer may be busy into a later day (a visit set out for by rail or air).
                var from = max(dayStart, available)
                if let last = windows.last { from = max(from, last.end + trips.minRestHours * 60) }
                if from < dayEnd { windows.append((from, dayEnd)) }
            }
            guard let first = windows.first, let last = windows.last else {
                var none = EngineerShift(engineer: e, unavailable: unavailable ?? "no shift in the \(days) days", start: start, end: end,
                                         availableFrom: available, from: from, locked: kept, lockedStart: lockedStart,
                                         departsElsewhere: elsewhere)
                none.workingDays = workingDays
                return none
            }
            var shift = EngineerShift(engineer: e, unavailable: nil, start: first.start, end: last.end,
                                      availableFrom: first.start, from: from, locked: kept, lockedStart: lockedStart,
                                      departsElsewhere: elsewhere)
            shift.calendar = WorkCalendar(windows: windows)
            shift.nightsAwaySoFar = previous?.nightsAway ?? 0
            shift.workingDays = workingDays
            return shift
        }
    }

    /// What needs an engineer and is not already locked in a route: today's visits with
    /// their class, the tickets deferred before planning (booked for a later day), and the
    /// repairs due after today, whose class depends on whether they can wait.
    private func visits(origin: Date, now: Int, horizonEnd: Int, skills: SkillBits)
        -> (visits: [Visit], deferred: [(visitTicket: Int, deadline: Date?, reason: String)], pending: [Visit]) {
        func minute(_ date: Date) -> Int { Int((date.timeIntervalSince(origin) / 60).rounded(.down)) }
        let lockedTickets = Set(locked.values.flatMap { $0.stops.map(\.ticket) })
        var visits: [Visit] = []
        var deferred: [(visitTicket: Int, deadline: Date?, reason: String)] = []
        var pending: [Visit] = []
        for (i, result) in triage.enumerated() where result.outcome.needsVisit && !lockedTickets.contains(result.ticket.id) {
            let windowStart = result.windowStart.map { Int(($0.timeIntervalSince(origin) / 60).rounded(.up)) }
            let windowEnd = result.windowEnd.map(minute)
            // The latest start the window allows: its end, or its end less the work when the
            // policy has the work end inside it (`booked_window: finish`).
            let latestStart = result.latestStart.map(minute)
            if let end = latestStart, end < now {
                continue   // a window already over: reported unassigned by the plan builder
            }
            if let start = windowStart, start > horizonEnd {
                deferred.append((i, result.deadline, "booked for " + Timestamp.short(result.windowStart!) + (result.windowEnd.map { "–" + Timestamp.short($0) } ?? "")))
                continue
            }
            let earliest = max(windowStart ?? 0, 0)
            let latest = min(latestStart ?? horizonEnd, horizonEnd)
            var klass: VisitClass
            switch result.outcome {
            case .installation: klass = (windowEnd ?? Int.max) <= horizonEnd ? .closingToday : .flexibleInstallation
            case .inspection: klass = (windowEnd ?? Int.max) <= horizonEnd ? .closingToday : .inspection
            default:
                // A repair with neither deadline nor window (a paid visit outside the
                // promise) is flexible work: done today if there is room, else later.
                klass = result.deadline == nil && windowEnd == nil ? .flexibleRepair : .urgent
            }
            // Made urgent by an event: today, whatever its deadline.
            let madeUrgent = events.urgent.contains(result.ticket.id)
            if madeUrgent { klass = .urgent }
            let visit = Visit(id: result.ticket.id, triageIndex: i, service: result.serviceMinutes, skills: skills.visitMask(result.skills),
                              earliest: earliest, latest: latest, deadline: result.deadline.map(minute),
                              visitClass: klass, priority: result.ticket.priority)
            if klass == .urgent, !madeUrgent, let d = visit.deadline, d > horizonEnd {
                pending.append(visit)
            } else {
                visits.append(visit)
            }
        }
        return (visits, deferred, pending)
    }

    /// Why a repair with a deadline after today can wait, or `nil` when it cannot: the
    /// first later shift day on which one of the nearest qualified engineers could leave
    /// base at shift start, arrive by the deadline and be back by the shift's end.
    private func laterDayReason(visit: Visit, engineerSkills: [UInt64], baseIndex: SpatialIndex, today: Day, origin: Date,
                                firstDay: Int) -> String? {
        guard let deadline = visit.deadline else { return nil }
        let result = triage[visit.triageIndex]
        let site = result.ticket.coordinate
        let near = baseIndex.nearest(to: site, k: candidatesPerVisit ?? Tuning.candidatesPerVisit) { engineerSkills[$0] & visit.skills == visit.skills }
        for offset in firstDay...(firstDay + Tuning.laterDaysTried - 1) {
            let day = today.adding(days: offset)
            let dayStart = offset * minutesPerDay
            if dayStart > deadline { break }
            for (e, _) in near {
                let engineer = engineers[e]
                if engineer.off.contains(day) { continue }
                let start = dayStart + engineer.shiftStart.minutes
                let end = start + engineer.shiftMinutes
                let there = PlanningProblem.wholeMinutes(travel.leg(from: engineer.id, engineer.home, to: result.ticket.id, site).minutes)
                let back = PlanningProblem.wholeMinutes(travel.leg(from: result.ticket.id, site, to: engineer.id, engineer.home).minutes)
                let arrive = start + there
                if arrive <= deadline && max(arrive, visit.earliest) + visit.service + back <= end {
                    let at = origin.addingTimeInterval(Double(arrive) * 60)
                    return "can still be on time on \(day): \(engineer.id) (\(engineer.baseLabel)) can arrive \(Timestamp.short(at)), deadline \(Timestamp.short(result.deadline!))"
                }
            }
        }
        return nil
    }

    /// Candidates: the `k` nearest qualified engineers working today who can reach the
    /// visit inside its window and be back at base by the end of their shift.
    static func candidates(visits: [Visit], shifts: [EngineerShift], engineerSkills: [UInt64], coords: [Coordinate], ids: [String],
                           travel: Travel, k: Int, overnight: Bool = false) -> [[Int]] {
        let index = SpatialIndex(points: shifts.map(\.from), model: travel.model)
        var candidates: [[Int]] = []
        candidates.reserveCapacity(visits.count)
        for (v, visit) in visits.enumerated() {
            let near = index.nearest(to: coords[v], k: k) { e in
                shifts[e].unavailable == nil && engineerSkills[e] & visit.skills == visit.skills
            }
            var list: [Int] = []
            for (e, _) in near {
                let shift = shifts[e]
                let start = visits.count + 2 * e, end = start + 1
                let there = PlanningProblem.wholeMinutes(travel.leg(from: ids[start], coords[start], to: ids[v], coords[v]).minutes)
                let back = PlanningProblem.wholeMinutes(travel.leg(from: ids[v], coords[v], to: ids[end], coords[end]).minutes)
                if let calendar = shift.calendar {
                    // Over several days: reach it, serve it inside one shift, get home by the last.
                    // (By rail or air through the night too, when the policy allows it.)
                    let longHaul = overnight && travel.model.isLongHaul(coords[start], coords[v])
                    guard let arrive = calendar.travel(from: shift.availableFrom, by: there, overnight: longHaul),
                          let start = calendar.fitWhole(from: max(arrive, visit.earliest), minutes: visit.service),
                          start <= visit.latest, calendar.travel(from: start + visit.service, by: back,
                                                                  overnight: overnight && travel.model.isLongHaul(coords[v], coords[end])) != nil
                    else { continue }
                    list.append(e)
                    continue
                }
                let arrival = max(shift.availableFrom + there, visit.earliest)
                if arrival <= visit.latest && arrival + visit.service + back <= shift.end { list.append(e) }
            }
            candidates.append(list)
        }
        return candidates
    }
}

/// Skills as bits: one bit for each skill that some engineer has and some visit needs,
/// in the order engineers list them; a skill no engineer has sets the reserved last bit,
/// which no engineer has, so nobody qualifies for such a visit.
private struct SkillBits {
    let names: [String]
    private let index: [String: Int]
    private static let nobodyHasIt: UInt64 = 1 << 63

    init(triage: [TriageResult], engineers: [Engineer]) {
        let needed = Set(triage.filter { $0.outcome.needsVisit }.flatMap(\.skills))
        var names: [String] = []
        var index: [String: Int] = [:]
        for skill in engineers.flatMap(\.skills) where needed.contains(skill) && index[skill] == nil {
            precondition(names.count < ProblemBuilder.maxSkills, "more than \(ProblemBuilder.maxSkills) skills: check ProblemBuilder.distinctSkills first")
            index[skill] = names.count
            names.append(skill)
        }
        self.names = names
        self.index = index
    }

    func mask(_ skills: [String]) -> UInt64 {
        var m: UInt64 = 0
        for s in skills {
            // An engineer's skill no visit needs does not matter: it gets no bit.
            if let i = index[s] { m |= 1 << UInt64(i) }
        }
        return m
    }

    /// A visit's mask: a skill no engineer has makes it one no engineer qualifies for.
    func visitMask(_ skills: [String]) -> UInt64 {
        skills.reduce(mask(skills)) { m, s in index[s] == nil ? m | SkillBits.nobodyHasIt : m }
    }
}
