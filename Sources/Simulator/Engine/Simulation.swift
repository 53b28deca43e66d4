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
/// Memory is bounded by the chunk (`chunkRows` × series, twice), not the run. Output is a pure
/// function of (scenario, seed): the same for any `jobs` and any `chunkRows`, because every random
/// draw is counter-based (keyed by seed, entity and row) and every row of the physics, the
/// observation, the logs and the traces is computed independently; the only sequential state —
/// counter totals, spans spilling into the next chunk — is carried in row order.
///
/// Rows are produced time-major, the order of `metrics.npy`: each row's physics writes the row's
/// series side by side, the observation noise is applied while the row is in cache, and the chunk
/// goes to the sink without a copy. Two chunk buffers alternate, so a sink that writes in the
/// background (`DatasetWriter`) overlaps writing and hashing one chunk with computing the next.
public enum Simulation {
    /// Rows per parallel work item (the physics, observation, logs and traces of 64 rows).
    static let blockRows = 64

    /// Simulates `scenario` into `sink`.
    ///
    /// - Parameters:
    ///   - scenario: a validated scenario.
    ///   - seed: the run's seed (defaults to the scenario's).
    ///   - jobs: 1 computes everything on the calling thread; above 1 the rows (by blocks of 64) and
    ///     the ground truth (by fault) run on Dispatch's concurrent pool, which uses up to one thread
    ///     per core. Output is identical either way.
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
        let series = world.seriesDescriptors
        let info = DatasetInfo(name: scenario.name, generator: SimulatorVersion.string, scenario: scenario.name,
                               scenarioHash: FileDigest.sha256(text: scenario.sourceText), seed: world.seed)
        try sink.begin(DatasetHeader(info: info, axis: world.axis, series: series, topology: world.topology))
        let total = world.axis.count
        let chunkRows = max(1, min(chunkRows, total))
        let cols = world.seriesCount
        let truthWidth = TruthField.count * world.serviceCount
        var observer = Observer(world: world)
        var emitter = RecordEmitter(world: world)
        let events = World.scheduledEvents(scenario: scenario, faults: world.faults, benign: world.benign, axis: world.axis).map(\.event)
        var eventCursor = 0
        var logCount = 0, spanCount = 0
        // Two chunk buffers (the sink may still read the previous one) and the chunk's gap flags.
        // Page-aligned, so a sink can hand them to direct I/O.
        let raw = (0..<2).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, chunkRows * cols) * 8, alignment: 4096) }
        let buffers = raw.map { UnsafeMutableBufferPointer(start: $0.bindMemory(to: Double.self).baseAddress, count: chunkRows * cols) }
        let gaps = UnsafeMutableBufferPointer<Bool>.allocate(capacity: chunkRows * observer.entityCount)
        let maxBlocks = (chunkRows + blockRows - 1) / blockRows
        let blockLogs = UnsafeMutableBufferPointer<[LogRecord]>.allocate(capacity: maxBlocks)
        let blockSpans = UnsafeMutableBufferPointer<[Span]>.allocate(capacity: maxBlocks)
        blockLogs.initialize(repeating: [])
        blockSpans.initialize(repeating: [])
        defer {
            for b in raw { b.deallocate() }
            gaps.deallocate()
            blockLogs.deinitialize().deallocate()
            blockSpans.deinitialize().deallocate()
        }
        var start = 0
        var chunkIndex = 0
        while start < total {
            let n = min(chunkRows, total - start)
            let out = buffers[chunkIndex & 1]
            let blocks = (n + blockRows - 1) / blockRows
            do {
                nonisolated(unsafe) let o = out.baseAddress, g = gaps.baseAddress
                nonisolated(unsafe) let bl = blockLogs.baseAddress, bs = blockSpans.baseAddress
                let firstRow = start
                let me = (observer: observer, emitter: emitter)
                let entities = observer.entityCount
                let work: @Sendable (Int) -> Void = { b in
                    guard let o, let g, let bl, let bs else { return }
                    let lo = b * blockRows, hi = min(n, lo + blockRows)
                    // The block's truth fields stay in this worker's cache: only the logs and traces read them.
                    let t = UnsafeMutablePointer<Double>.allocate(capacity: blockRows * truthWidth)
                    defer { t.deallocate() }
                    computeRows(world: world, firstRow: firstRow + lo, rows: hi - lo, exclude: -1, out: o + lo * cols, truth: t) { r, row in
                        me.observer.observe(row: o + (lo + r) * cols, row: row, gaps: g + (lo + r) * entities)
                    }
                    bl[b] = me.emitter.logs(truth: t, firstRow: firstRow + lo, rows: hi - lo)
                    bs[b] = me.emitter.spans(truth: t, firstRow: firstRow + lo, rows: hi - lo)
                }
                if jobs > 1 && blocks > 1 {
                    DispatchQueue.concurrentPerform(iterations: blocks, execute: work)
                } else {
                    for b in 0..<blocks { work(b) }
                }
            }
            guard let o = out.baseAddress, let g = gaps.baseAddress else { break }
            observer.accumulateCounters(o, rows: n, firstRow: start, gaps: g)
            try sink.writeMetrics(rowOffset: start, rows: n, timeMajor: UnsafeBufferPointer(rebasing: out[0..<(n * cols)]))
            let endTime = start + n >= total ? Int64.max : world.axis.time(at: start + n)
            var evs: [OpsEvent] = []
            while eventCursor < events.count && events[eventCursor].timeMs < endTime {
                evs.append(events[eventCursor]); eventCursor += 1
            }
            if !evs.isEmpty { try sink.append(events: evs) }
            var logs: [LogRecord] = []
            var batch: [Span] = []
            for b in 0..<blocks {
                logs.append(contentsOf: blockLogs[b]); blockLogs[b] = []
                batch.append(contentsOf: blockSpans[b]); blockSpans[b] = []
            }
            if !logs.isEmpty { try sink.append(logs: logs); logCount += logs.count }
            let spans = emitter.release(batch, endRow: start + n, final: start + n >= total)
            if !spans.isEmpty { try sink.append(spans: spans); spanCount += spans.count }
            start += n
            chunkIndex += 1
            progress?(Double(start) / Double(max(1, total)) * 0.9)
        }
        let gt = GroundTruthBuilder(world: world).build(jobs: jobs)
        try sink.finish(groundTruth: gt)
        progress?(1)
        return SimulationSummary(rows: total, series: world.seriesCount, logLines: logCount, spans: spanCount, events: events.count, groundTruth: gt)
    }

    /// Runs the physics for rows `firstRow ..< firstRow + rows` on the calling thread: row `r`'s true
    /// values go to `out[r · series ..< (r + 1) · series]` (counters as per-row increments), its truth
    /// fields to `truth[r · fields ..< (r + 1) · fields]`; then `each(r, firstRow + r)` is called
    /// while the row is still in cache. Fault `exclude` (an index, or -1) is left out.
    static func computeRows(world: World, firstRow: Int, rows: Int, exclude: Int, out: UnsafeMutablePointer<Double>,
                            truth: UnsafeMutablePointer<Double>, each: (Int, Int) -> Void = { _, _ in }) {
        let step = Double(world.scenario.stepMs)
        let cols = world.seriesCount
        let truthWidth = TruthField.count * world.serviceCount
        var physics = Physics(world: world)
        for r in 0..<rows {
            let row = firstRow + r
            physics.compute(t: Double(row) * step, row: row, exclude: exclude, out: out + r * cols, truth: truth + r * truthWidth)
            each(r, row)
        }
    }
}
