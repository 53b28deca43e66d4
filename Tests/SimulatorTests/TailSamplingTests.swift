import Foundation
import Telemetry
import Testing

@testable import Simulator

/// Tail-based trace sampling (`traces.keep_errors`, `slow_threshold` + `keep_slow`, `min_traces_per_minute`).
@Suite struct TailSamplingTests {
    /// The faulted four-service world of `SimulationTests`, with `traces` replaced.
    static func world(traces: String) -> String {
        SimulationTests.faulted.replacingOccurrences(of: "traces: {sample_rate: 0.002}", with: traces)
    }

    /// One line per span (ids, service, start, the duration's bits, status), hashed: the spans' identity.
    static func digest(_ spans: [Span]) -> String {
        var text = ""
        for s in spans {
            text +=
                "\(s.traceId),\(s.spanId),\(s.parentSpanId ?? ""),\(s.service),\(s.startMs),\(String(s.durationMs.bitPattern, radix: 16)),\(s.status.rawValue)\n"
        }
        return FileDigest.sha256(text: text)
    }

    /// Without the new keys the spans are those of the simulator before tail sampling: the digest below was
    /// computed from `traces.jsonl` of `faultline simulate` on this world, built from the commit before it
    /// (2d73e21), 86,075 spans.
    @Test func keysAbsentGiveTheSpansOfBefore() throws {
        let d = try TestWorld.run(try TestWorld.scenario(SimulationTests.faulted))
        #expect(d.spans.count == 86_075)
        #expect(Self.digest(d.spans) == "06a58e02b7ccf7e94f98e79cc31f2a41438157660dc29c2bd45a5fcb2b703f57")
        let off = try TestWorld.scenario(
            Self.world(traces: "traces: {sample_rate: 0.002, keep_errors: 0, keep_slow: 0, slow_threshold: 1s, min_traces_per_minute: 0}"))
        #expect(!off.traces.tailSampling)
        #expect(try TestWorld.run(off).spans == d.spans)
    }

    static let outage = "traces: {sample_rate: 0.0001, keep_errors: 0.05}"

    /// During the outage of db (14:00–14:20, intensity 1) the kept error traces show db's failed spans and the
    /// failure propagated to its caller api (an api span in error with a db child in error); head sampling alone at
    /// the same rate gives a fifth of them or fewer.
    @Test func errorTracesOfAnOutageAreKeptWithTheirCallers() throws {
        let s = try TestWorld.scenario(Self.world(traces: Self.outage))
        #expect(s.traces.tailSampling)
        let d = try TestWorld.run(s)
        let start = d.axis.startMs + 14 * 3_600_000, end = start + 20 * 60_000
        let window = d.spans.filter { $0.startMs >= start && $0.startMs < end }
        let dbErrors = window.filter { $0.service == "db" && $0.status == .error }
        #expect(dbErrors.count >= 50, "\(dbErrors.count) db error spans")
        let failingParents = Set(dbErrors.compactMap(\.parentSpanId))
        let apiWithFailingDb = window.filter { $0.service == "api" && $0.status == .error && failingParents.contains($0.spanId) }
        #expect(apiWithFailingDb.count >= 10, "\(apiWithFailingDb.count) api error spans above a failed db call")
        // Outside faults errors are rare (base error ratio): far fewer error spans in an hour before the outage.
        let before = d.spans.filter { $0.startMs >= start - 3_600_000 && $0.startMs < start - 2_400_000 && $0.status == .error }
        #expect(before.count * 5 < dbErrors.count, "\(before.count) error spans in a quiet 20 minutes")
        let head = try TestWorld.run(try TestWorld.scenario(Self.world(traces: "traces: {sample_rate: 0.0001}")))
        let headDb = head.spans.filter { $0.startMs >= start && $0.startMs < end && $0.service == "db" && $0.status == .error }.count
        #expect(headDb * 5 < dbErrors.count, "head sampling alone: \(headDb) db error spans, tail: \(dbErrors.count)")
    }

