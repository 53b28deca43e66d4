import Foundation
import Telemetry
import Testing

@testable import Simulator

/// The noise model's targets (Scenarios/README.md, "Noise model") on the first, fault-free day of the
/// default scenario, and its determinism. The statistics here are the simulator's own unit checks (the
/// lag-1 autocorrelation is pooled over demeaned 5-minute windows, so the daily cycle does not count);
/// the user-facing figures are `faultline fidelity`'s (METRICS.md §12), which docs/realism_check.py reads.
@Suite struct NoiseModelTests {
    /// The default scenario cut to its first day: the faults, the benign changes and the flash crowd of
    /// days two and three are dropped (the loader rejects anything ending after the run).
    static func firstDay() throws -> Scenario {
        let late = ["{id: f", "{id: b3", "{id: b4", "{id: b5", "{id: b6", "bursts:", "{start: 41h20m"]
        let lines = BuiltinScenarios.default.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !late.contains { line.contains($0) } && line.trimmingCharacters(in: .whitespaces) != "faults:"
        }
        return try ScenarioLoader.parse(yaml: lines.joined(separator: "\n"), source: "default", overrides: ScenarioOverrides(days: 1))
    }

    static func minuteMeans(_ x: [Double], per: Int) -> [Double] {
        stride(from: 0, to: x.count - per + 1, by: per).map { i in
            var s = 0.0, n = 0.0
            for v in x[i..<(i + per)] where !v.isNaN { s += v; n += 1 }
            return n > 0 ? s / n : .nan
        }
    }

    static func meanStd(_ x: [Double]) -> (mean: Double, std: Double) {
        let v = x.filter { !$0.isNaN }
        let m = v.reduce(0, +) / Double(v.count)
        let s = v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)
        return (m, s.squareRoot())
    }

    static func diffs(_ x: [Double]) -> [Double] { zip(x, x.dropFirst()).map { $1 - $0 } }

    static func noiseCV(_ y: [Double]) -> Double { meanStd(diffs(y)).std / 2.0.squareRoot() / meanStd(y).mean }

    static func roughness(_ y: [Double]) -> Double { meanStd(diffs(y)).std / meanStd(y).std }

    /// Lag-1 autocorrelation pooled over windows of `w` rows, each demeaned (windows with a gap skipped).
    static func lag1(_ x: [Double], window w: Int) -> Double {
        var num = 0.0, den = 0.0
        for start in stride(from: 0, to: x.count - w + 1, by: w) {
            let row = Array(x[start..<(start + w)])
            if row.contains(where: \.isNaN) { continue }
            let m = row.reduce(0, +) / Double(w)
            for i in 0..<w {
                den += (row[i] - m) * (row[i] - m)
                if i + 1 < w { num += (row[i] - m) * (row[i + 1] - m) }
            }
        }
        return num / den
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let pairs = zip(a, b).filter { !($0.0.isNaN || $0.1.isNaN) }
        let ma = pairs.reduce(0) { $0 + $1.0 } / Double(pairs.count), mb = pairs.reduce(0) { $0 + $1.1 } / Double(pairs.count)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in pairs {
            sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }

    /// Mean over windows of `w` values of std / mean.
    static func windowCV(_ y: [Double], window w: Int) -> Double {
        var total = 0.0, count = 0.0
        for start in stride(from: 0, to: y.count - w + 1, by: w) {
            let (m, s) = meanStd(Array(y[start..<(start + w)]))
            if m.isFinite && m > 0 { total += s / m; count += 1 }
        }
        return total / count
    }

    /// Share of the variance (mean removed) at periods under `cutoff` samples, from the periodogram
    /// (the low frequencies directly, the total by Parseval).
    static func shortPeriodShare(_ y: [Double], cutoff: Double) -> Double {
        let m = meanStd(y).mean
        let z = y.map { $0.isNaN ? 0 : $0 - m }
        let n = z.count
        var low = 0.0
        for k in 1...Int((Double(n) / cutoff).rounded(.down)) {
            var re = 0.0, im = 0.0
            let w = 2 * Double.pi * Double(k) / Double(n)
            for (i, v) in z.enumerated() {
                re += v * cos(w * Double(i)); im -= v * sin(w * Double(i))
            }
            low += re * re + im * im
        }
        var nyquist = 0.0
        for (i, v) in z.enumerated() { nyquist += i % 2 == 0 ? v : -v }
        let total = (Double(n) * z.reduce(0) { $0 + $1 * $1 } + nyquist * nyquist) / 2
        return 1 - low / total
    }

    static func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    @Test func firstDayOfTheDefaultScenarioMeetsTheNoiseTargets() throws {
        let s = try Self.firstDay()
        #expect(s.faults.isEmpty)
        let d = try TestWorld.run(s, jobs: 2)
        let per = Int(60_000 / s.stepMs), window = Int(300_000 / s.stepMs)
        let services = s.services.map(\.name)
        func column(_ svc: String, _ metric: String) -> [Double] { TestWorld.column(d, "\(svc)/\(metric)") }
        func family(_ metric: String, _ f: ([Double]) -> Double) -> Double { Self.median(services.map { f(column($0, metric)) }) }
        for (metric, minCV) in [("cpu_util", 0.10), ("requests_per_s", 0.08), ("network_bytes_per_s", 0.10)] {
            let cv = family(metric) { Self.noiseCV(Self.minuteMeans($0, per: per)) }
            let rough = family(metric) { Self.roughness(Self.minuteMeans($0, per: per)) }
            let ac = family(metric) { Self.lag1($0, window: window) }
            #expect(cv >= minCV && cv <= 0.3, "\(metric) noise CV \(cv)")
            #expect(rough >= 0.4, "\(metric) roughness \(rough)")
            #expect(ac >= 0.15, "\(metric) lag-1 autocorrelation \(ac)")
        }
        let r = Self.median(
            services.map { svc in
                Self.correlation(
                    Self.diffs(Self.minuteMeans(column(svc, "cpu_util"), per: per)),
                    Self.diffs(Self.minuteMeans(column(svc, "requests_per_s"), per: per)))
            })
        #expect(r <= 0.4, "r(ΔCPU, Δrequests) \(r)")
        let memCV = family("memory_bytes") { Self.windowCV(Self.minuteMeans($0, per: per), window: 5) }
        let memShort = family("memory_bytes") { Self.shortPeriodShare(Self.minuteMeans($0, per: per), cutoff: 10) }
        #expect(memCV <= 0.005, "memory CV in 5-minute windows \(memCV)")
        #expect(memShort <= 0.3, "memory variance share under 10 minutes \(memShort)")
        // Errors are counts: at least the binomial spread, and zero rows where under one error is expected per row.
        var ratios: [Double] = [], zeroShares: [Double] = []
        for svc in services {
            let er = column(svc, "error_ratio").filter { !$0.isNaN }
            let totals = column(svc, "requests_total")
            let inc = Self.diffs(totals).filter { !$0.isNaN && $0 >= 0 }
            let n = inc.reduce(0, +) / Double(inc.count)
            let (p, sd) = Self.meanStd(er)
            ratios.append(sd / (p * (1 - p) / n).squareRoot())
            if p * n < 1 { zeroShares.append(Double(er.filter { $0 == 0 }.count) / Double(er.count)) }
        }
        #expect(Self.median(ratios) >= 1, "error ratio std over binomial std \(Self.median(ratios))")
        #expect(!zeroShares.isEmpty && zeroShares.allSatisfy { $0 > 0.1 }, "zero-error rows \(zeroShares)")
    }

    @Test func errorCountsAndRatioAgreeRowByRow() throws {
        let d = try TestWorld.run(try TestWorld.scenario(TestWorld.yaml(duration: "6h", step: "15s", sampleRate: 0)))
        for svc in ["web", "api", "db", "cache"] {
            let req = Self.diffs(TestWorld.column(d, "\(svc)/requests_total")), err = Self.diffs(TestWorld.column(d, "\(svc)/errors_total"))
            let ratio = Array(TestWorld.column(d, "\(svc)/error_ratio").dropFirst())
            for r in 0..<ratio.count where !(req[r].isNaN || err[r].isNaN || ratio[r].isNaN) && req[r] > 0 {
                #expect(err[r] == err[r].rounded() && req[r] == req[r].rounded(), "\(svc) row \(r + 1): counts are whole")
                #expect(abs(err[r] / req[r] - ratio[r]) <= 1e-5, "\(svc) row \(r + 1)")
            }
        }
    }

    @Test func defaultScenarioIsByteIdenticalForOneAndTwoJobs() throws {
        var s = try Self.firstDay()
        s.durationMs = 6 * 3_600_000
        let a = try TestWorld.run(s, jobs: 1, chunkRows: 700), b = try TestWorld.run(s, jobs: 2)
        #expect(SimulationTests.bits(a) == SimulationTests.bits(b))
        #expect(a.groundTruth == b.groundTruth && a.logs == b.logs)
    }

    @Test func binomialDrawsHaveTheirMeanAndVariance() {
        for (n, p) in [(2250, 0.0005), (40, 0.3), (10_000, 0.2), (500, 0.97)] {
            var s = 0.0, ss = 0.0, zeros = 0.0
            let draws = 20_000
            for i in 0..<draws {
                let k = Double(CounterRandom.binomial(n, p, CounterRandom.bits(12_345, i)))
                s += k; ss += k * k
                if k == 0 { zeros += 1 }
            }
            let mean = s / Double(draws), variance = ss / Double(draws) - mean * mean
            let np = Double(n) * p
            #expect(abs(mean - np) < 0.05 * np + 0.02, "n \(n) p \(p) mean \(mean)")
            #expect(abs(variance / (np * (1 - p)) - 1) < 0.08, "n \(n) p \(p) variance \(variance)")
            if np < 2 { #expect(abs(zeros / Double(draws) - pow(1 - p, Double(n))) < 0.02) }
        }
    }
}
