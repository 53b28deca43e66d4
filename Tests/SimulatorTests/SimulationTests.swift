import Foundation
import Telemetry
import Testing

@testable import Simulator

@Suite struct SimulationTests {
    static let faulted = TestWorld.yaml(
        extra: """
            faults:
              - {kind: cpu-hog, target: api, start: 3h, duration: 40m, intensity: 0.9}
              - {kind: pod-kill, target: web, start: 6h, duration: 3m, intensity: 0.5}
              - {kind: memory-leak, target: api, start: 8h, duration: 4h, intensity: 1}
              - {kind: dependency-outage, target: db, start: 14h, duration: 20m, intensity: 1}
            benign:
              - {kind: deploy, target: api, start: 2h, duration: 5m}
              - {kind: traffic-campaign, start: 17h, duration: 1h, factor: 1.3}
            """)

    static func bits(_ d: Dataset) -> [UInt64] { d.frame.values.map(\.bitPattern) }

    @Test func outputIsIdenticalForAnyJobsAndChunkSize() throws {
        let s = try TestWorld.scenario(Self.faulted)
        let a = try TestWorld.run(s, jobs: 1, chunkRows: 512)
        let b = try TestWorld.run(s, jobs: 2, chunkRows: 4096)
        let c = try TestWorld.run(s, jobs: 2, chunkRows: 97)
        #expect(Self.bits(a) == Self.bits(b))
        #expect(Self.bits(a) == Self.bits(c))
        #expect(a.logs == b.logs && a.logs == c.logs)
        #expect(a.spans == b.spans && a.spans == c.spans)
        #expect(a.events == b.events && a.events == c.events)
        #expect(a.groundTruth == b.groundTruth && a.groundTruth == c.groundTruth)
        #expect(a.header == b.header)
        #expect(!a.logs.isEmpty && !a.spans.isEmpty && !a.events.isEmpty)
    }

    /// Blocks that write more records than their share of the bound keep their truth fields and have
    /// their records made again in batches: the output is the same as with every block made in place.
    @Test func recordsMadeAgainInBatchesAreTheSame() throws {
        let s = try TestWorld.scenario(Self.faulted)
        let a = try TestWorld.run(s, jobs: 2)
        // With 1000-row chunks (16 blocks) a bound of 400 gives each 64-row block a share of 6 records
        // of each kind, far below the blocks' mean (over 1000 of each in 23 blocks, checked below), and
        // batches of one row (a row's budgets exceed 2000); 5000 gives shares of 78, 1 shares of 1.
        for (jobs, limit) in [(1, 400), (2, 400), (2, 5_000), (2, 1)] {
            let b = try TestWorld.run(s, jobs: jobs, chunkRows: 1000, recordLimit: limit)
            #expect(Self.bits(a) == Self.bits(b))
            #expect(a.logs == b.logs, "jobs \(jobs), bound \(limit)")
            #expect(a.spans == b.spans, "jobs \(jobs), bound \(limit)")
            #expect(a.events == b.events && a.groundTruth == b.groundTruth)
        }
        #expect(a.logs.count > 1000 && a.spans.count > 1000)
    }

    /// A sink that fails part-way stops the workers: the error comes back, nothing hangs, and a second
    /// run afterwards is whole.
    @Test func aSinkThatThrowsStopsTheWorkers() throws {
        struct Failure: Error {}
        struct FailingSink: DatasetSink {
            var chunks = 0
            mutating func begin(_ header: DatasetHeader) throws {}
            mutating func writeMetrics(rowOffset: Int, chunk: MetricFrame) throws {
                chunks += 1
                if chunks == 3 { throw Failure() }
            }
            mutating func append(logs: [LogRecord]) throws {}
            mutating func append(spans: [Span]) throws {}
            mutating func append(events: [OpsEvent]) throws {}
            mutating func finish(groundTruth: GroundTruth) throws {}
        }
        let s = try TestWorld.scenario(Self.faulted)
        for jobs in [1, 2, 4] {
            var sink = FailingSink()
            #expect(throws: Failure.self) { try Simulation.run(scenario: s, jobs: jobs, chunkRows: 64, into: &sink) }
            #expect(sink.chunks == 3)
        }
        let a = try TestWorld.run(s, jobs: 1), b = try TestWorld.run(s, jobs: 4, chunkRows: 64)
        #expect(Self.bits(a) == Self.bits(b) && a.logs == b.logs && a.spans == b.spans)
    }

