import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// A vehicle routing problem with time windows in the plane, as the routing literature
/// states it (Solomon 1987): one depot, identical vehicles of one capacity, customers
/// with a demand, a ready time, a due time and a service time; travel time equals the
/// Euclidean distance. FieldOps solves it with the same engine as a morning's plan.
public struct PlaneInstance: Sendable {
    /// A customer, or the depot (demand and service 0).
    public struct Site: Sendable, Hashable {
        /// The customer's number in the instance.
        public var id: String
        /// Position.
        public var x: Double
        /// Position.
        public var y: Double
        /// Load taken from the vehicle.
        public var demand: Int
        /// Service may not start before this.
        public var ready: Double
        /// Service must start by this (the depot: vehicles must be back by this).
        public var due: Double
        /// Time on site.
        public var service: Double

        /// Creates a site.
        public init(id: String, x: Double, y: Double, demand: Int, ready: Double, due: Double, service: Double) {
            self.id = id
            self.x = x
            self.y = y
            self.demand = demand
            self.ready = ready
            self.due = due
            self.service = service
        }
    }

    /// The instance's name (`R101`).
    public var name: String
    /// The vehicles available.
    public var vehicles: Int
    /// What each vehicle carries.
    public var capacity: Int
    /// Where routes start and end, and when.
    public var depot: Site
    /// The customers, each to be served once.
    public var customers: [Site]

    /// The fewest vehicles that can carry every customer's demand (at least one): no
    /// solution uses fewer.
    public var fewestVehicles: Int {
        let demand = customers.reduce(0) { $0 + $1.demand }
        return capacity > 0 ? max(1, (demand + capacity - 1) / capacity) : 1
    }

    /// Creates an instance.
    public init(name: String, vehicles: Int, capacity: Int, depot: Site, customers: [Site]) {
        self.name = name
        self.vehicles = vehicles
        self.capacity = capacity
        self.depot = depot
        self.customers = customers
    }

    /// The Euclidean distance between two sites.
    public static func distance(_ a: Site, _ b: Site) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }

    /// The engine counts time in whole units: the instance's times are multiplied by this
    /// and travel rounded up, so a route the engine accepts keeps every window in exact
    /// arithmetic too. Distances are reported unrounded, as the literature does.
    public static let timeScale = 100.0

    /// Whether `routes` (customer indices) serve every customer once within the capacity,
    /// the windows and the depot's hours, checked in exact arithmetic; the problem, or `nil`.
    public func violation(of routes: [[Int]]) -> String? {
        var seen = Array(repeating: false, count: customers.count)
        for (r, route) in routes.enumerated() where !route.isEmpty {
            var load = 0, time = depot.ready, at = depot
            for c in route {
                guard customers.indices.contains(c), !seen[c] else { return "route \(r + 1) repeats or names an unknown customer" }
                seen[c] = true
                let site = customers[c]
                load += site.demand
                time = max(time + PlaneInstance.distance(at, site), site.ready)
                if time > site.due + 1e-6 { return "route \(r + 1) starts customer \(site.id) at \(time), after its due time \(site.due)" }
                time += site.service
                at = site
            }
            if load > capacity { return "route \(r + 1) carries \(load), more than \(capacity)" }
            if time + PlaneInstance.distance(at, depot) > depot.due + 1e-6 { return "route \(r + 1) is back at the depot after \(depot.due)" }
        }
        if let missed = seen.firstIndex(of: false) { return "customer \(customers[missed].id) is not served" }
        return nil
    }

    /// The total distance of `routes`, unrounded.
    public func distance(of routes: [[Int]]) -> Double {
        routes.reduce(0) { total, route in
            guard !route.isEmpty else { return total }
            let sites = [depot] + route.map { customers[$0] } + [depot]
            return total + zip(sites, sites.dropFirst()).reduce(0) { $0 + PlaneInstance.distance($1.0, $1.1) }
        }
    }
}

extension PlaneInstance {
    /// The problem of routing this instance with `vehicles` of its vehicles: every customer
    /// an urgent visit with a hard window and no deadline, every vehicle an engineer with
    /// the depot's hours and the instance's capacity, travel from the plane's distances.
    /// The sites sit near the equator, a thousandth of a degree a unit, so that neighbour
    /// lists built on the map follow distance in the plane.
    public func problem(vehicles: Int) -> PlanningProblem {
        let scale = PlaneInstance.timeScale
        func units(_ t: Double) -> Int { Int((t * scale).rounded()) }
        func place(_ s: Site) -> Coordinate { Coordinate(lat: s.y / 1000, lon: s.x / 1000) }
        let origin = Date(timeIntervalSinceReferenceDate: 0)
        let visits = customers.enumerated().map { i, c in
            Visit(id: c.id, triageIndex: i, service: units(c.service), skills: 0, earliest: units(c.ready),
                  latest: units(c.due), deadline: nil, visitClass: .urgent, priority: 0, demand: c.demand)
        }
        let shifts = (0..<vehicles).map { e in
            var shift = EngineerShift(engineer: e, unavailable: nil, start: units(depot.ready), end: units(depot.due),
                                      availableFrom: units(depot.ready), from: place(depot), locked: [], lockedStart: nil,
                                      departsElsewhere: false)
            shift.capacity = capacity
            return shift
        }
        let sites = customers + Array(repeating: depot, count: 2 * vehicles)
        let n = sites.count
        var minutes = Array(repeating: 0, count: n * n)
        var distance = Array(repeating: 0.0, count: n * n)
        for a in 0..<n {
            for b in 0..<n where a != b {
                let d = PlaneInstance.distance(sites[a], sites[b])
                distance[a * n + b] = d
                minutes[a * n + b] = PlanningProblem.wholeMinutes(d * scale)
            }
        }
        // Every vehicle is alike: each customer a vehicle can reach in its window is a
        // candidate for all of them.
        let all = Array(0..<vehicles)
        let candidates = customers.indices.map { c in
            let there = minutes[(n - 2) * n + c], back = minutes[c * n + n - 1]
            let start = max(units(depot.ready) + there, units(customers[c].ready))
            let fits = start <= units(customers[c].due) && start + units(customers[c].service) + back <= units(depot.due)
                && customers[c].demand <= capacity
            return fits ? all : []
        }
        return PlanningProblem(at: origin, origin: origin, triage: [], engineers: [], visits: visits, shifts: shifts,
                               deferredUpfront: [], laterDay: [:], candidates: candidates, skillNames: [],
                               engineerSkills: Array(repeating: 0, count: vehicles), horizonEnd: units(depot.due),
                               travel: Travel(model: TravelModel()), coordinates: sites.map(place), nodeIDs: sites.map(\.id),
                               table: .init(count: n, minutes: minutes, distance: distance))
    }
}
