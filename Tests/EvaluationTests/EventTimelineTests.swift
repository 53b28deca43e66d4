import Evaluation
import Testing

@Suite struct EventTimelineTests {
    @Test func windowEndsAreInclusiveInTime() throws {
        let ts: [Int64] = [0, 10, 20, 30, 40, 50]
        let t = try EventTimeline(series: "s", windows: [LabelWindow(startMs: 10, endMs: 30)], timestamps: ts)
        #expect(t.eventRows == [RowInterval(1, 3)])
        #expect(t.labels == [false, true, true, true, false, false])
    }

    @Test func windowBetweenSamplesBecomesTheRowsInside() throws {
        let ts: [Int64] = [0, 10, 20, 30, 40, 50]
        let t = try EventTimeline(series: "s", windows: [LabelWindow(startMs: 5, endMs: 29)], timestamps: ts)
        #expect(t.eventRows == [RowInterval(1, 2)])
    }

    @Test func overlappingWindowsMergeAndKeepTheEarliestImpact() throws {
        let ts: [Int64] = Array(stride(from: 0, through: 100, by: 10))
        let t = try EventTimeline(
            series: "s",
            windows: [
                LabelWindow(startMs: 40, endMs: 70, impactMs: 65),
                LabelWindow(startMs: 10, endMs: 40, impactMs: 80),
            ], timestamps: ts)
        #expect(t.eventRows == [RowInterval(1, 7)])
        #expect(t.events[0].startMs == 10 && t.events[0].endMs == 70 && t.events[0].impactMs == 65)
    }

    @Test func touchingWindowsStayTwoEvents() throws {
        let ts: [Int64] = Array(0..<10)
        let t = try EventTimeline(series: "s", windows: [LabelWindow(startMs: 2, endMs: 4), LabelWindow(startMs: 5, endMs: 7)], timestamps: ts)
        #expect(t.eventRows == [RowInterval(2, 4), RowInterval(5, 7)])
        // The point labels read back from them are one run; the event list keeps two.
        #expect(RowInterval.runs(of: t.labels) == [RowInterval(2, 7)])
    }

    @Test func windowInAGapMatchesNoRowAndIsReported() throws {
        let ts: [Int64] = [0, 100, 200]
        let t = try EventTimeline(series: "s", windows: [LabelWindow(startMs: 10, endMs: 90)], timestamps: ts)
        #expect(t.events.isEmpty)
        #expect(t.windowsWithoutRows == 1)
    }

    @Test func pointLabelsBecomeMaximalRuns() throws {
        let y = [false, true, true, false, true, false, false, true]
        let t = try EventTimeline(series: "s", pointLabels: y, timestamps: (0..<8).map { Int64($0) * 60_000 })
        #expect(t.eventRows == [RowInterval(1, 2), RowInterval(4, 4), RowInterval(7, 7)])
        #expect(t.events[0].startMs == 60_000 && t.events[0].endMs == 120_000)
        #expect(t.labels == y)
    }

    @Test func timestampsThatStepBackAreKeptInStoredOrder() throws {
        let ts: [Int64] = [0, 10, 20, 10, 30]
        let t = try EventTimeline(series: "s", windows: [LabelWindow(startMs: 10, endMs: 10)], timestamps: ts)
        #expect(t.timestampsStepBack)
        #expect(t.eventRows == [RowInterval(1, 3)])
    }

    @Test func windowEndingBeforeItStartsIsAnError() {
        #expect(throws: EvaluationError.self) {
            try EventTimeline(series: "s", windows: [LabelWindow(startMs: 10, endMs: 5)], timestamps: [0, 10])
        }
    }

    @Test func nonFiniteScoreIsAnErrorNamingTheRow() {
        #expect(throws: EvaluationError.nonFiniteScore(series: "cpu", row: 2, value: .infinity)) {
            try AlarmTrack(series: "cpu", scores: [0, 1, .infinity], threshold: 0.5)
        }
    }

    @Test func alarmsAreScoresAtOrAboveTheThreshold() throws {
        let a = try AlarmTrack(series: "s", scores: [0.1, 0.5, 0.49, 0.7, 0.5], threshold: 0.5)
        #expect(a.alarms == [false, true, false, true, true])
        #expect(a.episodes == [RowInterval(1, 1), RowInterval(3, 4)])
        #expect(a.alarmCount == 3)
    }
}

@Suite struct EventRoundTripTests {
    @Test func windowsAlignedToRowsRoundTripThroughTheTimeline() throws {
        let ts: [Int64] = Array(stride(from: 0, to: 200, by: 10))
        let windows = [LabelWindow(startMs: 20, endMs: 50, impactMs: 40), LabelWindow(startMs: 120, endMs: 120)]
        let t = try EventTimeline(series: "s", windows: windows, timestamps: ts)
        #expect(t.labelWindows == windows)
        // Point labels read back give the same events.
        let again = try EventTimeline(series: "s", pointLabels: t.labels, timestamps: ts)
        #expect(again.eventRows == t.eventRows)
        #expect(again.labelWindows.map(\.startMs) == [20, 120])
    }

    @Test func panelAcceptsPointLabelsInsteadOfWindows() throws {
        var inp = PanelTests.input()
        inp.windows = []
        inp.pointLabels = RunningExample.labels
        let r = try evaluatePanel(inp)
        #expect(sixDecimals(r.record("pa_k_auc")?.metricValue ?? .undefined(""), 0.594444))
        #expect(r.record("time_to_detect_median_s")?.parameters["p90_s"] == "1.900000")
    }
}
