import Evaluation
import Testing

@Suite struct EventWiseMetricsTests {
    @Test func runningExampleGivesEventRecallOneAndCompositeF() {
        let m = EventWiseMetrics(events: RunningExample.events, episodes: RunningExample.track.episodes)
        #expect(RunningExample.track.episodes == [RowInterval(4, 4), RowInterval(9, 9), RowInterval(13, 14)])
        #expect(m.recall == .defined(1))
        #expect(close(m.precision, 2.0 / 3.0))
        #expect(sixDecimals(m.compositeF(pointPrecision: .defined(0.75)), 0.857143))
    }

    @Test func episodeSpanningTwoEventsDetectsBothAndCountsOnce() {
        let m = EventWiseMetrics(events: RunningExample.events, episodes: [RowInterval(4, 13)])
        #expect(m.detectedEvents == 2 && m.matchedEpisodes == 1 && m.episodes == 1)
    }

    @Test func compositeFIsZeroWhenNoEventIsDetectedAndUndefinedWithoutEvents() {
        let silent = EventWiseMetrics(events: RunningExample.events, episodes: [])
        #expect(silent.recall == .defined(0))
        #expect(silent.compositeF(pointPrecision: .undefined("no alarms")) == .defined(0))
        #expect(silent.precision.value == nil)
        let none = EventWiseMetrics(events: [], episodes: [RowInterval(1, 1)])
        #expect(none.recall.undefinedReason == "no events")
        #expect(none.compositeF(pointPrecision: .defined(0)).value == nil)
    }
}
