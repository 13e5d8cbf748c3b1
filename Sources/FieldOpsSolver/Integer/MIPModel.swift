import FieldOpsCore
import FieldOpsSupport
/// A mixed-integer program, minimised, as the planner builds it for any MIP solver:
/// variables with bounds and costs, and sparse rows with bounds.
public struct MIPModel: Sendable {
    /// One variable.
    public struct Variable: Sendable {
        /// Its cost in the objective.
        public var cost: Double
        /// Its lower bound (`-infinity` for none).
        public var lower: Double
        /// Its upper bound (`+infinity` for none).
        public var upper: Double
        /// Whether it must take whole values.
        public var integer: Bool

        /// A variable; binary by default.
        public init(cost: Double, lower: Double = 0, upper: Double = 1, integer: Bool = true) {
            self.cost = cost
            self.lower = lower
            self.upper = upper
            self.integer = integer
        }
    }

    /// One row: `lower ≤ Σ coefficient × variable ≤ upper`.
    public struct Row: Sendable {
        /// (variable index, coefficient) pairs.
        public var terms: [(Int, Double)]
        /// Its lower bound (`-infinity` for none).
        public var lower: Double
        /// Its upper bound (`+infinity` for none).
        public var upper: Double

        /// A row.
        public init(terms: [(Int, Double)], lower: Double = -.infinity, upper: Double = .infinity) {
            self.terms = terms
            self.lower = lower
            self.upper = upper
        }
    }

    /// The variables.
    public var variables: [Variable] = []
    /// The rows.
    public var rows: [Row] = []
    /// A known solution, offered as the first incumbent.
    public var incumbent: [Double]?

    /// An empty model.
    public init() {}

    /// Why the model cannot be given to a solver, or `nil` when it can: no NaN or
    /// infinite cost or coefficient, indices in range, bounds in order, no variable twice
    /// in a row, an incumbent of the right length. GLPK aborts the process on such input.
    public func problem() -> String? {
        if variables.isEmpty { return "the model has no variables" }
        for (j, v) in variables.enumerated() {
            if !v.cost.isFinite { return "variable \(j) has a cost of \(v.cost)" }
            if v.lower.isNaN || v.upper.isNaN || v.lower > v.upper { return "variable \(j) has bounds \(v.lower)…\(v.upper)" }
            if v.lower == .infinity || v.upper == -.infinity { return "variable \(j) has bounds \(v.lower)…\(v.upper)" }
        }
        for (i, row) in rows.enumerated() {
            if row.lower.isNaN || row.upper.isNaN || row.lower > row.upper { return "row \(i) has bounds \(row.lower)…\(row.upper)" }
            var seen = Set<Int>()
            for (j, a) in row.terms {
                if !(0..<variables.count).contains(j) { return "row \(i) names variable \(j), out of range" }
                if !a.isFinite { return "row \(i) has a coefficient of \(a)" }
                if !seen.insert(j).inserted { return "row \(i) names variable \(j) twice" }
            }
        }
        if let x = incumbent {
            if x.count != variables.count { return "the incumbent has \(x.count) values for \(variables.count) variables" }
            if x.contains(where: { !$0.isFinite }) { return "the incumbent has a value that is not a number" }
        }
        return nil
    }
}

/// What a MIP solver found.
public struct MIPResult: Sendable {
    /// How the solve ended.
    public enum Status: String, Sendable {
        /// Proven optimal (within the gap asked for).
        case optimal
        /// An integer solution, not proven optimal (time limit or gap).
        case feasible
        /// No integer solution exists.
        case infeasible
        /// No integer solution was found in time.
        case noSolution = "no_solution"
    }

    /// How the solve ended.
    public var status: Status
    /// The best integer solution, when there is one.
    public var values: [Double]?
    /// Its objective.
    public var objective: Double?
    /// A proven lower bound on the objective, when known.
    public var bound: Double?
    /// The relative gap between objective and bound, when both are known.
    public var gap: Double? {
        guard let objective, let bound else { return nil }
        return abs(objective - bound) / max(abs(objective), 1e-9)
    }
    /// Wall-clock seconds.
    public var seconds: Double
    /// Whether the search stopped at its node limit (not its time limit) before proving
    /// the solution optimal: then the result is the same on any machine.
    public var stoppedAtNodeLimit = false
    /// The LP relaxation's optimum, when the simplex reached it.
    public var lpObjective: Double?
    /// The LP relaxation's row duals (the change in the objective per unit of each row's
    /// bound), when the simplex reached its optimum.
    public var rowDuals: [Double]?

    /// A result, as a solver reports it.
    public init(status: Status, values: [Double]?, objective: Double?, bound: Double?, seconds: Double) {
        self.status = status
        self.values = values
        self.objective = objective
        self.bound = bound
        self.seconds = seconds
    }
}

/// Why a MIP solve did not happen or failed.
public struct MIPError: Error, Sendable, CustomStringConvertible {
    /// One line for the user.
    public var description: String

    /// An error that says `description`.
    public init(description: String) { self.description = description }
}
