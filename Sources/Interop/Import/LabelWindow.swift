import Foundation
import Telemetry

/// A labelled fault window from a label-windows JSON file (`faultline import csv --labels FILE`) or a label
/// column: inclusive epoch-ms bounds, with an optional id, kind and target.
public struct LabelWindow: Sendable, Hashable {
    public var id: String?
    public var kind: String?
    public var target: String?
    public var startMs: Int64
    public var endMs: Int64

    /// Creates a window.
    public init(id: String? = nil, kind: String? = nil, target: String? = nil, startMs: Int64, endMs: Int64) {
        self.id = id
        self.kind = kind
        self.target = target
        self.startMs = startMs
        self.endMs = endMs
    }

    /// Reads a label-windows file. Accepted shapes: a list of `[start, end]` pairs (NAB's), a list of objects
    /// `{"start": …, "end": …, "id"?, "kind"?, "target"?}` (what `faultline export csv` writes), or NAB's
    /// `combined_windows.json` object of file → pairs (every file's windows). Times are epoch seconds or ms
    /// (numbers or strings) or ISO-8601 strings (`TimestampText`).
    ///
    /// - Throws: `InteropError` naming the file and the window's position.
    public static func read(_ url: URL) throws -> [LabelWindow] {
        let bytes = try CSVScan.read(url)
        return try parse(bytes, path: url.path)
    }

    /// Parses a label-windows document (see `read`).
    public static func parse(_ bytes: [UInt8], path: String) throws -> [LabelWindow] {
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw InteropError(path: path, message: "not JSON: \(error.localizedDescription)")
        }
        var lists: [(String, [Any])] = []
        if let list = any as? [Any] {
            lists = [("", list)]
        } else if let dict = any as? [String: Any] {
            for key in dict.keys.sorted() {
                guard let list = dict[key] as? [Any] else {
                    throw InteropError(path: path, message: "key '\(key.prefix(80))': not a list of windows")
                }
                lists.append((key, list))
            }
        } else {
            throw InteropError(path: path, message: "expected a list of windows (or an object of file → windows)")
        }
        var out: [LabelWindow] = []
        for (key, list) in lists {
            for (k, item) in list.enumerated() {
                let at = key.isEmpty ? "window \(k + 1)" : "key '\(key.prefix(80))', window \(k + 1)"
                func time(_ v: Any?, _ what: String) throws -> Int64 {
                    if let x = QueryRangeImporter.jsonNumber(v) {
                        let ms = abs(x) >= 1e11 ? x : x * 1_000
                        if ms.isFinite && abs(ms) < 9e15 { return Int64(ms.rounded()) }
                    }
                    if let s = v as? String, let t = TimestampText.epochMs(s) { return t }
                    throw InteropError(path: path, message: "\(at): \(what) is not a time (epoch s or ms, or ISO 8601)")
                }
                var w: LabelWindow
                if let pair = item as? [Any] {
                    guard pair.count == 2 else { throw InteropError(path: path, message: "\(at): expected [start, end]") }
                    w = LabelWindow(startMs: try time(pair[0], "start"), endMs: try time(pair[1], "end"))
                } else if let obj = item as? [String: Any] {
                    w = LabelWindow(
                        id: obj["id"] as? String, kind: obj["kind"] as? String, target: obj["target"] as? String,
                        startMs: try time(obj["start"], "start"), endMs: try time(obj["end"], "end"))
                } else {
                    throw InteropError(path: path, message: "\(at): expected [start, end] or {\"start\": …, \"end\": …}")
                }
                guard w.startMs <= w.endMs else { throw InteropError(path: path, message: "\(at): ends before it starts") }
                out.append(w)
            }
        }
        return out
    }

    /// Windows of consecutive labelled rows (label ≠ 0), each from its first to its last row's time.
    static func runs(labels: [UInt8], timestamps: [Int64]) -> [LabelWindow] {
        var out: [LabelWindow] = []
        var r = 0
        while r < labels.count {
            guard labels[r] != 0 else {
                r += 1
                continue
            }
            var e = r
            while e + 1 < labels.count && labels[e + 1] != 0 { e += 1 }
            out.append(LabelWindow(startMs: timestamps[r], endMs: timestamps[e]))
            r = e + 1
        }
        return out
    }

    /// Fault records for `windows` (ids `l1`, `l2`, … where a window has none; kind `labelled`; target
    /// `defaultTarget`).
    static func faults(_ windows: [LabelWindow], defaultTarget: String) -> [FaultRecord] {
        windows.sorted { ($0.startMs, $0.endMs) < ($1.startMs, $1.endMs) }.enumerated().map { k, w in
            FaultRecord(
                id: w.id ?? "l\(k + 1)", kind: ImportValidation.identifier(w.kind ?? "labelled"), target: w.target ?? defaultTarget,
                injectionStartMs: w.startMs, injectionEndMs: w.endMs)
        }
    }
}
