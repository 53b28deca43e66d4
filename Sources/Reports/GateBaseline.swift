import Foundation

/// A committed gate baseline (`Results/baselines/<suite>.json`): the figures of a reference run, one entry per
/// (suite, dataset, seed, model, metric), sorted by that key and written one entry per line, so that a
/// re-baseline shows in review as a diff of exactly the figures that moved.
public struct GateBaseline: Sendable, Equatable {
    /// One figure of the reference run.
    public struct Entry: Codable, Sendable, Equatable, Comparable {
        /// The suite: the base name of the spec (or sweep) file the run came from.
        public var suite: String
        public var dataset: String
        /// The dataset's seed; nil for seedless datasets (NAB, SMD, stored datasets without one).
        public var seed: UInt64?
        public var model: String
        public var metric: String
        /// The value; nil when it was undefined (then `undefined` says why).
        public var value: Double?
        public var undefined: String?

        public init(suite: String, dataset: String, seed: UInt64?, model: String, metric: String, value: Double?, undefined: String? = nil) {
            self.suite = suite
            self.dataset = dataset
            self.seed = seed
            self.model = model
            self.metric = metric
            self.value = value
            self.undefined = undefined
        }

        /// Suite, dataset, model, metric, then seed (seedless first).
        public static func < (a: Entry, b: Entry) -> Bool {
            (a.suite, a.dataset, a.model, a.metric, a.seed.map { $0 &+ 1 } ?? 0) < (
                b.suite, b.dataset, b.model, b.metric, b.seed.map { $0 &+ 1 } ?? 0
            )
        }

        /// Whether two entries have the same key (everything but the value).
        public func sameKey(as other: Entry) -> Bool {
            suite == other.suite && dataset == other.dataset && seed == other.seed && model == other.model && metric == other.metric
        }
    }

    /// Version of the file layout.
    public static let format = 1

    /// The entries, sorted and free of duplicate keys.
    public var entries: [Entry]
    /// How the file was made (the command), for whoever reads the diff.
    public var command: String

    /// Sorts `entries`.
    ///
    /// - Throws: `ReportError.write` when two entries share a key (the run it came from was ambiguous).
    public init(entries: [Entry], command: String) throws {
        let sorted = entries.sorted()
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.sameKey(as: b) {
            throw ReportError.write(
                path: "baseline",
                reason:
                    "two figures for suite '\(a.suite)', dataset '\(a.dataset)', seed \(a.seed.map(String.init) ?? "none"), model '\(a.model)', metric '\(a.metric)'"
            )
        }
        self.entries = sorted
        self.command = command
    }

    private struct File: Codable {
        var format: Int
        var command: String
        var entries: [Entry]
    }

    /// The file's bytes: a JSON object with `format`, `command` and `entries`, one entry per line with sorted
    /// keys (equal baselines give equal bytes).
    public func render() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = "{\n  \"command\": " + String(decoding: try encoder.encode(command), as: UTF8.self) + ",\n"
        out += "  \"format\": \(Self.format),\n  \"entries\": [\n"
        let lines = try entries.map { "    " + String(decoding: try encoder.encode($0), as: UTF8.self) }
        out += lines.joined(separator: ",\n")
        out += lines.isEmpty ? "  ]\n}\n" : "\n  ]\n}\n"
        return Data(out.utf8)
    }

    /// Writes the file atomically (temporary sibling, then rename).
    ///
    /// - Throws: `ReportError.write` naming the file.
    public func write(to url: URL) throws {
        try AtomicWrite.write(try render(), to: url)
    }

    /// Reads a baseline file.
    ///
    /// - Throws: `ReportError.read` naming the file and what is wrong (not JSON, another format version, duplicate keys).
    public static func read(contentsOf url: URL) throws -> GateBaseline {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: try Data(contentsOf: url))
        } catch {
            throw ReportError.read(path: url.path, reason: "not a gate baseline: \(error)")
        }
        guard file.format == format else {
            throw ReportError.read(path: url.path, reason: "baseline format \(file.format); this Faultline reads format \(format)")
        }
        do {
            return try GateBaseline(entries: file.entries, command: file.command)
        } catch let ReportError.write(_, reason) {
            throw ReportError.read(path: url.path, reason: reason)
        }
    }
}
