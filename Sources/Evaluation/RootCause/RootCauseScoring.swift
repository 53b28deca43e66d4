import Telemetry

/// One entity of a ranking as the scorer sees it: a name and a score (equal scores form a tie block).
public struct ScoredEntity: Sendable, Equatable, Codable {
    public var entity: String
    public var score: Double
    public init(entity: String, score: Double) {
        self.entity = entity
        self.score = score
    }
}

/// One case scored (METRICS.md §8, §8.1): expected top-k hits over tie blocks, E[1/rank] and the expected
/// rank of the best-ranked true cause, and the case's chance levels.
public struct RootCauseCaseScore: Sendable, Equatable, Codable {
    public var caseID: String
    public var faultType: String
    public var truth: [String]
    /// n: candidates (ranked ∪ declared).
    public var candidateCount: Int
    /// AC@k for k = 1…5 (expected over tie blocks).
    public var accuracy: [Double]
    /// E[1/rank].
    public var reciprocalRank: Double
    /// E[rank] of the best-ranked true cause.
    public var rank: Double
    /// Size of the tie block holding the best-ranked true cause (1 = no tie).
    public var tieBlock: Int
    /// Chance AC@1…5 and chance E[1/rank] for this case's n and m.
    public var chanceAccuracy: [Double]
    public var chanceReciprocalRank: Double
    /// The first five entities of the ranking (as given, ties in the ranking's own order).
    public var top: [String]
    /// Ranker wall time for this case, seconds.
    public var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case caseID = "case", faultType = "fault_type", truth, candidateCount = "candidates", accuracy = "ac", reciprocalRank = "rr", rank
        case tieBlock = "tie_block", chanceAccuracy = "ac_chance", chanceReciprocalRank = "rr_chance", top, seconds
    }
}

/// Scoring of root-cause rankings (METRICS.md §8).
public enum RootCauseScoring {
    /// The cutoffs AC@k is reported at.
    public static let ks = Array(1...5)

    /// Scores one ranking.
    ///
    /// - Parameters:
    ///   - ranking: entities best first; equal scores are one tie block whatever their order.
    ///   - truth: the true causes (m ≥ 1).
    ///   - candidates: the declared candidates; those the ranking omits form one tie block at the end.
    public static func score(
        caseID: String, faultType: String, ranking: [ScoredEntity], truth: Set<String>, candidates: [String], seconds: Double = 0
    ) -> RootCauseCaseScore {
        var seen = Set<String>()
        let ranked = ranking.filter { seen.insert($0.entity).inserted }
        let omitted = Set(candidates).union(truth).subtracting(seen)
        // Blocks: (start position, size, true causes inside).
        var blocks: [(start: Int, size: Int, hits: Int)] = []
        var i = 0
        while i < ranked.count {
            var j = i + 1
            while j < ranked.count && ranked[j].score == ranked[i].score { j += 1 }
            let c = ranked[i..<j].filter { truth.contains($0.entity) }.count
            blocks.append((i + 1, j - i, c))
            i = j
        }
        if !omitted.isEmpty { blocks.append((ranked.count + 1, omitted.count, omitted.intersection(truth).count)) }
        let n = ranked.count + omitted.count, m = max(1, truth.count)
        let accuracy = ks.map { k -> Double in
            var hits = 0.0
            for b in blocks where b.hits > 0 {
                let h = min(max(k - b.start + 1, 0), b.size)
                hits += Double(b.hits) * Double(h) / Double(b.size)
            }
            return hits / Double(min(k, m))
        }
        var rr = 0.0, rank = Double(n + 1), tie = 0
        if let first = blocks.first(where: { $0.hits > 0 }) {
            (rr, rank) = firstHit(start: first.start, size: first.size, causes: first.hits)
            tie = first.size
        }
        return RootCauseCaseScore(
            caseID: caseID, faultType: faultType, truth: truth.sorted(), candidateCount: n, accuracy: accuracy, reciprocalRank: rr,
            rank: rank, tieBlock: tie, chanceAccuracy: ks.map { chanceAccuracy(k: $0, n: n, m: m) },
            chanceReciprocalRank: firstHit(start: 1, size: n, causes: m).reciprocal, top: ranked.prefix(5).map(\.entity), seconds: seconds)
    }

