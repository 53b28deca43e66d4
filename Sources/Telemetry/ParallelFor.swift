import Dispatch
import Foundation

/// The one way Faultline runs work in parallel: deterministic striping of an index range over a fixed
/// number of workers (worker `w` takes `w, w + workers, w + 2·workers, …`), results kept in index order.
/// Model, simulator and workbench code call these instead of `DispatchQueue.concurrentPerform`, so no
/// model file needs an `@unchecked Sendable` of its own.
public enum ParallelFor {
    /// `body(i)` for every `i` in `0..<count` on `min(workers, count)` workers; the results in index
    /// order. The first error in index order is rethrown (after every item ran).
    ///
    /// - Parameters:
    ///   - onDone: called after each item with the number finished so far (progress), from any worker.
    public static func map<T>(
        _ count: Int, workers: Int,
        missing: @autoclosure () -> any Error = TelemetryError.invalidValue(
            field: "parallel work", reason: "a task produced no result"), onDone: (@Sendable (Int) -> Void)? = nil,
        _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let slots = ResultSlots<T>(count: count)
        let w = max(1, min(workers, count))
        DispatchQueue.concurrentPerform(iterations: w) { worker in
            var i = worker
            while i < count {
                slots.set(i, Result { try body(i) })
                onDone?(slots.completed)
                i += w
            }
        }
        return try slots.values(missing: missing())
    }

    /// `map` with each worker on a thread of its own instead of the shared pool (whose width is the core
    /// count): for work that mostly waits (a paced replay), so that `workers` items really run at once.
    public static func mapOnThreads<T>(
        _ count: Int, workers: Int,
        missing: @autoclosure () -> any Error = TelemetryError.invalidValue(
            field: "parallel work", reason: "a task produced no result"), onDone: (@Sendable (Int) -> Void)? = nil,
        _ body: @escaping @Sendable (Int) throws -> T
    ) throws -> [T] {
        guard count > 0 else { return [] }
        let slots = ResultSlots<T>(count: count)
        let w = max(1, min(workers, count))
        let group = DispatchGroup()
        for worker in 0..<w {
            group.enter()
            let thread = Thread {
                var i = worker
                while i < count {
                    slots.set(i, Result { try body(i) })
                    onDone?(slots.completed)
                    i += w
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return try slots.values(missing: missing())
    }

    /// Calls `body(w)` for `w` in `0..<workers`, concurrently when `workers > 1`, and returns when all
    /// are done. For kernels whose workers write disjoint slices of preallocated buffers (each caller
    /// documents why its result does not depend on the number of workers).
    public static func workers(_ workers: Int, _ body: (Int) -> Void) {
        if workers <= 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBody(body: escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { box.body($0) }
        }
    }
}

/// Carries a non-`Sendable` closure into `concurrentPerform`; safe because every worker writes only
/// its own slice of the buffers the closure captures (the contract of `ParallelFor.workers`).
private struct UncheckedBody: @unchecked Sendable {
    let body: (Int) -> Void
}

/// The first error thrown by any of several workers (thread-safe).
public final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?

    /// No error yet.
    public init() {}

    /// Records `error` unless one is already recorded.
    public func record(_ error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if stored == nil { stored = error }
    }

    /// The recorded error, if any.
    public var error: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
