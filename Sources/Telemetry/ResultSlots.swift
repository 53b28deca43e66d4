import Foundation

/// Per-index results of parallel work (`DispatchQueue.concurrentPerform` iterations), kept in index
/// order whatever order the workers finish in: the one collector every parallel loop in Faultline uses.
public final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, any Error>?]
    private var done = 0

    /// `count` empty slots.
    public init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores item `i`'s result (each slot is written once).
    public func set(_ i: Int, _ r: Result<Value, any Error>) {
        lock.lock()
        slots[i] = r
        done += 1
        lock.unlock()
    }

    /// Items finished so far (for progress).
    public var completed: Int {
        lock.lock()
        defer { lock.unlock() }
        return done
    }

    /// All values in index order; the first error (in index order) is rethrown, and `missing` when a
    /// slot was never written.
    public func values(
        missing: @autoclosure () -> any Error = TelemetryError.invalidValue(field: "parallel work", reason: "a task produced no result")
    ) throws -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return try slots.map { slot in
            guard let slot else { throw missing() }
            return try slot.get()
        }
    }
}
