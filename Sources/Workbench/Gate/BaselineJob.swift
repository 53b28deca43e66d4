import Foundation
import Reports
import Telemetry

/// `faultline baseline update`: the figures of one or more runs written as a gate baseline.
public enum BaselineJob {
    /// What was written.
    public struct Outcome: Sendable {
        public var baseline: GateBaseline
        /// Figures written.
        public var count: Int { baseline.entries.count }
        public var file: URL
        /// Entries added, removed and changed relative to the file that was there (nil when there was none).
        public var changes: (added: Int, removed: Int, changed: Int)?
    }

    /// Reads the runs, collects their figures (`GateFigures`) and writes the baseline atomically.
    ///
    /// - Throws: `UsageError` (exit 2) for no runs; `DataError` (exit 3) for a missing, corrupt or ambiguous run;
    ///   `ReportError.write` when the file cannot be written.
    public static func update(runs: [String], out: URL, command: String) throws -> Outcome {
        guard !runs.isEmpty else { throw UsageError("name at least one run folder") }
        var entries: [GateBaseline.Entry] = []
        for path in runs { entries += try GateFigures.collect(try GateRun.load(path)) }
        let baseline: GateBaseline
        do {
            baseline = try GateBaseline(entries: entries, command: command)
        } catch let ReportError.write(_, reason) {
            throw DataError("the runs disagree: \(reason)", hint: "give each suite's run once")
        }
        var changes: (Int, Int, Int)?
        if let old = try? GateBaseline.read(contentsOf: out) {
            func key(_ e: GateBaseline.Entry) -> String {
                "\(e.suite)\u{0}\(e.dataset)\u{0}\(e.seed.map(String.init) ?? "-")\u{0}\(e.model)\u{0}\(e.metric)"
            }
            let before = Dictionary(old.entries.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
            let after = Dictionary(baseline.entries.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
            let added = after.keys.filter { before[$0] == nil }.count
            let removed = before.keys.filter { after[$0] == nil }.count
            let changed = after.filter { k, v in before[k].map { $0 != v } ?? false }.count
            changes = (added, removed, changed)
        }
        try baseline.write(to: out)
        return Outcome(baseline: baseline, file: out, changes: changes)
    }
}
