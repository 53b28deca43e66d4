import Evaluation
import Testing

@Suite struct DetectionTimingTests {
    /// Running example on a one-minute grid; event A has its user impact at row 6.
    static func timeline(impactRowA: Int? = 6) throws -> EventTimeline {
        let ts = (0..<20).map { Int64($0) * 60_000 }
        let w = [
            LabelWindow(startMs: 2 * 60_000, endMs: 5 * 60_000, impactMs: impactRowA.map { Int64($0) * 60_000 }),
            LabelWindow(startMs: 12 * 60_000, endMs: 17 * 60_000),
        ]
        return try EventTimeline(series: "s", windows: w, timestamps: ts)
    }

    static func alarms(_ rows: Set<Int>) -> AlarmTrack { AlarmTrack(alarms: (0..<20).map { rows.contains($0) }) }

    @Test func timeToDetectIsFirstAlarmInTheSpanMinusTheStart() throws {
        let t = try DetectionTiming(timeline: Self.timeline(), alarms: Self.alarms([4, 9, 13, 14]))
        #expect(t.delaysSeconds == [120, 60])
        #expect(t.meanTimeToDetect == .defined(90))
        #expect(t.medianTimeToDetect == .defined(90))
        #expect(close(t.p90TimeToDetect, 114))
        #expect(t.missedCount == 0 && t.detectedCount == 2)
    }

    @Test func impactLeadTimeIsImpactMinusFirstAlarm() throws {
        let t = try DetectionTiming(timeline: Self.timeline(), alarms: Self.alarms([4, 9, 13, 14]))
        #expect(t.impactLeadSeconds == [120, nil])
        #expect(t.medianImpactLead == .defined(120))
        let late = try DetectionTiming(timeline: Self.timeline(impactRowA: 3), alarms: Self.alarms([4]))
        #expect(late.impactLeadSeconds[0] == -60)
    }

    @Test func falseAlarmsPerDayCountEpisodesOutsideEverySpan() throws {
        let t = try DetectionTiming(timeline: Self.timeline(), alarms: Self.alarms([4, 9, 13, 14]))
        #expect(t.falseAlarmEpisodes == 1)
        #expect(t.stepMs == 60_000)
        #expect(close(.defined(t.scoredDays), 20.0 / 1440.0))
        #expect(close(t.falseAlarmsPerDay, 72))
    }

    @Test func lateToleranceWidensTheMatchingSpan() throws {
        let t = try DetectionTiming(
            timeline: Self.timeline(), alarms: Self.alarms([4, 9, 13, 14]),
            parameters: .init(lateMs: 4 * 60_000))
        #expect(t.falseAlarmEpisodes == 0)
        #expect(t.falseAlarmsPerDay == .defined(0))
    }

    @Test func earlyToleranceAllowsANegativeDelay() throws {
        let t = try DetectionTiming(
            timeline: Self.timeline(), alarms: Self.alarms([11, 13]),
            parameters: .init(earlyMs: 60_000))
        #expect(t.delaysSeconds == [nil, -60])
        #expect(t.missedCount == 1)
        #expect(t.falseAlarmEpisodes == 0)
    }

    @Test func missedEventsLeaveMTTDUndefinedWithAReason() throws {
        let t = try DetectionTiming(timeline: Self.timeline(), alarms: Self.alarms([9]))
        #expect(t.missedCount == 2)
        #expect(t.meanTimeToDetect.undefinedReason == "no event detected")
        #expect(t.medianImpactLead.value == nil)
        #expect(t.falseAlarmEpisodes == 1)
    }

    @Test func timestampsThatStepBackStillFindTheFirstAlarmInStoredOrder() throws {
        // Row 3 steps back in time into the window; it is the first alarm in stored order inside it.
        let ts: [Int64] = [0, 10_000, 20_000, 5_000, 30_000, 40_000]
        let tl = try EventTimeline(series: "s", windows: [LabelWindow(startMs: 4_000, endMs: 6_000)], timestamps: ts)
        let t = try DetectionTiming(timeline: tl, alarms: AlarmTrack(alarms: [false, false, false, true, false, true]))
        #expect(t.delaysSeconds == [1])
        #expect(t.falseAlarmEpisodes == 1)
    }

    @Test func timingWithoutTimestampsIsAnError() throws {
        let tl = try EventTimeline(series: "s", pointLabels: [false, true])
        #expect(throws: EvaluationError.self) { try DetectionTiming(timeline: tl, alarms: AlarmTrack(alarms: [false, true])) }
    }
}
