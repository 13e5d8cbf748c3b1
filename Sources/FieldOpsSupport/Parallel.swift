import Foundation

/// Runs `count` independent jobs on the machine's cores and returns their results in job
/// order: which core ran which job never shows in the answer, so work split this way
/// stays deterministic.
public func parallelMap<T: Sendable>(_ count: Int, _ job: @Sendable (Int) -> T) -> [T] {
    let results = ParallelResults<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { i in
        _ = results.set(i, job(i))
    }
    return results.values.map { $0! }
}

/// Results written from several threads, each to its own slot.
public final class ParallelResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [T?]
    private var done = 0

    /// Room for `count` results.
    public init(count: Int) { stored = Array(repeating: nil, count: count) }

    /// Stores result `i`; returns how many are stored.
    public func set(_ i: Int, _ value: T) -> Int {
        lock.lock()
        defer { lock.unlock() }
        stored[i] = value
        done += 1
        return done
    }

    /// The results so far, in slot order (`nil` where none is stored yet).
    public var values: [T?] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
