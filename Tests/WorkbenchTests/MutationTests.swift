import FaultlineTestSupport
import Foundation
import Interop
import Reports
import Telemetry
import Testing

@testable import Workbench

/// Issue 17's seeded random-mutation test: valid experiment specs, score files and a dataset manifest, mutated
/// byte- and line-wise (flips, deletions, duplications, huge numbers, `..`, NaN, very long strings), go through
/// the in-process readers; each must either succeed or throw an error that exits 2 or 3, never crash or hang.
///
/// The inputs are deterministic (SplitMix64 from a fixed seed), so a failure reproduces; the seed and the
/// mutated input are in the failure message.
@Suite struct MutationTests {
    /// Inputs tried per reader.
    static let specInputs = 1500
    static let csvInputs = 1000
    static let manifestInputs = 1000
    static let npyInputs = 200

    /// Tokens hostile users and fuzzers insert.
    static let tokens: [String] = [
        "1e308", "-1e308", "1e400", "9223372036854775807", "9223372036854775808", "4611686018427387904", "18446744073709551616",
        "-9223372036854775808", "-1", "0", "..", "../", "../../etc", "/", "NaN", "nan", ".nan", "inf", "-.inf", ".inf", "\u{0}",
        "\r\n", "\u{FEFF}", "\t", "{", "}", "[", "]", ":", ": ", "- ", "\n  ", "\n- ", ",", "\"", "'", "&a ", "*a", "!!binary ", "~", "null",
        "9999999999999999999999999ms", "1e12", "2h", "0x7fffffffffffffff", String(repeating: "a", count: 10_000),
        String(repeating: "9", count: 400), String(repeating: "[", count: 200),
    ]

    struct Mutator {
        var rng: SplitMix64

        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(rng.next() % UInt64(n)) }

        /// One to three mutations of `input`.
        mutating func mutate(_ input: [UInt8]) -> [UInt8] {
            var b = input
            for _ in 0...below(3) {
                let at = below(b.count + 1)
                switch below(8) {
                case 0 where !b.isEmpty:  // flip one bit
                    let i = below(b.count)
                    b[i] ^= UInt8(1 << below(8))
                case 1 where !b.isEmpty:  // delete a run
                    let i = below(b.count)
                    b.removeSubrange(i..<min(b.count, i + 1 + below(16)))
                case 2 where !b.isEmpty:  // duplicate a run
                    let i = below(b.count)
                    let run = b[i..<min(b.count, i + 1 + below(64))]
                    b.insert(contentsOf: run, at: i)
                case 3, 4:  // insert a hostile token
                    b.insert(contentsOf: Array(MutationTests.tokens[below(MutationTests.tokens.count)].utf8), at: at)
                case 5:  // replace a number with a hostile token
                    if let (lo, hi) = numberRun(in: b, near: at) {
                        b.replaceSubrange(lo..<hi, with: Array(MutationTests.tokens[below(12)].utf8))
                    }
                case 6:  // duplicate or delete a whole line
                    let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false)
                    guard lines.count > 1 else { continue }
                    var out = Array(lines)
                    let i = below(out.count)
                    if below(2) == 0 { out.insert(out[i], at: i) } else { out.remove(at: i) }
                    b = Array(out.joined(separator: [0x0A]))
                default:  // random bytes
                    b.insert(contentsOf: (0..<(1 + below(8))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
                }
            }
            return b
        }

        /// The digit run at or after `from`, if any.
        func numberRun(in b: [UInt8], near from: Int) -> (Int, Int)? {
            guard var i = b[min(from, b.count)...].firstIndex(where: { (0x30...0x39).contains($0) }) else { return nil }
            let lo = i
            while i < b.count && ((0x30...0x39).contains(b[i]) || b[i] == 0x2E || b[i] == 0x65) { i += 1 }
            return (lo, i)
        }
    }

