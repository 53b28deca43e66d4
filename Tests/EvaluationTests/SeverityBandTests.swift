import Evaluation
import Testing

/// `event_recall_subtle|moderate|plain` (METRICS §6.1) on hand-made timelines.
@Suite struct SeverityBandTests {
    static let ts = (0..<40).map { Int64($0) * 60_000 }

    static func window(_ start: Int, _ end: Int, _ z: Double?) -> LabelWindow {
        LabelWindow(startMs: Int64(start) * 60_000, endMs: Int64(end) * 60_000, peakZ: z)
    }

    static func panel(_ windows: [LabelWindow], alarms: Set<Int>) throws -> [String: MetricRecord] {
        let scores = (0..<40).map { alarms.contains($0) ? 1.0 : 0.0 }
        let input = PanelInput(
            dataset: "d", model: "m", seed: 1, timestamps: ts, windows: windows, scores: scores, threshold: 0.5, thresholdPolicy: "fixed")
        return Dictionary(try evaluatePanel(input).records.map { ($0.metric.rawValue, $0) }) { a, _ in a }
    }

    @Test func bandsCutAtFiveAndTwenty() {
        #expect(SeverityBand(peakZ: 0) == .subtle && SeverityBand(peakZ: 4.999) == .subtle)
        #expect(SeverityBand(peakZ: 5) == .moderate && SeverityBand(peakZ: 19.9) == .moderate)
        #expect(SeverityBand(peakZ: 20) == .plain && SeverityBand(peakZ: 1e6) == .plain)
    }

    @Test func recallIsCountedPerBand() throws {
        // Four faults: subtle (missed), moderate (detected), moderate (missed), plain (detected).
        let w = [Self.window(2, 4, 3.2), Self.window(10, 12, 7), Self.window(18, 20, 15), Self.window(28, 30, 250)]
        let r = try Self.panel(w, alarms: [11, 29])
        #expect(r["event_recall_subtle"]?.value == 0)
        #expect(r["event_recall_moderate"]?.value == 0.5)
        #expect(r["event_recall_plain"]?.value == 1)
        #expect(r["event_recall_moderate"]?.parameters["events"] == "2")
        #expect(r["event_recall_plain"]?.parameters["peak_z"] == "[20, inf)")
        // The bands partition the events: their detected counts add up to event recall's.
        #expect(r["event_recall"]?.value == 0.5)
    }

    @Test func aBandWithoutEventsIsUndefinedAndRecordedDataGetsNoRecords() throws {
        let some = try Self.panel([Self.window(2, 4, 30)], alarms: [3])
        #expect(some["event_recall_plain"]?.value == 1)
        #expect(some["event_recall_subtle"] != nil)
        #expect(some["event_recall_subtle"]?.value == nil && some["event_recall_subtle"]?.undefinedReason != nil)
        let recorded = try Self.panel([Self.window(2, 4, nil), Self.window(10, 12, nil)], alarms: [3])
        #expect(recorded.keys.allSatisfy { !$0.hasPrefix("event_recall_") })
        #expect(recorded["event_recall"]?.value == 0.5)
    }

    @Test func overlappingWindowsKeepTheLargerPeak() throws {
        let t = try EventTimeline(series: "s", windows: [Self.window(2, 6, 4), Self.window(5, 9, 40)], timestamps: Self.ts)
        #expect(t.events.count == 1)
        #expect(t.events[0].peakZ == 40)
        let r = try Self.panel([Self.window(2, 6, 4), Self.window(5, 9, 40)], alarms: [3])
        #expect(r["event_recall_plain"]?.value == 1)
        #expect(r["event_recall_subtle"]?.value == nil)
    }

    @Test func detectionUsesTheMatchingSpanOfDetectionTiming() throws {
        // An alarm one row after the window's end counts only with a late tolerance.
        let w = [Self.window(2, 4, 8)]
        let scores = (0..<40).map { $0 == 5 ? 1.0 : 0.0 }
        func recall(lateMs: Int64) throws -> Double? {
            let input = PanelInput(
                dataset: "d", model: "m", seed: 1, timestamps: Self.ts, windows: w, scores: scores, threshold: 0.5, thresholdPolicy: "fixed",
                timing: DetectionTiming.Parameters(lateMs: lateMs))
            let record = try evaluatePanel(input).records.first { $0.metric.rawValue == "event_recall_moderate" }
            return record?.value
        }
        #expect(try recall(lateMs: 0) == 0)
        #expect(try recall(lateMs: 60_000) == 1)
    }
}
