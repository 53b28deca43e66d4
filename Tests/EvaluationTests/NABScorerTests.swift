import Evaluation
import Foundation
import Telemetry
import Testing

@Suite struct NABScorerTests {
    /// METRICS §4 example: n = 1000 (p = 150), window rows 500–599, detections at 100, 300, 525, 550, 650.
    static func exampleFile(detections: [Int] = [100, 300, 525, 550, 650]) -> NABFile {
        var s = [Double](repeating: 0, count: 1000)
        for r in detections { s[r] = 1 }
        return NABFile(name: "example.csv", windows: [RowInterval(500, 599)], scores: s)
    }

    @Test func sigmoidMatchesThePrintedValues() {
        #expect(abs(NABScorer.sigmoid(-1) - 0.986614) < 5e-7)
        #expect(abs(NABScorer.sigmoid(-0.5) - 0.848284) < 5e-7)
        #expect(abs(NABScorer.sigmoid(1) + 0.986614) < 5e-7)
        #expect(NABScorer.sigmoid(3.0001) == -1)
        #expect(NABScorer.sigmoid(0) == 0)
    }

    @Test func probationIsFifteenPercentCappedAt750() {
        #expect(NABFile.probationRows(rowCount: 1000) == 150)
        #expect(NABFile.probationRows(rowCount: 4032) == 604)
        #expect(NABFile.probationRows(rowCount: 22695) == 750)
    }

    @Test func workedExampleScoresPerProfile() throws {
        let scorer = try NABScorer(files: [Self.exampleFile()])
        let st = scorer.score(profile: .standard, threshold: 0.5)
        #expect(abs(st.rawScore - 0.762546) < 5e-7)
        #expect(st.tp == 2 && st.fp == 2 && st.fn == 98 && st.tn == 748)
        #expect(st.windowsDetected == 1)
        #expect(abs((st.meanCreditPerDetectedWindow.value ?? 0) - 0.966989) < 5e-7)
        #expect(abs((st.normalizedScore.value ?? 0) - 88.127) < 5e-4)
        let lowFP = scorer.score(profile: .rewardLowFPRate, threshold: 0.5)
        #expect(abs(lowFP.rawScore - 0.558104) < 5e-7)
        #expect(abs((lowFP.normalizedScore.value ?? 0) - 77.905) < 5e-4)
        let lowFN = scorer.score(profile: .rewardLowFNRate, threshold: 0.5)
        #expect(abs(lowFN.rawScore - 0.762546) < 5e-7)
        #expect(abs((lowFN.normalizedScore.value ?? 0) - 92.085) < 5e-4)
    }

    @Test func rowValuesFollowTheTable() throws {
        // Row 525: y = −0.75 → σ(−0.75)/σ(−1) = 0.966989; row 650: y = 51/99 → 0.11·σ(0.515152) = −0.094443.
        let only525 = try NABScorer(files: [Self.exampleFile(detections: [525])]).score(profile: .standard, threshold: 0.5)
        #expect(abs(only525.rawScore - 0.966989) < 5e-7)
        let only650 = try NABScorer(files: [Self.exampleFile(detections: [650])]).score(profile: .standard, threshold: 0.5)
        #expect(abs(only650.rawScore - (-1 - 0.094443)) < 5e-7)
        let only300 = try NABScorer(files: [Self.exampleFile(detections: [300])]).score(profile: .standard, threshold: 0.5)
        #expect(abs(only300.rawScore - (-1 - 0.11)) < 1e-12)
        // First row of a window earns exactly A_TP.
        let first = try NABScorer(files: [Self.exampleFile(detections: [500])]).score(profile: .standard, threshold: 0.5)
        #expect(first.rawScore == 1)
    }

    @Test func detectionsInsideProbationAreIgnored() throws {
        let s = try NABScorer(files: [Self.exampleFile(detections: [0, 100, 149])]).score(profile: .standard, threshold: 0.5)
        #expect(s.rawScore == -1)
        #expect(s.fp == 0 && s.tn == 850 - 100)
        let edge = try NABScorer(files: [Self.exampleFile(detections: [150])]).score(profile: .standard, threshold: 0.5)
        #expect(abs(edge.rawScore - (-1.11)) < 1e-12)
    }

    @Test func onlyTheFirstDetectionInAWindowCounts() throws {
        let one = try NABScorer(files: [Self.exampleFile(detections: [525])]).score(profile: .standard, threshold: 0.5)
        let more = try NABScorer(files: [Self.exampleFile(detections: [525, 526, 590, 599])]).score(profile: .standard, threshold: 0.5)
        #expect(one.rawScore == more.rawScore)
        #expect(more.tp == 4)
    }

