import Dispatch

/// Runs a body on several workers at once (the multivariate detectors' only parallelism).
///
/// Workers share state only through disjoint slices of preallocated buffers; each detector's
/// documentation says why its result does not depend on the number of workers.
enum ParallelWorkers {
    /// Calls `body(w)` for `w` in `0..<workers`, concurrently when `workers > 1`, and returns when all are done.
    static func run(_ workers: Int, _ body: (Int) -> Void) {
        if workers <= 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBox(body: escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { box.body($0) }
        }
    }
}

/// Carries a non-`Sendable` closure into `concurrentPerform`; safe because every worker writes
/// only its own slice of the buffers the closure captures.
private struct UncheckedBox: @unchecked Sendable {
    let body: (Int) -> Void
}
