import Foundation
import Telemetry

/// `faultline import otlp-json FILE…`: what the OpenTelemetry Collector's file exporter writes — one
/// `ExportTraceServiceRequest`, `ExportLogsServiceRequest` or `ExportMetricsServiceRequest` JSON object per line
/// (`resourceSpans`, `resourceLogs`, `resourceMetrics`), ids as hex, 64-bit integers as strings.
///
/// - Spans: the resource's `service.name` is the service, `name` the operation; start and end from
///   `startTimeUnixNano` / `endTimeUnixNano` (ms, duration fractional); `status.code` 1 ok, 2 error, else unset.
/// - Log records: `service.name` is the entity; `severityNumber` (or `severityText`) maps to debug … fatal;
///   the body's `stringValue`; attributes with string, int, double or bool values (as text); the attribute
///   `faultline.template_id` is the template id; `traceId`/`spanId` become `trace_id`/`span_id` attributes.
/// - Metrics: `gauge` and `sum` data points (`asDouble` or `asInt`) become samples labelled by their attributes
///   plus `entity` = `service.name`, merged like Prometheus series (`SampleSet`); a monotonic sum is a counter;
///   `unit` is the series' unit. Histograms, exponential histograms and summaries are counted and left out.
public enum OTLPImporter {
    /// Imports and merges `urls`.
    ///
    /// - Throws: `InteropError` naming the file, line and JSON key path.
    public static func importFiles(_ urls: [URL], name: String, duplicates: DuplicatePolicy = .last, gaps: GapPolicy = .auto) throws -> ImportResult {
        var state = State()
        for url in urls { try add(try CSVScan.read(url), path: url.path, to: &state) }
        return try state.finish(path: urls.first?.path ?? "", name: name, duplicates: duplicates, gaps: gaps)
    }

    /// Imports the bytes of one file (the fuzz target's entry).
    public static func parse(_ bytes: [UInt8], path: String, name: String = "fuzz") throws -> ImportResult {
        var state = State()
        try add(bytes, path: path, to: &state)
        return try state.finish(path: path, name: name, duplicates: .last, gaps: .auto)
    }

    struct State {
        var samples = SampleSet()
        var spans: [Span] = []
        var logs: [LogRecord] = []
        var leftOut: [String: Int] = [:]

        func finish(path: String, name: String, duplicates: DuplicatePolicy, gaps: GapPolicy) throws -> ImportResult {
            let info = DatasetInfo(name: name, generator: "faultline-interop otlp-json")
            var result: ImportResult
            if samples.entries.isEmpty {
                guard !spans.isEmpty || !logs.isEmpty else { throw InteropError(path: path, message: "no spans, log records or metric points") }
                // Traces and logs only: a dataset with no metric rows.
                result = ImportResult(
                    dataset: try Dataset(
                        info: info, axis: TimeAxis(startMs: 0, stepMs: 1_000, count: 0), timestamps: [], series: [],
                        frame: MetricFrame(rows: 0, columns: 0)),
                    repairs: [])
            } else {
                result = try samples.dataset(path: path, info: info, duplicates: duplicates, gaps: gaps)
            }
            var ids = Set<String>()
            for s in spans where !ids.insert(s.traceId + s.spanId).inserted {
                throw InteropError(path: path, message: "span \(s.spanId) of trace \(s.traceId) appears twice")
            }
            result.dataset.spans = spans.enumerated().sorted { ($0.element.startMs, $0.offset) < ($1.element.startMs, $1.offset) }.map(\.element)
            result.dataset.logs = logs.enumerated().sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
            for (what, n) in leftOut.sorted(by: { $0.key < $1.key }) { result.repairs.append(ImportRepair(.leftOut, "\(n) \(what)")) }
            return result
        }
    }

    static func add(_ bytes: [UInt8], path: String, to state: inout State) throws {
        var line = 0
        var start = 0
        let n = bytes.count
        while start < n {
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            line += 1
            let slice = bytes[start..<end]
            start = end + 1
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            func bad(_ key: String, _ what: String) -> InteropError { InteropError(path: path, line: line, message: "\(key): \(what)") }
            let any: Any
            do {
                // JSONDecoder reads numbers exactly (Foundation's JSONSerialization can be one ulp off on Linux).
                any = plain(try JSONDecoder().decode(NABJSON.self, from: Data(slice)))
            } catch {
                throw InteropError(path: path, line: line, message: "not JSON: \(error.localizedDescription)")
            }
            guard let top = any as? [String: Any] else { throw bad("(line)", "expected an OTLP request object") }
            var known = false
            if let list = top["resourceSpans"] {
                known = true
                try forEachResource(list, "resourceSpans", "scopeSpans", "spans", bad) { service, item, key in
                    state.spans.append(try span(item, service: service, key: key, bad))
                }
            }
            if let list = top["resourceLogs"] {
                known = true
                try forEachResource(list, "resourceLogs", "scopeLogs", "logRecords", bad) { service, item, key in
                    state.logs.append(try log(item, service: service, key: key, bad))
                }
            }
            if let list = top["resourceMetrics"] {
                known = true
                try forEachResource(list, "resourceMetrics", "scopeMetrics", "metrics", bad) { service, item, key in
                    try metric(item, service: service, key: key, path: path, into: &state, bad)
                }
            }
            guard known else { throw bad("(line)", "no resourceSpans, resourceLogs or resourceMetrics") }
        }
    }