    @Test func differentSeedsGiveDifferentDataSameSeedTheSame() throws {
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "6h"))
        let a = try TestWorld.run(s, seed: 1), b = try TestWorld.run(s, seed: 2), c = try TestWorld.run(s, seed: 1)
        #expect(Self.bits(a) != Self.bits(b))
        #expect(Self.bits(a) == Self.bits(c))
        #expect(a.info.seed == 1 && b.info.seed == 2)
    }

    @Test func headerDescribesEverySeriesAndTheTopology() throws {
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "2h"))
        let d = try TestWorld.run(s)
        #expect(d.series.count == 4 * ServiceMetric.count + 2 * HostMetric.count)
        #expect(Set(d.series.map(\.id)).count == d.series.count)
        #expect(d.axis.count == 120)
        #expect(d.topology.edges.count == 3)
        #expect(d.topology.placement["api"] == ["n1", "n2"])
        #expect(d.info.generator == SimulatorVersion.string)
        #expect(d.info.scenarioHash?.count == 64)
        #expect(d.series.first { $0.metric == "requests_total" }?.kind == .counter)
        #expect(d.series.first { $0.metric == "latency_p99" }?.kind == .quantile)
    }

    @Test func logsSpansAndEventsArriveInTimeOrder() throws {
        let s = try TestWorld.scenario(Self.faulted)
        let d = try TestWorld.run(s, chunkRows: 100)
        #expect(zip(d.logs, d.logs.dropFirst()).allSatisfy { $0.timeMs <= $1.timeMs })
        #expect(zip(d.spans, d.spans.dropFirst()).allSatisfy { $0.startMs <= $1.startMs })
        #expect(zip(d.events, d.events.dropFirst()).allSatisfy { $0.timeMs <= $1.timeMs })
        #expect(d.logs.allSatisfy { $0.timeMs >= d.axis.startMs && $0.timeMs < d.axis.endMs })
    }

    @Test func faultsArePlacedExactlyAndBenignChangesListedSeparately() throws {
        let s = try TestWorld.scenario(Self.faulted)
        let d = try TestWorld.run(s)
        let gt = d.groundTruth
        #expect(gt.faults.map(\.kind) == ["cpu-hog", "pod-kill", "memory-leak", "dependency-outage"])
        for (f, spec) in zip(gt.faults, s.faults) {
            #expect(f.injectionStartMs == d.axis.startMs + spec.startMs)
            #expect(f.injectionEndMs == d.axis.startMs + spec.startMs + spec.durationMs - 1)
            #expect(f.target == spec.target)
            #expect(f.propagationPath.first == spec.target)
            #expect(!f.compound)
        }
        #expect(gt.benignChanges.map(\.kind) == ["deploy", "traffic-campaign"])
        #expect(gt.slos.count == 1)
        let chaos = d.events.filter { $0.kind == .chaosStart }
        #expect(chaos.count == 4)
        #expect(d.events.contains { $0.kind == .deploy && $0.entity == "api" })
        #expect(d.events.contains { $0.kind == .oomKill && $0.entity == "api" })
    }

    @Test func memoryIsBoundedByTheChunkAndRowsCoverTheRun() throws {
        struct CountingSink: DatasetSink {
            var maxRows = 0, total = 0, offsets: [Int] = []
            var maxLogs = 0, maxSpans = 0, logs = 0, spans = 0
            mutating func begin(_ header: DatasetHeader) throws {}
            mutating func writeMetrics(rowOffset: Int, chunk: MetricFrame) throws {
                offsets.append(rowOffset); maxRows = max(maxRows, chunk.rows); total += chunk.rows
            }
            mutating func append(logs: [LogRecord]) throws { maxLogs = max(maxLogs, logs.count); self.logs += logs.count }
            mutating func append(spans: [Span]) throws { maxSpans = max(maxSpans, spans.count); self.spans += spans.count }
            mutating func append(events: [OpsEvent]) throws {}
            mutating func finish(groundTruth: GroundTruth) throws {}
        }
        // Logs and traces off: the rows' record budgets do not shrink the chunks.
        let quiet = TestWorld.yaml(duration: "12h", sampleRate: 0).replacingOccurrences(of: "lines_per_request: 0.0005", with: "lines_per_request: 0")
        let s = try TestWorld.scenario(quiet)
        var sink = CountingSink()
        var fractions: [Double] = []
        try Simulation.run(scenario: s, chunkRows: 100, into: &sink) { fractions.append($0) }
        #expect(sink.maxRows == 100)
        #expect(sink.total == 720)
        #expect(sink.offsets == Array(stride(from: 0, to: 720, by: 100)))
        #expect(fractions.last == 1)
        #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 })
        // With logs and traces the metric chunk keeps its rows, and the records handed over at once
        // stay within the bound: a block over its share of it has its records made again in batches
        // (spans may add those carried over from the previous batch, at most a row's budget).
        let busy = try TestWorld.scenario(TestWorld.yaml(duration: "12h"))
        let world = World(scenario: busy, seed: busy.seed)
        for (limit, jobs) in [(Simulation.chunkRecords, 2), (400, 1), (400, 2)] {
            var busySink = CountingSink()
            try Simulation.run(scenario: busy, seed: nil, jobs: jobs, chunkRows: 2048, recordLimit: limit, into: &busySink, progress: nil)
            #expect(busySink.maxRows == 720 && busySink.total == 720)
            #expect(busySink.maxLogs <= limit)
            #expect(busySink.maxSpans <= limit + world.spanBudgetPerRow)
            #expect(busySink.logs > 400 && busySink.spans > 400)
            if limit == 400 { #expect(busySink.maxLogs < busySink.logs / 10) }
        }
    }

    @Test func generatedLargeGraphRunsWithEveryServiceReceivingTraffic() throws {
        let s = try TestWorld.scenario("name: big\nduration: 1h\ngenerate: {services: 45, depth: 5, fan_out: 2}\ntraces: {sample_rate: 0}\n")
        let d = try TestWorld.run(s, jobs: 2)
        #expect(d.topology.entities.filter { $0.kind == .service || $0.kind == .database }.count == 45)
        for sv in s.services {
            let rate = TestWorld.mean(TestWorld.column(d, "\(sv.name)/requests_per_s"))
            #expect(rate > 0, "\(sv.name) receives no traffic")
            let p99 = TestWorld.mean(TestWorld.column(d, "\(sv.name)/latency_p99"))
            #expect(p99 < 2000, "\(sv.name) is overloaded at baseline")
        }
    }
}

