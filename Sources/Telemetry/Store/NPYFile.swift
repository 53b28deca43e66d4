import Foundation

/// Reads and writes whole `.npy` files of `Double` and `Int64`.
///
/// Files are written in format 1.0 with a 64-byte aligned header; data is little-endian. Reading
/// checks the header against what the caller expects (dtype, shape, order) and the file length
/// against the header, so a truncated or mislabelled file throws instead of returning partial data.
public enum NPYFile {
    /// Writes `values` as an `.npy` file with the given header (which must describe `values.count` elements).
    ///
    /// - Throws: `TelemetryError.shapeMismatch` when the header does not match the value count, `.io` on failure.
    public static func write(_ values: [Double], shape: [Int], fortranOrder: Bool, to url: URL) throws {
        let header = NPYHeader(dtype: .float64, shape: shape, fortranOrder: fortranOrder)
        try values.withUnsafeBytes { try write(header: header, data: $0, to: url) }
    }

    /// Writes `values` as a 1-D `<i8` `.npy` file.
    public static func write(_ values: [Int64], to url: URL) throws {
        let header = NPYHeader(dtype: .int64, shape: [values.count], fortranOrder: false)
        try values.withUnsafeBytes { try write(header: header, data: $0, to: url) }
    }

    static func write(header: NPYHeader, data: UnsafeRawBufferPointer, to url: URL) throws {
        guard header.dataByteCount == data.count else {
            throw TelemetryError.shapeMismatch(
                what: "npy data (\(url.path))", expected: "\(header.dataByteCount) bytes for shape \(header.shape)", found: "\(data.count) bytes")
        }
        let preamble = try header.encoded()
        let file = try POSIXFile.create(url.path)
        try preamble.withUnsafeBytes { try file.write($0, at: 0) }
        try writeLittleEndian(data, to: file, at: preamble.count)
        try file.close()
    }

    /// Writes raw element bytes (host order) as little-endian.
    static func writeLittleEndian(_ data: UnsafeRawBufferPointer, to file: POSIXFile, at offset: Int) throws {
        #if _endian(big)
        var swapped = [UInt8](data)
        for i in stride(from: 0, to: swapped.count, by: 8) { swapped[i..<(i + 8)].reverse() }
        try swapped.withUnsafeBytes { try file.write($0, at: offset) }
        #else
        try file.write(data, at: offset)
        #endif
    }

    /// Reads and validates the header of the `.npy` file at `url`.
    ///
    /// - Returns: the header and the data offset.
    /// - Throws: `.missingFile`, or `.corruptFile` for a bad header or a length that disagrees with it.
    public static func readHeader(at url: URL) throws -> (header: NPYHeader, dataOffset: Int) {
        let file = try POSIXFile.openForReading(url.path)
        return try readHeader(file)
    }

    static func readHeader(_ file: POSIXFile) throws -> (header: NPYHeader, dataOffset: Int) {
        let size = try file.size()
        var probe = [UInt8](repeating: 0, count: 12)
        let n = try probe.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        var length = 0
        if n >= 10, probe[6] == 1 {
            length = 10 + (Int(probe[8]) | Int(probe[9]) << 8)
        } else if n >= 12 {
            length = 12 + (Int(probe[8]) | Int(probe[9]) << 8 | Int(probe[10]) << 16 | Int(probe[11]) << 24)
        } else {
            length = n
        }
        length = min(length, size)
        var bytes = [UInt8](repeating: 0, count: length)
        let got = try bytes.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        let (header, offset) = try bytes.withUnsafeBytes { try NPYHeader.decode(UnsafeRawBufferPointer(rebasing: $0[0..<got]), path: file.path) }
        let expected = offset + header.dataByteCount
        if size < expected {
            throw TelemetryError.corruptFile(
                path: file.path,
                reason: "truncated npy: header describes \(header.dataByteCount) data bytes (shape \(header.shape)), file has \(size - offset)")
        }
        if size > expected {
            throw TelemetryError.corruptFile(
                path: file.path, reason: "npy has \(size - expected) bytes past the data its header describes (shape \(header.shape))")
        }
        return (header, offset)
    }

    /// Reads a `<f8` array, checking dtype, shape and order.
    ///
    /// - Parameters:
    ///   - url: the file.
    ///   - shape: the expected shape.
    ///   - fortranOrder: the expected order (ignored for 1-D and empty arrays, where both orders are the same bytes).
    /// - Returns: the values in file order (column-major for a Fortran-order matrix).
    public static func readDoubles(at url: URL, shape: [Int], fortranOrder: Bool) throws -> [Double] {
        try read(at: url, dtype: .float64, shape: shape, fortranOrder: fortranOrder, as: Double.self)
    }

