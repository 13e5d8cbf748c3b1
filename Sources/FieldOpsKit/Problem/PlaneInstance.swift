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