    /// For a block at positions `start…start+size−1` holding `causes` true causes in random order:
    /// E[1/rank] and E[rank] of the first of them (METRICS.md §8).
    static func firstHit(start: Int, size: Int, causes: Int) -> (reciprocal: Double, rank: Double) {
        guard causes > 0, size >= causes else { return (0, Double(start + size)) }
        let total = binomial(size, causes)
        var rr = 0.0, er = 0.0
        for j in 0...(size - causes) {
            let p = binomial(size - 1 - j, causes - 1) / total
            rr += p / Double(start + j)
            er += p * Double(start + j)
        }
        return (rr, er)
    }

    /// Chance AC@k = min(k, n)·m/(n·min(k, m)).
    public static func chanceAccuracy(k: Int, n: Int, m: Int) -> Double {
        guard n > 0 else { return 0 }
        return Double(min(k, n) * m) / Double(n * min(k, m))
    }

    static func binomial(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var r = 1.0
        for i in 0..<min(k, n - k) { r = r * Double(n - i) / Double(i + 1) }
        return r
    }
}

/// The summary of one ranker over a group of cases (a fault type, or all).
public struct RootCauseSummary: Sendable, Equatable, Codable {
    /// Interval bounds (95 % percentile bootstrap over cases).
    public struct Interval: Sendable, Equatable, Codable {
        public var low: Double
        public var high: Double
    }

    public var ranker: String
    /// Fault type, `all` (micro: mean over cases) or `all (macro)` (mean over fault types).
    public var group: String
    public var cases: Int
    public var accuracy: [Double]
    public var avg5: Double
    public var mrr: Double
    public var rankMedian: Double
    public var chanceAccuracy: [Double]
    public var chanceAvg5: Double
    public var chanceMRR: Double
    public var lift5: Double
    public var avg5Interval: Interval?
    public var ac1Interval: Interval?
    public var ac3Interval: Interval?
    public var mrrInterval: Interval?
    /// Cases whose true cause shares its tie block with another entity.
    public var tiedCases: Int
    /// Ranker wall time per case, milliseconds: median and maximum.
    public var msPerCaseMedian: Double
    public var msPerCaseMax: Double

    private enum CodingKeys: String, CodingKey {
        case ranker, group, cases, accuracy = "ac", avg5 = "avg@5", mrr, rankMedian = "rank_median", chanceAccuracy = "ac_chance"
        case chanceAvg5 = "avg@5_chance", chanceMRR = "mrr_chance", lift5 = "lift@5", avg5Interval = "avg@5_ci95"
        case ac1Interval = "ac@1_ci95", ac3Interval = "ac@3_ci95", mrrInterval = "mrr_ci95", tiedCases = "tied_cases", msPerCaseMedian =
            "ms_per_case_median"
        case msPerCaseMax = "ms_per_case_max"
    }

