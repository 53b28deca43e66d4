import FaultlineTestSupport
import Foundation
import Testing

/// `faultline score DATASET --scores FILE`: precomputed scores, evaluated like a built-in model.
@Suite struct ScoreDatasetTests {
    /// Simulates the tiny scenario and writes the same scores as CSV and as `.npy` (via the binary's
    /// own store, so no numpy is needed): score = the row index modulo 7, a deterministic pattern.
    func fixture() throws -> (dir: URL, data: URL, csv: URL) {
        let dir = try SharedData.temporaryDirectory("e2e-score")
        let data = dir.appendingPathComponent("tiny")
        let tiny = SharedData.repositoryRoot.appendingPathComponent("Scenarios/tiny.yaml").path
        let sim = try FaultlineBinary.run(["simulate", tiny, "--out", data.path, "--quiet"])
        #expect(sim.status == 0, "stderr: \(sim.stderr)")
        let inspect = try FaultlineBinary.run(["inspect", data.path, "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any]
        let rows = try #require((json?["rows"] as? Int) ?? ((json?["axis"] as? [String: Any])?["count"] as? Int))
        let start = Int64(1_767_571_200_000), step = Int64(60_000)
        var csv = "timestamp,score\n"
        for r in 0..<rows { csv += "\(start + Int64(r) * step),\(Double(r % 7))\n" }
        let csvURL = dir.appendingPathComponent("scores.csv")
        try csv.write(to: csvURL, atomically: true, encoding: .utf8)
        return (dir, data, csvURL)
    }

    @Test func csvScoresAreEvaluatedWithTheFullPanel() throws {
        let f = try fixture()
        let out = f.dir.appendingPathComponent("run")
        let r = try FaultlineBinary.run(["score", f.data.path, "--scores", f.csv.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("scores"))
        #expect(r.stdout.contains("random (baseline)"))
        let results = try String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8)
        #expect(results.contains("\"metric\" : \"affiliation_precision\""))
    }

    @Test func aNaNScoreIsAnErrorNamingTheFileAndLine() throws {
        let f = try fixture()
        var lines = try String(contentsOf: f.csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[5] = lines[5].split(separator: ",")[0] + ",nan"
        try lines.joined(separator: "\n").write(to: f.csv, atomically: true, encoding: .utf8)
        let r = try FaultlineBinary.run(["score", f.data.path, "--scores", f.csv.path, "--out", f.dir.appendingPathComponent("x").path, "--quiet"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("scores.csv:6"))
    }

    @Test func aMissingRowIsAnErrorNamingTheRow() throws {
        let f = try fixture()
        var lines = try String(contentsOf: f.csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.remove(at: 3)
        try lines.joined(separator: "\n").write(to: f.csv, atomically: true, encoding: .utf8)
        let r = try FaultlineBinary.run(["score", f.data.path, "--scores", f.csv.path, "--out", f.dir.appendingPathComponent("x").path, "--quiet"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("does not match the dataset's row 2"))
    }
}
