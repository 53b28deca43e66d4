import Models
import Testing

@Suite struct DetectorScoresTests {
    @Test func scoresWithoutPerSeriesCompareByValue() {
        #expect(DetectorScores(scores: [1, 2]) == DetectorScores(scores: [1, 2]))
        #expect(DetectorScores(scores: [1, 2]) != DetectorScores(scores: [1, 3]))
    }
}
