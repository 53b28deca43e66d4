import FaultlineTestSupport
import Foundation
import Testing
import Workbench

/// `NABRun` on a two-file subset of the shared NAB corpus.
@Suite struct NABRunLayoutTests {
    static let subset = ["art_daily_jumpsup", "art_daily_no_noise"]
    static let files = ["artificialNoAnomaly/art_daily_no_noise.csv", "artificialWithAnomaly/art_daily_jumpsup.csv"]  // file order

    func run(_ nab: URL, detector: String, jobs: Int, out: URL) throws -> NABRun.Outcome {
        try NABRun(corpus: nab, out: out, detector: detector, jobs: jobs, fileFilter: Self.subset).run()
    }

    func lines(_ url: URL) throws -> [Substring] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func writesOneResultsFilePerCorpusFileInNABsLayout() throws {
        let nab = try SharedData.require("nab")
        let out = try SharedData.temporaryDirectory("nabrun")
        let outcome = try run(nab, detector: "entropy_novelty", jobs: 2, out: out)
        #expect(outcome.files == Self.files)
        #expect(outcome.rows == 2 * 4032)
        #expect(outcome.calibration == .none)
        for file in Self.files {
            let parts = file.split(separator: "/")
            let result = out.appendingPathComponent("\(parts[0])/entropy_novelty_\(parts[1])")
            let res = try lines(result)
            let data = try lines(nab.appendingPathComponent("data/\(file)"))
            #expect(res.count == data.count)
            #expect(res[0] == "timestamp,value,anomaly_score,label")
            var labelled = 0
            for (r, d) in zip(res.dropFirst(), data.dropFirst()) {
                let f = r.split(separator: ",", omittingEmptySubsequences: false)
                #expect(f.count == 4)
                #expect("\(f[0]),\(f[1])" == d)  // timestamp and value copied verbatim
                let s = try #require(Double(f[2]))
                #expect(s >= 0 && s <= 1)
                #expect(f[3] == "0" || f[3] == "1")
                if f[3] == "1" { labelled += 1 }
            }
            // art_daily_jumpsup's window runs 2014-04-10 16:15 … 2014-04-12 01:45 on a 5-minute grid.
            #expect(labelled == (file.contains("jumpsup") ? 403 : 0))
        }
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func outputBytesDoNotDependOnJobs() throws {
        let nab = try SharedData.require("nab")
        for detector in ["entropy_novelty", "zscore"] {
            let a = try SharedData.temporaryDirectory("nabrun-j1"), b = try SharedData.temporaryDirectory("nabrun-j2")
            _ = try run(nab, detector: detector, jobs: 1, out: a)
            _ = try run(nab, detector: detector, jobs: 2, out: b)
            for file in Self.files {
                let parts = file.split(separator: "/")
                let rel = "\(parts[0])/\(detector)_\(parts[1])"
                let da = try Data(contentsOf: a.appendingPathComponent(rel)), db = try Data(contentsOf: b.appendingPathComponent(rel))
                #expect(da == db, "\(detector) \(file)")
                #expect(!da.isEmpty)
            }
        }
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func unboundedDetectorsAreCalibratedIntoTheUnitInterval() throws
    {
        let nab = try SharedData.require("nab")
        let out = try SharedData.temporaryDirectory("nabrun-cal")
        let outcome = try run(nab, detector: "cusum", jobs: 2, out: out)
        #expect(outcome.calibration == .likelihood)
        let res = try lines(out.appendingPathComponent("artificialWithAnomaly/cusum_art_daily_jumpsup.csv"))
        let scores = res.dropFirst().compactMap { Double($0.split(separator: ",")[2]) }
        #expect(scores.count == 4032)
        #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 })
        // The probation (15 % of 4032 = 604 rows) scores 0; something after it does not.
        #expect(scores[0..<604].allSatisfy { $0 == 0 })
        #expect(scores[604...].contains { $0 > 0 })
    }

    @Test(.enabled(if: SharedData.available("nab"), "needs ../shared/datasets/nab")) func uncalibratedUnboundedScoresAreADataError() throws {
        let nab = try SharedData.require("nab")
        let out = try SharedData.temporaryDirectory("nabrun-none")
        #expect(throws: DataError.self) {
            _ = try NABRun(corpus: nab, out: out, detector: "cusum", fileFilter: ["art_daily_jumpsup"], calibration: .none).run()
        }
        #expect(throws: UsageError.self) {
            _ = try NABRun(corpus: nab, out: out, detector: "entropy_novelty", fileFilter: ["no_such_file"]).run()
        }
        #expect(throws: UsageError.self) {
            _ = try NABRun(corpus: nab, out: out, detector: "entropy_novelty", parameters: ["windw": "3"], fileFilter: Self.subset).run()
        }
    }

    @Test func probationIsFifteenPercentCappedAt750() {
        #expect(NABRun.probation(rows: 4032) == 604)
        #expect(NABRun.probation(rows: 1000) == 150)
        #expect(NABRun.probation(rows: 22_695) == 750)
    }
}
