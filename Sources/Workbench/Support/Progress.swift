import Foundation

/// A progress line on a terminal: `label [#####.....] 42%`, redrawn in place on stderr.
///
/// Silent when stderr is not a TTY or when `quiet` is set, so logs and CI output stay clean.
/// Thread-safe: workers may report concurrently.
public final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private var label: String
    private var lastDrawn = -1
    private var finished = false

    /// Creates a reporter for a task called `label`.
    public init(_ label: String, quiet: Bool) {
        self.label = label
        self.enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Reports the fraction done, in 0...1.
    public func update(_ fraction: Double) {
        guard enabled else { return }
        let percent = Int((max(0, min(1, fraction)) * 100).rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        guard percent != lastDrawn, !finished else { return }
        lastDrawn = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)%".utf8))
    }

    /// Changes the label shown before the bar.
    public func relabel(_ newLabel: String) {
        lock.lock()
        label = newLabel
        lastDrawn = -1
        lock.unlock()
    }

    /// Ends the line.
    public func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
