import Foundation
import Telemetry
import Testing

@testable import Simulator

/// Properties the simulated world must have (not snapshots of its output).
@Suite struct RealismTests {
    static func autocorrelation(_ x: [Double], lag: Int) -> Double {
        let v = x.map { $0.isNaN ? 0 : $0 }
        let m = v.reduce(0, +) / Double(v.count)
        var num = 0.0, den = 0.0
        for i in 0..<v.count {
            den += (v[i] - m) * (v[i] - m)
            if i + lag < v.count { num += (v[i] - m) * (v[i + lag] - m) }
        }
        return num / den
    }

    /// Observation artefacts are switched off here (they have their own tests): one 2.5–4.5× outlier
    /// among 1,152 values is enough to dominate a variance-based statistic like the autocorrelation.
    @Test func trafficIsSeasonalAtTheConfiguredDailyPeriod() throws {
        let clean = "observation: {noise: 0.02, scrape_gap_rate: 0, outlier_rate: 0}"
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "4d", step: "5m", daily: 0.4, sampleRate: 0, extra: clean))
        let d = try TestWorld.run(s)
        let x = TestWorld.column(d, "web/requests_per_s")
        let day = 288
        // The estimator's ceiling at this lag is (1152 − 288) / 1152 = 0.75; the noise model's 5-minute and
        // hourly components (Scenarios/README.md, "Noise model") take it from 0.73 to about 0.64.
        #expect(Self.autocorrelation(x, lag: day) > 0.55)
        #expect(Self.autocorrelation(x, lag: day / 2) < -0.3)
        let flat = try TestWorld.run(try TestWorld.scenario(TestWorld.yaml(duration: "4d", step: "5m", daily: 0, sampleRate: 0, extra: clean)))
        #expect(abs(Self.autocorrelation(TestWorld.column(flat, "web/requests_per_s"), lag: day)) < 0.2)
    }

    @Test func weeklySeasonalityMakesTheWeekendQuieter() throws {
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "7d", step: "10m", daily: 0.2, weekly: 0.3, sampleRate: 0))
        let d = try TestWorld.run(s)
        let x = TestWorld.column(d, "web/requests_per_s")
        let perDay = 144
        let wednesday = TestWorld.mean(x, (2 * perDay)..<(3 * perDay))
        let sunday = TestWorld.mean(x, (6 * perDay)..<(7 * perDay))
        #expect(sunday < wednesday * 0.75)
    }

    @Test func cpuHogRaisesTheTargetsLatencyAndThenItsCallers() throws {
        let s = try TestWorld.scenario(
            TestWorld.yaml(
                duration: "8h", step: "15s",
                extra: """
                    faults:
                      - {kind: cpu-hog, target: api, start: 4h, duration: 40m, intensity: 0.9}
                    """))
        let d = try TestWorld.run(s)
        let before = TestWorld.rows(d, from: 3 * 3_600_000, to: 4 * 3_600_000)
        let during = TestWorld.rows(d, from: 4 * 3_600_000 + 600_000, to: 4 * 3_600_000 + 2_400_000)
        for svc in ["api", "web"] {
            let lat = TestWorld.column(d, "\(svc)/latency_mean")
            #expect(TestWorld.mean(lat, during) > 1.3 * TestWorld.mean(lat, before), "\(svc) latency")
        }
        let f = try #require(d.groundTruth.faults.first)
        let apiStart = try #require(f.affectedSeries.first { $0.seriesId == "api/latency_mean" }?.startMs)
        let webStart = try #require(f.affectedSeries.first { $0.seriesId == "web/latency_mean" }?.startMs)
        #expect(apiStart >= f.injectionStartMs)
        #expect(webStart > apiStart)
        #expect(f.propagationPath.firstIndex(of: "web") ?? -1 > 0)
        let cpu = TestWorld.column(d, "api/cpu_util")
        #expect(TestWorld.mean(cpu, during) > TestWorld.mean(cpu, before) + 0.2)
    }

    @Test func dependencyOutageRaisesCallerErrorsAndRetriesRaiseDownstreamLoad() throws {
        let extra = "faults:\n  - {kind: dependency-outage, target: db, start: 2h, duration: 30m, intensity: 1}"
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "4h", step: "15s", extra: extra))
        let d = try TestWorld.run(s)
        let quiet = try TestWorld.run(try TestWorld.scenario(TestWorld.yaml(duration: "4h", step: "15s")))
        let during = TestWorld.rows(d, from: 2 * 3_600_000 + 60_000, to: 2 * 3_600_000 + 1_700_000)
        for svc in ["api", "web"] {
            let e = TestWorld.column(d, "\(svc)/error_ratio"), e0 = TestWorld.column(quiet, "\(svc)/error_ratio")
            #expect(TestWorld.mean(e, during) > TestWorld.mean(e0, during) + 0.2, "\(svc) errors")
        }
        let load = TestWorld.column(d, "db/requests_per_s"), load0 = TestWorld.column(quiet, "db/requests_per_s")
        // api → db has 2 retries: a failing db receives up to three times the calls.
        #expect(TestWorld.mean(load, during) > 2 * TestWorld.mean(load0, during))
        let f = try #require(d.groundTruth.faults.first)
        #expect(f.propagationPath.first == "db")
        let api = try #require(f.propagationPath.firstIndex(of: "api")), web = try #require(f.propagationPath.firstIndex(of: "web"))
        #expect(api < web)
    }

    static let impactful: [(FaultKind, String)] = [
        (.cpuHog, "api"), (.dependencyOutage, "db"), (.networkPartition, "api"), (.badDeploy, "api"),
        (.configRegression, "api"), (.networkDelay, "api"), (.connectionPoolExhaustion, "web"), (.crashLoop, "api"),
        (.memoryStress, "api"), (.diskIOLatency, "db"), (.networkLoss, "db"), (.podKill, "web"),
    ]

    @Test(arguments: impactful)
    func userImpactFollowsInjectionForImpactfulFaults(kind: FaultKind, target: String) throws {
        // At the afternoon peak, where the world has the least headroom.
        let extra = "faults:\n  - {kind: \(kind.rawValue), target: \(target), start: 14h, duration: 30m, intensity: 1}"
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "15h", step: "1m", sampleRate: 0, extra: extra))
        let d = try TestWorld.run(s)
        let f = try #require(d.groundTruth.faults.first)
        let symptom = try #require(f.firstSymptomMs, "\(kind) shows no symptom")
        let impact = try #require(f.userImpactStartMs, "\(kind) has no user impact")
        #expect(symptom >= f.injectionStartMs)
        #expect(impact >= symptom)
        #expect(impact <= f.injectionEndMs)
        #expect(f.affectedSeries.contains { $0.seriesId.hasPrefix("\(target)/") || kind == .networkPartition || kind == .networkDelay })
    }

    @Test(arguments: [FaultKind.memoryLeak, .diskFill])
    func slowFaultsHaveAPrecursorBeforeUserImpact(kind: FaultKind) throws {
        let target = kind == .diskFill ? "db" : "api"
        let extra = "faults:\n  - {kind: \(kind.rawValue), target: \(target), start: 2h, duration: 6h, intensity: 1}"
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "9h", step: "30s", sampleRate: 0, extra: extra))
        let d = try TestWorld.run(s)
        let f = try #require(d.groundTruth.faults.first)
        let symptom = try #require(f.firstSymptomMs)
        let impact = try #require(f.userImpactStartMs)
        #expect(impact - symptom >= 3_600_000, "precursor of at least an hour")
        let metric = kind == .diskFill ? "disk_util" : "memory_bytes"
        let first = try #require(f.affectedSeries.min { $0.startMs < $1.startMs })
        #expect(first.seriesId == "\(target)/\(metric)")
    }

    @Test func benignChangesNeverBreachTheSLO() throws {
        let extra = """
            benign:
              - {kind: deploy, target: api, start: 2h, duration: 5m}
              - {kind: scale-out, target: web, start: 4h, duration: 2h, factor: 2}
              - {kind: traffic-campaign, start: 12h, duration: 2h, factor: 1.5}
              - {kind: batch-job, target: db, start: 1h, duration: 40m, factor: 0.3, daily: true}
            """
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "1d", step: "1m", extra: extra))
        let (_, truth, w) = TestWorld.truth(s)
        let n = w.serviceCount, rows = w.axis.count
        let web = 0
        for r in 0..<rows {
            let p99 = truth[(TruthField.latencyP99.rawValue * n + web) * rows + r]
            let err = truth[(TruthField.errorRatio.rawValue * n + web) * rows + r]
            #expect(p99 < 400 && err < 0.02, "row \(r)")
            if p99 >= 400 || err >= 0.02 { break }
        }
        let d = try TestWorld.run(s)
        #expect(d.groundTruth.faults.isEmpty)
        #expect(d.groundTruth.benignChanges.map(\.kind) == ["batch-job", "deploy", "scale-out", "traffic-campaign"])
        // The campaign is visible: traffic rises while it runs.
        let x = TestWorld.column(d, "web/requests_per_s")
        let during = TestWorld.rows(d, from: 12 * 3_600_000 + 1_800_000, to: 13 * 3_600_000 + 1_800_000)
        let before = TestWorld.rows(d, from: 10 * 3_600_000 + 1_800_000, to: 11 * 3_600_000 + 1_800_000)
        #expect(TestWorld.mean(x, during) > 1.3 * TestWorld.mean(x, before))
    }

    @Test func countersAreMonotonicExceptAtLabelledRestarts() throws {
        let s = try TestWorld.scenario(SimulationTests.faulted)
        let d = try TestWorld.run(s, chunkRows: 333)
        let restarts = Set(
            d.events.filter { [.restart, .deploy, .rollback, .oomKill].contains($0.kind) }
                .map { "\($0.entity)@\(d.axis.firstRow(atOrAfter: $0.timeMs))" })
        var resets = 0
        for (c, desc) in d.series.enumerated() where desc.kind == .counter {
            let x = d.frame.column(c)
            var last = -Double.infinity
            for r in 0..<x.count where !x[r].isNaN {
                if x[r] < last {
                    #expect(restarts.contains("\(desc.entity)@\(r)"), "\(desc.id) drops at row \(r) without a restart")
                    resets += 1
                }
                last = x[r]
            }
        }
        #expect(resets >= 2)
    }

    @Test func meanSpanDurationMatchesTheLatencyMetric() throws {
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "6h", step: "15s", sampleRate: 0.01))
        let d = try TestWorld.run(s)
        let roots = d.spans.filter { $0.parentSpanId == nil && $0.service == "web" }
        #expect(roots.count > 1000)
        let spanMean = roots.map(\.durationMs).reduce(0, +) / Double(roots.count)
        let metric = TestWorld.mean(TestWorld.column(d, "web/latency_mean"))
        #expect(abs(spanMean - metric) / metric < 0.10)
        // Children follow the call graph.
        let byId = Dictionary(d.spans.map { ($0.spanId, $0) }, uniquingKeysWith: { a, _ in a })
        for sp in d.spans.prefix(2000) {
            guard let p = sp.parentSpanId, let parent = byId[p] else { continue }
            #expect(d.topology.edges.contains { $0.caller == parent.service && $0.callee == sp.service })
            #expect(sp.traceId == parent.traceId)
        }
    }

    @Test func logVolumeFollowsTraffic() throws {
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "2d", step: "5m", daily: 0.5, sampleRate: 0))
        let d = try TestWorld.run(s)
        let hours = 48
        var lines = [Double](repeating: 0, count: hours)
        for l in d.logs where l.entity == "web" && l.severity == .info { lines[Int((l.timeMs - d.axis.startMs) / 3_600_000)] += 1 }
        let rate = TestWorld.column(d, "web/requests_per_s")
        let traffic = (0..<hours).map { h in TestWorld.mean(rate, (h * 12)..<((h + 1) * 12)) }
        let ml = lines.reduce(0, +) / Double(hours), mt = traffic.reduce(0, +) / Double(hours)
        var num = 0.0, dl = 0.0, dt = 0.0
        for h in 0..<hours {
            num += (lines[h] - ml) * (traffic[h] - mt); dl += (lines[h] - ml) * (lines[h] - ml); dt += (traffic[h] - mt) * (traffic[h] - mt)
        }
        #expect(num / (dl * dt).squareRoot() > 0.8)
    }

    @Test func errorLogsFollowFailures() throws {
        let extra = "faults:\n  - {kind: bad-deploy, target: api, start: 2h, duration: 1h, intensity: 1}"
        let d = try TestWorld.run(try TestWorld.scenario(TestWorld.yaml(duration: "4h", step: "15s", sampleRate: 0, extra: extra)))
        let errorsBefore = d.logs.filter { $0.entity == "api" && $0.severity == .error && $0.timeMs < d.axis.startMs + 7_200_000 }.count
        let errorsDuring = d.logs.filter {
            $0.entity == "api" && $0.severity == .error && $0.timeMs >= d.axis.startMs + 7_200_000
                && $0.timeMs < d.axis.startMs + 10_800_000
        }.count
        #expect(errorsDuring > 20 * max(1, errorsBefore))
    }

    @Test func littlesLawHoldsBetweenRateLatencyAndInflight() throws {
        let d = try TestWorld.run(try TestWorld.scenario(SimulationTests.faulted))
        for svc in ["web", "api", "db"] {
            let lam = TestWorld.column(d, "\(svc)/requests_per_s"), lat = TestWorld.column(d, "\(svc)/latency_mean")
            let inflight = TestWorld.column(d, "\(svc)/inflight")
            var predicted = 0.0, observed = 0.0
            for r in 0..<lam.count where !(lam[r].isNaN || lat[r].isNaN || inflight[r].isNaN) {
                predicted += lam[r] * lat[r] / 1000
                observed += inflight[r]
            }
            #expect(abs(observed - predicted) / predicted < 0.10, "\(svc)")
        }
    }

    @Test func noisyNeighbourSlowsServicesSharingTheHost() throws {
        // A heavy hog on api (hosts n1, n2) loads both hosts; db lives on n2 only and never calls api.
        let extra = "faults:\n  - {kind: cpu-hog, target: api, start: 2h, duration: 1h, intensity: 1}"
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "4h", step: "1m", sampleRate: 0, extra: extra))
        let (frame, _, w) = TestWorld.truth(s)
        let (cf, _, _) = TestWorld.truth(s, exclude: 0)
        let host = w.serviceCount * ServiceMetric.count + (w.hostNames.firstIndex(of: "n2") ?? 0) * HostMetric.count
        let r = 150
        #expect(frame[r, host] > cf[r, host] + 0.1)
    }

    @Test func scrapeGapsBlankAWholeEntityAndOutliersAreRare() throws {
        let text =
            TestWorld.yaml(duration: "2d", step: "1m", sampleRate: 0)
            + "\nobservation: {noise: 0.02, scrape_gap_rate: 0.01, outlier_rate: 0.001}\n"
        let d = try TestWorld.run(try TestWorld.scenario(text))
        let a = TestWorld.column(d, "web/latency_mean"), b = TestWorld.column(d, "web/cpu_util")
        let gaps = a.indices.filter { a[$0].isNaN }
        #expect(gaps.count > 5 && gaps.count < 100)
        #expect(gaps.allSatisfy { b[$0].isNaN })
        #expect(d.groundTruth.faults.isEmpty)
    }

    /// Without measurement noise, an outlier is the only way a latency reads far above its model
    /// value: they must come at about the configured rate, 2.5–4.5 times the value.
    @Test func outliersComeAtTheConfiguredRate() throws {
        let text =
            TestWorld.yaml(duration: "2d", step: "1m", sampleRate: 0)
            + "\nobservation: {noise: 0, scrape_gap_rate: 0, outlier_rate: 0.01}\n"
        let s = try TestWorld.scenario(text)
        let d = try TestWorld.run(s)
        let (model, _, _) = TestWorld.truth(s)
        var values = 0, spikes = 0, ratios: [Double] = []
        for svc in ["web", "api", "db", "cache"] {
            for metric in ["latency_mean", "latency_p50", "latency_p99"] {
                let id = "\(svc)/\(metric)"
                let c = try #require(d.seriesIndex(id: id))
                for r in 0..<d.axis.count where model[r, c] > 1 {
                    values += 1
                    let ratio = d.frame[r, c] / model[r, c]
                    if ratio > 1.5 { spikes += 1; ratios.append(ratio) }
                }
            }
        }
        let rate = Double(spikes) / Double(values)
        #expect(values > 20_000)
        #expect(rate > 0.005 && rate < 0.02, "outlier rate \(rate)")
        #expect(ratios.allSatisfy { $0 > 2.45 && $0 < 4.55 })
    }
}