    /// Reads a 1-D `<i8` array of `count` elements.
    public static func readInt64(at url: URL, count: Int) throws -> [Int64] {
        try read(at: url, dtype: .int64, shape: [count], fortranOrder: false, as: Int64.self)
    }

    static func read<T>(at url: URL, dtype: NPYHeader.DType, shape: [Int], fortranOrder: Bool, as: T.Type) throws -> [T] {
        let file = try POSIXFile.openForReading(url.path)
        let offset = try checkedHeader(file, dtype: dtype, shape: shape, fortranOrder: fortranOrder)
        let count = shape.reduce(1, *)
        let values = try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try readData(file, into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = count
        }
        return values
    }

    /// Reads a `<f8` matrix of shape (`rows`, `columns`) in the given order into a (column-major)
    /// `MetricFrame`. A C-order (time-major) file is read in blocks of rows of about `blockBytes`
    /// (default 4 MiB) and transposed block by block, so the extra memory is one block.
    ///
    /// - Throws: `.missingFile`, or `.corruptFile` for a wrong dtype, shape or order, or a short file.
    public static func readFrame(at url: URL, rows: Int, columns: Int, fortranOrder: Bool, blockBytes: Int = 4 << 20) throws -> MetricFrame {
        let file = try POSIXFile.openForReading(url.path)
        let offset = try checkedHeader(file, dtype: .float64, shape: [rows, columns], fortranOrder: fortranOrder)
        let orderMatters = rows > 1 && columns > 1
        var frame = MetricFrame(rows: rows, columns: columns, repeating: 0)
        if fortranOrder || !orderMatters {
            try frame.withUnsafeMutableBufferPointer { try readData(file, into: UnsafeMutableRawBufferPointer($0), at: offset) }
            return frame
        }
        let blockRows = max(1, min(rows, blockBytes / (8 * columns)))
        let block = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockRows * columns)
        defer { block.deallocate() }
        var row = 0
        try frame.withUnsafeMutableBufferPointer { dst in
            while row < rows {
                let n = min(blockRows, rows - row)
                let part = UnsafeMutableBufferPointer(rebasing: block[0..<(n * columns)])
                try readData(file, into: UnsafeMutableRawBufferPointer(part), at: offset + 8 * row * columns)
                MetricTranspose.toColumnMajor(UnsafeBufferPointer(part), count: n, columns: columns, into: dst, rows: rows, at: row)
                row += n
            }
        }
        return frame
    }

    /// Checks that the file at `url` is a `<f8` matrix of shape (`rows`, `columns`) in the given order whose
    /// length matches its header, without reading the data (what `readFrame` checks before it reads).
    ///
    /// - Throws: as `readFrame`.
    public static func checkFrame(at url: URL, rows: Int, columns: Int, fortranOrder: Bool) throws {
        let file = try POSIXFile.openForReading(url.path)
        _ = try checkedHeader(file, dtype: .float64, shape: [rows, columns], fortranOrder: fortranOrder)
    }

    /// Reads and checks the header (dtype, shape, order); returns the data offset.
    private static func checkedHeader(_ file: POSIXFile, dtype: NPYHeader.DType, shape: [Int], fortranOrder: Bool) throws -> Int {
        let (header, offset) = try readHeader(file)
        guard header.dtype == dtype else {
            throw TelemetryError.corruptFile(path: file.path, reason: "npy dtype is '\(header.dtype.rawValue)', expected '\(dtype.rawValue)'")
        }
        guard header.shape == shape else {
            throw TelemetryError.corruptFile(path: file.path, reason: "npy shape is \(tuple(header.shape)), expected \(tuple(shape))")
        }
        let orderMatters = shape.count > 1 && shape.filter({ $0 > 1 }).count > 1
        guard !orderMatters || header.fortranOrder == fortranOrder else {
            throw TelemetryError.corruptFile(
                path: file.path, reason: "npy fortran_order is \(header.fortranOrder ? "True" : "False"), expected \(fortranOrder ? "True" : "False")"
            )
        }
        return offset
    }

    /// Fills `raw` from the file at `offset` (little-endian 8-byte elements, swapped on big-endian hosts).
    private static func readData(_ file: POSIXFile, into raw: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        let got = try file.read(into: raw, at: offset)
        guard got == raw.count else {
            throw TelemetryError.corruptFile(path: file.path, reason: "truncated npy: read \(got) of \(raw.count) data bytes")
        }
        #if _endian(big)
        for i in stride(from: 0, to: raw.count, by: 8) { UnsafeMutableRawBufferPointer(rebasing: raw[i..<(i + 8)]).reverse() }
        #endif
    }

    static func tuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
