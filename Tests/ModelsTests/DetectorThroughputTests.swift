import Models
import Testing

@Suite struct DetectorThroughputTests {
    @Test func aMeasurementReportsEveryRunAndCountsScoredPoints() throws {
        let r = try DetectorThroughput.measureSynthetic(model: "zscore", parameters: ["window": "8"], rows: 500, series: 2,
                                                         trainingRows: 100, runs: 3)
        #expect(r.points == 1000 && r.trainingRows == 100)
        #expect(r.timing.samplesSeconds.count == 3 && r.timing.warmup == 1)
        #expect(r.timing.minSeconds <= r.timing.medianSeconds && r.timing.medianSeconds <= r.timing.maxSeconds)
        #expect(r.detector == "zscore(window=8)")
        #expect(throws: ModelError.self) { try DetectorThroughput.measureSynthetic(model: "zscor", rows: 10, runs: 1) }
    }
}
