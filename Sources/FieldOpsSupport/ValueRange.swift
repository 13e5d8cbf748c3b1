/// The documented range a number read from input must lie in: every number FieldOps
/// reads from a file or an option goes through one of these before it is used, so that
/// no absurd value (1e300 hours, a speed of 1e-300) reaches arithmetic that would
/// overflow, and none becomes an `Int` unchecked. `docs/formats.md` lists them all.
public struct ValueRange: Sendable, Hashable {
    /// What the number is, as the error says it: `a travel time in minutes`.
    public let what: String
    /// The values allowed, both ends included.
    public let bounds: ClosedRange<Double>
    /// Whether the value must be a whole number.
    public let whole: Bool

    /// Creates a range.
    public init(_ what: String, _ bounds: ClosedRange<Double>, whole: Bool = false) {
        self.what = what
        self.bounds = bounds
        self.whole = whole
    }

    /// Why `value` does not fit, in one sentence, or `nil` when it does.
    public func problem(with value: Double) -> String? {
        guard value.isFinite else { return "'\(value)' is not a finite number: \(what) must lie in \(rangeText)" }
        if whole, value != value.rounded() { return "\(value.formatted()) is not a whole number: \(what) must be whole, in \(rangeText)" }
        guard bounds.contains(value) else { return "\(value.formatted()) is out of range: \(what) must lie in \(rangeText)" }
        return nil
    }

    /// The value as an `Int`, when it is whole and in range (ranges of whole numbers all
    /// fit an `Int`).
    public func int(_ value: Double) -> Int? {
        problem(with: value) == nil ? Int(exactly: value.rounded()) : nil
    }

    /// `0…1440`.
    public var rangeText: String { "\(bounds.lowerBound.formatted())…\(bounds.upperBound.formatted())" }
}

extension ValueRange {
    /// A leg of a travel matrix: at most ten days on the road.
    public static let matrixMinutes = ValueRange("a travel time in minutes", 0...14_400)
    /// A leg of a travel matrix: at most half the Earth's circumference.
    public static let matrixKm = ValueRange("a distance in km", 0...20_040)
    /// Hours in a deadline tier or an agreed default: more than zero, at most a year.
    public static let deadlineHours = ValueRange("a number of hours", 0.01...8_760)
    /// Minutes on site for a visit: at most a day.
    public static let serviceMinutes = ValueRange("a time on site in minutes", 1...1_440, whole: true)
    /// The fixed part of a long-haul leg (airport, check-in): at most a day.
    public static let fixedMinutes = ValueRange("a fixed number of minutes", 0...1_440)
    /// A warranty period in years.
    public static let warrantyYears = ValueRange("a warranty period in years", 1...100, whole: true)
    /// A period in months (S4, S6, S7, S8).
    public static let months = ValueRange("a number of months", 0...1_200, whole: true)
    /// The Earth's radius for the haversine: within a few percent of the real one.
    public static let earthRadiusKm = ValueRange("the Earth's radius in km", 6_300...6_400)
    /// Road km per great-circle km.
    public static let roadFactor = ValueRange("a road factor", 1...5)
    /// A travel speed.
    public static let speedKmh = ValueRange("a speed in km/h", 1...1_200)
    /// A latitude in degrees.
    public static let latitude = ValueRange("a latitude", -90...90)
    /// A longitude in degrees.
    public static let longitude = ValueRange("a longitude", -180...180)
    /// Tickets a demand profile draws per day (a national vendor sees hundreds; the bound
    /// keeps a simulation's volume within what a machine can replay).
    public static let ticketsPerDay = ValueRange("tickets per day", 0...5_000)
    /// A relative weight (hours of the day, weekdays, components, places).
    public static let weight = ValueRange("a weight", 0...1_000_000)
    /// A coordinate of a Solomon instance, in the plane.
    public static let planeCoordinate = ValueRange("a plane coordinate", -1_000_000...1_000_000)
    /// A time of a Solomon instance (ready, due, service), in its own units.
    public static let planeTime = ValueRange("a time in the instance's units", 0...10_000_000)
    /// A demand or capacity of a Solomon instance.
    public static let planeQuantity = ValueRange("a demand or capacity", 0...1_000_000, whole: true)
    /// An option's seconds of solver time.
    public static let timeLimitSeconds = ValueRange("a time limit in seconds", 0.001...86_400)
    /// GLPK's relative gap.
    public static let gap = ValueRange("a relative gap", 0...0.99)
    /// Days a simulation covers.
    public static let simulatedDays = ValueRange("a number of simulated days", 1...366, whole: true)
    /// Replications of a simulation.
    public static let runs = ValueRange("a number of runs", 1...100, whole: true)
    /// Search steps a simulation's plans take.
    public static let searchSteps = ValueRange("a number of search steps", 0...1_000_000, whole: true)
    /// Engineers a `check` row lists.
    public static let nearest = ValueRange("a number of engineers listed", 1...10, whole: true)
    /// Tickets a generated morning holds.
    public static let generatedTickets = ValueRange("a number of tickets", 1...1_000_000, whole: true)
    /// Engineers a generated morning holds.
    public static let generatedEngineers = ValueRange("a number of engineers", 1...100_000, whole: true)
    /// Nights one trip may keep an engineer away.
    public static let nightsAway = ValueRange("a number of nights", 0...6, whole: true)
    /// Hours of rest between two shifts.
    public static let restHours = ValueRange("hours of rest", 0...24, whole: true)
    /// Minutes a night or a detour is worth in the objective.
    public static let costMinutes = ValueRange("a number of minutes", 0...1_440, whole: true)
    /// Shift days a plan covers (`plan --days`).
    public static let planDays = ValueRange("a number of days", 1...7, whole: true)
    /// How many options `recommend` shows.
    public static let optionCount = ValueRange("a number of options", 1...50, whole: true)
    /// A re-plan's stability term, in travel minutes per visit kept with its engineer.
    public static let stabilityMinutes = ValueRange("minutes of travel", 0...1000, whole: true)
    /// Hours between a simulation's re-plans.
    public static let replanHours = ValueRange("hours between re-plans", 0.25...24)
}
