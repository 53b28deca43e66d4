import Foundation
import Telemetry

/// `faultline import query-range FILE…`: Prometheus HTTP API `/api/v1/query_range` responses (`resultType`
/// `matrix`): `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[t,"v"],…]}]}}`.
/// Times are Unix seconds (fractions kept to the ms), values strings (`"NaN"`, `"+Inf"`, `"-Inf"` included;
/// NaN is a missing value). Several files are merged by label set (`SampleSet`).
public enum QueryRangeImporter {
    /// Imports and merges `urls`.
    ///
    /// - Throws: `InteropError` naming the file and the JSON key path (`data.result[3].values[17]`).
    public static func importFiles(_ urls: [URL], name: String, duplicates: DuplicatePolicy = .last, gaps: GapPolicy = .auto) throws -> ImportResult {
        var set = SampleSet()
        for url in urls { try add(try CSVScan.read(url), path: url.path, to: &set) }
        return try set.dataset(
            path: urls.first?.path ?? "", info: DatasetInfo(name: name, generator: "faultline-interop query-range"), duplicates: duplicates,
            gaps: gaps)
    }

    /// Imports the bytes of one file (the fuzz target's entry).
    public static func parse(_ bytes: [UInt8], path: String, name: String = "fuzz") throws -> ImportResult {
        var set = SampleSet()
        try add(bytes, path: path, to: &set)
        return try set.dataset(path: path, info: DatasetInfo(name: name, generator: "faultline-interop query-range"), duplicates: .last, gaps: .auto)
    }

    static func add(_ bytes: [UInt8], path: String, to set: inout SampleSet) throws {
        func bad(_ key: String, _ what: String) -> InteropError { InteropError(path: path, message: "\(key): \(what)") }
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw InteropError(path: path, message: "not JSON: \(error.localizedDescription)")
        }
        guard let top = any as? [String: Any] else { throw bad("(top level)", "expected a query_range response object") }
        if let status = top["status"] as? String, status != "success" {
            throw bad("status", "the response is '\(status.prefix(40))': \(String(describing: top["error"] ?? "no error text").prefix(200))")
        }
        guard let data = top["data"] as? [String: Any] else { throw bad("data", "missing or not an object") }
        guard let type = data["resultType"] as? String else { throw bad("data.resultType", "missing") }
        guard type == "matrix" else {
            throw bad("data.resultType", "'\(type.prefix(40))': only matrix results (from /api/v1/query_range) carry series over time")
        }
        guard let result = data["result"] as? [Any] else { throw bad("data.result", "missing or not a list") }
        for (r, item) in result.enumerated() {
            let key = "data.result[\(r)]"
            guard let obj = item as? [String: Any] else { throw bad(key, "not an object") }
            guard let metric = obj["metric"] as? [String: Any] else { throw bad("\(key).metric", "missing or not an object") }
            var labels: [(String, String)] = []
            var name = "value"
            for (k, v) in metric {
                guard let s = v as? String else { throw bad("\(key).metric.\(k.prefix(80))", "label value is not a string") }
                if k == "__name__" { name = s } else { labels.append((k, s)) }
            }
            guard let values = obj["values"] as? [Any] else {
                throw bad("\(key).values", obj["value"] != nil ? "a single 'value' (instant vector), not 'values'" : "missing or not a list")
            }
            let e = set.entry(name: name, labels: labels, source: path)
            set.entries[e].times.reserveCapacity(set.entries[e].times.count + values.count)
            for (j, pair) in values.enumerated() {
                let at = "\(key).values[\(j)]"
                guard let p = pair as? [Any], p.count == 2 else { throw bad(at, "expected [time, \"value\"]") }
                guard let t = seconds(p[0]) else { throw bad(at, "time is not Unix seconds in years 1–9999") }
                guard let text = p[1] as? String else { throw bad(at, "value is not a string (Prometheus writes \"1.5\", \"NaN\", \"+Inf\")") }
                guard let v = number(text) else { throw bad(at, "value '\(text.prefix(40))' is not a number") }
                set.entries[e].times.append(t)
                set.entries[e].values.append(v)
            }
        }
    }

    /// Epoch ms of a Unix-seconds JSON number (or numeric string), rounded to the ms.
    static func seconds(_ v: Any) -> Int64? {
        var x: Double?
        if let n = jsonNumber(v) { x = n } else if let s = v as? String { x = number(s) }
        guard let x, x.isFinite else { return nil }
        let ms = (x * 1_000).rounded()
        guard ms >= Double(GroundTruth.earliestTimeMs), ms <= Double(GroundTruth.latestTimeMs) else { return nil }
        return Int64(ms)
    }

    /// A JSON number's value; nil for anything else, `true` and `false` included (Foundation hands booleans
    /// over as `NSNumber`s of type `c`).
    static func jsonNumber(_ v: Any?) -> Double? {
        guard let v, !(type(of: v) is Bool.Type) else { return nil }
        if let d = v as? Double, type(of: v) is Double.Type { return d }
        guard let n = v as? NSNumber else { return nil }
        guard String(cString: n.objCType) != "c" else { return nil }
        return n.doubleValue
    }

    /// A Prometheus value text: a decimal, `NaN`, `+Inf`, `-Inf`, `Inf`.
    static func number(_ s: String) -> Double? {
        var copy = s
        return copy.withUTF8 { u in NABText.number(UnsafeRawBufferPointer(u), 0, u.count) }
    }
}
