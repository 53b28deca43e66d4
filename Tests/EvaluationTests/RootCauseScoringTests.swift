import Evaluation
import Testing

/// METRICS.md §8 and §8.1: the worked examples and the tie rule.
@Suite struct RootCauseScoringTests {
    /// Ranking of n entities with the true cause at `rank` (distinct scores).
    static func ranked(n: Int, truthAt rank: Int) -> [ScoredEntity] {
        (1...n).map { ScoredEntity(entity: $0 == rank ? "t" : "e\($0)", score: Double(n - $0)) }
    }

    @Test func workedExampleOfSection8() {
        let scores = [1, 3, 7].enumerated().map { i, r in
            RootCauseScoring.score(caseID: "c\(i)", faultType: "f", ranking: Self.ranked(n: 10, truthAt: r), truth: ["t"], candidates: [])
        }
        let s = RootCauseSummary.summarise(ranker: "x", group: "f", scores, resamples: 0)
        #expect(abs(s.accuracy[0] - 1.0 / 3) < 1e-12)
        #expect(abs(s.accuracy[2] - 2.0 / 3) < 1e-12 && abs(s.accuracy[4] - 2.0 / 3) < 1e-12)
        #expect(abs(s.avg5 - 0.533333) < 1e-6)
        #expect(abs(s.mrr - 0.492063) < 1e-6)
        #expect(abs(s.chanceAvg5 - 0.3) < 1e-12)
        #expect(abs(s.chanceMRR - 0.292897) < 1e-6)
        #expect(abs(s.lift5 - 1.777778) < 1e-6)
        #expect(s.rankMedian == 3)
        #expect(s.tiedCases == 0)
    }

    /// A block of 4 at positions 2…5 holding the cause: AC@1 0, AC@2 1/4, AC@3 2/4, AC@5 1;
    /// E[1/rank] = (1/2 + 1/3 + 1/4 + 1/5)/4; E[rank] = 3.5.
    @Test func aTieBlockScoresItsExpectation() {
        let ranking =
            [ScoredEntity(entity: "a", score: 9)] + ["b", "t", "c", "d"].map { ScoredEntity(entity: $0, score: 5) }
            + [ScoredEntity(entity: "e", score: 1)]
        let s = RootCauseScoring.score(caseID: "c", faultType: "f", ranking: ranking, truth: ["t"], candidates: [])
        #expect(s.accuracy == [0, 0.25, 0.5, 0.75, 1])
        #expect(abs(s.reciprocalRank - (1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5) / 4) < 1e-12)
        #expect(s.rank == 3.5)
        #expect(s.tieBlock == 4)
        // Input order inside the block does not matter.
        let reordered = [ranking[0], ranking[4], ranking[3], ranking[2], ranking[1], ranking[5]]
        #expect(RootCauseScoring.score(caseID: "c", faultType: "f", ranking: reordered, truth: ["t"], candidates: []).accuracy == s.accuracy)
    }

    /// All candidates tied: every figure equals its chance level.
    @Test func anAllTiedRankingScoresExactlyTheChanceLevel() {
        let ranking = (0..<7).map { ScoredEntity(entity: $0 == 3 ? "t" : "e\($0)", score: 0) }
        let s = RootCauseScoring.score(caseID: "c", faultType: "f", ranking: ranking, truth: ["t"], candidates: [])
        for i in 0..<5 { #expect(abs(s.accuracy[i] - s.chanceAccuracy[i]) < 1e-12) }
        #expect(abs(s.reciprocalRank - s.chanceReciprocalRank) < 1e-12)
    }

    /// Candidates the ranking omits (and a true cause it omits) form one tie block at the end.
    @Test func omittedCandidatesAreOneBlockAtTheEnd() {
        let ranking = [ScoredEntity(entity: "a", score: 2), ScoredEntity(entity: "b", score: 1)]
        let s = RootCauseScoring.score(caseID: "c", faultType: "f", ranking: ranking, truth: ["t"], candidates: ["a", "b", "t", "u"])
        #expect(s.candidateCount == 4)
        #expect(s.accuracy == [0, 0, 0.5, 1, 1])
        #expect(s.rank == 3.5)
    }

    @Test func twoTrueCausesFollowTheChanceFormula() {
        #expect(RootCauseScoring.chanceAccuracy(k: 1, n: 10, m: 2) == 0.2)
        #expect(RootCauseScoring.chanceAccuracy(k: 3, n: 10, m: 2) == 0.3)
        let ranking = (0..<4).map { ScoredEntity(entity: ["t", "u", "a", "b"][$0], score: 0) }
        let s = RootCauseScoring.score(caseID: "c", faultType: "f", ranking: ranking, truth: ["t", "u"], candidates: [])
        // Block of 4 with 2 causes: P(first at 1) = 1/2, at 2 = 1/3, at 3 = 1/6.
        #expect(abs(s.reciprocalRank - (0.5 + 1.0 / 6 + 1.0 / 18)) < 1e-12)
        #expect(abs(s.accuracy[0] - 0.5) < 1e-12 && abs(s.accuracy[1] - 0.5) < 1e-12)
    }

    @Test func theBootstrapIsSeededAndBracketsTheMean() throws {
        let scores = (1...12).map { r in
            RootCauseScoring.score(caseID: "c\(r)", faultType: "f", ranking: Self.ranked(n: 13, truthAt: r), truth: ["t"], candidates: [])
        }
        let a = RootCauseSummary.summarise(ranker: "x", group: "f", scores, resamples: 500, seed: 4)
        let b = RootCauseSummary.summarise(ranker: "x", group: "f", scores, resamples: 500, seed: 4)
        #expect(a == b)
        let ci = try #require(a.avg5Interval)
        #expect(ci.low <= a.avg5 && a.avg5 <= ci.high && ci.low < ci.high)
        #expect(a.records(dataset: "d", seed: 4, parameters: [:]).contains { $0.metric == "avg@5_chance" })
    }
}
