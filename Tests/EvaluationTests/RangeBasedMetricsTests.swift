import Evaluation
import Testing

@Suite struct RangeBasedMetricsTests {
    let real = RunningExample.events
    var predicted: [RowInterval] { RunningExample.track.episodes }

    @Test func flatDefaultsFollowTheWorkedExample() throws {
        let m = try RangeBasedMetrics(real: real, predicted: predicted)
        #expect(sixDecimals(m.precision, 0.666667))
        #expect(sixDecimals(m.recall, 0.291667))
        #expect(sixDecimals(m.f, 0.405797))
    }

    @Test func existenceRewardRaisesRecall() throws {
        let m = try RangeBasedMetrics(real: real, predicted: predicted, parameters: .init(alpha: 0.5))
        #expect(sixDecimals(m.recall, 0.645833))
    }

    @Test(arguments: [(RangeBias.front, 0.314286), (.back, 0.269048), (.middle, 0.375)])
    func positionalBiasWeighsTheOverlapRows(bias: RangeBias, expected: Double) throws {
        let m = try RangeBasedMetrics(real: real, predicted: predicted, parameters: .init(recallBias: bias))
        #expect(sixDecimals(m.recall, expected))
    }

    @Test func reciprocalCardinalityDividesARangeOverlappingTwoEvents() throws {
        let m = try RangeBasedMetrics(real: real, predicted: [RowInterval(4, 13)], parameters: .init(cardinality: .reciprocal))
        #expect(sixDecimals(m.precision, 0.2))
        let one = try RangeBasedMetrics(real: real, predicted: [RowInterval(4, 13)], parameters: .init(cardinality: .one))
        #expect(sixDecimals(one.precision, 0.4))
    }

    @Test func perfectPredictionScoresOneUnderEveryBias() throws {
        for bias in RangeBias.allCases {
            let m = try RangeBasedMetrics(real: real, predicted: real, parameters: .init(recallBias: bias, precisionBias: bias))
            #expect(close(m.precision, 1) && close(m.recall, 1) && close(m.f, 1))
        }
    }

    @Test func emptySidesAreUndefinedWithReasons() throws {
        let noPred = try RangeBasedMetrics(real: real, predicted: [])
        #expect(noPred.precision.undefinedReason?.contains("no predicted ranges") == true)
        #expect(noPred.recall == .defined(0))
        #expect(noPred.f.value == nil)
        let noReal = try RangeBasedMetrics(real: [], predicted: predicted)
        #expect(noReal.recall.undefinedReason?.contains("no real ranges") == true)
        #expect(throws: EvaluationError.self) { try RangeBasedMetrics(real: real, predicted: predicted, parameters: .init(alpha: 2)) }
    }
}
