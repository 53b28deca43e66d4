import Foundation
import Telemetry

/// A delimited text file parsed at the byte level: the time column, the value columns (row-major doubles) and an
/// optional 0/1 label column, each row with its line number. No per-field `String`; numbers go through
/// `NABText.number` (exact fast path, `strtod` otherwise).
///
/// Accepted: a UTF-8 byte-order mark, CRLF or LF line ends, double-quoted fields (`""` inside quotes is a quote),
/// spaces around fields, empty fields and `nan`, `na`, `null`, `none`, `n/a` (any case) as missing values,
/// blank lines at the end. Everything else that does not fit is an `InteropError` with the file, line and byte
/// column: a header with one column that holds another delimiter, a row with too few or too many fields
/// (a last line cut short says "truncated"), a timestamp or number that does not parse, text after a closing
/// quote, an unterminated quote, a blank line inside the data.
struct CSVTable {
    /// Names of the value columns, in file order.
    var names: [String]
    /// The time column's name.
    var timeName: String
    /// Each row's epoch ms (file order).
    var times: [Int64] = []
    /// The values, row-major (`names.count` per row).
    var values: [Double] = []
    /// Per row 0/1 when a label column was named, else empty.
    var labels: [UInt8] = []
    /// Per row its 1-based line.
    var lines: [Int] = []
    /// ISO-8601 timestamps without a zone (read as UTC).
    var zoneless = 0
    /// Line of the first zoneless timestamp.
    var firstZoneless: Int?

