import CGLPK
import CGLPKShim
import FieldOpsSolver
import Foundation

/// Solves a `MIPModel` with GLPK (branch and cut). The only file that knows GLPK exists.
///
/// The model is checked first (GLPK aborts the whole process on bad input); GLPK's
/// own error handler is caught in C and reported as an error; its terminal output is
/// silenced unless `verbose`. A solve runs on the calling thread from start to end.
public struct GLPKSolver: Sendable {
    /// Stop after this many seconds (GLPK overshoots by the root LP's time).
    public var timeLimit: Double
    /// Stop at this relative gap.
    public var gap: Double?
    /// Let GLPK print its progress.
    public var verbose: Bool
    /// Stop branch and bound once it has made this many nodes: a budget that, unlike
    /// time, gives the same answer on any machine (`nil`: none).
    public var nodeLimit: Int?

    /// A solver with a time limit in seconds and, optionally, a node limit.
    public init(timeLimit: Double, gap: Double? = nil, verbose: Bool = false, nodeLimit: Int? = nil) {
        self.timeLimit = timeLimit
        self.gap = gap
        self.verbose = verbose
        self.nodeLimit = nodeLimit
    }

    /// Solves `model`, or says why it cannot.
    public func solve(_ model: MIPModel) throws(MIPError) -> MIPResult {
        if let problem = model.problem() { throw MIPError(description: "not given to GLPK: \(problem)") }
        return try solveChecked(model)
    }

    /// Solves without the model check: for tests that show GLPK's errors are caught.
    func solveChecked(_ model: MIPModel) throws(MIPError) -> MIPResult {
        let started = Date()
        let n = model.variables.count
        let cost = model.variables.map(\.cost), lower = model.variables.map(\.lower), upper = model.variables.map(\.upper)
        let integer = model.variables.map { Int32($0.integer ? 1 : 0) }
        let rowLower = model.rows.map(\.lower), rowUpper = model.rows.map(\.upper)
        var ri: [Int32] = [], ci: [Int32] = [], av: [Double] = []
        for (i, row) in model.rows.enumerated() {
            for (j, a) in row.terms {
                ri.append(Int32(i))
                ci.append(Int32(j))
                av.append(a)
            }
        }
        var values = [Double](repeating: 0, count: n)
        var duals = [Double](repeating: .nan, count: model.rows.count)
        var result = fo_result()
        let incumbent = model.incumbent ?? []
        let code: Int32 = cost.withUnsafeBufferPointer { costP in
            lower.withUnsafeBufferPointer { lowerP in upper.withUnsafeBufferPointer { upperP in
            integer.withUnsafeBufferPointer { intP in rowLower.withUnsafeBufferPointer { rlP in
            rowUpper.withUnsafeBufferPointer { ruP in ri.withUnsafeBufferPointer { riP in
            ci.withUnsafeBufferPointer { ciP in av.withUnsafeBufferPointer { avP in
            incumbent.withUnsafeBufferPointer { incP in values.withUnsafeMutableBufferPointer { xP in
            duals.withUnsafeMutableBufferPointer { dualsBuffer in
                // Duals only for a pure LP (the column generation's master): GLPK's presolve,
                // which the other LPs use, is then left off.
                let dualP = integer.contains(1) ? nil : dualsBuffer.baseAddress
                var mip = fo_mip(
                    rows: Int32(model.rows.count), cols: Int32(n), objective: costP.baseAddress,
                    col_lower: lowerP.baseAddress, col_upper: upperP.baseAddress, col_integer: intP.baseAddress,
                    row_lower: rlP.baseAddress, row_upper: ruP.baseAddress, nonzeros: Int32(av.count),
                    row_index: riP.baseAddress, col_index: ciP.baseAddress, value: avP.baseAddress,
                    incumbent: model.incumbent == nil ? nil : incP.baseAddress,
                    time_limit_seconds: timeLimit, relative_gap: gap ?? 0, verbose: verbose ? 1 : 0,
                    node_limit: Int32(clamping: max(0, nodeLimit ?? 0)), row_dual: dualP)
                return fo_glpk_solve(&mip, &result, xP.baseAddress)
            } } } } } } } } } } }
        }
        let seconds = Date().timeIntervalSince(started)
        if code != 0 || result.caught_error != 0 {
            let message = withUnsafeBytes(of: result.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw MIPError(description: "GLPK failed: \(message)")
        }
        let status: MIPResult.Status
        switch Int32(result.status) {
        case GLP_OPT: status = .optimal
        case GLP_FEAS: status = .feasible
        case GLP_NOFEAS: status = .infeasible
        default: status = .noSolution
        }
        let found = status == .optimal || status == .feasible
        var answer = MIPResult(status: status, values: found ? values : nil, objective: found ? result.objective : nil,
                               bound: result.has_bound != 0 ? result.bound : nil, seconds: seconds)
        answer.stoppedAtNodeLimit = result.node_limit_hit != 0 && status != .optimal
        if !duals.contains(where: \.isNaN) {
            answer.lpObjective = result.lp_objective
            answer.rowDuals = duals
        }
        return answer
    }
}

extension GLPKSolver: MIPSolving {
    /// Solves `model` with the time limit lowered to `seconds` if that is less.
    public func solve(_ model: MIPModel, seconds: Double) throws(MIPError) -> MIPResult {
        var limited = self
        limited.timeLimit = min(timeLimit, seconds)
        return try limited.solve(model)
    }
}

extension GLPKSolver {
    /// A kept LP over GLPK's simplex (column generation's master).
    public func makeMaster(rowUpper: [Double]) -> (any LPMaster)? {
        guard rowUpper.allSatisfy(\.isFinite), let lp = rowUpper.withUnsafeBufferPointer({ fo_lp_create(Int32(rowUpper.count), $0.baseAddress, verbose ? 1 : 0) })
        else { return nil }
        return GLPKMaster(lp: lp, rows: rowUpper.count)
    }
}

/// GLPK's problem kept between solves; created, used and deleted on one thread.
final class GLPKMaster: LPMaster {
    private let lp: OpaquePointer
    private var rows: Int