    /// A parsed document as Foundation-style values (`[String: Any]`, `[Any]`, `String`, `Double`, `Bool`, `NSNull`).
    static func plain(_ j: NABJSON) -> Any {
        switch j {
        case .number(let d): return d
        case .string(let s): return s
        case .bool(let b): return b
        case .null: return NSNull()
        case .array(let a): return a.map(plain)
        case .object(let o): return o.mapValues(plain)
        }
    }

    /// Calls `body` for each item of `resource*[i].scope*[j].<items>[k]` with the resource's `service.name`.
    static func forEachResource(
        _ list: Any, _ resourceKey: String, _ scopeKey: String, _ itemsKey: String, _ bad: (String, String) -> InteropError,
        _ body: (String, [String: Any], String) throws -> Void
    ) throws {
        guard let resources = list as? [Any] else { throw bad(resourceKey, "not a list") }
        for (i, r) in resources.enumerated() {
            let rk = "\(resourceKey)[\(i)]"
            guard let res = r as? [String: Any] else { throw bad(rk, "not an object") }
            let attrs = try attributes((res["resource"] as? [String: Any])?["attributes"], key: "\(rk).resource.attributes", bad)
            let service = attrs["service.name"] ?? "unknown_service"
            guard let scopes = (res[scopeKey] ?? []) as? [Any] else { throw bad("\(rk).\(scopeKey)", "not a list") }
            for (j, s) in scopes.enumerated() {
                let sk = "\(rk).\(scopeKey)[\(j)]"
                guard let scope = s as? [String: Any], let items = (scope[itemsKey] ?? []) as? [Any] else {
                    throw bad(sk, "not an object with \(itemsKey)")
                }
                for (k, item) in items.enumerated() {
                    guard let obj = item as? [String: Any] else { throw bad("\(sk).\(itemsKey)[\(k)]", "not an object") }
                    try body(service, obj, "\(sk).\(itemsKey)[\(k)]")
                }
            }
        }
    }

    /// OTLP `KeyValue` list → text values.
    static func attributes(_ v: Any?, key: String, _ bad: (String, String) -> InteropError) throws -> [String: String] {
        guard let v else { return [:] }
        guard let list = v as? [Any] else { throw bad(key, "not a list of {key, value}") }
        var out: [String: String] = [:]
        for (i, item) in list.enumerated() {
            guard let kv = item as? [String: Any], let k = kv["key"] as? String else {
                throw bad("\(key)[\(i)]", "expected {\"key\": …, \"value\": …}")
            }
            let value = kv["value"] as? [String: Any] ?? [:]
            if let s = value["stringValue"] as? String {
                out[k] = s
            } else if let s = value["intValue"] {
                out[k] = "\(s)"
            } else if let d = QueryRangeImporter.jsonNumber(value["doubleValue"]) {
                out[k] = "\(d)"
            } else if let b = value["boolValue"] {
                out[k] = "\(b)"
            } else {
                out[k] = ""
            }
        }
        return out
    }

    /// Nanoseconds since the epoch from a string or number, as ms (the fraction kept for durations).
    static func nanos(_ v: Any?) -> Int64? {
        if let s = v as? String { return Int64(s) }
        if let d = QueryRangeImporter.jsonNumber(v), d.isFinite, abs(d) < 9.2e18 { return Int64(d) }
        return nil
    }