    /// Parses `bytes`.
    ///
    /// - Parameters:
    ///   - timeColumn: the time column's header name; nil for the first column.
    ///   - labelColumn: a column of 0/1 (or `true`/`false`) fault labels, left out of the series.
    ///   - delimiter: the field separator; nil for `,`.
    /// - Throws: `InteropError` (usage for a named column that does not exist), naming the file, line and column.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, timeColumn: String?, labelColumn: String?, delimiter: UInt8?
    ) throws -> CSVTable {
        let p = bytes
        let n = p.count
        var pos = 0
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { pos = 3 }
        let delim = delimiter ?? 0x2C
        let raw = UnsafeRawBufferPointer(p)
        // Header.
        var headerFields: [(Int, Int)] = []
        let headerStart = pos
        guard pos < n else { throw InteropError(path: path, message: "empty file, no header") }
        pos = try scanLine(p, from: pos, delimiter: delim, path: path, line: 1) { _, a, b in headerFields.append((a, b)) }
        var headerEnd = pos
        while headerEnd > headerStart && (p[headerEnd - 1] == 0x0A || p[headerEnd - 1] == 0x0D) { headerEnd -= 1 }
        let names = headerFields.map { String(decoding: UnsafeRawBufferPointer(rebasing: raw[$0.0..<$0.1]), as: UTF8.self) }
        if names.count == 1 && delimiter == nil {
            for (c, word) in [(UInt8(0x3B), "';'"), (0x09, "tab"), (0x7C, "'|'")] {
                if let at = (headerStart..<headerEnd).first(where: { p[$0] == c }) {
                    throw InteropError(
                        path: path, line: 1, column: at - headerStart + 1,
                        message: "the header has one column but holds \(word) characters: the file looks \(word)-separated (pass --delimiter)")
                }
            }
        }
        var seen = Set<String>()
        for (i, name) in names.enumerated() {
            guard !name.isEmpty else {
                throw InteropError(
                    path: path, line: 1, column: headerFields[i].0 - headerStart + 1, message: "column \(i + 1) of the header has no name")
            }
            guard seen.insert(name).inserted else {
                throw InteropError(
                    path: path, line: 1, column: headerFields[i].0 - headerStart + 1, message: "column name '\(name.prefix(80))' appears twice")
            }
        }
        func index(of column: String, _ flag: String) throws -> Int {
            guard let i = names.firstIndex(of: column) else {
                throw InteropError(
                    path: path, line: 1, message: "no column '\(column)' for \(flag)\(NearestName.hint(column, among: names))", isUsageError: true)
            }
            return i
        }
        let timeIndex = try timeColumn.map { try index(of: $0, "--time-column") } ?? 0
        let labelIndex = try labelColumn.map { try index(of: $0, "--label-column") }
        if labelIndex == timeIndex { throw InteropError(path: path, line: 1, message: "the label column is the time column", isUsageError: true) }
        // Roles: -1 time, -2 label, else the value slot.
        var roles = [Int](repeating: 0, count: names.count)
        var valueNames: [String] = []
        for i in names.indices {
            if i == timeIndex {
                roles[i] = -1
            } else if i == labelIndex {
                roles[i] = -2
            } else {
                roles[i] = valueNames.count
                valueNames.append(names[i])
            }
        }
        guard !valueNames.isEmpty else {
            throw InteropError(path: path, line: 1, message: "the header names no value column (expected time,<series>,…)")
        }
        var table = CSVTable(names: valueNames, timeName: names[timeIndex])
        let width = names.count
        // Rows ≤ the line ends left: counted first (cheap) so the arrays are allocated once, never regrown.
        var newlines = 1
        var q = pos
        while q < n {
            if p[q] == 0x0A { newlines += 1 }
            q += 1
        }
        let estimate = newlines
        var line = 1
        // The data rows: one pass over the bytes, fields located and parsed in place (no closure, no copy);
        // the results go to local arrays, moved into the table at the end.
        var times: [Int64] = []
        var labels: [UInt8] = []
        var lines: [Int] = []
        times.reserveCapacity(estimate)
        lines.reserveCapacity(estimate)
        if labelIndex != nil { labels.reserveCapacity(estimate) }
        let hasLabels = labelIndex != nil
        let capacity = estimate * valueNames.count
        // The values go straight into uninitialised storage sized for every line (no append, no regrowth).
        let values = try [Double](unsafeUninitializedCapacity: capacity) { vbuf, initialized in
            var vi = 0
            try roles.withUnsafeBufferPointer { roles in
                while pos < n {
                    line += 1
                    let lineStart = pos
                    // A blank line: allowed only when nothing but line ends follows.
                    if p[pos] == 0x0A || (p[pos] == 0x0D && pos + 1 < n && p[pos + 1] == 0x0A) {
                        var rest = pos
                        while rest < n && (p[rest] == 0x0A || p[rest] == 0x0D || p[rest] == 0x20) { rest += 1 }
                        if rest >= n {
                            pos = n
                            break
                        }
                        throw InteropError(path: path, line: line, column: 1, message: "empty line inside the data")
                    }
                    guard vi + valueNames.count <= capacity else {
                        throw InteropError(path: path, line: line, message: "more rows than line ends (internal bound)")
                    }
                    var time: Int64 = 0
                    var label: UInt8 = 0
                    var k = 0
                    while true {
                        while pos < n && p[pos] == 0x20 { pos += 1 }
                        var a = pos, b = pos
                        if k < width && roles[k] >= 0 {
                            // A value field: digits are accumulated while the field is scanned (one pass); anything
                            // but `[-+]digits[.digits]` falls back to the general path below.
                            let (value, i) = scanDecimal(p, from: pos, limit: n)
                            if let v = value, i >= n || p[i] == delim || p[i] == 0x0A {
                                vbuf[vi] = v
                                vi += 1
                                pos = i
                                k += 1
                                if pos >= n { break }
                                if p[pos] == 0x0A {
                                    pos += 1
                                    break
                                }
                                pos += 1
                                continue
                            }
                        }
                        if pos < n && p[pos] == 0x22 {
                            (a, b, pos) = try quoted(p, at: pos, lineStart: lineStart, delimiter: delim, path: path, line: line)
                        } else {
                            while pos < n {
                                let c = p[pos]
                                if c == delim || c == 0x0A { break }
                                pos += 1
                            }
                            b = pos
                            while b > a && (p[b - 1] == 0x20 || p[b - 1] == 0x0D) { b -= 1 }
                        }
                        guard k < width else {
                            throw InteropError(
                                path: path, line: line, column: a - lineStart,
                                message:
                                    "more fields than the header's \(width) (a different delimiter, or an unquoted \(delim == 0x2C ? "comma" : "delimiter")?)"
                            )
                        }
                        let role = roles[k]
                        if role >= 0 {
                            if b == a {
                                vbuf[vi] = .nan
                                vi += 1
                            } else if let v = fastNumber(p, a, b) ?? NABText.number(raw, a, b) {
                                vbuf[vi] = v
                                vi += 1
                            } else if isMissingWord(p, a, b) {
                                vbuf[vi] = .nan
                                vi += 1
                            } else {
                                throw InteropError(
                                    path: path, line: line, column: a - lineStart + 1,
                                    message: "column '\(names[k].prefix(80))': '\(NABText.snippet(raw, a, b))' is not a number")
                            }
                        } else if role == -1 {
                            guard let t = TimestampText.epochMs(raw, a, b) else {
                                throw InteropError(
                                    path: path, line: line, column: a - lineStart + 1,
                                    message: "timestamp '\(NABText.snippet(raw, a, b))' is not epoch seconds, epoch ms or ISO 8601")
                            }
                            if b - a >= 10 && p[a + 4] == 0x2D && !hasZone(p, a, b) {
                                table.zoneless += 1
                                if table.firstZoneless == nil { table.firstZoneless = line }
                            }
                            time = t
                        } else {
                            guard let l = labelValue(p, a, b) else {
                                throw InteropError(
                                    path: path, line: line, column: a - lineStart + 1,
                                    message: "label '\(NABText.snippet(raw, a, b))' is not 0, 1, true or false")
                            }
                            label = l
                        }
                        k += 1
                        if pos >= n { break }
                        if p[pos] == 0x0A {
                            pos += 1
                            break
                        }
                        pos += 1  // the delimiter
                    }
                    if k < width {
                        var end = pos
                        let endedWithNewline = end > lineStart && p[end - 1] == 0x0A
                        while end > lineStart && (p[end - 1] == 0x0A || p[end - 1] == 0x0D) { end -= 1 }
                        let what = endedWithNewline ? "\(k) fields, the header has \(width)" : "truncated last line: \(k) of \(width) fields"
                        throw InteropError(path: path, line: line, column: end - lineStart + 1, message: what)
                    }
                    times.append(time)
                    lines.append(line)
                    if hasLabels { labels.append(label) }
                }
            }
            initialized = vi
        }
        table.times = times
        table.values = values
        table.labels = labels
        table.lines = lines
        guard !table.times.isEmpty else { throw InteropError(path: path, line: line, message: "no data rows after the header") }
        return table
    }

    /// A quoted field at `pos`: its content range (quotes excluded; `""` kept as is) and the position after it.
    static func quoted(
        _ p: UnsafeBufferPointer<UInt8>, at start: Int, lineStart: Int, delimiter: UInt8, path: String, line: Int
    ) throws -> (Int, Int, Int) {
        let n = p.count
        let a = start + 1
        var pos = a
        while true {
            guard pos < n else { throw InteropError(path: path, line: line, column: start - lineStart + 1, message: "unterminated quote") }
            if p[pos] == 0x22 {
                if pos + 1 < n && p[pos + 1] == 0x22 {
                    pos += 2
                    continue
                }
                break
            }
            pos += 1
        }
        let b = pos
        pos += 1
        while pos < n && (p[pos] == 0x20 || p[pos] == 0x0D) { pos += 1 }
        guard pos >= n || p[pos] == delimiter || p[pos] == 0x0A else {
            throw InteropError(path: path, line: line, column: pos - lineStart + 1, message: "text after a closing quote")
        }
        return (a, b, pos)
    }

    /// Exact powers of ten for `scanDecimal`.
    static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// Scans `[-+]digits[.digits]` from `start` (stopping at `limit` or the first other byte) and returns the
    /// value when it has 1–15 significant digits and at most 22 fraction digits — one exact division (both
    /// operands are exact doubles, so the quotient is correctly rounded) — else nil, with the index where the
    /// scan stopped either way. The one decimal scanner of the importer: the value loop calls it on each field
    /// in place, `fastNumber` on a field already delimited.
    @inline(__always)
    static func scanDecimal(_ p: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> (value: Double?, end: Int) {
        var i = start
        var negative = false
        if i < limit && (p[i] == 0x2D || p[i] == 0x2B) {
            negative = p[i] == 0x2D
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0
        while i < limit {
            let d = p[i] &- 0x30
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            digits += 1
            i += 1
        }
        if i < limit && p[i] == 0x2E {
            i += 1
            while i < limit {
                let d = p[i] &- 0x30
                if d > 9 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                digits += 1
                fraction += 1
                i += 1
            }
        }
        guard digits > 0, digits <= 15, fraction <= 22 else { return (nil, i) }
        let v = fraction == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[fraction]
        return (negative ? -v : v, i)
    }

    /// The field `[a, b)` as a number when it is exactly what `scanDecimal` reads; nil for anything else, which
    /// `NABText.number` then reads.
    @inline(__always)
    static func fastNumber(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Double? {
        let (value, end) = scanDecimal(p, from: a, limit: b)
        return end == b ? value : nil
    }

    static func scanLine(
        _ p: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8, path: String, line: Int, _ field: (Int, Int, Int) throws -> Void
    ) throws -> Int {
        let n = p.count
        var pos = start
        var k = 0
        while true {
            while pos < n && p[pos] == 0x20 { pos += 1 }
            var a = pos, b = pos
            if pos < n && p[pos] == 0x22 {
                (a, b, pos) = try quoted(p, at: pos, lineStart: start, delimiter: delimiter, path: path, line: line)
            } else {
                while pos < n && p[pos] != delimiter && p[pos] != 0x0A { pos += 1 }
                b = pos
                while b > a && (p[b - 1] == 0x20 || p[b - 1] == 0x0D) { b -= 1 }
            }
            try field(k, a, b)
            k += 1
            if pos >= n { return n }
            if p[pos] == 0x0A { return pos + 1 }
            pos += 1  // the delimiter
        }
    }

    /// Whether an ISO-8601 field names a zone (`Z`, `±HH:MM`) after its date.
    static func hasZone(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        var i = a + 10
        while i < b {
            let c = p[i]
            if c == 0x5A || c == 0x7A || c == 0x2B || c == 0x2D { return true }
            i += 1
        }
        return false
    }

    /// `nan`, `na`, `null`, `none`, `n/a` in any case.
    static func isMissingWord(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        let len = b - a
        guard len >= 2 && len <= 4 else { return false }
        var w: UInt32 = 0
        for i in a..<b { w = (w << 8) | UInt32(p[i] | 0x20) }
        // "na", "nan", "null", "none", "n/a" ('/' | 0x20 is '/').
        return w == 0x6E61 || w == 0x6E_616E || w == 0x6E75_6C6C || w == 0x6E6F_6E65 || w == 0x6E_2F61
    }

    /// 0/1, `true`/`false` (any case), empty as 0, any other finite number as (≠ 0).
    static func labelValue(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> UInt8? {
        if b == a { return 0 }
        if let v = NABText.number(UnsafeRawBufferPointer(p), a, b), v.isFinite { return v != 0 ? 1 : 0 }
        let word = String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self).lowercased()
        if word == "true" { return 1 }
        if word == "false" { return 0 }
        return nil
    }
}