    init(lp: OpaquePointer, rows: Int) {
        self.lp = lp
        self.rows = rows
    }

    deinit { fo_lp_delete(lp) }

    private func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func add(columns: [(cost: Double, entries: [(row: Int, value: Double)])]) throws(MIPError) {
        guard !columns.isEmpty else { return }
        let costs = columns.map(\.cost)
        guard costs.allSatisfy(\.isFinite),
              columns.allSatisfy({ c in
                  c.entries.allSatisfy { (0..<rows).contains($0.row) && $0.value.isFinite } && Set(c.entries.map(\.row)).count == c.entries.count
              })
        else { throw MIPError(description: "not given to GLPK: a column with a number that is not one or a row out of range or twice") }
        let (start, index, values) = flatten(columns.map { $0.entries.map { ($0.row, $0.value) } })
        var buffer = [CChar](repeating: 0, count: 256)
        let code = fo_lp_add_columns(lp, Int32(columns.count), costs, start, index, values, &buffer)
        if code != 0 { throw MIPError(description: "GLPK failed: \(message(buffer))") }
    }

    /// Entry lists as GLPK's shim takes them: where each list starts (and the end), the
    /// indices and the values.
    private func flatten(_ lists: [[(Int, Double)]]) -> (start: [Int32], index: [Int32], values: [Double]) {
        var start: [Int32] = [0], index: [Int32] = [], values: [Double] = []
        for list in lists {
            index += list.map { Int32($0.0) }
            values += list.map(\.1)
            start.append(Int32(index.count))
        }
        return (start, index, values)
    }

    func add(rows new: [(upper: Double, entries: [(column: Int, value: Double)])]) throws(MIPError) {
        guard !new.isEmpty else { return }
        let columns = Int(fo_lp_columns(lp))
        guard new.allSatisfy({ r in
            r.upper.isFinite && r.entries.allSatisfy { (0..<columns).contains($0.column) && $0.value.isFinite }
                && Set(r.entries.map(\.column)).count == r.entries.count
        }) else { throw MIPError(description: "not given to GLPK: a row with a number that is not one or a column out of range or twice") }
        let (start, index, values) = flatten(new.map { $0.entries.map { ($0.column, $0.value) } })
        var buffer = [CChar](repeating: 0, count: 256)
        let code = fo_lp_add_rows(lp, Int32(new.count), new.map(\.upper), start, index, values, &buffer)
        if code != 0 { throw MIPError(description: "GLPK failed: \(message(buffer))") }
        rows += new.count
    }

    func fix(columns: [Int], at value: Double) throws(MIPError) {
        guard !columns.isEmpty else { return }
        let count = Int(fo_lp_columns(lp))
        guard value.isFinite, value >= 0, columns.allSatisfy({ (0..<count).contains($0) })
        else { throw MIPError(description: "not given to GLPK: a column out of range or a value that is not one") }
        var buffer = [CChar](repeating: 0, count: 256)
        let code = fo_lp_fix_columns(lp, Int32(columns.count), columns.map { Int32($0) }, value, &buffer)
        if code != 0 { throw MIPError(description: "GLPK failed: \(message(buffer))") }
    }

    func primal() -> [Double] {
        var x = [Double](repeating: 0, count: Int(fo_lp_columns(lp)))
        fo_lp_primal(lp, &x)
        return x
    }

    func solve(seconds: Double) throws(MIPError) -> (objective: Double, duals: [Double])? {
        var objective = 0.0
        var duals = [Double](repeating: 0, count: rows)
        var buffer = [CChar](repeating: 0, count: 256)
        let code = fo_lp_solve(lp, seconds, &objective, &duals, &buffer)
        if code == 1 { throw MIPError(description: "GLPK failed: \(message(buffer))") }
        return code == 0 ? (objective, duals) : nil
    }
}