    static func hex(_ v: Any?, digits: Int) -> String? {
        guard let s = v as? String, s.utf8.count == digits,
            s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) })
        else { return nil }
        return s.lowercased()
    }

    static func checkTime(_ ns: Int64, _ key: String, _ bad: (String, String) -> InteropError) throws -> Int64 {
        let ms = ns / 1_000_000
        guard ms >= GroundTruth.earliestTimeMs, ms <= GroundTruth.latestTimeMs else { throw bad(key, "\(ns) ns is outside years 1–9999") }
        return ms
    }

    static func span(_ o: [String: Any], service: String, key: String, _ bad: (String, String) -> InteropError) throws -> Span {
        guard let trace = hex(o["traceId"], digits: 32) else { throw bad("\(key).traceId", "not 32 hex digits") }
        guard let id = hex(o["spanId"], digits: 16) else { throw bad("\(key).spanId", "not 16 hex digits") }
        var parent: String?
        if let p = o["parentSpanId"] as? String, !p.isEmpty {
            guard let h = hex(p, digits: 16) else { throw bad("\(key).parentSpanId", "not 16 hex digits") }
            parent = h
        }
        guard let s = nanos(o["startTimeUnixNano"]), let e = nanos(o["endTimeUnixNano"]) else {
            throw bad(key, "startTimeUnixNano and endTimeUnixNano must be integers (strings in OTLP JSON)")
        }
        guard e >= s else { throw bad("\(key).endTimeUnixNano", "before the start") }
        let startMs = try checkTime(s, "\(key).startTimeUnixNano", bad)
        let code = (o["status"] as? [String: Any]).flatMap { QueryRangeImporter.jsonNumber($0["code"]) } ?? 0
        let status: SpanStatus = code == 1 ? .ok : code == 2 ? .error : .unset
        let duration = Double(e - startMs * 1_000_000) / 1e6 - Double(s - startMs * 1_000_000) / 1e6
        return Span(
            traceId: trace, spanId: id, parentSpanId: parent, service: service, operation: o["name"] as? String ?? "", startMs: startMs,
            durationMs: duration, status: status)
    }

    static func log(_ o: [String: Any], service: String, key: String, _ bad: (String, String) -> InteropError) throws -> LogRecord {
        guard let ns = nanos(o["timeUnixNano"]) ?? nanos(o["observedTimeUnixNano"]) else {
            throw bad("\(key).timeUnixNano", "missing or not an integer")
        }
        let ms = try checkTime(ns, "\(key).timeUnixNano", bad)
        let number = QueryRangeImporter.jsonNumber(o["severityNumber"]).map { Int($0) } ?? 0
        var severity: Severity
        switch number {
        case 1...8: severity = .debug
        case 9...12: severity = .info
        case 13...16: severity = .warn
        case 17...20: severity = .error
        case 21...24: severity = .fatal
        default:
            switch (o["severityText"] as? String ?? "").lowercased() {
            case "trace", "debug": severity = .debug
            case "warn", "warning": severity = .warn
            case "error": severity = .error
            case "fatal", "critical": severity = .fatal
            default: severity = .info
            }
        }
        var attrs = try attributes(o["attributes"], key: "\(key).attributes", bad)
        let template = attrs.removeValue(forKey: "faultline.template_id")
        if let t = o["traceId"] as? String, !t.isEmpty { attrs["trace_id"] = t }
        if let s = o["spanId"] as? String, !s.isEmpty { attrs["span_id"] = s }
        let body = (o["body"] as? [String: Any])?["stringValue"] as? String ?? ""
        return LogRecord(timeMs: ms, entity: service, severity: severity, templateId: template, body: body, attributes: attrs)
    }

    static func metric(
        _ o: [String: Any], service: String, key: String, path: String, into state: inout State, _ bad: (String, String) -> InteropError
    ) throws {
        guard let name = o["name"] as? String, !name.isEmpty else { throw bad("\(key).name", "missing") }
        let unit = o["unit"] as? String ?? ""
        var points: [Any] = []
        var counter = false
        if let g = o["gauge"] as? [String: Any] {
            points = g["dataPoints"] as? [Any] ?? []
        } else if let s = o["sum"] as? [String: Any] {
            points = s["dataPoints"] as? [Any] ?? []
            counter = (s["isMonotonic"] as? Bool) ?? false
        } else {
            let kind = ["histogram", "exponentialHistogram", "summary"].first { o[$0] != nil } ?? "unknown"
            state.leftOut["OTLP \(kind) metrics are not imported (only gauge and sum)", default: 0] += 1
            return
        }
        for (i, p) in points.enumerated() {
            let pk = "\(key).dataPoints[\(i)]"
            guard let dp = p as? [String: Any] else { throw bad(pk, "not an object") }
            guard let ns = nanos(dp["timeUnixNano"]) else { throw bad("\(pk).timeUnixNano", "missing or not an integer") }
            let ms = try checkTime(ns, "\(pk).timeUnixNano", bad)
            var value: Double
            if let d = dp["asDouble"] {
                if let x = QueryRangeImporter.jsonNumber(d) {
                    value = x
                } else if let s = d as? String, let x = QueryRangeImporter.number(s) {
                    value = x
                } else {
                    throw bad("\(pk).asDouble", "not a number")
                }
            } else if let iv = dp["asInt"] {
                guard let x = (iv as? String).flatMap({ Int64($0) }).map(Double.init) ?? QueryRangeImporter.jsonNumber(iv) else {
                    throw bad("\(pk).asInt", "not an integer")
                }
                value = x
            } else {
                throw bad(pk, "no asDouble or asInt")
            }
            var labels = try attributes(dp["attributes"], key: "\(pk).attributes", bad)
            labels["entity"] = service
            if !unit.isEmpty { labels["faultline_unit"] = unit }
            if counter && labels["faultline_kind"] == nil { labels["faultline_kind"] = "counter" }
            let e = state.samples.entry(name: name, labels: labels.map { ($0.key, $0.value) }, source: path)
            state.samples.entries[e].times.append(ms)
            state.samples.entries[e].values.append(value)
        }
    }
}