    /// Every kept span's parent is in the same trace, starts no later and ends no earlier (deadlines), and a
    /// trace has exactly one root.
    @Test func tailSampledTreesAreConsistent() throws {
        let s = try TestWorld.scenario(
            Self.world(traces: "traces: {sample_rate: 0.0005, keep_errors: 0.05, slow_threshold: 30ms, keep_slow: 0.2, min_traces_per_minute: 2}"))
        let d = try TestWorld.run(s)
        var byId: [String: Span] = [:]
        var roots: [String: Int] = [:]
        for sp in d.spans {
            byId[sp.traceId + "/" + sp.spanId] = sp
            if sp.parentSpanId == nil { roots[sp.traceId, default: 0] += 1 }
        }
        var outside = 0, orphans = 0
        for sp in d.spans {
            guard let p = sp.parentSpanId else { continue }
            guard let parent = byId[sp.traceId + "/" + p] else { orphans += 1; continue }
            if sp.startMs < parent.startMs || Double(sp.startMs) + sp.durationMs > Double(parent.startMs) + parent.durationMs + 1 { outside += 1 }
        }
        #expect(orphans == 0 && outside == 0, "\(orphans) orphans, \(outside) spans outside their parent")
        #expect(roots.values.allSatisfy { $0 == 1 })
        #expect(zip(d.spans, d.spans.dropFirst()).allSatisfy { $0.startMs <= $1.startMs })
    }

    /// The floor: with head sampling off, every service is in about `min_traces_per_minute` traces a minute.
    @Test func theFloorReachesEveryService() throws {
        let s = try TestWorld.scenario(Self.world(traces: "traces: {sample_rate: 0, min_traces_per_minute: 4}"))
        let d = try TestWorld.run(s)
        let minutes = Double(d.axis.count)  // 1-minute steps
        for service in ["web", "api", "db", "cache"] {
            let traces = Set(d.spans.filter { $0.service == service }.map(\.traceId)).count
            #expect(Double(traces) / minutes > 3.5 && Double(traces) / minutes < 6, "\(service): \(traces) traces in \(minutes) minutes")
        }
    }

    /// The built-in cascade (tail sampling with a floor of 1 trace a minute) reaches every service in every
    /// 10-minute window of its day: at least 5 spans each, above the trace ranker's `min_spans` of 3 (measured at
    /// seed 1: 6 at the fewest; 22 with a floor of 3), where head sampling alone gave 1.
    @Test func theBuiltInCascadeHasSpansForEveryServiceInEveryWindow() throws {
        let s = try ScenarioLoader.resolve("cascade")
        #expect(s.traces.tailSampling)
        let d = try TestWorld.run(s, seed: 1, jobs: 2)
        let windows = Int(d.axis.endMs - d.axis.startMs) / 600_000
        var counts = [String: [Int]]()
        for name in s.services.map(\.name) { counts[name] = [Int](repeating: 0, count: windows) }
        for sp in d.spans {
            let w = Int(sp.startMs - d.axis.startMs) / 600_000
            if w < windows { counts[sp.service]?[w] += 1 }
        }
        for (name, perWindow) in counts.sorted(by: { $0.key < $1.key }) {
            #expect((perWindow.min() ?? 0) >= 5, "\(name): \(perWindow.min() ?? 0) spans in its emptiest 10 minutes")
        }
    }

