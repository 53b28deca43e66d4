import Evaluation
import Foundation
import Interop
import Models
import Telemetry

/// `faultline logs parse`: mines every Loghub system sample of a dataset folder with
/// ``TemplateMiner`` and scores grouping accuracy (METRICS §9) against the ground truth.
public enum LogParseJob {
    /// Result for one system.
    public struct SystemResult: Sendable, Codable, Hashable {
        /// System name.
        public var system: String
        /// Lines parsed.
        public var lines: Int
        /// Grouping accuracy in 0…1.
        public var groupingAccuracy: Double
        /// Templates the miner found.
        public var templates: Int
        /// Distinct ground-truth event ids.
        public var truthTemplates: Int
        /// Mining time per line in microseconds (best of 5 passes over the sample; wall clock).
        public var microsecondsPerLine: Double
    }

    /// Results for all systems, plus the miner parameters.
    public struct Report: Sendable, Codable, Hashable {
        /// Dataset folder.
        public var dataset: String
        /// Miner configuration used.
        public var configuration: TemplateMiner.Configuration
        /// One entry per system, sorted by name.
        public var systems: [SystemResult]

        /// A plain-text table.
        public func text() -> String {
            var out =
                "Template mining (Drain-style, depth \(configuration.depth), similarity \(configuration.similarityThreshold), max children \(configuration.maxChildren)) on \(dataset)\n"
            out += "system      lines     GA   templates  truth  µs/line\n"
            for s in systems {
                out += s.system.padding(toLength: 8, withPad: " ", startingAt: 0)
                out += String(
                    format: " %8d  %6.4f  %9d  %5d  %7.2f\n", s.lines, s.groupingAccuracy, s.templates, s.truthTemplates, s.microsecondsPerLine)
            }
            return out
        }

        /// Pretty-printed JSON with sorted keys.
        public func json() throws -> String {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try e.encode(self), as: UTF8.self) + "\n"
        }
    }

    /// Runs the miner on every system sample under `dataset`.
    ///
    /// - Parameters:
    ///   - dataset: A loghub-2k style folder.
    ///   - systems: Systems to run (nil: every system found).
    ///   - configuration: Miner parameters.
    /// - Throws: loader errors (`UsageError`, `DataError`) and `ModelError`.
    public static func run(dataset: URL, systems: [String]? = nil, depth: Int, similarityThreshold: Double) throws -> Report {
        try run(
            dataset: dataset, systems: systems,
            configuration: TemplateMiner.Configuration(depth: depth, similarityThreshold: similarityThreshold))
    }

    /// Mines every system of `dataset` with `configuration` (see `run(dataset:systems:depth:similarityThreshold:)`).
    public static func run(
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
        return Report(dataset: dataset.path, configuration: configuration, systems: results)
    }

    /// Mines `contents` with a fresh miner.
    public static func mine(_ contents: [String], _ configuration: TemplateMiner.Configuration) -> ([Int], TemplateMiner) {
        var miner = TemplateMiner(configuration: configuration)
        var ids = [Int](repeating: 0, count: contents.count)
        for (i, c) in contents.enumerated() { ids[i] = miner.observe(c) }
        return (ids, miner)
    }
}
