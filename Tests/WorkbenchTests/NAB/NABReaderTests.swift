import Evaluation
import FaultlineTestSupport
import Foundation
import Reports
import Testing
import Workbench

@Suite struct NABReaderTests {
    @Test func anotherDetectorsResultsAreReadAndScored() throws {
        let mini = try NABMiniCorpus.make()
        let corpus = try NABCorpus.load(corpus: mini.corpus, results: mini.results)
        #expect(corpus.detector == "mydet")
        #expect(corpus.files.map(\.name) == [NABMiniCorpus.file])
        #expect(corpus.files[0].windows == [RowInterval(500, 599)])
        let report = try NABReport.make(corpus: corpus, profiles: NABProfile.all, mode: .fixed(0.5))
        #expect(abs(report.entries[0].score.rawScore - 0.762546) < 5e-7)
        #expect(abs(report.entries[1].score.rawScore - 0.558104) < 5e-7)
        #expect(report.entries[0].score.tp == 2 && report.entries[0].score.fp == 2)
    }

    @Test func withoutCommittedThresholdsTheSweepIsUsedAndNamed() throws {
        let mini = try NABMiniCorpus.make()
        let report = try NABReport.make(
            corpus: NABCorpus.load(corpus: mini.corpus, results: mini.results),
            profiles: [.standard], mode: .committedOrOptimize)
        #expect(report.entries[0].thresholdKind == "optimized")
        #expect(report.entries[0].thresholdSource.contains("in-sample optimum"))
        // Best: detect only the 0.9 rows (the window's row 525 outweighs two false positives).
        #expect(report.entries[0].score.threshold == 0.9)
        #expect(report.text().contains("in-sample optimum"))
    }

    @Test func committedThresholdIsReadFromAScoresCSV() throws {
        let mini = try NABMiniCorpus.make()
        let csv =
            "Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count\nmydet,standard,catA/series_one.csv,0.0123,1,0,0,0,0,0\nTotals,,,,1,0,0,0,0,0\n"
        try csv.write(to: mini.results.appendingPathComponent("mydet_standard_scores.csv"), atomically: true, encoding: .utf8)
        let report = try NABReport.make(
            corpus: NABCorpus.load(corpus: mini.corpus, results: mini.results),
            profiles: [.standard], mode: .committedOrOptimize)
        #expect(report.entries[0].thresholdKind == "committed")
        #expect(report.entries[0].thresholdSource == "mydet_standard_scores.csv")
        #expect(report.entries[0].score.threshold == 0.0123)
        #expect(report.entries[0].score.fp == 750)
    }

    @Test func timestampsParseToEpochMilliseconds() throws {
        let mini = try NABMiniCorpus.make()
        let corpus = try NABCorpus.load(corpus: mini.corpus, results: mini.results, detector: "mydet")
        #expect(corpus.files[0].rowCount == 1000)
    }

    static func loadError(_ mini: NABMiniCorpus) -> String? {
        do {
            _ = try NABCorpus.load(corpus: mini.corpus, results: mini.results, detector: "mydet")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func scoreOutsideUnitIntervalNamesFileAndLine() throws {
        let message = Self.loadError(try NABMiniCorpus.make(scoreText: { $0 == 41 ? "1.5" : "0.1" }))
        #expect(message?.contains("mydet_series_one.csv line 43") == true)
        #expect(message?.contains("outside [0, 1]") == true)
    }

    @Test func nanScoreNamesFileAndLine() throws {
        let message = Self.loadError(try NABMiniCorpus.make(scoreText: { $0 == 7 ? "nan" : "0.1" }))
        #expect(message?.contains("line 9") == true)
        #expect(message?.contains("not a finite number") == true)
    }

    @Test func nonNumericScoreNamesFileAndLine() throws {
        let message = Self.loadError(try NABMiniCorpus.make(scoreText: { $0 == 0 ? "high" : "0.1" }))
        #expect(message?.contains("line 2: anomaly_score 'high' is not a number") == true)
    }

    @Test func wrongFieldCountIsMalformed() throws {
        let message = Self.loadError(try NABMiniCorpus.make(extraLine: "2015-01-04 11:20:00,1"))
        #expect(message?.contains("line 1002: 2 fields, the header has 4") == true)
    }

    @Test func missingResultsFileIsNamed() throws {
        let message = Self.loadError(try NABMiniCorpus.make(writeResults: false))
        #expect(message?.contains("mydet_series_one.csv: missing results file") == true)
    }

    @Test func missingFolderIsAUsageError() throws {
        let mini = try NABMiniCorpus.make()
        #expect(throws: UsageError.self) {
            try NABCorpus.load(corpus: mini.corpus, results: mini.root.appendingPathComponent("nope"))
        }
    }

    @Test func readerErrorsMapToDataExitStatus() throws {
        let mini = try NABMiniCorpus.make(scoreText: { $0 == 3 ? "2" : "0.1" })
        do {
            _ = try NABCorpus.load(corpus: mini.corpus, results: mini.results)
            Issue.record("expected an error")
        } catch {
            #expect(ErrorClassification.status(of: error) == .data)
        }
    }
}

@Suite struct NABClippingTests {
    @Test func clippingIsOptInCountedAndPrinted() throws {
        let mini = try NABMiniCorpus.make(scoreText: { $0 == 525 ? "1.25" : ($0 == 300 ? "-0.5" : "0.1") })
        #expect(throws: DataError.self) { try NABCorpus.load(corpus: mini.corpus, results: mini.results) }
        let corpus = try NABCorpus.load(corpus: mini.corpus, results: mini.results, clipScores: true)
        #expect(corpus.clippedScores == 2)
        #expect(corpus.files[0].scores[525] == 1 && corpus.files[0].scores[300] == 0)
        let report = try NABReport.make(corpus: corpus, profiles: [.standard], mode: .fixed(1))
        #expect(report.entries[0].score.tp == 1)
        #expect(report.text().contains("2 scores outside [0, 1] were clipped"))
        #expect(report.json().contains("\"clipped_scores\": 2"))
    }
}
