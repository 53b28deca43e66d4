import Foundation
import Telemetry

/// A delimited text file parsed at the byte level: the time column, the value columns (column-major doubles) and
/// an optional 0/1 label column, each row with its line number. No per-field `String`; numbers go through
/// `scanDecimal` (exact fast path) and `NABText.number` (`strtod` otherwise).
///
/// Accepted: a UTF-8 byte-order mark, CRLF or LF line ends, double-quoted fields (`""` inside quotes is a quote;
/// a line end inside quotes belongs to the field), spaces around fields, empty fields and `nan`, `na`, `null`,
/// `none`, `n/a` (any case) as missing values, blank lines at the end. Everything else that does not fit is an
/// `InteropError` with the file, line and byte column (lines are the file's physical lines): a header with one
/// column that holds another delimiter, a row with too few or too many fields (a last line cut short says
/// "truncated"), a timestamp or number that does not parse, text after a closing quote, an unterminated quote, a
/// blank line inside the data.
///
/// Parallel parsing: a file with no double quote after its header is cut at line ends into one chunk per worker;
/// each chunk knows its first row (the line ends before it) and writes its rows into its own slice of the shared
/// column-major storage. Results are merged in file order, so the table, the repairs it leads to and the error
/// for a bad file (the first bad field in file order) are the same for any number of workers. A file holding a
/// quote is parsed by one worker (a line end may be inside a quoted field).
struct CSVTable {
    /// Names of the value columns, in file order.
    var names: [String]
    /// The time column's name.
    var timeName: String
    /// Each row's epoch ms (file order).
    var times: [Int64] = []
    /// The values, column-major: `names.count` columns of `times.count` values.
    var values: [Double] = []
    /// Per row 0/1 when a label column was named, else empty.
    var labels: [UInt8] = []
    /// Per row the 1-based line it starts on.
    var lines: [Int] = []
    /// ISO-8601 timestamps without a zone (read as UTC).
    var zoneless = 0
    /// Line of the first zoneless timestamp.
    var firstZoneless: Int?
    /// Chunks the data was parsed in (1: one worker, a small file or a quote in the data).
    var chunks = 1

    /// Rows.
    var rows: Int { times.count }

    /// Fewest bytes of data per worker: a smaller file is parsed by fewer workers (one below 2 MiB).
    static let minChunkBytes = 1 << 20

