import Foundation
import Telemetry

/// A scenario compiled into flat arrays for the per-row physics: services by index, edges in
/// compressed rows, hosts, faults and changes with resolved indices and row numbers.
///
/// Immutable and `Sendable`, shared read-only by every worker.
struct World: Sendable {
    let scenario: Scenario
    let seed: UInt64
    let axis: TimeAxis
    let serviceCount: Int
    let names: [String]
    let kinds: [ServiceKind]
    let replicas: [Double]
    let workers: [Double]
    let serviceTimeMs: [Double]
    let entryShare: [Double]
    let memLimitBytes: [Double]
    let poolSize: [Double]
    let baseError: [Double]
    /// Memory base fraction, GC period (ms), disk base fraction, per service (drawn from the seed).
    let memBase: [Double]
    let gcPeriodMs: [Double]
    let diskBase: [Double]
    /// Callers before callees.
    let order: [Int]
    /// Outgoing edges of service `s`: `edgeStart[s] ..< edgeStart[s + 1]`.
    let edgeStart: [Int]
    let edgeCallee: [Int]
    let edgeFanOut: [Double]
    let edgeTimeoutMs: [Double]
    let edgeRetries: [Int]
    /// Hosts: names, cores, and per service the hosts it runs on with its share on each.
    let hostNames: [String]
    let hostCores: [Double]
    /// Mean requests per second of each service from the base entry rate (`ScenarioValidator.expectedLoad`).
    let expectedLoad: [Double]
    let placementStart: [Int]
    let placementHost: [Int]
    let placementShare: [Double]
    let faults: [CompiledFault]
    let benign: [CompiledChange]
    /// Restart rows per service (sorted), where counters reset.
    let restartRows: [[Int]]
    /// Key for traffic noise.
    let trafficKey: UInt64
    /// Most log lines, and most spans of the traces started, in one row (`WorkEstimate`): reached
    /// only in a retry storm, where the rest of the row's lines and traces are dropped.
    let logBudgetPerRow: Int
    let spanBudgetPerRow: Int
    /// Tail sampling's tables, nil when the scenario sets no tail-sampling key (`TailTables`).
    let tail: TailTables?
    /// Per fault, per service: call hops from the service down to the fault's target (0 for the
    /// target, 1 for its direct callers, …; -1 when the service does not call it, even indirectly).
    let faultHops: [[Int]]
    /// Deepest hop count of any fault.
    let maxHops: Int
    /// Delay with which a fault's effect reaches each further caller hop (ms).
    static let hopDelayMs = 30_000.0

    struct CompiledFault: Sendable {
        let spec: FaultSpec
        /// The strength the fault is injected with: the scenario's, or drawn (`FaultSpec.Intensity`).
        let intensity: Double
        let index: Int
        let target: Int
        let startMs: Double
        let endMs: Double
        let rampMs: Double
    }

    struct CompiledChange: Sendable {
        let spec: BenignSpec
        let target: Int  // -1 for all entries
        let startMs: Double
        let endMs: Double
    }

