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
/// Memory is bounded by the chunk (`chunkRows` × series and the rows' truth fields, `depth` sets of
/// each) and the record bound (`chunkRecords` log lines and spans), not the run. Output is a pure
/// function of (scenario, seed): the same for any `jobs` and any `chunkRows`, because every random
/// draw is counter-based (keyed by seed, entity and row) and every row of the physics, the
/// observation, the logs and the traces is computed independently; the only sequential state —
/// counter totals, spans spilling into the next chunk — is carried in row order.
///
/// Rows are produced time-major, the order of `metrics.npy`: each row's physics writes the row's
/// series side by side, the observation noise is applied while the row is in cache, and the chunk
/// goes to the sink without a copy. Three chunk buffers rotate, so a sink that writes in the
/// background (`DatasetWriter`) overlaps writing and hashing one chunk with computing the next,
/// and (with `jobs` > 1) workers compute up to `depth` − 1 chunks ahead of the one being finished.
public enum Simulation {
    /// Rows per parallel work item of the physics and observation (record blocks are at most this).
    static let blockRows = 64
    /// Sets of chunk buffers in flight (the chunk being finished and the ones computed ahead of it).
    static let depth = 3
    /// Largest metric chunk buffer (`depth` are in use).
    static let chunkBytes = 64 << 20
    /// Most log lines and spans the chunks in flight hold made in place (a share per chunk and kind,
    /// split among its blocks), and most one batch made again holds, from the rows' budgets
    /// (records take about 0.8 KB each in memory).
    static let chunkRecords = 1_000_000

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
    /// - Throws: `ScenarioError` for a scenario beyond `ScenarioLimits` (one that did not come from
    ///   `ScenarioLoader`), before anything is allocated; otherwise whatever the sink throws.
    @discardableResult
    public static func run(
        scenario: Scenario, seed: UInt64? = nil, jobs: Int = 1, chunkRows: Int = 2048,
        into sink: inout some DatasetSink, progress: ((Double) -> Void)? = nil
    ) throws -> SimulationSummary {
        try run(scenario: scenario, seed: seed, jobs: jobs, chunkRows: chunkRows, recordLimit: chunkRecords, into: &sink, progress: progress)
    }