    /// Means over `scores` (micro), with a seeded bootstrap over cases (`resamples` draws; 0 = none).
    public static func summarise(
        ranker: String, group: String, _ scores: [RootCauseCaseScore], resamples: Int = 1000, seed: UInt64 = 1
    )
        -> RootCauseSummary
    {
        let n = Double(max(1, scores.count))
        func mean(_ f: (RootCauseCaseScore) -> Double) -> Double { scores.reduce(0) { $0 + f($1) } / n }
        let ac = RootCauseScoring.ks.indices.map { i in mean { $0.accuracy[i] } }
        let chance = RootCauseScoring.ks.indices.map { i in mean { $0.chanceAccuracy[i] } }
        let avg = ac.reduce(0, +) / Double(ac.count), chanceAvg = chance.reduce(0, +) / Double(chance.count)
        let ms = scores.map { $0.seconds * 1000 }.sorted()
        var out = RootCauseSummary(
            ranker: ranker, group: group, cases: scores.count, accuracy: ac, avg5: avg, mrr: mean(\.reciprocalRank),
            rankMedian: Quantile.type7(scores.map(\.rank), 0.5) ?? .nan, chanceAccuracy: chance, chanceAvg5: chanceAvg,
            chanceMRR: mean(\.chanceReciprocalRank), lift5: chanceAvg > 0 ? avg / chanceAvg : .nan,
            tiedCases: scores.filter { $0.tieBlock > 1 }.count,
            msPerCaseMedian: Quantile.type7(sorted: ms, 0.5) ?? 0, msPerCaseMax: ms.last ?? 0)
        if resamples > 0, !scores.isEmpty {
            var rng = SplitMix64(seed: seed)
            var avgs: [Double] = [], ac1s: [Double] = [], ac3s: [Double] = [], mrrs: [Double] = []
            for _ in 0..<resamples {
                var a = 0.0, a1 = 0.0, a3 = 0.0, r = 0.0
                for _ in scores.indices {
                    let s = scores[Int(rng.next() % UInt64(scores.count))]
                    a += s.accuracy.reduce(0, +) / Double(s.accuracy.count)
                    a1 += s.accuracy[0]
                    a3 += s.accuracy[2]
                    r += s.reciprocalRank
                }
                avgs.append(a / n)
                ac1s.append(a1 / n)
                ac3s.append(a3 / n)
                mrrs.append(r / n)
            }
            func interval(_ x: [Double]) -> Interval {
                let s = x.sorted()
                return Interval(low: Quantile.type7(sorted: s, 0.025) ?? .nan, high: Quantile.type7(sorted: s, 0.975) ?? .nan)
            }
            out.avg5Interval = interval(avgs)
            out.ac1Interval = interval(ac1s)
            out.ac3Interval = interval(ac3s)
            out.mrrInterval = interval(mrrs)
        }
        return out
    }

    /// The mean of group summaries (macro over fault types); intervals and runtimes are not averaged.
    public static func macro(ranker: String, _ groups: [RootCauseSummary]) -> RootCauseSummary {
        let g = Double(max(1, groups.count))
        func mean(_ f: (RootCauseSummary) -> Double) -> Double { groups.reduce(0) { $0 + f($1) } / g }
        let ac = RootCauseScoring.ks.indices.map { i in mean { $0.accuracy[i] } }
        let chance = RootCauseScoring.ks.indices.map { i in mean { $0.chanceAccuracy[i] } }
        let avg = mean(\.avg5), chanceAvg = mean(\.chanceAvg5)
        return RootCauseSummary(
            ranker: ranker, group: "all (macro)", cases: groups.reduce(0) { $0 + $1.cases }, accuracy: ac, avg5: avg, mrr: mean(\.mrr),
            rankMedian: mean(\.rankMedian), chanceAccuracy: chance, chanceAvg5: chanceAvg, chanceMRR: mean(\.chanceMRR),
            lift5: chanceAvg > 0 ? avg / chanceAvg : .nan, tiedCases: groups.reduce(0) { $0 + $1.tiedCases },
            msPerCaseMedian: groups.map(\.msPerCaseMedian).max() ?? 0, msPerCaseMax: groups.map(\.msPerCaseMax).max() ?? 0)
    }

    /// The summary as `results.json` records (METRICS.md §11 identifiers, chance levels with `_chance`).
    public func records(dataset: String, seed: UInt64?, parameters: [String: String]) -> [MetricRecord] {
        let grouping = group.hasPrefix("all") ? (group == "all" ? [:] : ["aggregate": "macro"]) : ["fault_type": group]
        var out: [MetricRecord] = []
        func add(_ id: MetricID, _ v: Double) {
            out.append(
                MetricRecord(dataset: dataset, seed: seed, model: ranker, metric: id, value: .defined(v), parameters: parameters, group: grouping))
        }
        let ids: [MetricID] = ["ac@1", "ac@2", "ac@3", "ac@4", "ac@5"]
        for (i, id) in ids.enumerated() {
            add(id, accuracy[i])
            add(id.chance, chanceAccuracy[i])
        }
        add("avg@5", avg5)
        add(MetricID("avg@5").chance, chanceAvg5)
        add("mrr", mrr)
        add(MetricID("mrr").chance, chanceMRR)
        add("rank_median", rankMedian)
        add("lift@5", lift5)
        add(.scoreSeconds, msPerCaseMedian / 1000)
        return out
    }
}
