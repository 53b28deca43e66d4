import Foundation

/// What the units of a replay leave beside their scores: when each alarm fired and what each row cost.
/// Units run on several threads; the recorder is locked and hands its entries back in a fixed order.
public final class ReplayRecorder: @unchecked Sendable {
    /// One replayed (dataset, model, seed) unit.
    struct Entry: Sendable {
        var dataset: Int
        var datasetLabel: String
        var model: String
        var seed: UInt64
        var isBaseline: Bool
        var firings: [LiveScoring.Firing]
        /// The live alarm of each scored row (frame rows `trainRows...`).
        var alarms: [Bool]
        var trainRows: Int
        var rowNanoseconds: [Double]
        var maxLagSeconds: Double
    }

    private let lock = NSLock()
    private var entries: [Entry] = []
    /// Called as each alarm fires (unit label, firing); for a terminal's live lines.
    let onFiring: (@Sendable (_ model: String, _ firing: LiveScoring.Firing) -> Void)?

    init(onFiring: (@Sendable (_ model: String, _ firing: LiveScoring.Firing) -> Void)? = nil) {
        self.onFiring = onFiring
    }

    func record(_ entry: Entry) {
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    /// The entries by dataset, then model label, then seed (the order does not depend on the threads).
    var sorted: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries.sorted { ($0.dataset, $0.model, $0.seed) < ($1.dataset, $1.model, $1.seed) }
    }
}

/// `RunOptions.replay`: score every registered model row by row, paced, recording alarms as they fire.
public struct ReplayOptions: Sendable {
    public var speed: ReplaySpeed
    let recorder: ReplayRecorder

    init(speed: ReplaySpeed, recorder: ReplayRecorder) {
        self.speed = speed
        self.recorder = recorder
    }
}
