import Foundation
import Telemetry

/// Emits logs and traces from the noise-free state of each row, in time order.
///
/// - Logs: per service and row, Poisson counts per template. Info lines follow traffic
///   (`lines_per_request` × requests); warnings follow state (slow requests ∝ P(latency > 1 s), pool
///   near capacity, GC overhead, disk almost full); errors follow failed requests, with the template
///   naming the likely cause (pool exhausted, OOM, disk full, a failing callee, internal).
/// - Traces: per entry service and row, Poisson(requests × sample rate) traces that walk the call
///   graph. A span lasts its service's own latency (a mean-one log-normal draw times the model's own
///   latency) plus its children's spans called one after another, so the mean root span equals the
///   model's latency. Errors follow the service's error ratio.
///   With a tail-sampling key set (`traces.keep_errors`, `keep_slow`, `min_traces_per_minute`), traces
///   follow `walkTail` instead (errors consistent down the tree, retries as spans, lost calls without a
///   server span) and the tail sampler's traces are added (`TailTables`, `tailTraces`).
/// Spans that start after the current chunk are carried to the next, so spans arrive ordered by start.
/// A row writes at most `World.logBudgetPerRow` lines and starts traces until `World.spanBudgetPerRow`
/// spans are made: ten times the healthy peak, reached only in a retry storm (load multiplied hop by
/// hop by retries into a failing service), where the rest of the row's records are dropped.
struct RecordEmitter {
    let world: World
    let logKeys: [UInt64]
    let traceKey: UInt64
    /// Key of the tail sampler's draws (`TailTables`), apart from the head-sampled traces' stream.
    let tailKey: UInt64
    var pending: [Span] = []

    init(world: World) {
        self.world = world
        logKeys = world.names.map { CounterRandom.key(seed: world.seed, stream: CounterRandom.stream($0, purpose: 21)) }
        traceKey = CounterRandom.key(seed: world.seed, stream: 0x7472_6163_6573)
        tailKey = CounterRandom.key(seed: world.seed, stream: 0x7461_696C_7472)
    }

    static let infoTemplates = [
        ("request-completed", "request completed method=GET path=/api/{svc} status=200 duration_ms={ms}"),
        ("request-completed-post", "request completed method=POST path=/api/{svc} status=201 duration_ms={ms}"),
        ("cache-lookup", "cache lookup key={svc}:{id} hit=true"),
    ]