@Suite struct ScenarioCatalogueTests {
    @Test func compoundFaultsAreLabelledCompoundAndBothGetSymptoms() throws {
        let extra = """
            faults:
              - {kind: cpu-hog, target: api, start: 2h, duration: 1h, intensity: 0.8, compound: true}
              - {kind: network-delay, target: db, start: 2h30m, duration: 1h, intensity: 0.5, compound: true}
              - {kind: pod-kill, target: web, start: 5h, duration: 3m, intensity: 0.5}
            """
        let d = try TestWorld.run(try TestWorld.scenario(TestWorld.yaml(duration: "6h", step: "1m", sampleRate: 0, extra: extra)))
        #expect(d.groundTruth.faults.map(\.compound) == [true, true, false])
        #expect(d.groundTruth.faults.allSatisfy { $0.firstSymptomMs != nil })
    }

    @Test func benignOnlyScenarioHasNoFaultsAndNeverBreachesItsSLOs() throws {
        let s = try ScenarioLoader.resolve("benign-only")
        #expect(s.faults.isEmpty)
        let (_, truth, w) = TestWorld.truth(s)
        let n = w.serviceCount, rows = w.axis.count
        var breaches = 0
        for slo in s.slos {
            let e = try #require(w.names.firstIndex(of: slo.entry))
            for r in 0..<rows {
                let p99 = truth[(TruthField.latencyP99.rawValue * n + e) * rows + r]
                let err = truth[(TruthField.errorRatio.rawValue * n + e) * rows + r]
                if p99 > slo.latencyP99Ms || err > slo.errorRatio { breaches += 1 }
            }
        }
        #expect(breaches == 0)
    }

    @Test func syntheticScenarioHasTheRequestedSize() throws {
        let s = try SyntheticScenario.make(services: 70, rows: 100_000)
        let w = World(scenario: s, seed: s.seed)
        #expect(w.axis.count == 100_000)
        #expect(w.seriesCount >= 1000 && w.seriesCount < 1100)
        #expect(s.faults.count == 4)
        #expect(s.logs.linesPerRequest == 0 && s.traces.sampleRate == 0)
        #expect(throws: ScenarioError.self) { try SyntheticScenario.make(services: 2, rows: 10) }
    }

    @Test func failoverMovesTrafficBetweenEntries() throws {
        let s = try ScenarioLoader.resolve("multi-region", overrides: ScenarioOverrides())
        let (frame, _, w) = TestWorld.truth(s)
        let us = try #require(w.names.firstIndex(of: "gateway-us")), eu = try #require(w.names.firstIndex(of: "gateway-eu"))
        let col = { (svc: Int) in svc * ServiceMetric.count + ServiceMetric.requestsPerSecond.rawValue }
        let before = w.axis.firstRow(atOrAfter: w.axis.startMs + 12 * 3_600_000 + 3_000_000)
        let during = w.axis.firstRow(atOrAfter: w.axis.startMs + 13 * 3_600_000 + 3_000_000)
        #expect(frame[during, col(us)] < 0.2 * frame[before, col(us)])
        #expect(frame[during, col(eu)] > 1.6 * frame[before, col(eu)])
    }
}

@Suite struct FastMathTests {
    @Test(arguments: [1e-6, 0.01, 0.3, 0.97, 1, 2.5, 1000])
    func fastPowAgreesWithPowToFiveDigits(x: Double) {
        for k in [0.5, 1.3, 2, 4.47, 9.2] {
            let exact = pow(x, k), approx = FastMath.pow(x, k)
            #expect(abs(approx - exact) <= 1e-5 * exact)
        }
        #expect(abs(FastMath.exp(-x) - exp(-x)) <= 1e-5 * exp(-x))
    }

    /// The paired draw is bit for bit the two single ones (the observation noise and the white parts use it).
    @Test func pairedGaussianDrawIsTheTwoSingleOnes() {
        var words: [UInt64] = [0, .max, 0xFF00_FF00_FF00_FF00, 0x00FF_00FF_00FF_00FF, 0x8080_8080_0101_0101]
        for i in 0..<10_000 { words.append(CounterRandom.bits(99, i)) }
        for b in words {
            let (a, c) = CounterRandom.gaussian32Pair(b)
            #expect(a.bitPattern == CounterRandom.gaussian32(b).bitPattern && c.bitPattern == CounterRandom.gaussian32(b >> 32).bitPattern)
        }
    }
}
