import Models
import Testing

@Suite struct AlertHoldTests {
    @Test func aHoldSpansWholeStepsPlusTheFirstRow() {
        #expect(AlertHold.rows(holdMs: 120_000, stepMs: 15_000) == 9)  // Prometheus: 0, 15, …, 120 s
        #expect(AlertHold.rows(holdMs: 0, stepMs: 15_000) == 1)
        #expect(AlertHold.rows(holdMs: 20_000, stepMs: 15_000) == 2)
    }

    @Test func theTrailingMinimumMatchesBruteForce() {
        var rng = SeededGenerator(seed: 3)
        let s = (0..<300).map { _ in (rng.nextUniform() * 10).rounded() }
        for k in [1, 2, 5, 40] {
            let fast = AlertHold.trailingMinimum(s, rows: k)
            let slow = s.indices.map { t in s[max(0, t - k + 1)...t].min() ?? 0 }
            #expect(fast == slow, "k = \(k)")
        }
    }

    @Test func theLiveTrailingMinimumGivesTheBatchOneRowByRow() {
        var rng = SeededGenerator(seed: 11)
        // Long enough for the live deque to drop its consumed front several times; ties included.
        let s = (0..<2_000).map { _ in (rng.nextUniform() * 20).rounded() }
        for k in [1, 2, 3, 9, 64] {
            var live = AlertHold.Live(rows: k)
            #expect(s.map { live.push($0) } == AlertHold.trailingMinimum(s, rows: k), "k = \(k)")
        }
        var decreasing = AlertHold.Live(rows: 4)
        let falling: [Double] = (0..<50).map { Double(50 - $0) }
        let held: [Double] = falling.map { decreasing.push($0) }
        #expect(held == falling)
    }

    @Test func aHeldPolicyAlarmsOnlyOnceTheConditionHeldForTheWholeSpan() throws {
        let spec = try ThresholdSpec(policy: "fixed", parameters: ["value": "5", "for": "30s"])
        #expect(spec.holdMs == 30_000)
        #expect(spec.description.hasSuffix("held for 30s"))
        #expect(spec.parameters["for"] == "30s")
        let rows = AlertHold.rows(holdMs: spec.holdMs, stepMs: 15_000)  // 3 rows
        let scores: [Double] = [1, 6, 6, 1, 6, 6, 6, 6]
        let out = try spec.apply(trainingScores: [], testScores: AlertHold.trailingMinimum(scores, rows: rows))
        #expect(out.alarms == [false, false, false, false, false, false, true, true])
        // Rows before the window is full take the minimum of what was seen: a first row at 6 alarms.
        #expect(AlertHold.trailingMinimum([6, 1], rows: 3) == [6, 1])
        #expect(throws: ModelError.self) { try ThresholdSpec(policy: "fixed", parameters: ["value": "5", "for": "soon"]) }
    }
}
