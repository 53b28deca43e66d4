import Dispatch
import Foundation
import Telemetry

/// What a run produced, besides what went into the sink.
public struct SimulationSummary: Sendable, Hashable {
    /// Rows × series of the metric frame.
    public var rows: Int
    public var series: Int
    public var logLines: Int
    public var spans: Int
    public var events: Int
    /// The ground truth handed to the sink.
    public var groundTruth: GroundTruth
}

/// Runs a scenario into a `DatasetSink`, chunk by chunk.
///
/// Memory is bounded by the chunk (`chunkRows` × series), not the run. Output is a pure function of
/// (scenario, seed): the same for any `jobs` and any `chunkRows`, because every random draw is
/// counter-based (keyed by seed, entity and row) and every row of the physics is computed
/// independently; the only sequential state — counter totals, spans spilling into the next chunk —
/// is carried in row order.
public enum Simulation {
    /// Simulates `scenario` into `sink`.
    ///
    /// - Parameters:
    ///   - scenario: a validated scenario.
    ///   - seed: the run's seed (defaults to the scenario's).
    ///   - jobs: 1 computes everything on the calling thread; above 1 the physics (by blocks of 64
    ///     rows), the observation (by series) and the ground truth (by fault) run on Dispatch's
    ///     concurrent pool, which uses up to one thread per core. Output is identical either way.
    ///   - chunkRows: rows per metric chunk handed to the sink.
    ///   - sink: receives header, metric chunks, logs, spans, events and the ground truth.
    ///   - progress: called with the fraction done (0…1) after every chunk.
    /// - Returns: a summary of what was produced.
    /// - Throws: whatever the sink throws.
    @discardableResult
    public static func run(scenario: Scenario, seed: UInt64? = nil, jobs: Int = 1, chunkRows: Int = 2048,
                           into sink: inout some DatasetSink, progress: ((Double) -> Void)? = nil) throws -> SimulationSummary {
        let world = World(scenario: scenario, seed: seed ?? scenario.seed)
        let jobs = max(1, jobs)
        let chunkRows = max(1, chunkRows)
        let series = world.seriesDescriptors
        let info = DatasetInfo(name: scenario.name, generator: SimulatorVersion.string, scenario: scenario.name,
                               scenarioHash: FileDigest.sha256(text: scenario.sourceText), seed: world.seed)
        try sink.begin(DatasetHeader(info: info, axis: world.axis, series: series, topology: world.topology))
        let total = world.axis.count
        var observer = Observer(world: world)
        var emitter = RecordEmitter(world: world)
        let events = World.scheduledEvents(scenario: scenario, faults: world.faults, benign: world.benign, axis: world.axis).map(\.event)
        var eventCursor = 0
        var logCount = 0, spanCount = 0
        var start = 0
        // Reused across chunks (no copy unless the sink keeps a reference to the chunk).
        var frame = MetricFrame(rows: min(chunkRows, total), columns: world.seriesCount, repeating: 0)
        var truth = [Double](repeating: 0, count: min(chunkRows, total) * TruthField.count * world.serviceCount)
        var scratch: [Double] = []
        while start < total {
            let n = min(chunkRows, total - start)
            if frame.rows != n {
                frame = MetricFrame(rows: n, columns: world.seriesCount, repeating: 0)
                truth = [Double](repeating: 0, count: n * TruthField.count * world.serviceCount)
            }
            computeTruth(world: world, firstRow: start, rows: n, exclude: -1, jobs: jobs, frame: &frame, truth: &truth, scratch: &scratch)
            observer.observe(&frame, firstRow: start, jobs: jobs)
            try sink.writeMetrics(rowOffset: start, chunk: frame)
            let endTime = start + n >= total ? Int64.max : world.axis.time(at: start + n)
            var evs: [OpsEvent] = []
            while eventCursor < events.count && events[eventCursor].timeMs < endTime {
                evs.append(events[eventCursor]); eventCursor += 1
            }
            if !evs.isEmpty { try sink.append(events: evs) }
            let logs = emitter.logs(truth: truth, firstRow: start, rows: n)
            if !logs.isEmpty { try sink.append(logs: logs); logCount += logs.count }
            let spans = emitter.spans(truth: truth, firstRow: start, rows: n, final: start + n >= total)
            if !spans.isEmpty { try sink.append(spans: spans); spanCount += spans.count }
            start += n
            progress?(Double(start) / Double(max(1, total)) * 0.9)
        }
        let gt = GroundTruthBuilder(world: world).build(jobs: jobs)
        try sink.finish(groundTruth: gt)
        progress?(1)
        return SimulationSummary(rows: total, series: world.seriesCount, logLines: logCount, spans: spanCount, events: events.count, groundTruth: gt)
    }

    /// Runs the physics for rows `firstRow ..< firstRow + rows` into `frame` (true values; counter
    /// columns hold per-row increments) and `truth`, in parallel over row blocks.
    static func computeTruth(world: World, firstRow: Int, rows: Int, exclude: Int, jobs: Int, frame: inout MetricFrame, truth: inout [Double]) {
        var scratch: [Double] = []
        computeTruth(world: world, firstRow: firstRow, rows: rows, exclude: exclude, jobs: jobs, frame: &frame, truth: &truth, scratch: &scratch)
    }

    /// As above, with a caller-owned scratch buffer (grown as needed) reused across chunks, so
    /// no fresh pages are allocated and zeroed per chunk.
    static func computeTruth(world: World, firstRow: Int, rows: Int, exclude: Int, jobs: Int, frame: inout MetricFrame, truth: inout [Double],
                             scratch: inout [Double]) {
        let block = 64
        let blocks = (rows + block - 1) / block
        let step = Double(world.scenario.stepMs)
        let cols = world.seriesCount
        let truthCols = TruthField.count * world.serviceCount
        let width = cols + truthCols
        if scratch.count < rows * width { scratch = [Double](repeating: 0, count: rows * width) }
        frame.withUnsafeMutableBufferPointer { fb in
            truth.withUnsafeMutableBufferPointer { tb in
              scratch.withUnsafeMutableBufferPointer { sb in
                nonisolated(unsafe) let out = fb.baseAddress
                nonisolated(unsafe) let tr = tb.baseAddress
                nonisolated(unsafe) let sp = sb.baseAddress
                let work: @Sendable (Int) -> Void = { b in
                    guard let out, let sp else { return }
                    var physics = Physics(world: world)
                    let lo = b * block, hi = min(rows, lo + block)
                    let bl = hi - lo
                    // Work in a block-local, cache-sized region of the scratch buffer, then copy whole column runs.
                    do {
                        do {
                            let lp = sp + lo * width
                            let ltp: UnsafeMutablePointer<Double>? = tr == nil ? nil : lp + cols * bl
                            for r in 0..<bl {
                                let row = firstRow + lo + r
                                physics.compute(t: Double(row) * step, row: row, exclude: exclude, out: lp, truth: ltp, ld: bl, r: r)
                            }
                            for c in 0..<cols { (out + c * rows + lo).update(from: lp + c * bl, count: bl) }
                            if let tr, let ltp {
                                for c in 0..<truthCols { (tr + c * rows + lo).update(from: ltp + c * bl, count: bl) }
                            }
                        }
                    }
                }
                if jobs > 1 && blocks > 1 {
                    DispatchQueue.concurrentPerform(iterations: blocks, execute: work)
                } else {
                    for b in 0..<blocks { work(b) }
                }
              }
            }
        }
    }
}
