import Foundation
import Models
import Telemetry

/// One model fed row by row as if live (`faultline replay`): the training rows first, unpaced, to warm the
/// model's state exactly as batch scoring does; then the scored rows in time order, paced on the recording's
/// clock, each compared at once with the streaming threshold (`StreamingThreshold`, with the `for:` hold as a
/// live trailing minimum), so an alarm is known at the row that raises it.
///
/// The scores equal the model's batch scores (the detector contract test checks `observe` against
/// `scores(for:)`), so the run is then evaluated like a batch run; `ExperimentRunner` checks that the batch
/// threshold gives the same alarms as the live one.
enum LiveScoring {
    /// What one live run produced.
    struct Run: Sendable {
        /// One score per row of the frame (training rows included), as `scores(for:)` returns them.
        var scores: [Double]
        /// Alarm per scored row, from the live threshold.
        var alarms: [Bool]
        /// The alarm episodes' first rows (frame rows), with the held score and θ there, and the wall-clock
        /// seconds from the first scored row to the moment the alarm was known.
        var firings: [Firing]
        /// Wall-clock nanoseconds of each scored row's `observe` + threshold step.
        var rowNanoseconds: [Double]
        /// Most the replay ran behind its pace (s); 0 unpaced.
        var maxLagSeconds: Double
    }

    /// The start of one alarm episode.
    struct Firing: Sendable, Equatable {
        var row: Int
        var score: Double
        var threshold: Double
        var wallSeconds: Double
    }

    /// Runs `detector` (fitted) over `frame`.
    ///
    /// - Parameters:
    ///   - calibration: the training rows' scores the threshold is calibrated on, when they are not the
    ///     model's own in-sample scores (out-of-fold scores of a row-set model).
    ///   - holdRows: rows of the `for:` hold (1 = none).
    /// - Throws: `UsageError` when the model has no streaming form (exit 2); the threshold's `ModelError`s.
    static func run(
        _ detector: any AnomalyDetector, model: String, frame: MetricFrame, timestamps: [Int64], trainRows: Int,
        threshold: ThresholdSpec, calibration: [Double]?, holdRows: Int, speed: ReplaySpeed,
        onFiring: ((Firing) -> Void)? = nil
    ) throws -> Run {
        guard let live = detector as? any StreamingDetector else {
            throw UsageError(
                "model '\(model)' has no streaming form, so it cannot be replayed row by row",
                hint: "`faultline models list` marks the streaming models")
        }
        return try loop(
            live, frame: frame, timestamps: timestamps, trainRows: trainRows, threshold: threshold, calibration: calibration,
            holdRows: holdRows, speed: speed, onFiring: onFiring)
    }

    private static func loop<D: StreamingDetector>(
        _ detector: D, frame: MetricFrame, timestamps: [Int64], trainRows: Int, threshold: ThresholdSpec, calibration: [Double]?,
        holdRows: Int, speed: ReplaySpeed, onFiring: ((Firing) -> Void)?
    ) throws -> Run {
        var d = detector
        let rows = frame.rows, columns = frame.columns
        var scores = [Double](repeating: 0, count: rows)
        var row = [Double](repeating: 0, count: columns)
        let testCount = max(0, rows - trainRows)
        var alarms = [Bool](repeating: false, count: testCount)
        var nanos = [Double](repeating: 0, count: testCount)
        var firings: [Firing] = []
        var hold = AlertHold.Live(rows: holdRows)
        var live: StreamingThreshold?
        var maxLag = 0.0
        let clock = ContinuousClock()
        var start = clock.now
        try frame.withUnsafeColumns { base, ld in
            try row.withUnsafeMutableBufferPointer { rowBuffer in
                func observe(_ r: Int) -> Double {
                    for c in 0..<columns { rowBuffer[c] = base[c * ld + r] }
                    return d.observe(UnsafeBufferPointer(rowBuffer))
                }
                for r in 0..<min(trainRows, rows) { scores[r] = observe(r) }
                // The threshold is calibrated on the held training scores, as the batch path does.
                let trainingScores = calibration ?? Array(scores[0..<min(trainRows, rows)])
                var heldTraining = [Double](repeating: 0, count: trainingScores.count)
                for (i, s) in trainingScores.enumerated() { heldTraining[i] = hold.push(s) }
                guard testCount > 0 else { return }
                live = try StreamingThreshold(spec: threshold, trainingScores: heldTraining)
                start = clock.now
                let t0 = timestamps[trainRows]
                var previous = false
                for r in trainRows..<rows {
                    if let due = speed.wallSeconds(recordedMs: timestamps[r] - t0) {
                        let elapsed = (clock.now - start).seconds
                        if due > elapsed {
                            Thread.sleep(forTimeInterval: due - elapsed)
                        } else {
                            maxLag = Swift.max(maxLag, elapsed - due)
                        }
                    }
                    let before = clock.now
                    let s = observe(r)
                    scores[r] = s
                    let held = hold.push(s)
                    let theta = live?.currentThreshold ?? .infinity
                    let alarm = live?.step(held) ?? false
                    let after = clock.now
                    let i = r - trainRows
                    alarms[i] = alarm
                    nanos[i] = (after - before).seconds * 1e9
                    if alarm && !previous {
                        let firing = Firing(row: r, score: held, threshold: theta, wallSeconds: (after - start).seconds)
                        firings.append(firing)
                        onFiring?(firing)
                    }
                    previous = alarm
                }
            }
        }
        return Run(scores: scores, alarms: alarms, firings: firings, rowNanoseconds: nanos, maxLagSeconds: maxLag)
    }
}
