import Foundation

/// The header of a NumPy `.npy` file: element type, shape and memory order.
///
/// Faultline writes format version 1.0 (`\x93NUMPY`, major 1, minor 0, a little-endian `UInt16`
/// header length, then a Python dict literal padded with spaces and ended by `\n` so that the data
/// starts on a 64-byte boundary), exactly as `numpy.lib.format` does; `numpy.load(path, mmap_mode="r")`
/// opens such files without copying. Reading also accepts versions 2.0 and 3.0 (`UInt32` length).
public struct NPYHeader: Sendable, Hashable {
    /// The element types the dataset store uses, plus `bool` for label arrays written by NumPy.
    public enum DType: String, Sendable, CaseIterable {
        /// Little-endian IEEE 754 binary64 (`<f8`).
        case float64 = "<f8"
        /// Little-endian two's-complement 64-bit integer (`<i8`).
        case int64 = "<i8"
        /// One byte per element, 0 = false, anything else = true (`|b1`; NumPy's `bool`).
        case bool = "|b1"

        /// Bytes per element.
        public var size: Int { self == .bool ? 1 : 8 }
    }

    /// Element type.
    public var dtype: DType
    /// Dimensions, outermost first (`(rows, columns)` for a matrix).
    public var shape: [Int]
    /// True when the data is stored column-major (Fortran order).
    public var fortranOrder: Bool

    /// The magic string every `.npy` file starts with.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Data alignment NumPy uses for the header (bytes).
    public static let alignment = 64

    /// Creates a header.
    public init(dtype: DType, shape: [Int], fortranOrder: Bool) {
        self.dtype = dtype
        self.shape = shape
        self.fortranOrder = fortranOrder
    }

    /// Number of elements (product of the shape; 1 for a 0-d array).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Number of data bytes after the header.
    public var dataByteCount: Int { elementCount * dtype.size }

    /// The Python dict literal NumPy expects, e.g. `{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2), }`.
    public var dictionaryText: String {
        let shapeText: String
        switch shape.count {
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        return "{'descr': '\(dtype.rawValue)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
    }

    /// The complete version 1.0 preamble (magic, version, length, padded dict, `\n`); its length
    /// is a multiple of 64, so the data that follows is aligned.
    ///
    /// - Throws: `TelemetryError.invalidValue` when the dict would not fit a 1.0 header (≥ 65,536 bytes).
    public func encoded() throws -> [UInt8] {
        let dict = Array(dictionaryText.utf8)
        let unpadded = 10 + dict.count + 1
        let padding = (Self.alignment - unpadded % Self.alignment) % Self.alignment
        let headerLength = dict.count + padding + 1
        guard headerLength < 65_536 else {
            throw TelemetryError.invalidValue(
                field: "npy header", reason: "shape \(shape) needs a header of \(headerLength) bytes, more than format 1.0 allows")
        }
        var out = Self.magic
        out.reserveCapacity(10 + headerLength)
        out.append(1)
        out.append(0)
        out.append(UInt8(headerLength & 0xFF))
        out.append(UInt8(headerLength >> 8))
        out.append(contentsOf: dict)
        out.append(contentsOf: repeatElement(0x20, count: padding))
        out.append(0x0A)
        return out
    }

    /// Parses the preamble at the start of `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: at least the whole preamble (more is fine).
    ///   - path: file named in errors.
    /// - Returns: the header and the byte offset where the data starts.
    /// - Throws: `TelemetryError.corruptFile` for a bad magic, an unknown version, a truncated
    ///   preamble or a dict that is not a valid `.npy` header of a supported dtype.
    public static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws -> (header: NPYHeader, dataOffset: Int) {
        guard bytes.count >= 10 else {
            throw TelemetryError.corruptFile(path: path, reason: "truncated npy: \(bytes.count) bytes, shorter than the npy preamble")
        }
        guard bytes.prefix(6).elementsEqual(magic) else {
            throw TelemetryError.corruptFile(path: path, reason: "not an npy file (bad magic)")
        }
        let major = bytes[6], minor = bytes[7]
        let headerLength: Int, preamble: Int
        switch (major, minor) {
        case (1, 0):
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            preamble = 10
        case (2, 0), (3, 0):
            guard bytes.count >= 12 else {
                throw TelemetryError.corruptFile(path: path, reason: "truncated npy preamble")
            }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            preamble = 12
        default:
            throw TelemetryError.corruptFile(path: path, reason: "unsupported npy format version \(major).\(minor)")
        }
        guard bytes.count >= preamble + headerLength else {
            throw TelemetryError.corruptFile(
                path: path, reason: "truncated npy header: needs \(preamble + headerLength) bytes, file has \(bytes.count)")
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[preamble..<(preamble + headerLength)]), as: UTF8.self)
        let header = try parse(dictionary: text, path: path)
        return (header, preamble + headerLength)
    }

    /// Parses the Python dict literal of a header.
    static func parse(dictionary raw: String, path: String) throws -> NPYHeader {
        let text = raw.replacingOccurrences(of: "\"", with: "'").trimmingCharacters(in: .whitespacesAndNewlines)
        func bad(_ reason: String) -> TelemetryError {
            .corruptFile(path: path, reason: "bad npy header \(raw.trimmingCharacters(in: .whitespacesAndNewlines)): \(reason)")
        }
        guard text.hasPrefix("{"), text.hasSuffix("}") else { throw bad("not a dict") }
        func value(after key: String) throws -> Substring {
            guard let k = text.range(of: "'\(key)'") else { throw bad("no '\(key)'") }
            var rest = text[k.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { throw bad("no ':' after '\(key)'") }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        // descr
        let descrRest = try value(after: "descr")
        guard descrRest.first == "'", let close = descrRest.dropFirst().firstIndex(of: "'") else { throw bad("descr is not a string") }
        let descr = String(descrRest[descrRest.index(after: descrRest.startIndex)..<close])
        guard let dtype = DType(rawValue: descr) else {
            throw TelemetryError.corruptFile(
                path: path, reason: "unsupported npy dtype '\(descr)' (expected one of \(DType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        // fortran_order
        let orderRest = try value(after: "fortran_order")
        let fortran: Bool
        if orderRest.hasPrefix("True") {
            fortran = true
        } else if orderRest.hasPrefix("False") {
            fortran = false
        } else {
            throw bad("fortran_order is not True or False")
        }
        // shape
        let shapeRest = try value(after: "shape")
        guard shapeRest.first == "(", let end = shapeRest.firstIndex(of: ")") else { throw bad("shape is not a tuple") }
        let inner = shapeRest[shapeRest.index(after: shapeRest.startIndex)..<end]
        var shape: [Int] = []
        for part in inner.split(separator: ",") {
            let t = part.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let n = Int(t.hasSuffix("L") ? String(t.dropLast()) : t), n >= 0 else {
                throw bad("shape entry '\(t)' is not a non-negative integer")
            }
            shape.append(n)
        }
        var overflow = false
        var product = 8
        for n in shape {
            let (p, o) = product.multipliedReportingOverflow(by: n)
            overflow = overflow || o
            product = p
        }
        guard !overflow else { throw bad("shape \(shape) is too large") }
        return NPYHeader(dtype: dtype, shape: shape, fortranOrder: fortran)
    }
}
