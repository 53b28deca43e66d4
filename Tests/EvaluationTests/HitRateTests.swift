import Telemetry
import Testing

@testable import Evaluation

/// HitRate@P% (METRICS.md §8) on a worked example: 10 rows, 4 series, four labelled segments.
@Suite struct HitRateTests {
    // A: rows 1…3, G = {0, 2}, alarms at rows 2 and 3 (row 1 is not detected, its large value on series 3 is ignored).
    // B: rows 5…6, G = {3}, alarm at row 5.
    // C: rows 8…9, G = {1}, no alarm: undetected.
    // D: row 7, no named series.
    static let segments = [
        HitRate.Segment(rows: RowInterval(1, 3), series: [0, 2]),
        HitRate.Segment(rows: RowInterval(5, 6), series: [3]),
        HitRate.Segment(rows: RowInterval(8, 9), series: [1]),
        HitRate.Segment(rows: RowInterval(7, 7), series: []),
    ]
    static let alarms = [false, false, true, true, false, true, false, true, false, false]

    static func contributions() throws -> MetricFrame {
        var c = MetricFrame(rows: 10, columns: 4, repeating: 0)
        // Row 1 (undetected row of A): series 3 would win if it counted.
        c[1, 3] = 5.0
        // Rows 2 and 3 (detected rows of A): maxima 0.9, 0.95, 0.3, 0 → ranking 1, 0, 2, 3.
        c[2, 0] = 0.9; c[3, 0] = 0.1
        c[2, 1] = 0.5; c[3, 1] = 0.95
        c[2, 2] = 0.2; c[3, 2] = 0.3
        // Row 5 (detected row of B): series 3 first.
        c[5, 3] = 0.8; c[5, 0] = 0.4
        // Rows 8, 9 (undetected C): would be a hit if counted.
        c[8, 1] = 9
        return c
    }

    @Test func hitRateAt100WeighsSegmentHitsByDetectedRows() throws {
        // A: top ⌊1.0·2⌋ = 2 → {1, 0}, one of G = {0, 2}: 0.5 with 2 detected rows; B: top 1 → {3}: 1.0 with 1 row.
        // (0.5·2 + 1.0·1)/3 = 2/3.
        let h = try HitRate(segments: Self.segments, alarms: Self.alarms, contributions: try Self.contributions(), percent: 100)
        #expect(abs((h.value.value ?? -1) - 2.0 / 3.0) < 1e-12)
        #expect(h.evaluatedSegments == 2 && h.undetectedSegments == 1 && h.segmentsWithoutSeries == 1)
        #expect(h.parameters["undetected_segments"] == "1")
        // Chance: A expects 2/4 of G in a random top 2, B 1/4 in a random top 1: (0.5·2 + 0.25·1)/3.
        #expect(abs((h.chance.value ?? -1) - 1.25 / 3.0) < 1e-12)
    }

    @Test func hitRateAt150LooksAtOneAndAHalfTimesTheTrueDimensions() throws {
        // A: top ⌊1.5·2⌋ = 3 → {1, 0, 2} ⊇ G: 1.0; B: top ⌊1.5⌋ = 1 → {3}: 1.0. Mean 1.0.
        let h = try HitRate(segments: Self.segments, alarms: Self.alarms, contributions: try Self.contributions(), percent: 150)
        #expect(h.value.value == 1.0)
    }

    @Test func equalContributionsScoreExactlyTheChanceLevel() throws {
        let flat = MetricFrame(rows: 10, columns: 4, repeating: 1)
        // One tie block of 4: A expects 2·2/4 = 1 of G = {0, 2} in its top 2 → 0.5; B 1·1/4 of G = {3} → 0.25.
        // (0.5·2 + 0.25·1)/3 = 1.25/3, the chance level; column order (which gave 1/3) no longer matters.
        let h = try HitRate(segments: Self.segments, alarms: Self.alarms, contributions: flat, percent: 100)
        #expect(abs((h.value.value ?? -1) - 1.25 / 3.0) < 1e-12)
        #expect(abs((h.value.value ?? -1) - (h.chance.value ?? 1)) < 1e-12)
    }

