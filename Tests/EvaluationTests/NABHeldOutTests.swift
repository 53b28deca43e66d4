import Evaluation
import Testing

@Suite struct NABHeldOutTests {
    /// A 1000-row file with a window on rows 500–599 and a detection at `hit` (score 0.9, else 0.1).
    static func file(_ name: String, hit: Int) -> NABFile {
        var scores = [Double](repeating: 0.1, count: 1000)
        scores[hit] = 0.9
        return NABFile(name: name, windows: [RowInterval(500, 599)], scores: scores)
    }

    @Test func identicalFilesScoreTheSameHeldOutAsInSample() throws {
        let files = (0..<6).map { Self.file("f\($0).csv", hit: 500) }
        let inSample = try NABScorer(files: Array(files[0..<3])).optimize(profile: .standard)
        let out = try NABHeldOut.evaluate(files: files, profiles: [.standard, .rewardLowFNRate], splits: 3)
        #expect(out.count == 2)
        #expect(out[0].folds.count == 6 && out[0].undefinedFolds == 0)
        for v in out[0].folds { #expect(abs(v - (inSample.normalizedScore.value ?? -1)) < 1e-12) }
        #expect(abs((out[0].mean.value ?? 0) - 100) < 1e-9)  // first-row detection, no false positive
    }

    @Test func aThresholdChosenOnOneHalfCanMissTheOther() throws {
        // Half the files are hit at 0.9 inside the window; the others only at 0.5 inside it and a
        // 0.9 false positive before it. Held-out folds then differ from one another.
        var files: [NABFile] = []
        for k in 0..<4 { files.append(Self.file("good\(k).csv", hit: 520)) }
        for k in 0..<4 {
            var f = Self.file("bad\(k).csv", hit: 300)
            f.scores[550] = 0.5
            files.append(f)
        }
        let out = try NABHeldOut.evaluate(files: files, profiles: [.standard], splits: 5)
        let folds = out[0].folds
        #expect(folds.count == 10)
        #expect((folds.max() ?? 0) > (folds.min() ?? 0))
        for v in folds { #expect(v <= 100 + 1e-9) }  // never above a perfect detector
        // A half holding only "bad" files at the threshold of an all-"good" half (0.9) pays the false
        // positive and misses every window; the mean therefore sits below the perfect 100.
        #expect((out[0].mean.value ?? 100) < 100)
    }

    @Test func oneFileIsNotEnough() {
        #expect(throws: EvaluationError.self) { try NABHeldOut.evaluate(files: [Self.file("a.csv", hit: 500)], profiles: [.standard]) }
    }
}
