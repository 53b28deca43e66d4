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
            throw TelemetryError.shapeMismatch(what: "npy data (\(url.path))", expected: "\(header.dataByteCount) bytes for shape \(header.shape)", found: "\(data.count) bytes")
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
        if n >= 10, probe[6] == 1 { length = 10 + (Int(probe[8]) | Int(probe[9]) << 8) }
        else if n >= 12 { length = 12 + (Int(probe[8]) | Int(probe[9]) << 8 | Int(probe[10]) << 16 | Int(probe[11]) << 24) }
        else { length = n }
        length = min(length, size)
        var bytes = [UInt8](repeating: 0, count: length)
        let got = try bytes.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        let (header, offset) = try bytes.withUnsafeBytes { try NPYHeader.decode(UnsafeRawBufferPointer(rebasing: $0[0..<got]), path: file.path) }
        let expected = offset + header.dataByteCount
        if size < expected {
            throw TelemetryError.corruptFile(path: file.path, reason: "truncated npy: header describes \(header.dataByteCount) data bytes (shape \(header.shape)), file has \(size - offset)")
        }
        if size > expected {
            throw TelemetryError.corruptFile(path: file.path, reason: "npy has \(size - expected) bytes past the data its header describes (shape \(header.shape))")
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
        let (header, offset) = try readHeader(file)
        guard header.dtype == dtype else {
            throw TelemetryError.corruptFile(path: url.path, reason: "npy dtype is '\(header.dtype.rawValue)', expected '\(dtype.rawValue)'")
        }
        guard header.shape == shape else {
            throw TelemetryError.corruptFile(path: url.path, reason: "npy shape is \(tuple(header.shape)), expected \(tuple(shape))")
        }
        let orderMatters = shape.count > 1 && shape.filter({ $0 > 1 }).count > 1
        guard !orderMatters || header.fortranOrder == fortranOrder else {
            throw TelemetryError.corruptFile(path: url.path, reason: "npy fortran_order is \(header.fortranOrder ? "True" : "False"), expected \(fortranOrder ? "True" : "False")")
        }
        let count = header.elementCount
        let values = try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            let got = try file.read(into: raw, at: offset)
            guard got == raw.count else {
                throw TelemetryError.corruptFile(path: url.path, reason: "truncated npy: read \(got) of \(raw.count) data bytes")
            }
            #if _endian(big)
            for i in stride(from: 0, to: raw.count, by: 8) { UnsafeMutableRawBufferPointer(rebasing: raw[i..<(i + 8)]).reverse() }
            #endif
            initialized = count
        }
        return values
    }

    static func tuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
