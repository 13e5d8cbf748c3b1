import FieldOpsCore
import FieldOpsKit
import FieldOpsPlan
import FieldOpsSolver
import FieldOpsSupport
import Foundation

/// Reads Solomon's VRPTW instances (Operations Research 35(2), 1987) in their original
/// text layout: the name, a `VEHICLE` block with the vehicle count and capacity, then a
/// `CUSTOMER` block, one line per site (number, x, y, demand, ready time, due date,
/// service time), site 0 being the depot.
public enum SolomonReader {
    /// The instance in `text`, read from `file` (for error messages).
    public static func parse(_ text: String, file: String) throws(InputError) -> PlaneInstance {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let name = lines.first(where: { !$0.isEmpty }) else { throw InputError(file: file, "the file is empty") }
        var vehicles: Int?, capacity: Int?
        var sites: [PlaneInstance.Site] = []
        var section = ""
        for (i, line) in lines.enumerated() {
            let upper = line.uppercased()
            if upper == "VEHICLE" || upper == "CUSTOMER" { section = upper; continue }
            let fields = line.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let first = fields.first, Double(first) != nil else { continue }   // names and headings
            let at = SourceLocation(file: file, line: i + 1)
            switch section {
            case "VEHICLE" where vehicles == nil:
                guard fields.count == 2, let n = Int(fields[0]), (1...10_000).contains(n), let q = Int(fields[1]), (1...1_000_000).contains(q) else {
                    throw at.error(field: "VEHICLE", "expected the vehicle count (1…10000) and capacity (1…1000000), two whole numbers")
                }
                vehicles = n
                capacity = q
            case "CUSTOMER":
                let names = ["CUST NO.", "XCOORD.", "YCOORD.", "DEMAND", "READY TIME", "DUE DATE", "SERVICE TIME"]
                guard fields.count == names.count else {
                    throw at.error(field: nil, "expected \(names.count) numbers (\(names.joined(separator: ", "))), found \(fields.count)")
                }
                let ranges: [ValueRange] = [.planeQuantity, .planeCoordinate, .planeCoordinate, .planeQuantity,
                                            .planeTime, .planeTime, .planeTime]
                var values: [Double] = []
                for (k, raw) in fields.enumerated() {
                    guard let v = Double(raw) else { throw at.error(field: names[k], "'\(raw)' is not a number") }
                    if let problem = ranges[k].problem(with: v) { throw at.error(field: names[k], problem) }
                    values.append(v)
                }
                guard values[4] <= values[5] else { throw at.error(field: "DUE DATE", "is before the ready time \(fields[4])") }
                guard let demand = ValueRange.planeQuantity.int(values[3]) else { throw at.error(field: "DEMAND", "must be a whole number") }
                sites.append(PlaneInstance.Site(id: fields[0], x: values[1], y: values[2], demand: demand,
                                                ready: values[4], due: values[5], service: values[6]))
            default:
                continue
            }
        }
        guard let vehicles, let capacity else { throw InputError(file: file, field: "VEHICLE", "no vehicle count and capacity") }
        guard let depot = sites.first else { throw InputError(file: file, field: "CUSTOMER", "no depot and no customers") }
        guard sites.count > 1 else { throw InputError(file: file, field: "CUSTOMER", "no customers after the depot") }
        return PlaneInstance(name: name, vehicles: vehicles, capacity: capacity, depot: depot, customers: Array(sites.dropFirst()))
    }

    /// Reads the instance at `path`.
    public static func read(path: String) throws(InputError) -> PlaneInstance {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError(file: path, "cannot read the file")
        }
        return try parse(text, file: path)
    }
}

/// The best-known solutions of a benchmark: `bks.csv`, columns `instance,vehicles,distance`.
public struct BestKnown: Sendable {
    /// Vehicles and distance by instance name.
    public var solutions: [String: (vehicles: Int, distance: Double)]

    /// Reads `path`.
    public static func read(path: String) throws(InputError) -> BestKnown {
        let table = try CSVTable.read(path: path)
        var solutions: [String: (vehicles: Int, distance: Double)] = [:]
        for record in table.records {
            let name = try record.required("instance")
            guard let vehicles = try record.integer("vehicles", in: 1...100_000) else { throw record.error("vehicles", "is required") }
            guard let distance = try record.number("distance", in: 0...1e12, "a distance") else { throw record.error("distance", "is required") }
            solutions[name] = (vehicles, distance)
        }
        return BestKnown(solutions: solutions)
    }
}

/// Solves a plane instance with the planner's engine, as the literature ranks solutions:
/// every customer served, then as few vehicles, then as little distance.
public enum PlaneSolver {
    /// A solution.
    public struct Result: Sendable {
        /// Each used vehicle's customers (indices into the instance's customers), in order.
        public var routes: [[Int]]
        /// Vehicles used.
        public var vehicles: Int { routes.filter { !$0.isEmpty }.count }
        /// Total distance, unrounded.
        public var distance: Double
        /// Customers left out (0 in a complete solution).
        public var unserved: Int
        /// Wall-clock seconds.
        public var seconds: Double
    }

