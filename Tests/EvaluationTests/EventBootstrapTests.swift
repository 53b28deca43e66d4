import Evaluation
import Testing

@Suite struct EventBootstrapTests {
    let bootstrap = EventBootstrap(samples: 1000, seed: 7)

    @Test func allDetectedGivesADegenerateRecallIntervalAtOne() throws {
        let (recall, mttd) = bootstrap.intervals(delays: [10, 20, 30, 40])
        #expect(recall?.0 == 1 && recall?.1 == 1)
        guard let m = mttd else { Issue.record("no MTTD interval"); return }
        #expect(m.0 >= 10 && m.1 <= 40 && m.0 < m.1)
    }

    @Test func noneDetectedHasNoMTTDInterval() {
        let (recall, mttd) = bootstrap.intervals(delays: [nil, nil, nil])
        #expect(recall?.0 == 0 && recall?.1 == 0)
        #expect(mttd == nil)
    }

    @Test func halfDetectedBracketsOneHalfAndIsReproducible() {
        let delays: [Double?] = (0..<20).map { $0 % 2 == 0 ? Double($0) : nil }
        let (recall, _) = bootstrap.intervals(delays: delays)
        guard let r = recall else { Issue.record("no recall interval"); return }
        #expect(r.0 < 0.5 && r.1 > 0.5 && r.0 > 0.1 && r.1 < 0.9)
        #expect(EventBootstrap(samples: 1000, seed: 7).intervals(delays: delays).recall! == recall!)
        #expect(EventBootstrap(samples: 1000, seed: 8).intervals(delays: delays).recall! != recall!)
    }

    @Test func annotationAddsTheIntervalToEventRecallOnly() {
        var records = [
            MetricRecord(dataset: "d", model: "m", metric: "event_recall", value: .defined(0.5)),
            MetricRecord(dataset: "d", model: "m", metric: "f1", value: .defined(0.5)),
        ]
        bootstrap.annotate(&records, delays: [1, nil, 3, nil])
        #expect(records[0].parameters["ci95_low"] != nil && records[0].parameters["bootstrap"]?.contains("B=1000") == true)
        #expect(records[1].parameters.isEmpty)
    }
}