    /// `run` with the record bound `recordLimit` in place of `chunkRecords` (tests make blocks go
    /// over their share with a small one; output is the same for any bound).
    @discardableResult
    static func run(
        scenario: Scenario, seed: UInt64?, jobs: Int, chunkRows: Int, recordLimit: Int,
        into sink: inout some DatasetSink, progress: ((Double) -> Void)?
    ) throws -> SimulationSummary {
        // Every buffer below is sized from the scenario: refuse sizes a loaded scenario cannot have
        // (one built or changed in code without the loader's checks) before allocating anything.
        let estimate = WorkEstimate(scenario)
        guard estimate.series <= ScenarioLimits.maxSeries, estimate.metricPoints <= ScenarioLimits.maxMetricPoints,
            scenario.stepMs >= ScenarioLimits.minStepMs, scenario.durationMs <= ScenarioLimits.maxDurationMs
        else {
            throw ScenarioError(
                source: scenario.name, message: "scenario exceeds the simulator's limits (\(estimate.rows) rows × \(estimate.series) series)",
                hint: "load scenarios with ScenarioLoader, which checks them; \(ScenarioLimits.readme)")
        }
        let world = World(scenario: scenario, seed: seed ?? scenario.seed)
        let jobs = max(1, jobs)
        let series = world.seriesDescriptors
        let info = DatasetInfo(
            name: scenario.name, generator: SimulatorVersion.string, scenario: scenario.name,
            scenarioHash: FileDigest.sha256(text: scenario.sourceText), seed: world.seed)
        try sink.begin(DatasetHeader(info: info, axis: world.axis, series: series, topology: world.topology))
        let total = world.axis.count
        let cols = world.seriesCount
        // Output does not depend on the chunk size, so chunks shrink for wide worlds: each metric
        // buffer (and each buffer of the rows' truth fields, which are narrower) stays within
        // `chunkBytes`.
        let byBytes = max(1, Self.chunkBytes / max(1, cols * 8))
        let chunkRows = max(1, min(chunkRows, total, byBytes))
        let maxBlocks = (chunkRows + blockRows - 1) / blockRows
        // Logs and spans are made in the row block's work item, while its truth fields are in cache,
        // as long as the block writes at most its share of `recordLimit` of each (three chunks are in
        // flight). A block that writes more (a retry storm) keeps its truth fields instead, and its
        // records are made again in batches of at most `recordLimit` (each row writes at most its
        // budgets, `World.logBudgetPerRow` and `spanBudgetPerRow`), in parallel over record blocks.
        // So memory is bounded by the worst case while the usual case keeps whole metric chunks.
        let blockShare = max(1, recordLimit / (2 * Self.depth * maxBlocks))
        let batchRows = max(1, min(blockRows, recordLimit / max(1, world.logBudgetPerRow + world.spanBudgetPerRow)))
        let recordBlockRows = max(1, (batchRows + 3) / 4)
        let truthWidth = TruthField.count * world.serviceCount
        var observer = Observer(world: world)
        var emitter = RecordEmitter(world: world)
        let events = World.scheduledEvents(scenario: scenario, faults: world.faults, benign: world.benign, axis: world.axis).map(\.event)
        var eventCursor = 0
        var logCount = 0, spanCount = 0
        // `depth` (three) sets of chunk buffers: the chunk the sink may still read (see
        // `DatasetSink.writeMetrics(rowOffset:rows:timeMajor:)`) or being finished, and the ones being
        // computed. Metric buffers are page-aligned, so a sink can hand them to direct I/O. Each set
        // also has the chunk's gap flags, block records and the truth fields of blocks over their
        // share (those pages are touched only by such blocks). Set `depth`: a batch made again.
        let chunks = (total + chunkRows - 1) / chunkRows
        let entities = observer.entityCount
        let sets = Self.depth
        let raw = (0..<sets).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, chunkRows * cols) * 8, alignment: 4096) }
        let gapSets = (0..<sets).map { _ in UnsafeMutableBufferPointer<Bool>.allocate(capacity: max(1, chunkRows * entities)) }
        let truthSets = (0..<sets).map { _ in UnsafeMutableBufferPointer<Double>.allocate(capacity: max(1, chunkRows * truthWidth)) }
        let deferredSets = (0..<sets).map { _ in UnsafeMutableBufferPointer<Bool>.allocate(capacity: maxBlocks) }
        let logSets = (0...sets).map { _ in UnsafeMutableBufferPointer<[LogRecord]>.allocate(capacity: max(maxBlocks, 4)) }
        let spanSets = (0...sets).map { _ in UnsafeMutableBufferPointer<[Span]>.allocate(capacity: max(maxBlocks, 4)) }
        for k in 0...sets {
            logSets[k].initialize(repeating: [])
            spanSets[k].initialize(repeating: [])
        }
        for d in deferredSets { d.initialize(repeating: false) }
        defer {
            for b in raw { b.deallocate() }
            for g in gapSets { g.deallocate() }
            for t in truthSets { t.deallocate() }
            for d in deferredSets { d.deallocate() }
            for l in logSets { l.deinitialize().deallocate() }
            for sp in spanSets { sp.deinitialize().deallocate() }
        }
        nonisolated(unsafe) let outs = raw.map { $0.bindMemory(to: Double.self).baseAddress }
        nonisolated(unsafe) let gapBase = gapSets.map(\.baseAddress), truthBase = truthSets.map(\.baseAddress)
        nonisolated(unsafe) let deferredBase = deferredSets.map(\.baseAddress)
        nonisolated(unsafe) let logBase = logSets.map(\.baseAddress), spanBase = spanSets.map(\.baseAddress)
        let me = (observer: observer, emitter: emitter)
        // Computes block b of chunk k (physics, observation, logs, traces; not the counter totals)
        // with a worker's own `Physics` and truth scratch (`blockRows` rows of truth fields).
        let computeBlock: @Sendable (Int, Int, inout Physics, UnsafeMutablePointer<Double>) -> Void = { k, b, physics, t in
            let first = k * chunkRows, n = min(chunkRows, total - first)
            guard let out = outs[k % sets], let gap = gapBase[k % sets], let keep = truthBase[k % sets], let deferred = deferredBase[k % sets],
                let logs = logBase[k % sets], let spans = spanBase[k % sets]
            else { return }
            let lo = b * blockRows, hi = min(n, lo + blockRows)
            // The block's truth fields stay in this worker's cache: only the logs and traces read them.
            computeRows(physics: &physics, firstRow: first + lo, rows: hi - lo, exclude: -1, out: out + lo * cols, truth: t) { r, row in
                me.observer.observe(row: out + (lo + r) * cols, row: row, gaps: gap + (lo + r) * entities)
            }
            if let l = me.emitter.logs(truth: t, firstRow: first + lo, rows: hi - lo, limit: blockShare),
                let s = me.emitter.spans(truth: t, firstRow: first + lo, rows: hi - lo, limit: blockShare)
            {
                logs[b] = l
                spans[b] = s
                deferred[b] = false
            } else {
                (keep + lo * truthWidth).update(from: t, count: (hi - lo) * truthWidth)
                deferred[b] = true
            }
        }
        // Makes the logs and spans of rows `first ..< first + n` (truth fields at `truth`) into the
        // batch set, in parallel over record blocks; returns the number of blocks.
        let remake: (UnsafePointer<Double>, Int, Int) -> Int = { truthRows, first, n in
            nonisolated(unsafe) let truth = truthRows
            let blocks = (n + recordBlockRows - 1) / recordBlockRows
            guard let l = logBase[sets], let sp = spanBase[sets] else { return 0 }
            nonisolated(unsafe) let ls = l, ss = sp
            let work: @Sendable (Int) -> Void = { b in
                let lo = b * recordBlockRows, hi = min(n, lo + recordBlockRows)
                ls[b] = me.emitter.logs(truth: truth + lo * truthWidth, firstRow: first + lo, rows: hi - lo) ?? []
                ss[b] = me.emitter.spans(truth: truth + lo * truthWidth, firstRow: first + lo, rows: hi - lo) ?? []
            }
            if jobs > 1 && blocks > 1 {
                DispatchQueue.concurrentPerform(iterations: blocks, execute: work)
            } else {
                for b in 0..<blocks { work(b) }
            }
            return blocks
        }
        // With more than one job, `jobs` workers take row blocks in order, across chunk boundaries, as
        // far as `depth` − 1 chunks ahead of the one being finished; meanwhile this thread totals
        // each finished chunk's counters and hands the chunk, its logs and spans to the sink, and the
        // ground truth (independent of the chunks) is computed alongside from the start. With one
        // job, everything runs here in row order.
        let pipeline = BlockPipeline(
            chunks: chunks, blocksPerChunk: maxBlocks,
            lastChunkBlocks: chunks > 0 ? (total - (chunks - 1) * chunkRows + blockRows - 1) / blockRows : 0,
            depth: sets)
        let truthGroup = DispatchGroup()
        let workers = DispatchGroup()
        nonisolated(unsafe) var groundTruth: GroundTruth?
        if jobs > 1 {
            DispatchQueue.global().async(group: truthGroup) { groundTruth = GroundTruthBuilder(world: world).build(jobs: jobs) }
            for i in 0..<jobs {
                // A serial queue each: its own thread, which may wait on the pipeline without holding a
                // thread of the shared pool (the ground truth runs there).
                DispatchQueue(label: "faultline.Simulation.worker\(i)").async(group: workers) {
                    var physics = Physics(world: world)
                    let t = UnsafeMutablePointer<Double>.allocate(capacity: blockRows * truthWidth)
                    defer { t.deallocate() }
                    while let (k, b) = pipeline.claim() {
                        computeBlock(k, b, &physics, t)
                        pipeline.finished(chunk: k)
                    }
                }
            }
        }
        defer {  // also when the sink throws: the buffers must outlive the computation
            pipeline.cancel()
            workers.wait()
            truthGroup.wait()
        }
        var ownPhysics = jobs > 1 ? nil : Physics(world: world)
        let ownTruth = UnsafeMutablePointer<Double>.allocate(capacity: jobs > 1 ? 1 : blockRows * truthWidth)
        defer { ownTruth.deallocate() }
        for k in 0..<chunks {
            let start = k * chunkRows, n = min(chunkRows, total - start)
            let blocks = (n + blockRows - 1) / blockRows
            if var physics = ownPhysics {
                for b in 0..<blocks { computeBlock(k, b, &physics, ownTruth) }
                ownPhysics = physics
            } else {
                pipeline.wait(chunk: k)
            }
            guard let o = outs[k % sets], let g = gapBase[k % sets], let truth = truthBase[k % sets], let deferred = deferredBase[k % sets],
                let blockLogs = logBase[k % sets], let blockSpans = spanBase[k % sets], let batchLogs = logBase[sets],
                let batchSpans = spanBase[sets]
            else { break }
            observer.accumulateCounters(o, rows: n, firstRow: start, gaps: g)
            try sink.writeMetrics(rowOffset: start, rows: n, timeMajor: UnsafeBufferPointer(start: o, count: n * cols))
            // The sink is done with chunk k − 1's buffer, and this thread with its set.
            pipeline.release(upTo: k)
            let endTime = start + n >= total ? Int64.max : world.axis.time(at: start + n)
            var evs: [OpsEvent] = []
            while eventCursor < events.count && events[eventCursor].timeMs < endTime {
                evs.append(events[eventCursor]); eventCursor += 1
            }
            if !evs.isEmpty { try sink.append(events: evs) }
            // Records in row order: blocks made in place are gathered; before a block made again, what
            // was gathered goes to the sink, then the block's batches one after another.
            var logs: [LogRecord] = []
            var batch: [Span] = []
            func handOver(endRow: Int) throws {
                if !logs.isEmpty { try sink.append(logs: logs); logCount += logs.count }
                let spans = emitter.release(batch, endRow: endRow, final: endRow >= total)
                if !spans.isEmpty { try sink.append(spans: spans); spanCount += spans.count }
                logs = []
                batch = []
            }
            for b in 0..<blocks {
                guard deferred[b] else {
                    logs.append(contentsOf: blockLogs[b]); blockLogs[b] = []
                    batch.append(contentsOf: blockSpans[b]); blockSpans[b] = []
                    continue
                }
                let lo = b * blockRows, hi = min(n, lo + blockRows)
                try handOver(endRow: start + lo)
                var done = lo
                while done < hi {
                    let m = min(batchRows, hi - done)
                    let made = remake(truth + done * truthWidth, start + done, m)
                    for r in 0..<made {
                        logs.append(contentsOf: batchLogs[r]); batchLogs[r] = []
                        batch.append(contentsOf: batchSpans[r]); batchSpans[r] = []
                    }
                    done += m
                    try handOver(endRow: start + done)
                }
            }
            try handOver(endRow: start + n)
            progress?(Double(start + n) / Double(max(1, total)) * 0.9)
        }
        truthGroup.wait()
        let gt = groundTruth ?? GroundTruthBuilder(world: world).build(jobs: jobs)
        try sink.finish(groundTruth: gt)
        progress?(1)
        return SimulationSummary(rows: total, series: world.seriesCount, logLines: logCount, spans: spanCount, events: events.count, groundTruth: gt)
    }

    /// Runs the physics for rows `firstRow ..< firstRow + rows` on the calling thread: row `r`'s true
    /// values go to `out[r · series ..< (r + 1) · series]` (counters as per-row increments), its truth
    /// fields to `truth[r · fields ..< (r + 1) · fields]`; then `each(r, firstRow + r)` is called
    /// while the row is still in cache. Fault `exclude` (an index, or -1) is left out.
    static func computeRows(
        world: World, firstRow: Int, rows: Int, exclude: Int, out: UnsafeMutablePointer<Double>,
        truth: UnsafeMutablePointer<Double>, each: (Int, Int) -> Void = { _, _ in }
    ) {
        var physics = Physics(world: world)
        computeRows(physics: &physics, firstRow: firstRow, rows: rows, exclude: exclude, out: out, truth: truth, each: each)
    }

    /// `computeRows` with a caller's `Physics` (one per worker, kept across blocks: its memos are
    /// caches of pure functions, so the rows come out the same).
    static func computeRows(
        physics: inout Physics, firstRow: Int, rows: Int, exclude: Int, out: UnsafeMutablePointer<Double>,
        truth: UnsafeMutablePointer<Double>, each: (Int, Int) -> Void = { _, _ in }
    ) {
        let world = physics.w
        let step = Double(world.scenario.stepMs)
        let cols = world.seriesCount
        let truthWidth = TruthField.count * world.serviceCount
        for r in 0..<rows {
            let row = firstRow + r
            physics.compute(t: Double(row) * step, row: row, exclude: exclude, out: out + r * cols, truth: truth + r * truthWidth)
            each(r, row)
        }
    }
}

