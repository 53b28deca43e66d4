import Foundation
import Telemetry

/// The Online Boutique call graph as the Nezha release records it: each day's `metric/dependency.csv`
/// (`Source,Target,Weight`, one row per caller → callee edge).
public enum NezhaTopology {
    /// The union of the days' `dependency.csv` edges between services that have pod metric files
    /// (rows naming an IP address or the `loadgenerator`, which has no metrics, are left out and counted),
    /// in first-seen order; nil when no day has the file.
    ///
    /// - Throws: `InteropError` naming the file and line for a header without `Source`/`Target`, a wrong
    ///   field count or an empty name; a usage error when `url` is not a Nezha folder.
    public static func read(_ url: URL) throws -> (topology: Topology, leftOut: Int)? {
        guard let days = NezhaReader.days(at: url) else {
            throw InteropError(path: url.path, message: "not a Nezha folder (no metric/ folder, no <system>/<day>/metric/)", isUsageError: true)
        }
        var edges: [CallEdge] = [], seen = Set<String>(), services = Set<String>(), leftOut = 0, found = false
        for day in days {
            let metric = day.appendingPathComponent("metric")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: metric.path)) ?? []
            let pods = Set(files.filter { $0.hasSuffix("_metric.csv") }.map { NezhaReader.service(ofPod: String($0.dropLast("_metric.csv".count))) })
            services.formUnion(pods)
            let file = metric.appendingPathComponent("dependency.csv")
            guard FileManager.default.fileExists(atPath: file.path) else { continue }
            found = true
            for (caller, callee) in try readEdges(file) {
                guard pods.contains(caller), pods.contains(callee), caller != callee else {
                    leftOut += 1
                    continue
                }
                if seen.insert("\(caller)\u{0}\(callee)").inserted { edges.append(CallEdge(caller: caller, callee: callee)) }
            }
        }
        guard found else { return nil }
        let entities = services.sorted().map { Entity(id: $0, kind: .service) }
        return (Topology(entities: entities, edges: edges), leftOut)
    }

    /// The `(Source, Target)` pairs of one `dependency.csv`.
    static func readEdges(_ url: URL) throws -> [(String, String)] {
        let bytes = try CSVScan.read(url)
        let path = url.path
        var names: [String] = [], source = 0, target = 0
        var out: [(String, String)] = []
        try bytes.withUnsafeBufferPointer { p in
            var f: [Int] = []
            try CSVScan.forEachLine(p, path: path) { line, range in
                if names.isEmpty {
                    names = try CSVScan.header(p, range, path: path, line: line)
                    guard let s = names.firstIndex(of: "Source"), let t = names.firstIndex(of: "Target") else {
                        throw InteropError(path: path, line: line, message: "header lacks 'Source' or 'Target'")
                    }
                    (source, target) = (s, t)
                    return
                }
                CSVScan.fields(p, range, into: &f)
                guard f.count / 2 == names.count else {
                    throw InteropError(path: path, line: line, message: "\(f.count / 2) fields, the header has \(names.count)")
                }
                let a = CSVScan.text(p, f[2 * source], f[2 * source + 1]), b = CSVScan.text(p, f[2 * target], f[2 * target + 1])
                guard !a.isEmpty, !b.isEmpty else { throw InteropError(path: path, line: line, message: "empty Source or Target") }
                out.append((a, b))
            }
        }
        guard !names.isEmpty else { throw InteropError(path: path, message: "empty file, no header") }
        return out
    }
}
