import Foundation
import Telemetry

/// A small RFC 4180 CSV reader for structured text files (the log datasets' structured files, a replay's
/// `detections.csv`): quoted fields may hold commas, doubled quotes and line breaks; text after a closing quote
/// is refused. Each record remembers the file line it starts on so errors can name it.
struct CSVRecords {
    /// Header fields.
    var header: [String]
    /// Data records (header excluded), each with as many fields as the header.
    var records: [[String]]
    /// 1-based file line each record starts on.
    var lines: [Int]
    /// The file read (for messages).
    var path: String

    /// Reads and parses `url`.
    ///
    /// - Throws: `InteropError` naming the file when it cannot be read or is not UTF-8; as `init(text:path:)`.
    init(_ url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InteropError(path: url.path, message: "cannot read (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw InteropError(path: url.path, message: "not UTF-8 text") }
        try self.init(text: text, path: url.path)
    }

    /// Parses `text`, the contents of the file `path`.
    ///
    /// - Throws: `InteropError` naming the file and line (and column after a closing quote) for an empty file, an
    ///   unterminated quote, text after a closing quote, or a record whose field count differs from the header's.
    init(text: String, path: String) throws {
        self.path = path
        var all: [[String]] = []
        var starts: [Int] = []
        var field = ""
        var record: [String] = []
        var inQuotes = false, closed = false
        var line = 1, column = 0
        var recordLine = 1
        var fieldStarted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            column += 1
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let d = next() {
                        if d == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            closed = true
                            pending = d
                            column -= 1
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" {
                        line += 1
                        column = 0
                    }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            if closed && c != "," && c != "\r" && c != "\n" {
                throw InteropError(path: path, line: line, column: column, message: "text after a closing quote")
            }
            switch c {
            case "\"" where !fieldStarted || field.isEmpty:
                inQuotes = true
                fieldStarted = true
            case ",":
                record.append(field); field = ""; fieldStarted = false; closed = false
            case "\r":
                continue
            case "\n":
                record.append(field); field = ""; fieldStarted = false; closed = false
                if !(record.count == 1 && record[0].isEmpty) { all.append(record); starts.append(recordLine) }
                record = []
                line += 1
                column = 0
                recordLine = line
            default:
                field.unicodeScalars.append(c)
                fieldStarted = true
            }
        }
        if inQuotes { throw InteropError(path: path, line: recordLine, message: "unterminated quoted field") }
        if fieldStarted || !field.isEmpty || !record.isEmpty {
            record.append(field)
            all.append(record); starts.append(recordLine)
        }
        guard let head = all.first else { throw InteropError(path: path, message: "empty file, expected a header line") }
        header = head
        records = Array(all.dropFirst())
        lines = Array(starts.dropFirst())
        for (r, l) in zip(records, lines) where r.count != header.count {
            throw InteropError(path: path, line: l, message: "\(r.count) fields, the header has \(header.count)")
        }
    }

    /// Index of the header column `name`.
    ///
    /// - Throws: `InteropError` naming the file and the columns it does have.
    func column(_ name: String) throws -> Int {
        guard let i = header.firstIndex(of: name) else {
            throw InteropError(path: path, line: 1, message: "no '\(name)' column (columns: \(header.joined(separator: ", ")))")
        }
        return i
    }
}