    @Test func aTieBlockCutByTheBoundaryCountsItsExpectedHits() {
        // Scores 5 | 3 3 3 | 1, truth {0, 2}: top 2 takes column 0 and one of the three tied → 1 + 1/3.
        #expect(abs(HitRate.expectedHits([5, 3, 3, 3, 1], count: 2, truth: [0, 2]) - 4.0 / 3.0) < 1e-12)
        // Reordering the columns inside the block changes nothing.
        #expect(abs(HitRate.expectedHits([5, 3, 3, 3, 1], count: 2, truth: [0, 3]) - 4.0 / 3.0) < 1e-12)
        #expect(HitRate.expectedHits([5, 3, 3, 3, 1], count: 4, truth: [4]) == 0)
        #expect(HitRate.expectedHits([2, 1], count: 5, truth: [1]) == 1)
    }

    /// A tie cut by the top-n boundary inside a whole HitRate: segment A (G = {0, 2}) has maxima 0.5, 0.9,
    /// 0.5, 0.5 over its detected rows; top ⌊1.0·2⌋ = 2 takes column 1 and one of the three tied columns
    /// 0, 2, 3, which hold 2 of the truth: 2/3 expected hits of |G| = 2 → 1/3. Lowest-column-first would
    /// give 1/2, highest-first 0; mirroring the column order must not move it.
    @Test func aPartialTieInsideASegmentScoresItsExpectation() throws {
        let segment = [HitRate.Segment(rows: RowInterval(1, 3), series: [0, 2])]
        var c = MetricFrame(rows: 10, columns: 4, repeating: 0)
        c[2, 1] = 0.9
        for col in [0, 2, 3] { c[3, col] = 0.5 }
        let h = try HitRate(segments: segment, alarms: Self.alarms, contributions: c, percent: 100)
        #expect(abs((h.value.value ?? -1) - 1.0 / 3.0) < 1e-12)
        var mirrored = MetricFrame(rows: 10, columns: 4, repeating: 0)
        for r in 0..<10 { for col in 0..<4 { mirrored[r, 3 - col] = c[r, col] } }
        let m = try HitRate(
            segments: [HitRate.Segment(rows: RowInterval(1, 3), series: [3, 1])], alarms: Self.alarms, contributions: mirrored,
            percent: 100)
        #expect(abs((m.value.value ?? -1) - 1.0 / 3.0) < 1e-12)
    }

    @Test func noDetectedSegmentIsUndefinedWithAReason() throws {
        let h = try HitRate(
            segments: Self.segments, alarms: [Bool](repeating: false, count: 10),
            contributions: try Self.contributions(), percent: 150)
        #expect(h.value.value == nil)
        #expect(h.undetectedSegments == 3)
        let none = try HitRate(
            segments: [HitRate.Segment(rows: RowInterval(0, 1), series: [])], alarms: Self.alarms,
            contributions: try Self.contributions(), percent: 100)
        #expect(none.value == .undefined("no labelled segment names its series"))
    }

    @Test func misalignedInputsAreErrors() throws {
        #expect(throws: EvaluationError.self) {
            try HitRate(segments: Self.segments, alarms: [true], contributions: try Self.contributions(), percent: 100)
        }
        #expect(throws: EvaluationError.self) {
            try HitRate(
                segments: [HitRate.Segment(rows: RowInterval(0, 1), series: [4])], alarms: Self.alarms,
                contributions: try Self.contributions(), percent: 100)
        }
        #expect(throws: EvaluationError.self) {
            try HitRate(
                segments: [HitRate.Segment(rows: RowInterval(5, 12), series: [0])], alarms: Self.alarms,
                contributions: try Self.contributions(), percent: 100)
        }
    }
}
