import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

@testable import Simulator

/// Issue #17 ("Hostile input"), simulator side: every number a scenario accepts has an upper bound
/// too, checked by the loader before any work, and the work a scenario may ask for is bounded.
/// Each case below validated (and then trapped, recursed off the stack or ran away in `simulate`)
/// before the limits existed.
@Suite struct ScenarioLimitsTests {
    /// One hostile scenario: the text, and the key the error must name.
    struct Hostile: Sendable, CustomTestStringConvertible {
        var label: String
        var yaml: String
        var keyPath: String
        var says: String
        var testDescription: String { label }

        static func replacing(_ label: String, _ old: String, _ new: String, keyPath: String, says: String) -> Hostile {
            let base = TestWorld.yaml()
            precondition(base.contains(old), "test world has no '\(old)'")
            return Hostile(label: label, yaml: base.replacingOccurrences(of: old, with: new), keyPath: keyPath, says: says)
        }

        static func adding(_ label: String, _ extra: String, keyPath: String, says: String) -> Hostile {
            Hostile(label: label, yaml: TestWorld.yaml(extra: extra), keyPath: keyPath, says: says)
        }
    }

    static let twoTo62 = "4611686018427387904", twoTo64 = "18446744073709551616"

    static let hugeValues: [Hostile] = [
        .replacing("duration 1e308", "duration: 1d", "duration: 1e308", keyPath: "duration", says: "at most 366d"),
        .replacing("duration 2^64 ms", "duration: 1d", "duration: \(twoTo64)ms", keyPath: "duration", says: "at most 366d"),
        .replacing("step 1e308", "step: 1m", "step: 1e308", keyPath: "step", says: "between 1s and 1d"),
        .replacing("step 0.5 s", "step: 1m", "step: 500ms", keyPath: "step", says: "between 1s and 1d"),
        .adding("start 2^64", "start: \(twoTo64)", keyPath: "start", says: "9999-12-31"),
        .adding("negative start", "start: -5", keyPath: "start", says: "1970-01-01"),
        .replacing("seed -1", "seed: 7", "seed: -1", keyPath: "seed", says: "between 0 and 18446744073709551615"),
        .adding(
            "fault start 1e308", "faults:\n  - {kind: cpu-hog, target: api, start: 1e308}", keyPath: "faults[0].start", says: "between 0s and 366d"),
        .adding(
            "fault start 2^64 ms", "faults:\n  - {kind: cpu-hog, target: api, start: \(twoTo64)ms}", keyPath: "faults[0].start",
            says: "between 0s and 366d"),
        .adding(
            "fault duration 2^62 ms", "faults:\n  - {kind: cpu-hog, target: api, start: 1h, duration: \(twoTo62)ms}",
            keyPath: "faults[0].duration", says: "at most 366d"),
        .adding(
            "benign start 1e308", "benign:\n  - {kind: deploy, target: api, start: 1e308}", keyPath: "benign[0].start", says: "between 0s and 366d"),
        .replacing("replicas 2^62", "{name: web, replicas: 2", "{name: web, replicas: \(twoTo62)", keyPath: "services[0].replicas", says: "10000"),
        .replacing("replicas 2^64", "{name: web, replicas: 2", "{name: web, replicas: \(twoTo64)", keyPath: "services[0].replicas", says: "10000"),
        .replacing(
            "workers 2^62", "{name: web, replicas: 2, workers: 2", "{name: web, replicas: 2, workers: \(twoTo62)", keyPath: "services[0].workers",
            says: "10000"),
        .replacing(
            "pool_size 2^62", "entry_share: 1, hosts: [n1]}", "entry_share: 1, hosts: [n1], pool_size: \(twoTo62)}",
            keyPath: "services[0].pool_size", says: "100000"),
        .replacing(
            "memory_limit_mib 1e300", "entry_share: 1, hosts: [n1]}", "entry_share: 1, hosts: [n1], memory_limit_mib: 1e300}",
            keyPath: "services[0].memory_limit_mib", says: "1048576"),
        .replacing(
            "service_time 2^63-1 ms", "service_time: 8ms", "service_time: 9223372036854775807ms", keyPath: "services[0].service_time",
            says: "at most 10m"),
        .replacing("entry_rate 1e308", "entry_rate: 100", "entry_rate: 1e308", keyPath: "workload.entry_rate", says: "at most 1000000"),
        .replacing("entry_rate 1e12", "entry_rate: 100", "entry_rate: 1e12", keyPath: "workload.entry_rate", says: "at most 1000000"),
        .replacing("entry_rate inf", "entry_rate: 100", "entry_rate: inf", keyPath: "workload.entry_rate", says: "at most 1000000"),
        .replacing(
            "trend_per_day 1e6", "noise: 0.03}", "noise: 0.03, trend_per_day: 1e6}", keyPath: "workload.trend_per_day", says: "between -1 and 1"),
        .replacing(
            "burst factor 1e300", "noise: 0.03}", "noise: 0.03, bursts: [{start: 2h, duration: 10m, factor: 1e300}]}",
            keyPath: "workload.bursts[0].factor", says: "at most 100"),
        .replacing(
            "burst factor -3", "noise: 0.03}", "noise: 0.03, bursts: [{start: 2h, duration: 10m, factor: -3}]}",
            keyPath: "workload.bursts[0].factor", says: "above 0"),
        .replacing(
            "burst start 1e308", "noise: 0.03}", "noise: 0.03, bursts: [{start: 1e308, duration: 10m}]}", keyPath: "workload.bursts[0].start",
            says: "between 0s and 366d"),
        .replacing(
            "edge fan_out 1e308", "{from: web, to: api, fan_out: 1,", "{from: web, to: api, fan_out: 1e308,", keyPath: "edges[0].fan_out",
            says: "at most 100"),
        .replacing(
            "edge fan_out 1e9", "{from: web, to: api, fan_out: 1,", "{from: web, to: api, fan_out: 1e9,", keyPath: "edges[0].fan_out",
            says: "at most 100"),
        .replacing("edge timeout 1e308", "timeout: 1s", "timeout: 1e308", keyPath: "edges[0].timeout", says: "at most 1h"),
        .replacing("edge retries 2^62", "retries: 1}", "retries: \(twoTo62)}", keyPath: "edges[0].retries", says: "between 0 and 10"),
        .replacing("SLO latency 1e308", "latency_p99: 400ms", "latency_p99: 1e308", keyPath: "slos[0].latency_p99", says: "at most 1h"),
        .replacing(
            "max_spans 2^62", "traces: {sample_rate: 0.002}", "traces: {sample_rate: 0.002, max_spans: \(twoTo62)}", keyPath: "traces.max_spans",
            says: "10000"),
        .adding(
            "campaign factor 1e300", "benign:\n  - {kind: traffic-campaign, start: 2h, duration: 1h, factor: 1e300}", keyPath: "benign[0].factor",
            says: "at most 100"),
        .adding(
            "batch factor 1e6", "benign:\n  - {kind: batch-job, target: db, start: 2h, duration: 1h, factor: 1e6}", keyPath: "benign[0].factor",
            says: "at most 10"),
        .adding(
            "scale-out 2^62", "benign:\n  - {kind: scale-out, target: api, start: 2h, duration: 1h, factor: \(twoTo62)}",
            keyPath: "benign[0].factor", says: "at most 1000"),
        Hostile(
            label: "generate fan_out 1e9", yaml: "name: g\nduration: 1h\ngenerate: {services: 20, fan_out: 1000000000}\n",
            keyPath: "generate.fan_out",
            says: "between 1 and 64"),
        Hostile(
            label: "generate services 1e6", yaml: "name: g\nduration: 1h\ngenerate: {services: 1000000}\n", keyPath: "generate.services",
            says: "between 2 and 5000"),
        Hostile(
            label: "generate depth 2^62", yaml: "name: g\nduration: 1h\ngenerate: {services: 20, depth: \(twoTo62)}\n", keyPath: "generate.depth",
            says: "between 1 and 100"),
        Hostile(
            label: "generate databases ≥ services", yaml: "name: g\nduration: 1h\ngenerate: {services: 20, databases: 20}\n",
            keyPath: "generate.databases", says: "between 1 and 19"),
    ]