    /// Parses `bytes`.
    ///
    /// - Parameters:
    ///   - timeColumn: the time column's header name; nil for the first column.
    ///   - labelColumn: a column of 0/1 (or `true`/`false`) fault labels, left out of the series.
    ///   - delimiter: the field separator; nil for `,`.
    ///   - workers: most chunks parsed at once (the result does not depend on it).
    ///   - minChunkBytes: fewest data bytes per chunk (tests lower it to cut small files).
    ///   - plainRows: whether common rows take `plainRow` (the result does not depend on it; tests compare).
    ///   - lineEnds: the line ends and quotes of `bytes`, counted as they were read (else counted here).
    /// - Throws: `InteropError` (usage for a named column that does not exist), naming the file, line and column.
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, timeColumn: String?, labelColumn: String?, delimiter: UInt8?, workers: Int = 1,
        minChunkBytes: Int = CSVTable.minChunkBytes, plainRows: Bool = true, lineEnds: LineEndCounts? = nil
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
        var headerLine = 1
        pos = try scanLine(p, from: pos, delimiter: delim, path: path, line: &headerLine) { _, a, b in headerFields.append((a, b)) }
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
        let dataStart = pos
        let span = n - dataStart
        // Line ends and quotes of the data, counted in slices (one per worker): the line ends bound the rows, so
        // every array is allocated once; no quote lets the data be cut at line ends.
        let w = max(1, min(workers, span / max(1, minChunkBytes)))
        let slices = (0...w).map { dataStart + span * $0 / w }
        var newlines = [Int](repeating: 0, count: w)
        var quotes = [Int](repeating: 0, count: w)  // 0 when the slice has none (else not the exact count)
        if let lineEnds, lineEnds.bytes == n {
            // Counted while the file was read: only the pieces cut by a slice's ends are looked at again.
            for k in 0..<w {
                (newlines[k], quotes[k]) = lineEnds.counts(p, from: slices[k], to: slices[k + 1])
            }
        } else {
            newlines.withUnsafeMutableBufferPointer { nl in
                quotes.withUnsafeMutableBufferPointer { qu in
                    ParallelFor.workers(w) { k in (nl[k], qu[k]) = countLineEndsAndQuotes(p, from: slices[k], to: slices[k + 1]) }
                }
            }
        }
        let lineCount = newlines.reduce(0, +) + (span > 0 && p[n - 1] != 0x0A ? 1 : 0)
        // A row holds `width` fields, so `width - 1` delimiters and a line end (the last row may lack it).
        let rowBound = (span + 1) / width
        // The chunks: chunk k is bytes starts[k]..<starts[k + 1], its first row firstRows[k].
        var starts = [dataStart]
        var firstRows = [0]
        if w > 1 && quotes.allSatisfy({ $0 == 0 }) && lineCount <= rowBound {
            var before = 0
            for k in 1..<w {
                before += newlines[k - 1]
                // The first line start at or after the slice's start.
                var c = slices[k]
                while c < n && p[c - 1] != 0x0A { c += 1 }
                starts.append(c)
                // Rows before it: the line ends before it (all the lines when no line starts after the slice's start).
                firstRows.append(c >= n ? lineCount : before + (c > slices[k] && p[c - 1] == 0x0A ? 1 : 0))
            }
        }
        starts.append(n)
        let chunks = firstRows.count
        table.chunks = chunks
        let capacity = chunks > 1 ? lineCount : min(lineCount, rowBound)
        firstRows.append(capacity)
        let valueCount = valueNames.count
        let hasLabels = labelIndex != nil
        let layout = Layout(
            roles: roles, width: width, delimiter: delim, names: names, path: path, hasLabels: hasLabels, stride: capacity, plainRows: plainRows)
        var results = [Result<Chunk, any Error>?](repeating: nil, count: chunks)
        var rows = 0
        var failure: (any Error)?
        var times: [Int64] = []
        var lines: [Int] = []
        var labels: [UInt8] = []
        let firstLine = headerLine + 1
        // The values go straight into uninitialised column-major storage sized for every line (no append, no
        // regrowth, no transposition); each chunk writes its own rows. One value more than the rows need: a row
        // past the bound (one worker only) is parsed into it and then refused, whatever its fields hold.
        let values = [Double](unsafeUninitializedCapacity: capacity * valueCount + 1) { vbuf, vcount in
            times = [Int64](unsafeUninitializedCapacity: max(1, capacity)) { tbuf, tcount in
                lines = [Int](unsafeUninitializedCapacity: max(1, capacity)) { lbuf, lcount in
                    labels = [UInt8](unsafeUninitializedCapacity: hasLabels ? max(1, capacity) : 0) { labuf, lacount in
                        guard let tb = tbuf.baseAddress, let lb = lbuf.baseAddress, let vb = vbuf.baseAddress else {
                            failure = InteropError(path: path, message: "cannot allocate the table (internal)")
                            return
                        }
                        HugePages.advise(vb, bytes: vbuf.count * MemoryLayout<Double>.stride)
                        let out = Output(times: tb, lines: lb, labels: labuf.baseAddress, values: vb)
                        results.withUnsafeMutableBufferPointer { slots in
                            ParallelFor.workers(chunks) { k in
                                slots[k] = Result {
                                    try parseRows(
                                        p, from: starts[k], to: starts[k + 1], firstRow: firstRows[k], rowLimit: firstRows[k + 1],
                                        firstLine: firstLine + firstRows[k], layout: layout, out: out)
                                }
                            }
                        }
                        (rows, failure) = merge(results, firstRows: firstRows, into: &table, path: path)
                        lacount = hasLabels ? rows : 0
                    }
                    lcount = rows
                }
                tcount = rows
            }
            // Fewer rows than line ends (blank lines at the end, line ends inside quotes): the columns close up.
            if rows < capacity, let base = vbuf.baseAddress {
                for c in 1..<valueCount { memmove(base + c * rows, base + c * capacity, rows * MemoryLayout<Double>.stride) }
            }
            vcount = rows * valueCount
        }
        if let failure { throw failure }
        table.times = times
        table.values = values
        table.labels = labels
        table.lines = lines
        return table
    }

    /// Appends the rows of `other` (the same columns, parsed with the same options) after these; line numbers
    /// are dropped (they would name two files).
    mutating func append(_ other: CSVTable) {
        let a = rows, b = other.rows, total = a + b
        var merged = [Double](repeating: .nan, count: total * names.count)
        for c in names.indices {
            for r in 0..<a { merged[c * total + r] = values[c * a + r] }
            for r in 0..<b { merged[c * total + a + r] = other.values[c * b + r] }
        }
        values = merged
        times += other.times
        labels = labels.isEmpty || other.labels.isEmpty ? [] : labels + other.labels
        lines = []
        zoneless += other.zoneless
        if firstZoneless == nil { firstZoneless = other.firstZoneless }
    }

    /// The chunks' results in file order: the rows parsed (0 on failure) and the error, if any. The first chunk
    /// that failed (every chunk before it succeeded) gives the error; a chunk that met the blank lines ending the
    /// file ends the data (what a later chunk holds is blank).
    static func merge(
        _ results: [Result<Chunk, any Error>?], firstRows: [Int], into table: inout CSVTable, path: String
    ) -> (Int, (any Error)?) {
        var rows = 0
        for k in results.indices {
            guard let result = results[k] else { return (0, InteropError(path: path, message: "a chunk produced no result (internal)")) }
            switch result {
            case .failure(let e):
                return (0, e)
            case .success(let c):
                rows = firstRows[k] + c.rows
                table.zoneless += c.zoneless
                if table.firstZoneless == nil { table.firstZoneless = c.firstZoneless }
                if c.endedAtBlankLines || k + 1 == results.count {
                    guard rows > 0 else { return (0, InteropError(path: path, line: c.lastLine, message: "no data rows after the header")) }
                    return (rows, nil)
                }
                guard rows == firstRows[k + 1] else {
                    return (0, InteropError(path: path, line: c.lastLine, message: "a chunk's rows do not add up (internal)"))
                }
            }
        }
        return (0, InteropError(path: path, message: "no chunk (internal)"))
    }

    /// Line ends in `p[a..<b]`, and a quote count that is 0 exactly when the range holds no double quote (not the
    /// number of quotes; found by `memchr`). Line ends are found by `memchr` while lines average 64 bytes or more,
    /// else counted eight bytes at a time, four words a step: a byte of `x ^ 0x0A…` is zero exactly where `x` holds
    /// a line end, and each zero byte's high bit is set and counted. (Swift's `SIMD32` compares were tried: 20×
    /// slower here, not lowered to vector instructions.)
    static func countLineEndsAndQuotes(_ p: UnsafeBufferPointer<UInt8>, from a: Int, to b: Int) -> (Int, Int) {
        guard let base = p.baseAddress, a < b else { return (0, 0) }
        // Whether there is a quote: libc's vectorised `memchr`.
        let quotes = memchr(base + a, 0x22, b - a) == nil ? 0 : 1
        let raw = UnsafeRawPointer(base)
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let lineEnds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        @inline(__always) func ends(_ x: UInt64) -> Int {
            let y = x ^ lineEnds
            return (~(((y & low) &+ low) | y | low)).nonzeroBitCount
        }
        var newlines = 0
        var i = a
        // Lines of 64 bytes or more on average: one `memchr` per line end (libc's vectorised scan); shorter lines
        // (checked every 1,024 line ends) go on word by word below.
        var q = base + a
        let e = base + b
        while q < e {
            let from = q
            var found = 0
            while found < 1_024, q < e, let f = memchr(q, 0x0A, e - q) {
                found += 1
                q = UnsafePointer(f.assumingMemoryBound(to: UInt8.self)) + 1
            }
            newlines += found
            if found < 1_024 { return (newlines, quotes) }  // no line end after q
            if q - from < 64 * 1_024 { break }
        }
        i = q - base
        while i + 32 <= b {
            let n0 = ends(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let n1 = ends(raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            let n2 = ends(raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
            let n3 = ends(raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            newlines += (n0 + n1) + (n2 + n3)
            i += 32
        }
        while i + 8 <= b {
            newlines += ends(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        while i < b {
            if p[i] == 0x0A { newlines += 1 }
            i += 1
        }
        return (newlines, quotes)
    }

    /// What every chunk of one file shares.
    struct Layout {
        /// Per header column: -1 time, -2 label, else the value column.
        var roles: [Int]
        /// Fields per row.
        var width: Int
        var delimiter: UInt8
        /// Every header name (for messages).
        var names: [String]
        var path: String
        var hasLabels: Bool
        /// Distance between two value columns in the storage (the rows allocated).
        var stride: Int
        /// Whether rows may take `plainRow` (tests turn it off to compare the two paths).
        var plainRows = true
        /// The time is the first column and every other column a value (no label column): rows may take
        /// `plainRow`.
        var plain: Bool {
            plainRows && !hasLabels && roles.first == -1 && roles.dropFirst().enumerated().allSatisfy { $0.offset == $0.element }
        }
    }

    /// Where a chunk writes its rows (row `r` of value column `c` at `values[c * stride + r]`).
    struct Output {
        var times: UnsafeMutablePointer<Int64>
        var lines: UnsafeMutablePointer<Int>
        var labels: UnsafeMutablePointer<UInt8>?
        var values: UnsafeMutablePointer<Double>
    }

    /// What a chunk parsed.
    struct Chunk {
        /// Rows written, from the chunk's first row on.
        var rows: Int
        var zoneless: Int
        var firstZoneless: Int?
        /// The chunk met a blank line with nothing but line ends and spaces after it: the data ends there.
        var endedAtBlankLines: Bool
        /// The last line looked at.
        var lastLine: Int
    }

    /// Parses the rows in `p[start..<end]` (whole lines), the first on line `firstLine`, into rows
    /// `firstRow..<rowLimit` of `out` (a row at `rowLimit` may write its values, then is refused: the caller
    /// leaves room for one).
    ///
    /// - Throws: `InteropError` for the first bad field, naming its line and column.
    static func parseRows(
        _ p: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, firstRow: Int, rowLimit: Int, firstLine: Int, layout: Layout, out: Output
    ) throws -> Chunk {
        let n = end
        let fileEnd = p.count
        let raw = UnsafeRawBufferPointer(p)
        let width = layout.width, delim = layout.delimiter, stride = layout.stride, path = layout.path, hasLabels = layout.hasLabels
        let values = out.values
        var pos = start
        var row = firstRow
        var line = firstLine - 1
        var zoneless = 0
        var firstZoneless: Int?
        let plain = layout.plain, valueCount = width - 1
        // 10^k (k < 8) as integers and doubles: table loads, not the switches' indirect jumps, in the common row.
        let powers = UnsafeMutablePointer<UInt64>.allocate(capacity: 16)
        defer { powers.deallocate() }
        for k in 0..<8 { powers[k] = smallPowerOfTen(k) }
        let doublePowers = UnsafeMutableRawPointer(powers + 8).bindMemory(to: Double.self, capacity: 8)
        for k in 0..<8 { doublePowers[k] = Double(smallPowerOfTen(k)) }
        return try layout.roles.withUnsafeBufferPointer { roles in
            while pos < n {
                line += 1
                // The common row first: plain numbers and empty fields only; anything else is read again below.
                if plain && row < rowLimit, let base = p.baseAddress {
                    var time: Int64 = 0
                    let next = plainRow(
                        base, from: pos, limit: n, values: values + row, stride: stride, columns: valueCount, delimiter: delim,
                        powers: powers, doublePowers: doublePowers, time: &time)
                    if next > pos {
                        out.times[row] = time
                        out.lines[row] = line
                        row += 1
                        pos = next
                        continue
                    }
                }
                var lineStart = pos
                let rowLine = line
                // A blank line: allowed only when nothing but line ends follows.
                if p[pos] == 0x0A || (p[pos] == 0x0D && pos + 1 < fileEnd && p[pos + 1] == 0x0A) {
                    var rest = pos
                    while rest < fileEnd && (p[rest] == 0x0A || p[rest] == 0x0D || p[rest] == 0x20) { rest += 1 }
                    if rest >= fileEnd {
                        return Chunk(rows: row - firstRow, zoneless: zoneless, firstZoneless: firstZoneless, endedAtBlankLines: true, lastLine: line)
                    }
                    throw InteropError(path: path, line: line, column: 1, message: "empty line inside the data")
                }
                var time: Int64 = 0
                var label: UInt8 = 0
                var k = 0
                while true {
                    while pos < n && p[pos] == 0x20 { pos += 1 }
                    var a = pos, b = pos
                    if k < width {
                        let role = roles[k]
                        if role != -2 {
                            // A value or time field: digits are accumulated while the field is scanned (one pass);
                            // anything but `[-+]digits[.digits]` falls back to the general path below.
                            let (value, i) = scanDecimalWide(p, from: pos, limit: n)
                            if let v = value, i >= n || p[i] == delim || p[i] == 0x0A {
                                if role >= 0 {
                                    values[role &* stride &+ row] = v
                                } else if let t = TimestampText.epochMs(number: v) {
                                    time = t
                                } else {
                                    throw InteropError(
                                        path: path, line: line, column: a - lineStart + 1,
                                        message: "timestamp '\(NABText.snippet(raw, a, i))' is not epoch seconds, epoch ms or ISO 8601")
                                }
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
                    }
                    // Where the field starts (a quoted field may end on a later line): its errors name this.
                    let fieldLine = line, fieldLineStart = lineStart
                    if pos < n && p[pos] == 0x22 {
                        (a, b, pos) = try quoted(p, at: pos, limit: n, line: &line, lineStart: &lineStart, delimiter: delim, path: path)
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
                            path: path, line: fieldLine, column: a - fieldLineStart,
                            message:
                                "more fields than the header's \(width) (a different delimiter, or an unquoted \(delim == 0x2C ? "comma" : "delimiter")?)"
                        )
                    }
                    let role = roles[k]
                    if role >= 0 {
                        if b == a {
                            values[role &* stride &+ row] = .nan
                        } else if let v = fastNumber(p, a, b) ?? NABText.number(raw, a, b) {
                            values[role &* stride &+ row] = v
                        } else if isMissingWord(p, a, b) {
                            values[role &* stride &+ row] = .nan
                        } else {
                            throw InteropError(
                                path: path, line: fieldLine, column: a - fieldLineStart + 1,
                                message: "column '\(layout.names[k].prefix(80))': '\(NABText.snippet(raw, a, b))' is not a number")
                        }
                    } else if role == -1 {
                        guard let t = TimestampText.epochMs(raw, a, b) else {
                            throw InteropError(
                                path: path, line: fieldLine, column: a - fieldLineStart + 1,
                                message: "timestamp '\(NABText.snippet(raw, a, b))' is not epoch seconds, epoch ms or ISO 8601")
                        }
                        if b - a >= 10 && p[a + 4] == 0x2D && !hasZone(p, a, b) {
                            zoneless += 1
                            if firstZoneless == nil { firstZoneless = fieldLine }
                        }
                        time = t
                    } else {
                        guard let l = labelValue(p, a, b) else {
                            throw InteropError(
                                path: path, line: fieldLine, column: a - fieldLineStart + 1,
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
                guard row < rowLimit else {
                    throw InteropError(path: path, line: rowLine, message: "more rows than line ends (internal bound)")
                }
                out.times[row] = time
                out.lines[row] = rowLine
                if hasLabels, let labels = out.labels { labels[row] = label }
                row += 1
            }
            return Chunk(rows: row - firstRow, zoneless: zoneless, firstZoneless: firstZoneless, endedAtBlankLines: false, lastLine: line)
        }
    }

    /// Reads one row of the common shape — an epoch time, then `columns` value fields, each a plain decimal
    /// (`[-+]digits[.digits]`, fewer than 8 digits on either side of the point; the time up to 15 digits) or empty,
    /// no spaces, no quotes, ended by `\n` or `\r\n` — writing value `c` at `values[c * stride]`. Returns the
    /// position after the line end, or `start` when the row is anything else (the general loop then reads it from
    /// the start, and overwrites what this wrote). Where it succeeds, the values are those the general loop reads
    /// (the same arithmetic as `scanDecimalWide`; a test compares the two paths on every kind of row).
    @inline(__always)
    static func plainRow(
        _ base: UnsafePointer<UInt8>, from start: Int, limit n: Int, values: UnsafeMutablePointer<Double>, stride: Int, columns: Int,
        delimiter delim: UInt8, powers: UnsafePointer<UInt64>, doublePowers: UnsafePointer<Double>, time: inout Int64
    ) -> Int {
        let raw = UnsafeRawPointer(base)
        // Every 8-byte load below starts before `pos + 10` and the guard keeps it inside the chunk.
        guard start + 18 <= n else { return start }
        // The time: up to 15 integer digits (two words), then the delimiter.
        let x = raw.loadUnaligned(fromByteOffset: start, as: UInt64.self)
        var digits = leadingDigits(x)
        guard digits > 0 else { return start }
        var t: UInt64
        if digits == 8 {
            let y = raw.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self)
            let more = leadingDigits(y)
            guard more < 8 else { return start }
            t = digitsValue(x, 8) &* powers[more] &+ digitsValue(y, more)
            digits += more
        } else {
            t = digitsValue(x, digits)
        }
        var pos = start + digits
        guard base[pos] == delim, let ms = TimestampText.epochMs(number: Double(Int64(truncatingIfNeeded: t))) else { return start }
        pos += 1
        var dst = values
        for c in 0..<columns {
            guard pos + 18 <= n else { return start }
            let last = c == columns - 1
            var b = base[pos]
            // An empty field.
            if b == delim || b == 0x0A || b == 0x0D {
                guard last == (b != delim) else { return start }
                dst.pointee = .nan
            } else {
                var i = pos
                // A minus sign flips the sign bit of the result (the same bits as negating it).
                let sign: UInt64 = b == 0x2D ? 1 << 63 : 0
                if b == 0x2D || b == 0x2B { i += 1 }
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let whole = leadingDigits(w)
                guard whole < 8 else { return start }
                var mantissa: UInt64
                var fraction = 0
                // `digits.digits` inside the one word: the point's byte taken out, one conversion for both sides.
                let rest = w &>> UInt64(8 * whole + 8)  // (whole 7: the shift wraps, and `rest` is not used)
                let shortFraction = whole < 7 ? leadingDigits(rest) : 8
                if (w &>> UInt64(8 * whole)) & 0xFF == 0x2E && whole + 1 + shortFraction < 8 {
                    let low: UInt64 = (1 &<< UInt64(8 * whole)) &- 1
                    fraction = shortFraction
                    mantissa = digitsValue((w & low) | ((w >> 8) & ~low), whole + fraction)
                    i += whole + 1 + fraction
                } else {
                    mantissa = digitsValue(w, whole)
                    i += whole
                    if base[i] == 0x2E {
                        i += 1
                        let f = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        fraction = leadingDigits(f)
                        guard fraction < 8 else { return start }
                        mantissa = mantissa &* powers[fraction] &+ digitsValue(f, fraction)
                        i += fraction
                    }
                }
                guard whole + fraction > 0 else { return start }
                let m = Double(Int64(truncatingIfNeeded: mantissa))
                dst.pointee = Double(bitPattern: (m / doublePowers[fraction]).bitPattern ^ sign)
                pos = i
                b = base[pos]
            }
            if last {
                if b == 0x0D {
                    guard base[pos + 1] == 0x0A else { return start }
                    pos += 1
                } else {
                    guard b == 0x0A else { return start }
                }
            } else {
                guard b == delim else { return start }
            }
            pos += 1
            dst += stride
        }
        time = ms
        return pos
    }

    /// A quoted field at `start`: its content range (quotes excluded; `""` kept as is) and the position after it.
    /// A line end inside the quotes moves `line` on and `lineStart` to the next line's first byte.
    static func quoted(
        _ p: UnsafeBufferPointer<UInt8>, at start: Int, limit n: Int, line: inout Int, lineStart: inout Int, delimiter: UInt8, path: String
    ) throws -> (Int, Int, Int) {
        let openLine = line, openColumn = start - lineStart + 1
        let a = start + 1
        var pos = a
        while true {
            guard pos < n else { throw InteropError(path: path, line: openLine, column: openColumn, message: "unterminated quote") }
            let c = p[pos]
            if c == 0x22 {
                if pos + 1 < n && p[pos + 1] == 0x22 {
                    pos += 2
                    continue
                }
                break
            }
            if c == 0x0A {
                line += 1
                lineStart = pos + 1
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

    /// 10^k for k in 0...22, exactly (a switch the compiler makes a table: no lazy global on the hot path).
    @inline(__always)
    static func powerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: return 1
        case 1: return 1e1
        case 2: return 1e2
        case 3: return 1e3
        case 4: return 1e4
        case 5: return 1e5
        case 6: return 1e6
        case 7: return 1e7
        case 8: return 1e8
        case 9: return 1e9
        case 10: return 1e10
        case 11: return 1e11
        case 12: return 1e12
        case 13: return 1e13
        case 14: return 1e14
        case 15: return 1e15
        case 16: return 1e16
        case 17: return 1e17
        case 18: return 1e18
        case 19: return 1e19
        case 20: return 1e20
        case 21: return 1e21
        default: return 1e22
        }
    }

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
        let v = fraction == 0 ? Double(mantissa) : Double(mantissa) / powerOfTen(fraction)
        return (negative ? -v : v, i)
    }

    /// `scanDecimal` eight bytes at a time: the same value and end for every input (a test compares the two).
    /// The integer and fraction digits are each found in one 8-byte word (the first byte that is not a digit) and
    /// converted with three multiplications; eight digits or more, or fewer than 18 bytes before `limit`, go
    /// to `scanDecimal`.
    @inline(__always)
    static func scanDecimalWide(_ p: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> (value: Double?, end: Int) {
        guard start + 18 <= limit, let base = p.baseAddress else { return scanDecimal(p, from: start, limit: limit) }
        let raw = UnsafeRawPointer(base)
        var i = start
        var negative = false
        let first = p[i]
        if first == 0x2D || first == 0x2B {
            negative = first == 0x2D
            i += 1
        }
        let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let whole = leadingDigits(x)
        guard whole < 8 else { return scanDecimal(p, from: start, limit: limit) }
        var mantissa = digitsValue(x, whole)
        i += whole
        var fraction = 0
        if p[i] == 0x2E {
            i += 1
            let y = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            fraction = leadingDigits(y)
            guard fraction < 8 else { return scanDecimal(p, from: start, limit: limit) }
            mantissa = mantissa &* smallPowerOfTen(fraction) &+ digitsValue(y, fraction)
            i += fraction
        }
        guard whole + fraction > 0 else { return (nil, i) }
        // At most 14 digits: exact as an Int64 and as a Double.
        let m = Double(Int64(truncatingIfNeeded: mantissa))
        let v = fraction == 0 ? m : m / powerOfTen(fraction)
        return (negative ? -v : v, i)
    }

    /// How many of the eight bytes of `x` (first byte lowest) are ASCII digits before the first that is not
    /// (8: all are). A byte's nibbles show it: `0x30…0x39` has high nibble 3, and so has it plus 6; a carry of
    /// the `+ 6` only moves upward, past the first non-digit.
    @inline(__always)
    static func leadingDigits(_ x: UInt64) -> Int {
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0, threes: UInt64 = 0x3030_3030_3030_3030
        let m = ((x & high) ^ threes) | (((x &+ 0x0606_0606_0606_0606) & high) ^ threes)
        return m.trailingZeroBitCount >> 3
    }

    /// The value of the first `count` (0…7) bytes of `x`, all digits: moved to the top of the word behind
    /// zero digits, then combined pairwise (fast_float's eight-digit conversion).
    @inline(__always)
    static func digitsValue(_ x: UInt64, _ count: Int) -> UInt64 {
        guard count > 0 else { return 0 }
        var v = (x &- 0x3030_3030_3030_3030) << UInt64(8 * (8 - count))
        v = v &* 10 &+ (v >> 8)
        let mask: UInt64 = 0x0000_00FF_0000_00FF
        v = ((v & mask) &* 0x000F_4240_0000_0064 &+ ((v >> 16) & mask) &* 0x0000_2710_0000_0001) >> 32
        return v
    }

    /// 10^k for k in 0…7.
    @inline(__always)
    static func smallPowerOfTen(_ k: Int) -> UInt64 {
        switch k {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        default: return 10_000_000
        }
    }

    /// The field `[a, b)` as a number when it is exactly what `scanDecimal` reads; nil for anything else, which
    /// `NABText.number` then reads.
    @inline(__always)
    static func fastNumber(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Double? {
        let (value, end) = scanDecimal(p, from: a, limit: b)
        return end == b ? value : nil
    }

    /// The fields of the line (record) at `start`: `field(k, a, b)` for each, then the position after the line
    /// end. `line` moves on past line ends inside quotes.
    static func scanLine(
        _ p: UnsafeBufferPointer<UInt8>, from start: Int, delimiter: UInt8, path: String, line: inout Int,
        _ field: (Int, Int, Int) throws -> Void
    ) throws -> Int {
        let n = p.count
        var pos = start
        var lineStart = start
        var k = 0
        while true {
            while pos < n && p[pos] == 0x20 { pos += 1 }
            var a = pos, b = pos
            if pos < n && p[pos] == 0x22 {
                (a, b, pos) = try quoted(p, at: pos, limit: n, line: &line, lineStart: &lineStart, delimiter: delimiter, path: path)
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
