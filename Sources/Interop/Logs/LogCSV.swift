import Foundation
import Telemetry

/// A small RFC 4180 CSV reader for the log datasets' structured files: quoted fields may hold
/// commas, doubled quotes and line breaks. Each record remembers the file line it starts on so
/// errors can name it.
struct LogCSV {
    /// Header fields.
    var header: [String]
    /// Data records (header excluded), each with as many fields as the header.
    var records: [[String]]
    /// 1-based file line each record starts on.
    var lines: [Int]
    /// The file read.
    var url: URL

    /// Reads and parses `url`.
    ///
    /// - Throws: `DataError` naming the file (and line) when it is missing, not UTF-8, empty, has
    ///   an unterminated quote or a record whose field count differs from the header's.
    init(_ url: URL) throws {
        self.url = url
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataError("\(url.path): cannot read (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError("\(url.path): not UTF-8 text")
        }
        var all: [[String]] = []
        var starts: [Int] = []
        var field = ""
        var record: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = d }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where !fieldStarted || field.isEmpty:
                inQuotes = true
                fieldStarted = true
            case ",":
                record.append(field); field = ""; fieldStarted = false
            case "\r":
                continue
            case "\n":
                record.append(field); field = ""; fieldStarted = false
                if !(record.count == 1 && record[0].isEmpty) { all.append(record); starts.append(recordLine) }
                record = []
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
                fieldStarted = true
            }
        }
        if inQuotes { throw DataError("\(url.path) line \(recordLine): unterminated quoted field") }
        if fieldStarted || !field.isEmpty || !record.isEmpty {
            record.append(field)
            all.append(record); starts.append(recordLine)
        }
        guard let head = all.first else { throw DataError("\(url.path): empty file, expected a header line") }
        header = head
        records = Array(all.dropFirst())
        lines = Array(starts.dropFirst())
        for (r, l) in zip(records, lines) where r.count != header.count {
            throw DataError("\(url.path) line \(l): \(r.count) fields, the header has \(header.count)")
        }
    }

    /// Index of the header column `name`.
    ///
    /// - Throws: `DataError` naming the file and the columns it does have.
    func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw DataError("\(url.path) line 1: no '\(name)' column (columns: \(header.joined(separator: ", ")))")
        }
        return i
    }
}
