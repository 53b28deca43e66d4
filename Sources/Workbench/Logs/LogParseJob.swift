import Evaluation
import Foundation
import Interop
import Models
import Reports
import Telemetry

/// `faultline logs parse`: mines every Loghub system sample of a dataset folder with
/// ``TemplateMiner`` and scores grouping accuracy (METRICS §9) against the ground truth.
public enum LogParseJob {
    /// The report (Evaluation's data type; Reports renders it).
    public typealias Report = LogParsingReport
    /// Result for one system.
    public typealias SystemResult = LogParsingReport.System

    /// The report as printed: the text table, or JSON with sorted keys.
    public static func output(_ report: Report, json: Bool) throws -> String {
        json ? try report.json() : report.text()
    }

    /// Runs the miner on every system sample under `dataset`.
    ///
    /// - Parameters:
    ///   - dataset: A loghub-2k style folder.
    ///   - systems: Systems to run (nil: every system found).
    ///   - depth, similarityThreshold: the miner's parameters (Drain's depth and `st`; the rest default).
    /// - Throws: loader errors (`UsageError`, `DataError`) and `ModelError`.
    public static func run(dataset: URL, systems: [String]? = nil, depth: Int, similarityThreshold: Double) throws -> Report {
        try run(
            dataset: dataset, systems: systems,
            configuration: TemplateMiner.Configuration(depth: depth, similarityThreshold: similarityThreshold))
    }

    /// Mines every system of `dataset` with `configuration` (see `run(dataset:systems:depth:similarityThreshold:)`).
    static func run(
        dataset: URL, systems: [String]? = nil,
        configuration: TemplateMiner.Configuration = TemplateMiner.Configuration()
    ) throws -> Report {
        let names = try systems ?? LoghubSample.systems(in: dataset)
        var results: [SystemResult] = []
        for name in names {
            let sample = try LoghubSample(root: dataset, system: name)
            let (ids, miner) = mine(sample.contents, configuration)
            let ga = try GroupingAccuracy.score(truth: sample.eventIds, predicted: ids)
            var best = Double.infinity
            for _ in 0..<5 {
                let start = DispatchTime.now().uptimeNanoseconds
                let (again, _) = mine(sample.contents, configuration)
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
                precondition(again == ids, "template mining is deterministic")
                best = min(best, elapsed)
            }
            results.append(
                SystemResult(
                    system: name, lines: ids.count, groupingAccuracy: ga, templates: miner.templateCount,
                    truthTemplates: Set(sample.eventIds).count,
                    microsecondsPerLine: ids.isEmpty ? 0 : best / 1000 / Double(ids.count)))
        }
        return Report(
            dataset: dataset.path,
            configuration: LogParserSettings(
                depth: configuration.depth, similarityThreshold: configuration.similarityThreshold, maxChildren: configuration.maxChildren),
            systems: results)
    }

    /// Mines `contents` with a fresh miner.
    public static func mine(_ contents: [String], _ configuration: TemplateMiner.Configuration) -> ([Int], TemplateMiner) {
        var miner = TemplateMiner(configuration: configuration)
        var ids = [Int](repeating: 0, count: contents.count)
        for (i, c) in contents.enumerated() { ids[i] = miner.observe(c) }
        return (ids, miner)
    }
}