    /// Checks that `body` succeeds or throws an error whose exit status is one of `allowed`.
    static func expectCleanOutcome(_ allowed: Set<Telemetry.ExitStatus>, _ what: String, _ input: [UInt8], _ body: () throws -> Void) {
        do {
            try body()
        } catch {
            let status = ErrorClassification.status(of: error)
            if !allowed.contains(status) || "\(error)".isEmpty {
                Issue.record(
                    "\(what): exit \(status.rawValue) for \(type(of: error)) '\(error)' on input:\n\(String(decoding: input.prefix(2000), as: UTF8.self))"
                )
            }
        }
    }

    static var suites: [(String, [UInt8])] {
        let dir = SharedData.repositoryRoot.appendingPathComponent("Scenarios/suites")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.compactMap { name in
            (try? Data(contentsOf: dir.appendingPathComponent(name))).map { (name, [UInt8]($0)) }
        }
    }

    @Test(.timeLimit(.minutes(5))) func mutatedSpecsParseOrFailAsUsageErrors() throws {
        let suites = Self.suites
        try #require(suites.count >= 5)
        var m = Mutator(rng: SplitMix64(seed: 17))
        var refused = 0
        for i in 0..<Self.specInputs {
            let (name, original) = suites[i % suites.count]
            let input = m.mutate(original)
            // The path is the suite's own, so relative dataset paths resolve as in the real file.
            let source = SharedData.repositoryRoot.appendingPathComponent("Scenarios/suites/\(name)").path
            // Parsing refuses with a SpecError (exit 2); the checks before any work may also find data (exit 3).
            Self.expectCleanOutcome([.usage, .data], "spec #\(i) from \(name)", input) {
                // A root-cause spec (`rca:`) is read by its own parser; nothing is run.
                if name.hasSuffix("-rca.yaml") {
                    do {
                        _ = try RootCauseSpec.parse(yaml: String(decoding: input, as: UTF8.self), source: source)
                    } catch {
                        refused += 1
                        if !(error is SpecError) { Issue.record("spec #\(i): parsing threw \(type(of: error)), not a SpecError: \(error)") }
                        throw error
                    }
                    return
                }
                let spec: ExperimentSpec
                do {
                    spec = try ExperimentSpec.parse(yaml: String(decoding: input, as: UTF8.self), source: source)
                } catch {
                    refused += 1
                    if !(error is SpecError) { Issue.record("spec #\(i): parsing threw \(type(of: error)), not a SpecError: \(error)") }
                    throw error
                }
                // A NAB spec's checks read the corpus's labels once per model (~0.2 s in a debug build): a sample of them.
                guard name != "nab.yaml" || i % 25 == 0 else { return }
                do {
                    try ExperimentRunner(spec: spec).validate()
                } catch {
                    refused += 1
                    throw error
                }
            }
        }
        // The mutations are hostile enough to be refused often, and mild enough to pass sometimes.
        #expect(refused > Self.specInputs / 10)
        #expect(refused < Self.specInputs)
    }

    @Test func mutatedScoreCSVsReadOrFailAsDataErrors() {
        let timestamps: [Int64] = (0..<40).map { 1_767_571_200_000 + Int64($0) * 60_000 }
        let csv = "timestamp,score\n" + timestamps.enumerated().map { "\($0.element),\(Double($0.offset) * 0.37)" }.joined(separator: "\n") + "\n"
        let original = [UInt8](csv.utf8)
        var m = Mutator(rng: SplitMix64(seed: 1717))
        var accepted = 0
        for i in 0..<Self.csvInputs {
            let input = m.mutate(original)
            Self.expectCleanOutcome([.data], "score CSV #\(i)", input) {
                let scores = try ScoreFile.readCSV(Data(input), path: "mutated.csv", timestamps: timestamps)
                #expect(scores.count == timestamps.count && scores.allSatisfy(\.isFinite))
                accepted += 1
            }
        }
        #expect(accepted > 0 && accepted < Self.csvInputs)
    }

