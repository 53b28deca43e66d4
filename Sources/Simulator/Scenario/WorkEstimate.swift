import Foundation

/// How much a scenario asks of the simulator — series, points, compute, peak traffic, log lines and
/// spans — estimated from the scenario alone in O(services + edges + changes), before anything runs.
///
/// `ScenarioValidator` refuses a scenario whose estimates exceed `ScenarioLimits`; `Simulation` sizes
/// its chunks from them. The traffic estimates are upper bounds of the healthy model at its busiest:
/// peak entry traffic is the base rate times the daily and weekly peaks, the largest trend factor, the
/// largest product of overlapping bursts and campaigns and the heaviest traffic-noise draw; loads follow
/// every edge with its fan-out. Retries are left out: they multiply load only while calls fail, and a
/// retry storm through many hops is bounded by `RecordEmitter.maxMeanPerDraw` instead. Expected
/// records use the mean traffic.
/// The graph must be acyclic (checked before).
struct WorkEstimate: Sendable {
    /// Rows of the run.
    var rows: Int
    /// Services.
    var services: Int
    /// Distinct hosts.
    var hosts: Int
    /// Series: 14 per service, 2 per host.
    var series: Int
    /// rows × series.
    var metricPoints: Double
    /// Service-steps computed: the run, plus every fault's window twice (as run and without the
    /// fault) for the ground truth, each step once per propagation level in use.
    var work: Double
    /// Peak entry traffic, requests per second, all entries together.
    var peakEntryRate: Double
    /// Peak requests per second of each service in the healthy world (fan-out counted; retries,
    /// which multiply load only while calls fail, are not).
    var peakLoad: [Double]
    /// Info log lines and spans one step produces at peak traffic in the healthy world.
    var recordsPerStep: Double
    /// Expected log lines and spans over the run, at mean traffic.
    var records: Double
    /// The info log lines of `recordsPerStep` (one per `1 / lines_per_request` requests served).
    var linesPerStep: Double
    /// The spans of `recordsPerStep`.
    var spansPerStep: Double

    /// Largest traffic-noise draw: the heavy tail (×3) of the ±2√3 Irwin–Hall normal.
    static let largestNoiseZ = 3 * 2 * 3.0.squareRoot()