    init(scenario s: Scenario, seed: UInt64) {
        scenario = s
        self.seed = seed
        axis = TimeAxis(startMs: s.startMs, stepMs: s.stepMs, count: s.rowCount)
        serviceCount = s.services.count
        names = s.services.map(\.name)
        kinds = s.services.map(\.kind)
        replicas = s.services.map { Double($0.replicas) }
        workers = s.services.map { Double($0.workers) }
        serviceTimeMs = s.services.map(\.serviceTimeMs)
        let shareSum = s.services.reduce(0) { $0 + $1.entryShare }
        entryShare = s.services.map { $0.entryShare / max(shareSum, 1e-12) }
        memLimitBytes = s.services.map { $0.memoryLimitMiB * 1_048_576 * Double($0.replicas) }
        poolSize = s.services.map { Double($0.poolSize) * Double($0.replicas) }
        baseError = s.services.map(\.baseErrorRatio)
        var mb: [Double] = [], gp: [Double] = [], db: [Double] = []
        for n in names {
            let k = CounterRandom.key(seed: seed, stream: CounterRandom.stream(n, purpose: 11))
            mb.append(0.30 + 0.15 * CounterRandom.uniform(CounterRandom.bits(k, 0)))
            gp.append(120_000 + 360_000 * CounterRandom.uniform(CounterRandom.bits(k, 1)))
            db.append(0.20 + 0.30 * CounterRandom.uniform(CounterRandom.bits(k, 2)))
        }
        memBase = mb; gcPeriodMs = gp; diskBase = db
        order = ScenarioValidator.topologicalOrder(s)
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        // Outgoing edges per service in declaration order, bucketed in one pass (not a scan of every edge per service).
        var outgoing = [[EdgeSpec]](repeating: [], count: names.count)
        for e in s.edges { if let a = index[e.from] { outgoing[a].append(e) } }
        var es = [0], ec: [Int] = [], ef: [Double] = [], et: [Double] = [], er: [Int] = []
        for edgesOut in outgoing {
            for e in edgesOut {
                guard let c = index[e.to] else { continue }
                ec.append(c); ef.append(e.fanOut); et.append(e.timeoutMs); er.append(e.retries)
            }
            es.append(ec.count)
        }
        edgeStart = es; edgeCallee = ec; edgeFanOut = ef; edgeTimeoutMs = et; edgeRetries = er
        var hosts: [String] = []
        var hostIndex: [String: Int] = [:]
        var ps = [0], ph: [Int] = [], psh: [Double] = []
        for sv in s.services {
            for h in sv.hosts {
                if hostIndex[h] == nil { hostIndex[h] = hosts.count; hosts.append(h) }
                ph.append(hostIndex[h] ?? 0)
                psh.append(1 / Double(sv.hosts.count))
            }
            ps.append(ph.count)
        }
        hostNames = hosts; placementStart = ps; placementHost = ph; placementShare = psh
        // Host cores: twice the peak baseline demand, at least 4, so healthy hosts stay below ~50 %.
        let load = ScenarioValidator.expectedLoad(s)
        expectedLoad = load
        let peak = 1 + s.workload.dailyAmplitude + s.workload.weeklyAmplitude
        var demand = [Double](repeating: 0, count: hosts.count)
        for i in 0..<s.services.count {
            let cores = load[i] * peak * s.services[i].serviceTimeMs / 1000 * Self.coresPerBusyWorker
            for p in ps[i]..<ps[i + 1] { demand[ph[p]] += cores * psh[p] }
        }
        hostCores = demand.map { max(4, ($0 * 2).rounded(.up)) }
        faults = s.faults.enumerated().map { i, f in
            let ramp: Double
            switch f.kind {
            case .podKill, .crashLoop, .dependencyOutage, .networkPartition, .badDeploy, .configRegression: ramp = 0
            case .memoryLeak, .diskFill, .connectionLeak: ramp = 0
            default: ramp = min(Double(f.durationMs) / 4, 180_000)
            }
            let bits = CounterRandom.key(seed: seed, stream: CounterRandom.stream(f.id, purpose: 0x501))
            return CompiledFault(
                spec: f, intensity: f.intensity.resolve(kind: f.kind, bits: bits), index: i, target: index[f.target] ?? 0, startMs: Double(f.startMs),
                endMs: Double(f.startMs + f.durationMs), rampMs: ramp)
        }
        benign = s.benign.map { b in
            CompiledChange(
                spec: b, target: b.target == "*" ? -1 : (index[b.target] ?? -1), startMs: Double(b.startMs),
                endMs: Double(b.startMs + b.durationMs))
        }
        var restarts = [[Int]](repeating: [], count: s.services.count)
        let axis = self.axis
        for e in Self.scheduledEvents(scenario: s, faults: faults, benign: benign, axis: axis) where e.restart {
            if let i = index[e.entity] { restarts[i].append(axis.firstRow(atOrAfter: e.timeMs)) }
        }
        restartRows = restarts.map { Array(Set($0)).sorted() }
        trafficKey = CounterRandom.key(seed: seed, stream: 0x7472_6166)
        let estimate = WorkEstimate(s)
        logBudgetPerRow = estimate.logBudgetPerStep
        spanBudgetPerRow = estimate.spanBudgetPerStep
        tail =
            s.traces.tailSampling
            ? TailTables(settings: s.traces, order: order, edgeStart: es, edgeCallee: ec, edgeFanOut: ef, entryShare: entryShare) : nil
        var callers = [[Int]](repeating: [], count: s.services.count)
        for e in s.edges {
            if let a = index[e.from], let b = index[e.to] { callers[b].append(a) }
        }
        var hopsAll: [[Int]] = []
        var deepest = 0
        for f in faults {
            var hops = [Int](repeating: -1, count: s.services.count)
            hops[f.target] = 0
            var frontier = [f.target]
            while !frontier.isEmpty {
                var next: [Int] = []
                for v in frontier {
                    for c in callers[v] where hops[c] < 0 {
                        hops[c] = hops[v] + 1
                        deepest = max(deepest, hops[c])
                        next.append(c)
                    }
                }
                frontier = next
            }
            hopsAll.append(hops)
        }
        faultHops = hopsAll
        maxHops = deepest
    }

    /// Cores one busy worker uses.
    static let coresPerBusyWorker = 0.5

    /// Crash-loop restart offsets (ms after the fault start): Kubernetes back-off 10 s, 20 s, 40 s, … capped at 5 min.
    static func crashLoopOffsets(durationMs: Int64) -> [Int64] {
        var out: [Int64] = []
        var t: Int64 = 0
        var backoff: Int64 = 10_000
        while t < durationMs {
            out.append(t)
            t += backoff + 30_000
            backoff = min(backoff * 2, 300_000)
        }
        return out
    }
}