    @Test func mutatedScoreNPYFilesReadOrFailAsDataErrors() throws {
        let dir = try SharedData.temporaryDirectory("mutation-npy")
        let good = dir.appendingPathComponent("good.npy")
        try NPYFile.write((0..<60).map { Double($0) / 7 }, shape: [20, 3], fortranOrder: false, to: good)
        let original = [UInt8](try Data(contentsOf: good))
        var m = Mutator(rng: SplitMix64(seed: 171717))
        for i in 0..<Self.npyInputs {
            let input = m.mutate(original)
            let url = dir.appendingPathComponent("m\(i).npy")
            try Data(input).write(to: url)
            Self.expectCleanOutcome([.data], "score npy #\(i)", input) { _ = try ScoreFile.readNPY(url, rows: 20) }
            try? FileManager.default.removeItem(at: url)
        }
    }

    @Test func mutatedManifestsDecodeOrFailAsDataErrors() throws {
        let original = try Self.manifestBytes()
        var m = Mutator(rng: SplitMix64(seed: 17_17_17_17))
        var refused = 0
        for i in 0..<Self.manifestInputs {
            let input = m.mutate(original)
            Self.expectCleanOutcome([.data], "manifest #\(i)", input) {
                do {
                    let manifest = try DatasetManifest.decode(Data(input), path: "manifest.json")
                    try manifest.groundTruth.validate(
                        firstRowMs: manifest.axis.startMs,
                        lastRowMs: manifest.axis.startMs + Int64(max(0, manifest.axis.count - 1)) * manifest.axis.stepMs,
                        stepMs: manifest.axis.stepMs, path: "manifest.json")
                    try StoredDataset.checkKinds(
                        faults: manifest.groundTruth.faults.map(\.kind), benign: manifest.groundTruth.benignChanges.map(\.kind),
                        generator: manifest.info.generator, path: "manifest.json")
                    _ = DatasetInspection(manifest: manifest).text()
                } catch {
                    refused += 1
                    throw error
                }
            }
        }
        #expect(refused > Self.manifestInputs / 10)
    }

    /// The manifest of a small simulated-looking dataset (two faults, a benign change).
    static func manifestBytes() throws -> [UInt8] {
        let axis = TimeAxis(startMs: 1_767_571_200_000, stepMs: 60_000, count: 30)
        let series = [
            SeriesDescriptor(entity: "api", metric: "cpu_util", unit: "ratio", kind: .gauge),
            SeriesDescriptor(entity: "api", metric: "requests_total", unit: "count", kind: .counter),
        ]
        let frame = try MetricFrame(columns: [(0..<30).map { Double($0) }, (0..<30).map { Double($0 * $0) }])
        let truth = GroundTruth(
            faults: [
                FaultRecord(
                    id: "f1", kind: "cpu-hog", target: "api", injectionStartMs: axis.time(at: 10), injectionEndMs: axis.time(at: 14),
                    firstSymptomMs: axis.time(at: 11),
                    affectedSeries: [AffectedSeries(seriesId: "api/cpu_util", startMs: axis.time(at: 11), endMs: axis.time(at: 14))]),
                FaultRecord(id: "f2", kind: "pod-kill", target: "api", injectionStartMs: axis.time(at: 20), injectionEndMs: axis.time(at: 21)),
            ],
            benignChanges: [BenignChange(id: "b1", kind: "deploy", target: "api", startMs: axis.time(at: 5), endMs: axis.time(at: 6))])
        let ds = try Dataset(
            info: DatasetInfo(name: "m", generator: "faultline-simulator 0.1.0", scenario: "m", seed: 1), axis: axis, series: series,
            frame: frame, groundTruth: truth)
        let url = try SharedData.temporaryDirectory("mutation-manifest").appendingPathComponent("m")
        try DatasetStore.write(ds, to: url, durable: false)
        return [UInt8](try Data(contentsOf: url.appendingPathComponent(DatasetStore.manifestFile)))
    }
}
