import Foundation

/// A minimal JSON reader for the flat records of the JSON Lines files: objects whose values are
/// strings, numbers or string-to-string objects.
///
/// It is the fast path of reading (Foundation's `JSONDecoder` manages ~50,000 records a second on
/// Linux). It accepts only what it fully understands and returns nil otherwise; the caller then
/// decodes that line with `JSONDecoder`, which either succeeds (unknown keys, `null`s, …) or gives
/// the precise error. So the scanner can make reading faster but never more permissive.
struct JSONScanner {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    mutating func consume(_ c: UInt8) -> Bool {
        skipSpace()
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
    }

    /// True when only whitespace remains.
    mutating func atEnd() -> Bool {
        skipSpace()
        return i == b.count
    }

    /// A string, unescaped; nil on anything malformed.
    mutating func string() -> String? {
        guard consume(0x22) else { return nil }
        let start = i
        // Fast path: no escapes.
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == 0x5C { break }
            if c < 0x20 { return nil }
            i += 1
        }
        var out = Array(b[start..<i])
        while i < b.count {
            let c = b[i]
            i += 1
            switch c {
            case 0x22:
                guard let s = String(validating: out, as: UTF8.self) else { return nil }
                return s
            case 0x5C:
                guard i < b.count else { return nil }
                let e = b[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 1 < b.count, b[i] == 0x5C, b[i + 1] == 0x75 else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: String(Character(u)).utf8)
                default: return nil
                }
            default:
                if c < 0x20 { return nil }
                out.append(c)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= b.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            i += 1
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// An integer written without fraction or exponent; nil otherwise or on overflow.
    mutating func int64() -> Int64? {
        skipSpace()
        var negative = false
        if i < b.count, b[i] == 0x2D { negative = true; i += 1 }
        let start = i
        var magnitude: UInt64 = 0
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(b[i] - 0x30))
            if o1 || o2 { return nil }
            magnitude = a
            i += 1
        }
        guard i > start else { return nil }
        if i < b.count, b[i] == 0x2E || b[i] == 0x65 || b[i] == 0x45 { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// A number, or one of the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    mutating func double() -> Double? {
        skipSpace()
        guard i < b.count else { return nil }
        if b[i] == 0x22 {
            switch string() {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: return nil
            }
        }
        let start = i
        while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == 0x2D || b[i] == 0x2B || b[i] == 0x2E || b[i] == 0x65 || b[i] == 0x45 { i += 1 }
        guard i > start else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        guard let v = Double(text), v.isFinite else { return nil }
        return v
    }

    /// An object of string values.
    mutating func stringMap() -> [String: String]? {
        var out: [String: String] = [:]
        let ok = object { s, key in
            guard let v = s.string() else { return false }
            out[key] = v
            return true
        }
        return ok ? out : nil
    }

    /// An object; `field` reads the value of each key and returns false to give up.
    mutating func object(_ field: (inout JSONScanner, String) -> Bool) -> Bool {
        guard consume(0x7B) else { return false }
        if consume(0x7D) { return true }
        while true {
            guard let key = string(), consume(0x3A), field(&self, key) else { return false }
            if consume(0x2C) { continue }
            return consume(0x7D)
        }
    }
}

/// A record the scanner can read directly.
protocol JSONScannable: Decodable {
    /// Reads one record; nil when the line holds anything unexpected.
    static func scan(_ s: inout JSONScanner) -> Self?
}

extension LogRecord: JSONScannable {
    static func scan(_ s: inout JSONScanner) -> LogRecord? {
        var time: Int64?, entity: String?, severity: Severity?, templateId: String?, body: String?, attributes: [String: String]?
        let ok = s.object { s, key in
            switch key {
            case "timeMs": time = s.int64(); return time != nil
            case "entity": entity = s.string(); return entity != nil
            case "severity": severity = s.string().flatMap(Severity.init(rawValue:)); return severity != nil
            case "templateId": templateId = s.string(); return templateId != nil
            case "body": body = s.string(); return body != nil
            case "attributes": attributes = s.stringMap(); return attributes != nil
            default: return false
            }
        }
        guard ok, let time, let entity, let severity, let body, let attributes else { return nil }
        return LogRecord(timeMs: time, entity: entity, severity: severity, templateId: templateId, body: body, attributes: attributes)
    }
}

extension Span: JSONScannable {
    static func scan(_ s: inout JSONScanner) -> Span? {
        var traceId: String?, spanId: String?, parent: String?, service: String?, operation: String?
        var start: Int64?, duration: Double?, status: SpanStatus?
        let ok = s.object { s, key in
            switch key {
            case "traceId": traceId = s.string(); return traceId != nil
            case "spanId": spanId = s.string(); return spanId != nil
            case "parentSpanId": parent = s.string(); return parent != nil
            case "service": service = s.string(); return service != nil
            case "operation": operation = s.string(); return operation != nil
            case "startMs": start = s.int64(); return start != nil
            case "durationMs": duration = s.double(); return duration != nil
            case "status": status = s.string().flatMap(SpanStatus.init(rawValue:)); return status != nil
            default: return false
            }
        }
        guard ok, let traceId, let spanId, let service, let operation, let start, let duration, let status else { return nil }
        return Span(
            traceId: traceId, spanId: spanId, parentSpanId: parent, service: service, operation: operation,
            startMs: start, durationMs: duration, status: status)
    }
}

extension OpsEvent: JSONScannable {
    static func scan(_ s: inout JSONScanner) -> OpsEvent? {
        var time: Int64?, kind: OpsEventKind?, entity: String?, type: String?, reason: String?, message: String?
        var attributes: [String: String]?
        let ok = s.object { s, key in
            switch key {
            case "timeMs": time = s.int64(); return time != nil
            case "kind": kind = s.string().flatMap(OpsEventKind.init(rawValue:)); return kind != nil
            case "entity": entity = s.string(); return entity != nil
            case "type": type = s.string(); return type != nil
            case "reason": reason = s.string(); return reason != nil
            case "message": message = s.string(); return message != nil
            case "attributes": attributes = s.stringMap(); return attributes != nil
            default: return false
            }
        }
        guard ok, let time, let kind, let entity, let type, let reason, let message, let attributes else { return nil }
        return OpsEvent(timeMs: time, kind: kind, entity: entity, type: type, reason: reason, message: message, attributes: attributes)
    }
}

extension JSONLines {
    /// Decodes a JSON Lines body with the scanner, falling back to `JSONDecoder` line by line for
    /// anything the scanner does not accept (which then either decodes or gives the precise error).
    ///
    /// - Throws: `TelemetryError.malformedJSON` naming the file and the 1-based line.
    static func decodeScanning<T: JSONScannable>(_ type: T.Type, from data: Data, path: String) throws -> [T] {
        if data.isEmpty { return [] }
        let decoder = decoder()
        var out: [T] = []
        try data.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            var start = 0
            var line = 0
            while start < all.count {
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                line += 1
                let bytes = UnsafeBufferPointer(rebasing: all[start..<end])
                guard !bytes.isEmpty else { throw TelemetryError.malformedJSON(path: path, line: line, reason: "blank line") }
                var scanner = JSONScanner(bytes)
                if let record = T.scan(&scanner), scanner.atEnd() {
                    out.append(record)
                } else {
                    do { out.append(try decoder.decode(T.self, from: Data(bytes))) } catch {
                        throw TelemetryError.malformedJSON(path: path, line: line, reason: describe(error))
                    }
                }
                start = end + 1
            }
        }
        return out
    }
}
