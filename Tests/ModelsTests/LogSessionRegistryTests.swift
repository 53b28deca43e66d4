import FaultlineTestSupport
import LinearAlgebra
import Models
import Testing

/// The log-session models sit behind one contract and in the registry, like the detectors.
@Suite struct LogSessionRegistryTests {
    /// `SessionFixtures.invariantCounts` with the broken rows labelled anomalous.
    static func data(rows: Int, broken: Set<Int>, seed: UInt64) throws -> (Matrix, [Bool]) {
        (try SessionFixtures.invariantCounts(rows: rows, broken: broken, seed: seed), (0..<rows).map { broken.contains($0) })
    }

    @Test func theRegistryListsTheThreeSessionModels() {
        #expect(ModelRegistry.logSessionModels.map(\.name) == ["pca", "invariants", "logreg"])
        #expect(ModelRegistry.logSessionModels.map(\.isSupervised) == [false, false, true])
    }

    @Test func anUnknownNameOrParameterIsATypedError() throws {
        #expect(throws: ModelError.unknownModel(name: "logrg", nearest: "logreg")) { try ModelRegistry.logSessionModel(named: "logrg") }
        let (x, y) = try Self.data(rows: 40, broken: [], seed: 1)
        let pca = try ModelRegistry.logSessionModel(named: "pca")
        #expect(throws: ModelError.self) { try pca.make(parameters: ["variance": "1.5"], counts: x, labels: y) }
        #expect(throws: ModelError.self) { try pca.make(parameters: ["varaince": "0.9"], counts: x, labels: y) }
    }

    @Test(arguments: ["pca", "invariants", "logreg"])
    func everyModelScoresEveryRowDeterministicallyAndAlarmsOnItsOwnThreshold(_ name: String) throws {
        // 1 broken session in 60: the invariants still hold at their 98 % support, logreg has positives.
        let (train, yTrain) = try Self.data(rows: 600, broken: Set(stride(from: 7, to: 600, by: 60)), seed: 3)
        let (test, _) = try Self.data(rows: 60, broken: [3, 30], seed: 4)
        let d = try ModelRegistry.logSessionModel(named: name)
        // Every session holds the invariant events, so TF-IDF would weight them to zero: PCA sees raw counts here.
        let parameters = name == "pca" ? ["weighting": "none"] : [:]
        let a = try d.make(parameters: parameters, counts: train, labels: yTrain)
        let b = try d.make(parameters: parameters, counts: train, labels: yTrain)
        let scores = try a.scores(test)
        #expect(scores.count == test.rows && scores.allSatisfy(\.isFinite))
        #expect(scores == (try b.scores(test)))
        let alarms = a.alarms(scores: scores)
        #expect(alarms.count == scores.count)
        #expect(!a.thresholdDescription.isEmpty && !a.details(eventTypes: ["E0", "E1", "E2", "E3"]).isEmpty)
        // A session that breaks the training structure scores above one that keeps it.
        #expect(scores[3] > scores[4], "\(name): broken \(scores[3]) vs kept \(scores[4])")
    }
}
