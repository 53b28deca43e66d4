/// The coupled pipeline — a streaming detector's alarm starts the ranking, the ranker told the incident began at
/// the alarm — beside the oracle (told the true start), over the suite's faults that a replay's detections file
/// covers (issue 13, METRICS §8 "detected").
///
/// A fault counts as **detected** when a new alarm began inside its labelled window; **masked** when the first
/// alarm in the window belongs to an episode that began before it (the alarm says nothing new, so no ranking
/// starts); **missed** when no alarm fell in it. Coupled accuracy over all cases scores masked and missed faults
/// as 0 (the operator got no ranking for them); over the detected cases alone it shows what detecting late costs
/// the ranker, next to the oracle on the same cases.
public struct RootCauseCoupled: Sendable, Equatable, Codable {
    /// One ranker's figures.
    public struct Ranker: Sendable, Equatable, Codable {
        public var ranker: String
        /// AC@1…5 and Avg@5 at the true start, over every covered case.
        public var oracleAccuracy: [Double]
        public var oracleAvg5: Double
        /// AC@1…5 and Avg@5 at the detected time over every covered case (masked, missed, and cases that could not
        /// be cut or ranked at the detected time score 0).
        public var coupledAccuracy: [Double]
        public var coupledAvg5: Double
        /// The same over the detected cases only, and the oracle's Avg@5 on those cases.
        public var detectedAccuracy: [Double]
        public var detectedAvg5: Double
        public var oracleOnDetectedAvg5: Double

        private enum CodingKeys: String, CodingKey {
            case ranker, oracleAccuracy = "oracle_ac", oracleAvg5 = "oracle_avg@5", coupledAccuracy = "coupled_ac", coupledAvg5 = "coupled_avg@5"
            case detectedAccuracy = "detected_ac", detectedAvg5 = "detected_avg@5", oracleOnDetectedAvg5 = "oracle_on_detected_avg@5"
        }

        public init(ranker: String, oracle: [RootCauseCaseScore], coupled: [RootCauseCaseScore], cases: Int) {
            self.ranker = ranker
            let detectedIDs = Set(coupled.map(\.caseID))
            func mean(_ scores: [RootCauseCaseScore], over n: Int) -> [Double] {
                (0..<5).map { k in n == 0 ? .nan : scores.reduce(0) { $0 + $1.accuracy[k] } / Double(n) }
            }
            func avg5(_ ac: [Double]) -> Double { ac.reduce(0, +) / 5 }
            oracleAccuracy = mean(oracle, over: oracle.count)
            oracleAvg5 = avg5(oracleAccuracy)
            coupledAccuracy = mean(coupled, over: cases)
            coupledAvg5 = avg5(coupledAccuracy)
            detectedAccuracy = mean(coupled, over: coupled.count)
            detectedAvg5 = avg5(detectedAccuracy)
            let oracleDetected = oracle.filter { detectedIDs.contains($0.caseID) }
            oracleOnDetectedAvg5 = avg5(mean(oracleDetected, over: oracleDetected.count))
        }
    }

    /// The detector (a model of the replay) and the seed whose alarms were used.
    public var detector: String
    public var seed: UInt64
    /// The detections file read.
    public var source: String
    /// Suite cases the file covers; of them detected, masked and missed.
    public var cases: Int
    public var detected: Int
    public var masked: Int
    public var missed: Int
    /// Median seconds from the fault's start to the new alarm, over the detected cases (NaN when none).
    public var timeToDetectMedianSeconds: Double
    public var rankers: [Ranker]
    /// Cases that could not be cut or ranked at the detected time (they score 0 in the coupled figures).
    public var failures: [RootCauseFailure]

    private enum CodingKeys: String, CodingKey {
        case detector, seed, source, cases, detected, masked, missed, timeToDetectMedianSeconds = "time_to_detect_median_s", rankers, failures
    }

    public init(
        detector: String, seed: UInt64, source: String, cases: Int, detected: Int, masked: Int, missed: Int, timeToDetectMedianSeconds: Double,
        rankers: [Ranker], failures: [RootCauseFailure] = []
    ) {
        self.detector = detector
        self.seed = seed
        self.source = source
        self.cases = cases
        self.detected = detected
        self.masked = masked
        self.missed = missed
        self.timeToDetectMedianSeconds = timeToDetectMedianSeconds
        self.rankers = rankers
        self.failures = failures
    }
}