    /// Slow traces: a threshold far above every own time keeps nothing, one near the api's own time keeps many.
    @Test func slowTracesFollowTheThreshold() throws {
        let high = try TestWorld.run(try TestWorld.scenario(Self.world(traces: "traces: {sample_rate: 0, slow_threshold: 1h, keep_slow: 1}")))
        #expect(high.spans.isEmpty)
        let low = try TestWorld.run(try TestWorld.scenario(Self.world(traces: "traces: {sample_rate: 0, slow_threshold: 40ms, keep_slow: 0.01}")))
        #expect(!low.spans.isEmpty)
        // Each kept trace has a span whose own time (duration less its children's) is above the threshold.
        var children: [String: Double] = [:]
        for sp in low.spans { if let p = sp.parentSpanId { children[sp.traceId + "/" + p, default: 0] += sp.durationMs } }
        var slowTraces = Set<String>()
        for sp in low.spans where sp.durationMs - (children[sp.traceId + "/" + sp.spanId] ?? 0) > 40 { slowTraces.insert(sp.traceId) }
        #expect(slowTraces == Set(low.spans.map(\.traceId)))
    }

    /// Same seed, same spans, whatever the thread count and chunk size.
    @Test func tailSamplingIsDeterministicAcrossJobs() throws {
        let s = try TestWorld.scenario(
            Self.world(traces: "traces: {sample_rate: 0.0005, keep_errors: 0.05, slow_threshold: 30ms, keep_slow: 0.2, min_traces_per_minute: 2}"))
        let a = try TestWorld.run(s, jobs: 1, chunkRows: 512)
        let b = try TestWorld.run(s, jobs: 2, chunkRows: 4096)
        let c = try TestWorld.run(s, jobs: 2, chunkRows: 97)
        #expect(!a.spans.isEmpty)
        #expect(a.spans == b.spans && a.spans == c.spans)
        let plain = try TestWorld.run(try TestWorld.scenario(SimulationTests.faulted))
        // Only the spans differ from the run without tail sampling.
        #expect(a.frame.values.map(\.bitPattern) == plain.frame.values.map(\.bitPattern))
        #expect(a.logs == plain.logs && a.events == plain.events && a.groundTruth == plain.groundTruth)
        #expect(a.spans != plain.spans)
    }

    @Test(arguments: [
        ("keep_errors: 1.5", "traces.keep_errors", "between 0 and 1"),
        ("keep_errors: -0.1", "traces.keep_errors", "between 0 and 1"),
        ("keep_slow: 2, slow_threshold: 1s", "traces.keep_slow", "between 0 and 1"),
        ("keep_slow: 0.5", "traces.keep_slow", "needs traces.slow_threshold"),
        ("slow_threshold: 1s", "traces.slow_threshold", "needs traces.keep_slow"),
        ("slow_threshold: 0s, keep_slow: 1", "traces.slow_threshold", "above 0"),
        ("slow_threshold: 2h, keep_slow: 1", "traces.slow_threshold", "at most 1h"),
        ("min_traces_per_minute: 1001", "traces.min_traces_per_minute", "between 0 and 1000"),
        ("min_traces_per_minute: nope", "traces.min_traces_per_minute", "expected a number"),
        ("keep_error: 0.5", "traces.keep_error", "unknown key"),
    ])
    func badTailKeysAreRefusedNamingTheKey(_ keys: String, _ path: String, _ says: String) {
        let text = Self.world(traces: "traces: {sample_rate: 0.001, \(keys)}")
        var error: ScenarioError?
        do { _ = try TestWorld.scenario(text) } catch let e as ScenarioError { error = e } catch {}
        #expect(error?.keyPath == path, "\(String(describing: error))")
        #expect(error?.description.contains(says) == true, "\(String(describing: error))")
    }

    @Test func tailSamplingRefusesHugeGraphs() {
        let text =
            "name: g\nduration: 1h\nstep: 1m\ngenerate: {services: 2001, depth: 3}\nlogs: {lines_per_request: 0}\ntraces: {sample_rate: 0, keep_errors: 0.1}\n"
        var error: ScenarioError?
        do { _ = try TestWorld.scenario(text) } catch let e as ScenarioError { error = e } catch {}
        #expect(error?.keyPath == "traces" && error?.message.contains("at most 2000 services") == true, "\(String(describing: error))")
    }
}
