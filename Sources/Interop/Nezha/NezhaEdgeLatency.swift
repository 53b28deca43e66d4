import Foundation
import Telemetry

/// The per-edge latency files of the Nezha release: each day's `metric/source_50.csv` and
/// `metric/destination_50.csv`, one `<caller>_<callee>` column per call edge with the edge's per-minute
/// median latency in seconds, measured at the caller (source) and at the callee (destination).
///
/// Each column becomes a series of the **callee** (the edge's latency is the callee's response time as its
/// caller sees it, MicroRCA's convention): id `<callee>/EdgeLatencyP50<Side>(s)<-<caller>`, metric
/// `EdgeLatencyP50Source(s)` or `EdgeLatencyP50Destination(s)` (one metric name per side, so a regression on
/// same-named metrics relates a service's edge latencies to its callees'). Rows are joined on the `time`
/// string's minute, as the pod files are; a column whose name is not `<caller>_<callee>` of two services
/// with pod metric files is left out and counted.
public enum NezhaEdgeLatency {
    /// The edge series over their own minutes (the union of the days'), and how many columns were left out.
    ///
    /// - Throws: `InteropError` naming the file and line (no `time` column, a bad time, rows out of order, a
    ///   wrong field count, a non-number); a usage error when `url` is not a Nezha folder.
    public static func read(_ url: URL) throws -> (block: Recording.Block, leftOut: Int)? {
        guard let days = NezhaReader.days(at: url) else {
            throw InteropError(path: url.path, message: "not a Nezha folder (no metric/ folder, no <system>/<day>/metric/)", isUsageError: true)
        }
        var tables: [NezhaReader.Table] = []
        var leftOut = 0
        for day in days {
            let metric = day.appendingPathComponent("metric")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: metric.path)) ?? []
            let services = Set(
                files.filter { $0.hasSuffix("_metric.csv") }.map { NezhaReader.service(ofPod: String($0.dropLast("_metric.csv".count))) })
            for (file, side) in [("source_50.csv", "Source"), ("destination_50.csv", "Destination")] {
                let path = metric.appendingPathComponent(file)
                guard FileManager.default.fileExists(atPath: path.path) else { continue }
                let t = try NezhaReader.readTable(path, entity: "", timeName: "time")
                var byCallee: [String: [Int]] = [:]
                for (c, name) in t.names.enumerated() {
                    guard let (caller, callee) = split(name, services: services) else {
                        leftOut += 1
                        continue
                    }
                    byCallee[callee, default: []].append(c)
                    _ = caller
                }
                for callee in byCallee.keys.sorted() {
                    let cols = byCallee[callee] ?? []
                    tables.append(
                        NezhaReader.Table(
                            entity: callee,
                            names: cols.map { "EdgeLatencyP50\(side)(s)<-\(split(t.names[$0], services: services)?.0 ?? "")" },
                            times: t.times, columns: cols.map { t.columns[$0] }))
                }
            }
        }
        guard !tables.isEmpty else { return nil }
        let (block, _) = try NezhaReader.assemble(tables)
        let series = block.series.map { s -> SeriesDescriptor in
            var d = s
            if let arrow = s.metric.range(of: "<-") { d.metric = String(s.metric[..<arrow.lowerBound]) }
            d.unit = "s"
            d.kind = .quantile
            return d
        }
        return (try Recording.Block(timestamps: block.timestamps, series: series, frame: block.frame), leftOut)
    }

    /// `<caller>_<callee>` split at the `_` that leaves two known services (service names may hold `_`).
    static func split(_ column: String, services: Set<String>) -> (String, String)? {
        var i = column.startIndex
        while let u = column[i...].firstIndex(of: "_") {
            let a = String(column[..<u]), b = String(column[column.index(after: u)...])
            if services.contains(a) && services.contains(b) { return (a, b) }
            i = column.index(after: u)
        }
        return nil
    }
}