    init(_ s: Scenario) {
        let n = s.services.count
        let index = Dictionary(s.services.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var out = [[Int]](repeating: [], count: n)  // edge indices by caller
        for (k, e) in s.edges.enumerated() {
            if let a = index[e.from], index[e.to] != nil { out[a].append(k) }
        }
        let order = ScenarioValidator.topologicalOrder(s)
        services = n
        rows = s.stepMs > 0 ? Int(s.durationMs / s.stepMs) : 0
        hosts = Set(s.services.flatMap(\.hosts)).count
        series = n * ServiceMetric.count + hosts * HostMetric.count
        metricPoints = Double(rows) * Double(series)

        // Compute: every level of the propagation delay is a pass over the services.
        var depth = [Int](repeating: 0, count: n)
        for v in order {
            for k in out[v] { if let c = index[s.edges[k].to] { depth[c] = max(depth[c], depth[v] + 1) } }
        }
        let levels = 1 + Double(depth.max() ?? 0)
        let step = Double(max(1, s.stepMs))
        var windowRows = 0.0
        for f in s.faults {
            let span = Double(f.durationMs + GroundTruthBuilder.tailMs) + (levels - 1) * World.hopDelayMs
            windowRows += min(Double(rows), span / step + 1)
        }
        work = Double(n) * (Double(rows) + 3 * windowRows * levels)

        // Peak entry traffic.
        let wl = s.workload
        let days = Double(s.durationMs) / 86_400_000
        let trendPeak = max(1, 1 + wl.trendPerDay * days)
        let bursts = wl.bursts.map { (start: $0.startMs, end: $0.startMs + $0.durationMs, factor: $0.factor) }
        let campaigns = s.benign.filter { $0.kind == .trafficCampaign }.map {
            (start: $0.startMs, end: $0.daily ? s.durationMs : $0.startMs + $0.durationMs, factor: $0.factor)
        }
        let noisePeak = exp(wl.noise * Self.largestNoiseZ)
        peakEntryRate =
            wl.entryRate * (1 + wl.dailyAmplitude) * (1 + wl.weeklyAmplitude) * trendPeak
            * Self.peakProduct(bursts) * Self.peakProduct(campaigns) * noisePeak
        let meanTrend = max(0.05, 1 + wl.trendPerDay * days / 2)

        // Loads down the graph, callers first.
        let shareSum = s.services.reduce(0) { $0 + $1.entryShare }
        let failover = s.benign.contains { $0.kind == .failover }
        var peak = [Double](repeating: 0, count: n), mean = [Double](repeating: 0, count: n)
        for (i, sv) in s.services.enumerated() where sv.entryShare > 0 {
            let share = sv.entryShare / max(shareSum, 1e-12)
            peak[i] = peakEntryRate * (failover ? 1 : share)  // a failover may move every entry's traffic here
            mean[i] = wl.entryRate * meanTrend * share
        }
        for b in s.benign where b.kind == .batchJob {
            guard let i = index[b.target] else { continue }
            let sv = s.services[i]
            peak[i] += b.factor * Double(sv.replicas) * Double(sv.workers) * 1000 / sv.serviceTimeMs
        }
        for v in order {
            for k in out[v] {
                let e = s.edges[k]
                guard let c = index[e.to] else { continue }
                peak[c] += peak[v] * e.fanOut
                mean[c] += mean[v] * e.fanOut
            }
        }
        peakLoad = peak

        // Spans per trace from each service, callees first, capped at max_spans (as the trace walk is).
        let cap = Double(s.traces.maxSpans)
        var spansMean = [Double](repeating: 1, count: n), spansMost = [Double](repeating: 1, count: n)
        for v in order.reversed() {
            for k in out[v] {
                let e = s.edges[k]
                guard let c = index[e.to] else { continue }
                spansMean[v] = min(cap, spansMean[v] + e.fanOut * spansMean[c])
                spansMost[v] = min(cap, spansMost[v] + e.fanOut.rounded(.up) * spansMost[c])
            }
        }
        let stepS = step / 1000, runS = Double(s.durationMs) / 1000
        let lpr = s.logs.linesPerRequest, sample = s.traces.sampleRate
        var lines = 0.0, spans = 0.0, expected = 0.0
        if s.traces.tailSampling {
            // Tail sampling: the floor's traces, from the sampler's own pass (`TailTables`) at mean traffic for the
            // expected records and with no head-sampled trace for the step's peak, each trace the deepest entry's
            // spans plus those of the service it is drawn through (at most max_spans); and the kept share of the healthy failures
            // (base error ratios).
            let entries = (0..<n).filter { s.services[$0].entryShare > 0 }
            let deepest = entries.map { spansMost[$0] }.max() ?? 1
            let deepestMean = entries.map { spansMean[$0] }.max() ?? 1
            let entryMean = s.services.map { $0.entryShare > 0 ? wl.entryRate * meanTrend * $0.entryShare / max(shareSum, 1e-12) : 0 }
            let atMean = Self.floorTraces(s, order: order, out: out, index: index, entryRequests: entryMean.map { $0 * stepS * sample })
            let atWorst = Self.floorTraces(s, order: order, out: out, index: index, entryRequests: [Double](repeating: 0, count: n))
            var floorSpans = 0.0, floorTraces = 0.0, floorMean = 0.0
            for c in 0..<n {
                floorSpans += atWorst[c] * min(cap, deepest + spansMost[c])  // a trace has at most max_spans
                floorTraces += atWorst[c]
                floorMean += atMean[c] * min(cap, deepestMean + spansMean[c])
            }
            var failing = 0.0, failingMean = 0.0
            for i in 0..<n {
                failing += peak[i] * stepS * s.services[i].baseErrorRatio * s.traces.keepErrors
                failingMean += mean[i] * runS * s.services[i].baseErrorRatio * s.traces.keepErrors
            }
            spans += floorSpans + (failing + 3.5 * (floorTraces + failing).squareRoot()) * deepest
            expected += floorMean / stepS * runS + failingMean * deepestMean
        }
        for i in 0..<n {
            let info = lpr * peak[i] * stepS
            lines += info + (info > 0 ? 3.5 * info.squareRoot() : 0)  // the Poisson draw's upper tail
            expected += mean[i] * lpr * runS
            if s.services[i].entryShare > 0 {
                let traces = peak[i] * stepS * sample
                spans += (traces + (traces > 0 ? 3.5 * traces.squareRoot() : 0)) * spansMost[i]
                expected += mean[i] * runS * sample * spansMean[i]
            }
        }
        linesPerStep = lines
        spansPerStep = spans
        recordsPerStep = lines + spans
        records = expected
    }

    /// Most log lines the simulator writes in one step: the worst a fault can make of the healthy peak
    /// (slow-request warnings add up to 50 lines per info line), ten times over, at most
    /// `ScenarioLimits.maxRecordsPerStep`; plus twice the 52 warning and error lines one service may
    /// write per step (pool 6, GC 4, disk 2, errors 40, as means), and 1000. Ordinary faults stay below
    /// it; a retry storm, where load grows hop by hop far beyond the healthy estimate, reaches it, and
    /// the rest of that step's lines are dropped.
    var logBudgetPerStep: Int {
        Int(min(ScenarioLimits.maxRecordsPerStep, 10 * 51 * linesPerStep) + 2 * 52 * Double(services) + Self.budgetSlack)
    }

    /// Most spans of the traces started in one step: ten times the healthy peak, at most
    /// `ScenarioLimits.maxRecordsPerStep`, plus 1000.
    var spanBudgetPerStep: Int { Int(min(ScenarioLimits.maxRecordsPerStep, 10 * spansPerStep) + Self.budgetSlack) }

    /// Records every step may write beyond its budget's multiple of the healthy peak.
    static let budgetSlack = 1000.0

    /// Traces per step the floor (`traces.min_traces_per_minute`) adds through each service, with `TailTables`'
    /// own functions: callers first, the floor less the traces reaching the service from the entries' head
    /// sampling (`entryRequests`: head-sampled traces per step of each service) and from the floor's traces
    /// through its callers, reach taken as min(1, calls per request). Above `maxTailSampledServices` services
    /// (refused by the validator) the bound of one floor per service.
    static func floorTraces(_ s: Scenario, order: [Int], out: [[Int]], index: [String: Int], entryRequests: [Double]) -> [Double] {
        let n = s.services.count
        let target = s.traces.minTracesPerMinute * Double(max(1, s.stepMs)) / 60_000
        guard target > 0 else { return [Double](repeating: 0, count: n) }
        guard n <= ScenarioLimits.maxTailSampledServices else { return [Double](repeating: target, count: n) }
        let visits = TailTables.visits(n: n, order: order) { x, call in
            for k in out[x] {
                if let c = index[s.edges[k].to] { call(c, s.edges[k].fanOut) }
            }
        }
        var have = [Double](repeating: 0, count: n), extra = [Double](repeating: 0, count: n)
        for e in 0..<n where entryRequests[e] > 0 {
            for c in 0..<n { have[c] += entryRequests[e] * min(1, visits[e * n + c]) }
        }
        have.withUnsafeMutableBufferPointer { h in
            extra.withUnsafeMutableBufferPointer { x in
                if let hb = h.baseAddress, let xb = x.baseAddress {
                    TailTables.fillFloor(target: target, order: order, visits: visits, n: n, have: hb, extra: xb)
                }
            }
        }
        return extra
    }

    /// The largest product of the factors (those above 1) of intervals overlapping at one instant;
    /// half-open intervals, so one ending where another starts does not overlap it.
    static func peakProduct(_ intervals: [(start: Int64, end: Int64, factor: Double)]) -> Double {
        var events: [(time: Int64, opens: Bool, log: Double)] = []
        for i in intervals where i.factor > 1 && i.end > i.start {
            events.append((i.start, true, log(i.factor)))
            events.append((i.end, false, log(i.factor)))
        }
        events.sort { ($0.time, $0.opens ? 1 : 0) < ($1.time, $1.opens ? 1 : 0) }  // closings first at equal times
        var sum = 0.0, best = 0.0
        for e in events {
            sum += e.opens ? e.log : -e.log
            best = max(best, sum)
        }
        return exp(best)
    }
}