    @Test func falsePositiveAfterAWindowUsesWidthMinusOne() throws {
        // Window of 100 rows ending at 599: row 600 has y = 1/99, row 897 y = 298/99 ≤ 3, row 898 y = 299/99 > 3.
        for (row, y) in [(600, 1.0 / 99), (700, 101.0 / 99), (897, 298.0 / 99)] {
            let s = try NABScorer(files: [Self.exampleFile(detections: [row])]).score(profile: .standard, threshold: 0.5)
            #expect(abs(s.rawScore - (-1 + 0.11 * NABScorer.sigmoid(y))) < 1e-12, "row \(row)")
        }
        let far = try NABScorer(files: [Self.exampleFile(detections: [898])]).score(profile: .standard, threshold: 0.5)
        #expect(abs(far.rawScore - (-1.11)) < 1e-12)
    }

    @Test func oneRowWindowIsRejected() {
        let f = NABFile(name: "x.csv", windows: [RowInterval(500, 500)], scores: [Double](repeating: 0, count: 1000))
        #expect(throws: EvaluationError.self) { try NABScorer(files: [f]) }
    }

    @Test func windowInsideProbationIsRejected() {
        let f = NABFile(name: "x.csv", windows: [RowInterval(100, 200)], scores: [Double](repeating: 0, count: 1000))
        #expect {
            try NABScorer(files: [f])
        } throws: { e in
            (e as? EvaluationError)?.description.contains("probationary") == true
        }
    }

    @Test func scoresOutsideUnitIntervalOrNaNAreRejected() {
        var s = [Double](repeating: 0, count: 1000)
        s[10] = 1.5
        #expect(throws: EvaluationError.scoreOutOfRange(series: "x.csv", row: 10, value: 1.5)) {
            try NABScorer(files: [NABFile(name: "x.csv", windows: [], scores: s)])
        }
        s[10] = .nan
        #expect(throws: EvaluationError.self) { try NABScorer(files: [NABFile(name: "x.csv", windows: [], scores: s)]) }
    }

    @Test func equalScoresEnterTogetherInTheSweep() throws {
        // Rows 300 (FP, −0.11) and 500 (window start, +1 +1) share 0.9: θ = 0.9 takes both.
        var s = [Double](repeating: 0, count: 1000)
        s[300] = 0.9; s[500] = 0.9
        let scorer = try NABScorer(files: [NABFile(name: "x.csv", windows: [RowInterval(500, 599)], scores: s)])
        let best = scorer.optimize(profile: .standard)
        #expect(best.threshold == 0.9)
        #expect(abs(best.rawScore - 0.89) < 1e-12)
        #expect(best.tp == 1 && best.fp == 1)
    }

    @Test func sweepTiesGoToTheHighestThreshold() throws {
        // 0.8 detects row 500 (S = 1); 0.6 adds row 510, a later detection in the same window (S still 1).
        var s = [Double](repeating: 0, count: 1000)
        s[500] = 0.8; s[510] = 0.6
        let scorer = try NABScorer(files: [NABFile(name: "x.csv", windows: [RowInterval(500, 599)], scores: s)])
        let best = scorer.optimize(profile: .standard)
        #expect(best.threshold == 0.8)
        #expect(best.rawScore == 1)
    }

    @Test func sweepKeepsNoDetectionWhenEveryAlarmHurts() throws {
        var s = [Double](repeating: 0, count: 1000)
        s[300] = 0.7
        // All rows at 0 score would detect everything at θ = 0: far worse than nothing.
        let scorer = try NABScorer(files: [NABFile(name: "x.csv", windows: [RowInterval(500, 599)], scores: s)])
        let best = scorer.optimize(profile: .standard)
        #expect(best.threshold == 1.1)
        #expect(best.rawScore == -1)
        #expect(best.normalizedScore == .defined(0))
    }

    @Test(arguments: [5, 6, 7])
    func sweepAgreesWithScoringEveryCandidate(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        var files: [NABFile] = []
        for f in 0..<3 {
            let n = 200 + Int(g.next() % 200)
            let s = (0..<n).map { _ in Double(g.next() % 40) / 40 }
            let l = n / 2, r = n / 2 + 10 + Int(g.next() % 20)
            files.append(NABFile(name: "f\(f).csv", windows: f == 2 ? [] : [RowInterval(l, min(r, n - 1))], scores: s))
        }
        let scorer = try NABScorer(files: files)
        for profile in NABProfile.all {
            let best = scorer.optimize(profile: profile)
            let candidates = [1.1] + Set(files.flatMap(\.scores)).sorted(by: >)
            var bestTheta = 1.1, bestS = -Double.infinity
            for theta in candidates {
                let v = scorer.score(profile: profile, threshold: theta).rawScore
                if v > bestS + 1e-12 { bestS = v; bestTheta = theta }
            }
            #expect(best.threshold == bestTheta, "\(profile.name)")
            #expect(abs(best.rawScore - bestS) < 1e-9)
        }
    }

    /// NAB's corpus score at θ read straight from METRICS §4, row by row, with its own σ: no precomputed
    /// row values, no sweep, nothing shared with `NABScorer`.
    static func directScore(_ files: [NABFile], _ prof: NABProfile, _ theta: Double) -> Double {
        func sigma(_ y: Double) -> Double { y > 3 ? -1 : 2 / (1 + exp(5 * y)) - 1 }
        var total = 0.0
        for f in files {
            let n = f.scores.count
            var best = [Double?](repeating: nil, count: f.windows.count)
            for i in min(n * 15 / 100, 750)..<n where f.scores[i] >= theta {
                if let k = f.windows.firstIndex(where: { $0.start <= i && i <= $0.end }) {
                    let w = f.windows[k]
                    let v = prof.tpWeight * sigma(-Double(w.end - i + 1) / Double(w.end - w.start + 1)) / sigma(-1)
                    best[k] = max(best[k] ?? -.infinity, v)
                } else if let k = f.windows.lastIndex(where: { $0.end < i }) {
                    let w = f.windows[k]
                    total += prof.fpWeight * sigma(Double(i - w.end) / Double(w.end - w.start))
                } else {
                    total -= prof.fpWeight
                }
            }
            for b in best { total += b ?? -prof.fnWeight }
        }
        return total
    }

    /// The optimiser against an independent brute force: on NAB-like corpora (several windows per file,
    /// scores on a coarse grid so ties abound, a file without windows, detections in probation), score
    /// every candidate (1.1 and each distinct score) with `directScore` and keep the first maximum from
    /// the top. `optimize` must find the same θ and S. Catches wrong row values shared by `score` and
    /// `optimize` (w instead of w − 1 after a window, probation off by one, a later detection counted, the
    /// lowest θ among ties), which the per-threshold comparison above cannot see.
    @Test(arguments: [11, 12, 13, 14])
    func optimumMatchesAnIndependentBruteForce(seed: UInt64) throws {
        var g = SplitMix64(seed: seed)
        var files: [NABFile] = []
        for f in 0..<4 {
            let n = 300 + Int(g.next() % 300)
            var windows: [RowInterval] = []
            var start = NABFile.probationRows(rowCount: n) + Int(g.next() % 30)
            while f != 3, start + 40 < n {
                let w = 5 + Int(g.next() % 30)
                windows.append(RowInterval(start, start + w - 1))
                start += w + 20 + Int(g.next() % 80)
            }
            let scores = (0..<n).map { i in
                let inside = windows.contains { $0.start <= i && i <= $0.end }
                return min(1, Double(g.next() % 12) / 20 + (inside && g.next() % 4 == 0 ? 0.45 : 0))
            }
            files.append(NABFile(name: "f\(f).csv", windows: windows, scores: scores))
        }
        let scorer = try NABScorer(files: files)
        let order = scorer.descendingOrder()
        for profile in NABProfile.all {
            var bestTheta = 1.1, bestS = Self.directScore(files, profile, 1.1)
            for theta in Set(files.flatMap(\.scores)).sorted(by: >) {
                let v = Self.directScore(files, profile, theta)
                if v > bestS + 1e-12 { (bestS, bestTheta) = (v, theta) }
            }
            let best = scorer.optimize(profile: profile, order: order)
            #expect(best.threshold == bestTheta, "\(profile.name) seed \(seed)")
            #expect(abs(best.rawScore - bestS) < 1e-9, "\(profile.name) seed \(seed)")
        }
    }

    @Test func fileFromTheEventModelScoresLikeRowWindows() throws {
        let ts = (0..<1000).map { Int64($0) * 60_000 }
        let timeline = try EventTimeline(series: "sim", windows: [LabelWindow(startMs: 500 * 60_000, endMs: 599 * 60_000)], timestamps: ts)
        let file = try NABFile(name: "sim", timeline: timeline, scores: Self.exampleFile().scores)
        #expect(file.windows == [RowInterval(500, 599)])
        let s = try NABScorer(files: [file]).score(profile: .standard, threshold: 0.5)
        #expect(abs(s.rawScore - 0.762546) < 5e-7)
        #expect(throws: EvaluationError.self) { try NABFile(name: "sim", timeline: timeline, scores: [0.5]) }
    }

    @Test func corpusWithoutWindowsHasUndefinedNormalisedScore() throws {
        let scorer = try NABScorer(files: [NABFile(name: "x.csv", windows: [], scores: [Double](repeating: 0, count: 100))])
        #expect(scorer.score(profile: .standard, threshold: 0.5).normalizedScore.value == nil)
    }

    @Test func profilesNameTheirMetricIdentifiers() {
        #expect(NABProfile.all.map(\.metricIdentifier) == ["nab_standard", "nab_reward_low_fp_rate", "nab_reward_low_fn_rate"])
        #expect(NABProfile.standard.rawMetricIdentifier == "nab_raw_standard")
    }
}