    /// `template` with every `{svc}`, then every `{ms}`, then every `{id}` replaced (left to right,
    /// without overlaps, each pass on the previous one's result): the string that chaining
    /// Foundation's `replacingOccurrences` gives, without its NSString round trips (46 % of
    /// `faultline simulate default --jobs 1` in a perf profile). A non-ASCII service name goes
    /// through Foundation, whose default comparison is not byte-wise for such text.
    static func fill(_ template: String, svc: String, ms: String, id: String) -> String {
        guard svc.utf8.allSatisfy({ $0 < 0x80 }) else {
            return template.replacingOccurrences(of: "{svc}", with: svc).replacingOccurrences(of: "{ms}", with: ms)
                .replacingOccurrences(of: "{id}", with: id)
        }
        var bytes = Array(template.utf8)
        bytes = replaceAll(bytes, Array("{svc}".utf8), Array(svc.utf8))
        bytes = replaceAll(bytes, Array("{ms}".utf8), Array(ms.utf8))
        bytes = replaceAll(bytes, Array("{id}".utf8), Array(id.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` with every occurrence of `pattern` (scanned left to right, matches not overlapping)
    /// replaced by `replacement`.
    static func replaceAll(_ text: [UInt8], _ pattern: [UInt8], _ replacement: [UInt8]) -> [UInt8] {
        guard let first = pattern.first else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + replacement.count)
        var i = 0
        while i < text.count {
            if text[i] == first && i + pattern.count <= text.count && text[i..<(i + pattern.count)].elementsEqual(pattern) {
                out.append(contentsOf: replacement)
                i += pattern.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// Log records of rows `firstRow ..< firstRow + rows`, in time order; `truth` holds the rows'
    /// truth fields time-major (`truth[r · fields + field · services + service]`). A pure function
    /// of the rows, so row blocks can be emitted on any thread and concatenated in row order.
    /// Nil once more than `limit` records were made (the caller makes them again in smaller pieces).
    func logs(truth: UnsafePointer<Double>, firstRow: Int, rows: Int, limit: Int = .max) -> [LogRecord]? {
        let n = world.serviceCount
        let width = TruthField.count * n
        let step = Double(world.scenario.stepMs)
        let lpr = world.scenario.logs.linesPerRequest
        var out: [LogRecord] = []
        var rowRecords: [(Int64, Int, Int, LogRecord)] = []
        for r in 0..<rows {
            let row = firstRow + r
            let t0 = world.axis.time(at: row)
            rowRecords.removeAll(keepingCapacity: true)
            var budget = world.logBudgetPerRow  // lines left for this row (binds only in a retry storm)
            for s in 0..<n {
                func tr(_ f: TruthField) -> Double { truth[r * width + f.rawValue * n + s] }
                let lam = tr(.rate), err = tr(.errorRatio), lat = tr(.latencyMean), pool = tr(.poolUtil)
                let mem = tr(.memoryFraction), disk = tr(.diskFraction)
                let requests = lam * step / 1000
                let key = CounterRandom.mix(logKeys[s] &+ UInt64(row) &* SplitMix64.golden)
                var counter = 0
                func draw(_ mean: Double) -> Int {
                    counter += 1
                    guard mean > 0 else { return 0 }  // no draw needed for 0
                    let k = min(budget, CounterRandom.poisson(min(mean, Double(world.logBudgetPerRow)), CounterRandom.bits(key, counter)))
                    budget -= k
                    return k
                }
                func u() -> Double { counter += 1; return CounterRandom.uniform(CounterRandom.bits(key, counter)) }
                var name: String { world.names[s] }  // read only when a line is emitted (no retain per row)
                func emit(_ sev: Severity, _ template: String, _ body: String) {
                    let name = self.world.names[s]
                    let off = Int64(u() * step)
                    let pod = "\(name)-\(Int(u() * world.replicas[s]))"
                    rowRecords.append(
                        (
                            t0 + off, s, rowRecords.count,
                            LogRecord(timeMs: t0 + off, entity: name, severity: sev, templateId: template, body: body, attributes: ["pod": pod])
                        ))
                }
                for _ in 0..<draw(requests * lpr) {
                    let (id, text) = Self.infoTemplates[Int(u() * Double(Self.infoTemplates.count))]
                    let ms = String(format: "%.1f", lat * exp(0.5 * CounterRandom.gaussian(CounterRandom.bits(key, counter + 7)) - 0.125))
                    let requestId = String(Int(u() * 100_000))  // drawn before `emit`'s draws, as before
                    emit(.info, id, Self.fill(text, svc: name, ms: ms, id: requestId))
                }
                let slow = lat > 0 && lpr > 0 ? exp(-1000 / lat) : 0
                for _ in 0..<draw(requests * lpr * 50 * slow) {
                    emit(
                        .warn, "slow-request",
                        "slow request path=/api/\(name) duration_ms=\(String(format: "%.0f", 1000 + lat * u() * 2)) threshold_ms=1000")
                }
                if pool > 0.8 {
                    for _ in 0..<draw(3 * min(2, (pool - 0.8) / 0.2)) {
                        emit(.warn, "pool-near-capacity", "connection pool usage \(Int(min(1, pool) * 100))% of max")
                    }
                }
                if mem > 0.85 {
                    for _ in 0..<draw(4 * (mem - 0.85) / 0.15) {
                        emit(.warn, "gc-overhead", "GC overhead \(Int((mem - 0.85) / 0.15 * 60 + 10))% of CPU time; heap \(Int(mem * 100))% of limit")
                    }
                }
                if disk > 0.9 {
                    for _ in 0..<draw(2 * (disk - 0.9) / 0.1) {
                        emit(.warn, "disk-usage-high", "disk usage \(Int(disk * 100))% on /var/lib/\(name)")
                    }
                }
                let failures = requests * err
                let errLines = draw(min(failures * 0.01, 40))
                if errLines > 0 {
                    var template = "internal-error", body = "unhandled exception while serving /api/\(name)"
                    var worst = -1, worstErr = 0.0
                    for e in world.edgeStart[s]..<world.edgeStart[s + 1] {
                        let c = world.edgeCallee[e]
                        let ce = truth[r * width + TruthField.errorRatio.rawValue * n + c]
                        if ce > worstErr { worstErr = ce; worst = c }
                    }
                    if pool > 1 {
                        template = "pool-exhausted"; body = "timeout acquiring connection: pool exhausted (max \(Int(world.poolSize[s])))"
                    } else if mem >= 0.995 {
                        template = "oom"; body = "java.lang.OutOfMemoryError: Java heap space"
                    } else if disk > 0.95 {
                        template = "disk-full"; body = "write failed: No space left on device"
                    } else if worst >= 0 && worstErr > err * 0.3 {
                        let callee = world.names[worst]
                        template = "upstream-error"; body = "call to \(callee) failed: upstream error or timeout"
                    }
                    for _ in 0..<errLines { emit(.error, template, body) }
                }
            }
            rowRecords.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            out.append(contentsOf: rowRecords.map(\.3))
            if out.count > limit { return nil }
        }
        return out
    }

    static func hex(_ v: UInt64, digits: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    /// The spans of the traces that start in rows `firstRow ..< firstRow + rows` (truth as for
    /// `logs`), unordered. A pure function of the rows; `release` orders them. Nil once more than
    /// `limit` spans were made.
    func spans(truth: UnsafePointer<Double>, firstRow: Int, rows: Int, limit: Int = .max) -> [Span]? {
        let n = world.serviceCount
        let step = Double(world.scenario.stepMs)
        let rate = world.scenario.traces.sampleRate
        var made: [Span] = []
        guard rate > 0 || world.tail != nil else { return made }
        let budget = world.spanBudgetPerRow
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * n)
        defer { scratch.deallocate() }
        for r in 0..<rows {
            let row = firstRow + r
            let t0 = world.axis.time(at: row)
            let rowStart = made.count
            for s in 0..<n where world.entryShare[s] > 0 {
                let lam = truth[r * n * TruthField.count + TruthField.rate.rawValue * n + s]
                let rowKey = CounterRandom.mix(traceKey ^ UInt64(row) &* 0x2545_F491_4F6C_DD1D ^ UInt64(s))
                let count = CounterRandom.poisson(min(lam * step / 1000 * rate, Double(budget)), CounterRandom.bits(rowKey, 0))
                // Traces stop starting once the row's span budget is spent (binds only in a retry storm).
                for k in 0..<count where made.count - rowStart < budget {
                    let tk = CounterRandom.mix(rowKey &+ UInt64(k + 1) &* SplitMix64.golden)
                    let traceId = Self.hex(CounterRandom.bits(tk, 0), digits: 16) + Self.hex(CounterRandom.bits(tk, 1), digits: 16)
                    var counter = 2
                    var budget = world.scenario.traces.maxSpans
                    let start = Double(t0) + CounterRandom.uniform(CounterRandom.bits(tk, 2)) * step
                    if world.tail != nil {
                        _ = walkTail(
                            s, start: start, parent: nil, traceId: traceId, key: tk, counter: &counter, budget: &budget,
                            truth: truth + r * n * TruthField.count, depth: -1, condition: nil, into: &made)
                    } else {
                        _ = walk(
                            s, start: start, parent: nil, traceId: traceId, key: tk, counter: &counter, budget: &budget,
                            truth: truth + r * n * TruthField.count, into: &made)
                    }
                }
            }
            if let tail = world.tail {
                tailTraces(
                    tail, row: row, t0: t0, truth: truth + r * n * TruthField.count, rowStart: rowStart, budget: budget, scratch: scratch,
                    into: &made)
            }
            if made.count > limit { return nil }
        }
        return made
    }

    /// Orders the spans of one chunk (rows before `endRow`) together with those carried over, and
    /// returns the ones that start before the chunk's end; later ones wait for the next chunk
    /// (all of them when `final`).
    mutating func release(_ batch: [Span], endRow: Int, final: Bool) -> [Span] {
        var made = pending
        made.append(contentsOf: batch)
        pending.removeAll()
        made.sort { ($0.startMs, $0.traceId, $0.spanId) < ($1.startMs, $1.traceId, $1.spanId) }
        if final { return made }
        let limit = world.axis.time(at: endRow)
        let cut = made.firstIndex { $0.startMs >= limit } ?? made.count
        pending = Array(made[cut...])
        return Array(made[..<cut])
    }

    /// Appends the span of service `s` and its descendants; returns its duration (ms).
    /// `truth` points at the row's truth fields.
    func walk(
        _ s: Int, start: Double, parent: String?, traceId: String, key: UInt64, counter: inout Int, budget: inout Int,
        truth: UnsafePointer<Double>, into out: inout [Span]
    ) -> Double {
        let n = world.serviceCount
        func tr(_ f: TruthField, _ x: Int) -> Double { truth[f.rawValue * n + x] }
        budget -= 1
        counter += 1
        let spanId = Self.hex(CounterRandom.bits(key, counter) | 1, digits: 16)
        counter += 1
        let ownDraw = exp(0.5 * CounterRandom.gaussian(CounterRandom.bits(key, counter)) - 0.125)
        let own = tr(.ownLatency, s) * ownDraw
        var cursor = start + own * 0.3
        var childTime = 0.0
        let index = out.count
        out.append(
            Span(
                traceId: traceId, spanId: spanId, parentSpanId: parent, service: world.names[s], operation: "GET /api/\(world.names[s])",
                startMs: Int64(start.rounded(.down)), durationMs: 0, status: .ok))
        for e in world.edgeStart[s]..<world.edgeStart[s + 1] {
            let fan = world.edgeFanOut[e]
            counter += 1
            let calls = Int(fan) + (CounterRandom.uniform(CounterRandom.bits(key, counter)) < fan - fan.rounded(.down) ? 1 : 0)
            for _ in 0..<calls where budget > 0 {
                let d = walk(
                    world.edgeCallee[e], start: cursor, parent: spanId, traceId: traceId, key: key, counter: &counter,
                    budget: &budget, truth: truth, into: &out)
                cursor += d
                childTime += d
            }
        }
        counter += 1
        let failed = CounterRandom.uniform(CounterRandom.bits(key, counter)) < tr(.errorRatio, s)
        out[index].durationMs = own + childTime
        out[index].status = failed ? .error : .ok
        return own + childTime
    }
}