/// The hand-off between the simulator's workers and the thread that finishes chunks: workers claim
/// row blocks in order (chunk by chunk) as long as the chunk's buffer set is free, and count the
/// blocks done; the finishing thread waits for a chunk's blocks and frees buffer sets behind it.
final class BlockPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private let chunks: Int, blocksPerChunk: Int, lastChunkBlocks: Int, depth: Int
    private var claimed = 0, released = 0, cancelled = false
    private var done: [Int]
    private let totalBlocks: Int

    init(chunks: Int, blocksPerChunk: Int, lastChunkBlocks: Int, depth: Int) {
        self.chunks = chunks
        self.blocksPerChunk = blocksPerChunk
        self.lastChunkBlocks = lastChunkBlocks
        self.depth = depth
        done = [Int](repeating: 0, count: chunks)
        totalBlocks = chunks > 0 ? (chunks - 1) * blocksPerChunk + lastChunkBlocks : 0
    }

    private func blocks(_ chunk: Int) -> Int { chunk == chunks - 1 ? lastChunkBlocks : blocksPerChunk }

    /// The next (chunk, block) to compute, waiting while its chunk's buffer set is still in use;
    /// nil when every block is taken or the run was cancelled.
    func claim() -> (Int, Int)? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && claimed < totalBlocks && claimed / blocksPerChunk >= released + depth { condition.wait() }
        guard !cancelled && claimed < totalBlocks else { return nil }
        let g = claimed
        claimed += 1
        return (g / blocksPerChunk, g % blocksPerChunk)
    }

    /// Counts a finished block of `chunk`.
    func finished(chunk: Int) {
        condition.lock()
        done[chunk] += 1
        if done[chunk] == blocks(chunk) { condition.broadcast() }
        condition.unlock()
    }

    /// Waits until every block of `chunk` is done.
    func wait(chunk: Int) {
        condition.lock()
        while done[chunk] < blocks(chunk) { condition.wait() }
        condition.unlock()
    }

    /// Frees the buffer sets of chunks before `chunk`.
    func release(upTo chunk: Int) {
        condition.lock()
        if chunk > released {
            released = chunk
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Stops the workers at their next claim.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