    /// How `solve` spends its effort, in deterministic steps (the time limit only stops it).
    public struct Effort: Sendable {
        /// Ruin-and-recreate steps of the first plan, with every vehicle: only a start
        /// for route minimisation, so short.
        public var initialSteps = 3_000
        /// Ejection steps each attempt at one vehicle fewer may take (the last attempt,
        /// which fails, spends them all). Two attempts run side by side, with two seeds.
        public var ejectionSteps = Tuning.ejectionSteps
        /// Steps of the search through infeasible space for distance from the routes
        /// route minimisation left (`RouteMinimiser.shorter`). 30,000, half what it was
        /// before ejection search took more steps an attempt (the last, failing attempt
        /// costs about 2 s an instance): mean gap +0.59 % over the 29 instances, the
        /// slowest 8.9 s; with 40,000 and 30,000 polishing steps, +0.70 % (the start
        /// matters more than the steps).
        public var penalisedSteps = 30_000
        /// Ruin-and-recreate steps of the search for distance from scratch, at the fewest
        /// vehicles, beside the other (halved with it).
        public var polishSteps = 22_000

        /// The default effort: 5 to 9 s an instance of 100 customers on this project's
        /// two-core machine.
        public init() {}
    }

    /// Plans with every vehicle (briefly); then takes one vehicle away at a time for as
    /// long as ejection search (`RouteMinimiser.fewerRoutes`, two seeds side by side, the
    /// first seed's routes when both succeed) places the emptied route's customers in the
    /// others; then, at that vehicle count, searches for distance twice side by side: from
    /// the routes ejection search left, through infeasible space (`RouteMinimiser.shorter`),
    /// and from scratch by ruin-and-recreate (the two find different basins: clustered
    /// instances do better from scratch), and keeps the shorter complete plan.
    /// `timeLimit` bounds the whole; the same instance, options and effort give the same
    /// plan unless the time limit stops a part.
    public static func solve(_ instance: PlaneInstance, options: PlannerOptions, effort: Effort = Effort()) -> Result {
        let started = Date()
        let deadline = started.addingTimeInterval(options.timeLimit)
        @Sendable func left() -> Double { options.timeLimit - Date().timeIntervalSince(started) }
        @Sendable func result(_ routes: [[Int]]) -> Result {
            let used = routes.filter { !$0.isEmpty }
            let served = used.reduce(0) { $0 + $1.count }
            return Result(routes: used, distance: instance.distance(of: used), unserved: instance.customers.count - served,
                          seconds: Date().timeIntervalSince(started))
        }
        @Sendable func search(_ vehicles: Int, steps: Int, from initial: [[Int]]? = nil) -> Result {
            var these = options
            these.ruinIterations = steps
            // Steps, not evaluations, are the budget here: long routes make a step costly.
            these.maxEvaluations = Int.max / 2
            these.timeLimit = max(0.01, left())
            these.initialRoutes = initial
            return result(GreedyPlanner().solve(instance.problem(vehicles: vehicles), options: these).routes)
        }
        var best = search(max(1, instance.vehicles), steps: effort.initialSteps)
        guard best.unserved == 0 else {
            best.seconds = Date().timeIntervalSince(started)
            return best
        }
        var routes = best.routes
        // An attempt below the fleet the demand needs can only fail, and a failing attempt
        // spends its whole budget (the 2-series: R204, R207, R208 and R211 are at 2).
        while routes.count > instance.fewestVehicles, left() > 0 {
            let fewer = instance.problem(vehicles: routes.count - 1)
            let from = routes
            let seeds = (0..<2).map { k in options.seed &+ UInt64(from.count - 1) &+ UInt64(k) &* 7_919 }
            let attempt = RouteMinimiser.fewerRoutes(fewer, from: from, steps: effort.ejectionSteps, seeds: seeds, deadline: deadline)
            guard let placed = attempt else { break }
            routes = placed.filter { !$0.isEmpty }
        }
        best = result(routes)
        let fleet = instance.problem(vehicles: routes.count)
        let start = routes
        let found = parallelMap(2) { k -> Result? in
            guard left() > 0 else { return nil }
            if k == 0 {
                return RouteMinimiser.shorter(fleet, from: start, steps: effort.penalisedSteps, seed: options.seed, deadline: deadline).map(result)
            }
            return search(start.count, steps: effort.polishSteps)
        }
        for plan in found.compactMap({ $0 }) where plan.unserved == 0 && plan.vehicles <= best.vehicles && plan.distance < best.distance - 1e-9 {
            best = plan
        }
        best.seconds = Date().timeIntervalSince(started)
        return best
    }
}