    @Test(arguments: hugeValues)
    func everyNumberHasAnUpperBoundNamedInTheErrorWithItsLine(_ c: Hostile) {
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(c.yaml) }
        #expect(e?.keyPath == c.keyPath, "\(e?.description ?? "no error")")
        #expect(e?.line != nil, "\(e?.description ?? "no error")")
        #expect(e?.message.contains(c.says) == true, "\(e?.description ?? "no error")")
        #expect(e?.description.contains("test.yaml:") == true)
    }

    @Test(arguments: [Double.infinity, 1e308, 9.3e15, 367, -1, 0, -Double.infinity, Double.nan])
    func daysOverrideOutsideAboveZeroTo366IsRefused(_ days: Double) {
        let e = #expect(throws: ScenarioError.self) {
            try TestWorld.scenario(TestWorld.yaml(), overrides: ScenarioOverrides(days: days))
        }
        #expect(e?.keyPath == "--days")
        #expect(e?.message.hasPrefix("days must be above 0 and at most 366, found") == true, "\(e?.description ?? "")")
    }

    @Test func daysOverrideOf366IsAccepted() throws {
        let s = try TestWorld.scenario(TestWorld.yaml(step: "15m"), overrides: ScenarioOverrides(days: 366))
        #expect(s.durationMs == ScenarioLimits.maxDurationMs)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [100_000, 1_000_000, 1, -5])
    func servicesOverrideOutside2To5000IsRefusedAtOnce(_ n: Int) {
        let gen = "name: g\nduration: 1h\ngenerate: {services: 10, depth: 3, fan_out: 2}\n"
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(gen, overrides: ScenarioOverrides(services: n)) }
        #expect(e?.keyPath == "--services")
        #expect(e?.message == "services must be between 2 and 5000, found \(n)")
    }

    @Test(arguments: [
        ("faults", "- {kind: cpu-hog, target: api, start: 1h, compound: true}"), ("benign", "- {kind: deploy, target: api, start: 1h}"),
    ])
    func listsLongerThan1000AreRefused(_ key: String, _ item: String) {
        let text = TestWorld.yaml(extra: "\(key):\n" + String(repeating: "  \(item)\n", count: 1001))
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.keyPath == key)
        #expect(e?.message.hasPrefix("at most 1000 ") == true)
    }

    // MARK: the call graph

    static func chain(_ n: Int, fanOut: Double = 1) -> String {
        var text = "name: chain\nduration: 1h\nservices:\n"
        for i in 0..<n { text += "  - {name: s\(i)\(i == 0 ? ", entry_share: 1" : "")}\n" }
        text += "edges:\n"
        for i in 0..<(n - 1) { text += "  - {from: s\(i), to: s\(i + 1), fan_out: \(fanOut)}\n" }
        return text
    }

    /// A 20,000-service chain (2 MB of YAML) crashed `scenarios validate` with SIGSEGV: the cycle
    /// check recursed once per service.
    @Test(.timeLimit(.minutes(1))) func aTwentyThousandServiceChainIsAnErrorNotACrash() {
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(Self.chain(20_000)) }
        #expect(e?.message == "at most 5000 services, found 20000")
        #expect(e?.keyPath == "services")
        #expect(e?.line == 4)
    }

    @Test func callChainsDeeperThan100AreRefusedNamingBothEnds() throws {
        _ = try TestWorld.scenario(Self.chain(101))
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(Self.chain(102)) }
        #expect(e?.message == "the call chain from 's0' to 's101' is 101 calls deep, more than 100")
        #expect(e?.keyPath == "edges")
        #expect(e?.line != nil)
    }

    @Test func cycleSearchNeedsNoRecursionEvenOnAMillionServiceChain() {
        let n = 1_000_000
        var adj = (0..<n).map { [$0 + 1] }
        adj[n - 1] = []
        #expect(ScenarioValidator.findCycle(adjacency: adj) == nil)
        #expect(ScenarioValidator.longestChain(adjacency: adj)?.count == n)
        adj[n - 1] = [n - 3]
        #expect(ScenarioValidator.findCycle(adjacency: adj) == [n - 3, n - 2, n - 1, n - 3])
    }

    @Test func cycleSearchReportsTheFirstCycleInIndexOrder() {
        // 0 → 1 → 2 → 1 and 3 → 4 → 3: the search from 0 finds 1 → 2 → 1 first.
        let adj = [[1], [2], [1], [4], [3]]
        #expect(ScenarioValidator.findCycle(adjacency: adj) == [1, 2, 1])
        #expect(ScenarioValidator.findCycle(adjacency: [[1, 2], [2], []]) == nil)
    }

    /// `generate.services: 1e6` and `large-graph --services 100000` validated for minutes: the
    /// generator scanned every edge once per service. Now the count is bounded and the scans are sets.
    @Test(.timeLimit(.minutes(1))) func aGeneratedGraphAtTheServiceLimitIsBuiltWithoutQuadraticScans() throws {
        let s = try TestWorld.scenario("name: g\nduration: 1h\ngenerate: {services: 5000, depth: 10, fan_out: 64}\n")
        #expect(s.services.count == 5000)
        let names = Set(s.services.map(\.name))
        #expect(s.edges.allSatisfy { names.contains($0.from) && names.contains($0.to) })
        #expect(s.services.filter { $0.kind == .database }.allSatisfy { db in s.edges.contains { $0.to == db.name } })
    }

    // MARK: runaways: every key in range, the whole too big

    @Test func aGeneratedGraphThatWouldNeedMoreThan10000ReplicasIsRefused() {
        let e = #expect(throws: ScenarioError.self) {
            try TestWorld.scenario("name: g\nduration: 1h\nworkload: {entry_rate: 1000000}\ngenerate: {services: 100, depth: 60}\n")
        }
        #expect(e?.keyPath == "generate")
        #expect(e?.message.contains("replicas, more than 10000") == true, "\(e?.description ?? "")")
    }

    @Test func fanOutMultipliedDownAChainBeyondAPeakLoadOf1e9IsRefused() {
        let text = Self.chain(6, fanOut: 100).replacingOccurrences(of: "duration: 1h\n", with: "duration: 1h\nworkload: {entry_rate: 1000000}\n")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.message.hasPrefix("service 's5' may receive") == true, "\(e?.description ?? "")")
        #expect(e?.message.hasSuffix("requests/s at peak (entry traffic × fan-out), more than 1e+09") == true)
    }

    @Test func overlappingBurstsMultiplyIntoThePeakLoad() throws {
        // Logs and traces off: only the load bound is under test.
        func world(_ bursts: [String]) -> String {
            TestWorld.yaml(sampleRate: 0).replacingOccurrences(of: "noise: 0.03}", with: "noise: 0.03, bursts: [\(bursts.joined(separator: ", "))]}")
                .replacingOccurrences(of: "lines_per_request: 0.0005", with: "lines_per_request: 0")
        }
        let one = "{start: 2h, duration: 10m, factor: 100}"
        _ = try TestWorld.scenario(world([one, one]))
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(world(Array(repeating: one, count: 6))) }
        #expect(e?.message.contains("may receive") == true, "\(e?.description ?? "")")
        // Bursts one after the other do not multiply.
        _ = try TestWorld.scenario(world((0..<6).map { "{start: \(2 + $0)h, duration: 10m, factor: 100}" }))
    }

    @Test func peakProductCountsOnlyOverlappingIntervals() {
        #expect(WorkEstimate.peakProduct([]) == 1)
        let p = WorkEstimate.peakProduct([(0, 10, 2), (5, 15, 3), (10, 20, 5), (30, 40, 0.5)])
        #expect(abs(p - 15) < 1e-9)  // [10, 15): 3 × 5; [5, 10): 2 × 3
    }

    @Test func aStepThatWouldWriteMoreThan100000RecordsIsRefused() {
        let logs =
            "name: g\nduration: 1h\ngenerate: {services: 200}\nworkload: {entry_rate: 100000}\nlogs: {lines_per_request: 0.01}\n"
            + "traces: {sample_rate: 0}\n"
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(logs) }
        #expect(e?.message.hasPrefix("one step may write about") == true, "\(e?.description ?? "")")
        #expect(e?.message.hasSuffix("log lines and spans at peak traffic, more than 1e+05") == true)
        #expect(e?.keyPath == "logs")
        let traces = TestWorld.yaml(step: "1h").replacingOccurrences(of: "entry_rate: 100", with: "entry_rate: 1000000")
            .replacingOccurrences(of: "lines_per_request: 0.0005", with: "lines_per_request: 0")
        let t = #expect(throws: ScenarioError.self) { try TestWorld.scenario(traces) }
        #expect(t?.message.hasPrefix("one step may write about") == true, "\(t?.description ?? "")")
    }

    /// A retry storm (every caller of a failing service retrying, its callers failing and retrying in
    /// turn) multiplies load hop by hop far beyond the healthy estimate: a 20-layer generated graph with
    /// an outage at a database reached 10⁷ requests/s and, before the budgets, ran out of memory. A row
    /// writes at most its budget of lines and spans, however large the load.
    @Test(.timeLimit(.minutes(1))) func aRetryStormWritesAtMostTheRowsBudgetOfLinesAndSpans() throws {
        let s = try TestWorld.scenario(TestWorld.yaml().replacingOccurrences(of: "lines_per_request: 0.0005", with: "lines_per_request: 0.00002"))
        let world = World(scenario: s, seed: s.seed)
        let n = world.serviceCount, width = TruthField.count * n
        var truth = [Double](repeating: 0, count: width)
        for k in 0..<n {
            truth[TruthField.rate.rawValue * n + k] = 1e15  // requests/s: a Poisson count beyond Int.max before
            truth[TruthField.errorRatio.rawValue * n + k] = 0.5
            truth[TruthField.latencyMean.rawValue * n + k] = 5000
            truth[TruthField.ownLatency.rawValue * n + k] = 5000
            truth[TruthField.poolUtil.rawValue * n + k] = 1.5
        }
        let emitter = RecordEmitter(world: world)
        let (logs, spans) = truth.withUnsafeBufferPointer { t -> ([LogRecord], [Span]) in
            guard let base = t.baseAddress else { return ([], []) }
            return (emitter.logs(truth: base, firstRow: 10, rows: 1) ?? [], emitter.spans(truth: base, firstRow: 10, rows: 1) ?? [])
        }
        #expect(logs.count == world.logBudgetPerRow)
        #expect(spans.count <= world.spanBudgetPerRow + s.traces.maxSpans)
        #expect(spans.count >= world.spanBudgetPerRow)
        // The budgets are far above what the healthy world writes in a step.
        let d = try TestWorld.run(s)
        #expect(d.logs.count / s.rowCount * 20 < world.logBudgetPerRow)
        #expect(d.spans.count / s.rowCount * 10 < world.spanBudgetPerRow)
    }

    @Test func aRunThatWouldWriteMoreThan1e8RecordsIsRefused() {
        let text = TestWorld.yaml(duration: "366d", step: "1m", sampleRate: 0).replacingOccurrences(of: "entry_rate: 100", with: "entry_rate: 1000")
            .replacingOccurrences(of: "lines_per_request: 0.0005", with: "lines_per_request: 0.001")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.message.hasPrefix("the run would write about") == true, "\(e?.description ?? "")")
        #expect(e?.message.hasSuffix("log lines and spans, more than 1e+08") == true)
    }

    @Test func moreThan1e10MetricPointsAreRefused() {
        let e = #expect(throws: ScenarioError.self) {
            try TestWorld.scenario(
                "name: g\nduration: 366d\nstep: 1s\ngenerate: {services: 400}\nlogs: {lines_per_request: 0}\ntraces: {sample_rate: 0}\n")
        }
        #expect(e?.message.contains("metric points, more than 1e+10") == true, "\(e?.description ?? "")")
    }

    @Test func stackedCompoundFaultsBeyondTheWorkLimitAreRefused() {
        let faults = (0..<150).map { "  - {id: c\($0), kind: cpu-hog, target: api, start: 1h, duration: 300d, compound: true}" }
        let text = TestWorld.yaml(duration: "366d", step: "1m", sampleRate: 0, extra: "faults:\n" + faults.joined(separator: "\n"))
            .replacingOccurrences(of: "lines_per_request: 0.0005", with: "lines_per_request: 0")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.message.contains("service-steps, more than 2e+09") == true, "\(e?.description ?? "")")
    }

    @Test(arguments: BuiltinScenarios.names)
    func builtInScenariosStayFarInsideTheLimits(_ name: String) throws {
        let s = try ScenarioLoader.resolve(name)
        let w = WorkEstimate(s)
        #expect(w.metricPoints * 100 < ScenarioLimits.maxMetricPoints)
        #expect(w.work * 100 < ScenarioLimits.maxWork)
        #expect((w.peakLoad.max() ?? 0) * 100 < ScenarioLimits.maxPeakLoad)
        #expect(w.recordsPerStep * 100 < ScenarioLimits.maxRecordsPerStep)
        #expect(w.records * 100 < ScenarioLimits.maxRecords)
    }

    /// The expected records are an estimate of the healthy world (the lines faults add are not in
    /// it), not a bound; they must still be the right size.
    @Test func expectedRecordsAreWithinAFactorOfTwoOfWhatAFaultFreeWorldWrites() throws {
        let s = try TestWorld.scenario(TestWorld.yaml())
        let d = try TestWorld.run(s)
        let actual = Double(d.logs.count + d.spans.count)
        let estimate = WorkEstimate(s).records
        #expect(estimate > actual / 2 && estimate < actual * 2, "estimate \(estimate), actual \(actual)")
    }

    // MARK: other hostile input

    /// A host named like a service gave a dataset whose series ids clash, which `inspect` rejects.
    @Test func aHostNamedLikeAServiceIsRefused() {
        let text = TestWorld.yaml().replacingOccurrences(of: "hosts: [n1, n2]", with: "hosts: [n1, db]")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.message == "host 'db' of service 'api' has the name of a service")
        #expect(e?.keyPath == "services[1].hosts[1]")
        #expect(e?.line != nil)
    }

    /// A burst outside the run was ignored and one with factor −3 clamped; both are errors now.
    @Test(arguments: [
        ("{start: 23h55m, duration: 10m}", "workload.bursts[0]", "ends after the run"),
        ("{start: 2h, duration: 30s}", "workload.bursts[0].duration", "less than two steps"),
        ("{start: 2h, duration: 10m, factor: 0}", "workload.bursts[0].factor", "above 0"),
    ])
    func aBurstOutsideTheRunOrNotATrafficFactorIsRefused(_ burst: String, _ keyPath: String, _ says: String) {
        let text = TestWorld.yaml().replacingOccurrences(of: "noise: 0.03}", with: "noise: 0.03, bursts: [\(burst)]}")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.keyPath == keyPath)
        #expect(e?.message.contains(says) == true, "\(e?.description ?? "")")
        #expect(e?.line != nil)
    }

    /// `scenarios validate FIFO` waited for the writer to close; a FIFO is refused without reading.
    @Test(.timeLimit(.minutes(1))) func aFIFOIsRefusedWithoutBlockingEvenWithAWriterAttached() throws {
        let dir = try SharedData.temporaryDirectory("fifo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("world.yaml").path
        #expect(mkfifo(path, 0o600) == 0)
        let writer = open(path, O_RDWR | O_NONBLOCK)  // holds the FIFO open, as a writer that never closes
        defer { if writer >= 0 { close(writer) } }
        #expect(writer >= 0)
        let e = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: path) }
        #expect(e?.message == "cannot read scenario file: it is a FIFO (named pipe), not a regular file")
        #expect(e?.source == path)
        let r = #expect(throws: ScenarioError.self) { try ScenarioLoader.resolve(path) }
        #expect(r?.message.contains("FIFO") == true)
    }

    @Test func aFolderOrAnOversizedFileIsRefused() throws {
        let dir = try SharedData.temporaryDirectory("notafile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: dir.path) }
        #expect(folder?.message == "cannot read scenario file: it is a folder, not a regular file")
        let big = dir.appendingPathComponent("big.yaml")
        #expect(FileManager.default.createFile(atPath: big.path, contents: Data()))
        let h = try FileHandle(forWritingTo: big)
        try h.truncate(atOffset: UInt64(ScenarioLimits.maxFileBytes + 1))  // sparse: nothing is written
        try h.close()
        let e = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: big.path) }
        #expect(e?.message.contains("more than the 16 MiB a scenario may have") == true)
        let missing = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: dir.appendingPathComponent("none.yaml").path) }
        #expect(missing?.message.hasPrefix("cannot read scenario file: No such file") == true)
    }

    /// A scenario changed in code after loading (the loader's checks bypassed) is refused before
    /// the simulator allocates buffers sized from it.
    @Test func simulationRefusesAScenarioBeyondTheLimitsBeforeAllocating() throws {
        var s = try TestWorld.scenario(TestWorld.yaml())
        s.durationMs = Int64.max / 2
        var sink = InMemoryDatasetSink()
        let e = #expect(throws: ScenarioError.self) { try Simulation.run(scenario: s, into: &sink) }
        #expect(e?.message.hasPrefix("scenario exceeds the simulator's limits") == true)
    }

    // MARK: documentation

    /// Scenarios/README.md lists every limit with the range `ScenarioLimits.documented` gives it.
    @Test func theReadmeLimitsTableIsTheOneInTheCode() throws {
        let url = SharedData.repositoryRoot.appendingPathComponent("Scenarios/README.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let after = try #require(text.components(separatedBy: "\n## Limits\n").dropFirst().first)
        let section = after.components(separatedBy: "\n## ").first ?? after
        let rows = section.components(separatedBy: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| key ") && !$0.hasPrefix("| ---") }
        let documented = ScenarioLimits.documented.map { "| \($0.key) | \($0.range) | \($0.why) |" }
        #expect(rows == documented)
    }
}
