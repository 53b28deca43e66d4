import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

@Suite struct NPYHeaderTests {
    @Test(arguments: [[0], [7], [7, 3], [100_000, 1_000], [3, 4, 5]])
    func headerIsPaddedToSixtyFourBytesAndEndsWithNewline(shape: [Int]) throws {
        let bytes = try NPYHeader(dtype: .float64, shape: shape, fortranOrder: true).encoded()
        #expect(bytes.count % 64 == 0)
        #expect(Array(bytes.prefix(8)) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        #expect(Int(bytes[8]) | Int(bytes[9]) << 8 == bytes.count - 10)
        #expect(bytes.last == 0x0A)
        let (decoded, offset) = try bytes.withUnsafeBytes { try NPYHeader.decode($0, path: "x.npy") }
        #expect(decoded == NPYHeader(dtype: .float64, shape: shape, fortranOrder: true))
        #expect(offset == bytes.count)
    }

    @Test func dictionaryMatchesNumpysSpelling() {
        #expect(
            NPYHeader(dtype: .int64, shape: [5], fortranOrder: false).dictionaryText
                == "{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }")
        #expect(
            NPYHeader(dtype: .float64, shape: [7, 3], fortranOrder: true).dictionaryText
                == "{'descr': '<f8', 'fortran_order': True, 'shape': (7, 3), }")
    }

    @Test func boolArraysWrittenByNumpyDecodeWithOneBytePerElement() throws {
        // The preamble `numpy.save` writes for `np.zeros(5, dtype=bool)`.
        let dict = "{'descr': '|b1', 'fortran_order': False, 'shape': (5,), }"
        var bytes: [UInt8] = NPYHeader.magic + [1, 0, 0, 0] + Array(dict.utf8)
        bytes += [UInt8](repeating: 0x20, count: 127 - bytes.count) + [0x0A]
        bytes[8] = UInt8(bytes.count - 10)
        let (header, offset) = try bytes.withUnsafeBytes { try NPYHeader.decode($0, path: "labels.npy") }
        #expect(header == NPYHeader(dtype: .bool, shape: [5], fortranOrder: false))
        #expect(offset == 128)
        #expect(header.dataByteCount == 5)
        #expect(header.dictionaryText == dict)
        #expect(try NPYHeader(dtype: .bool, shape: [2, 3], fortranOrder: false).encoded().count % 64 == 0)
    }

    @Test func unsupportedDtypeIsRejectedNamingTheFile() throws {
        let header = try NPYHeader(dtype: .float64, shape: [2], fortranOrder: false).encoded()
        var patched = header
        let dict = Array("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }".utf8)
        patched.replaceSubrange(10..<(10 + dict.count), with: dict)
        let thrown = StoreFixtures.error { _ = try patched.withUnsafeBytes { try NPYHeader.decode($0, path: "m.npy") } }
        guard case let .corruptFile(path, reason) = thrown else { Issue.record("wrong error \(String(describing: thrown))"); return }
        #expect(path == "m.npy")
        #expect(reason.contains(">f4"))
    }
}

@Suite struct NPYFileTests {
    @Test func doublesRoundTripWithNaNAndInfinity() throws {
        let dir = try SharedData.temporaryDirectory("npy")
        let url = dir.appendingPathComponent("a.npy")
        let values: [Double] = [1.5, .nan, -.infinity, 0, -0.0, .greatestFiniteMagnitude]
        try NPYFile.write(values, shape: [3, 2], fortranOrder: true, to: url)
        let back = try NPYFile.readDoubles(at: url, shape: [3, 2], fortranOrder: true)
        #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int
        // Header 128 bytes (the dict needs more than 54), as numpy.save writes it.
        #expect(size == 128 + 48)
    }

    @Test func truncatedFileIsReportedAsTruncated() throws {
        let dir = try SharedData.temporaryDirectory("npy")
        let url = dir.appendingPathComponent("t.npy")
        try NPYFile.write([Int64](0..<100), to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 64 + 8 * 60 + 3)
        try handle.close()
        let thrown = StoreFixtures.error { _ = try NPYFile.readInt64(at: url, count: 100) }
        guard case let .corruptFile(path, reason) = thrown else { Issue.record("wrong error \(String(describing: thrown))"); return }
        #expect(path == url.path)
        #expect(reason.contains("truncated"))
    }

    @Test func fileCutInsideTheHeaderIsReportedAsTruncated() throws {
        let dir = try SharedData.temporaryDirectory("npy")
        let url = dir.appendingPathComponent("h.npy")
        try NPYFile.write([Int64](0..<10), to: url)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 30)
        try handle.close()
        let thrown = StoreFixtures.error { _ = try NPYFile.readInt64(at: url, count: 10) }
        guard case let .corruptFile(_, reason) = thrown else { Issue.record("wrong error \(String(describing: thrown))"); return }
        #expect(reason.contains("truncated"))
    }

    @Test func wrongShapeIsRejected() throws {
        let dir = try SharedData.temporaryDirectory("npy")
        let url = dir.appendingPathComponent("s.npy")
        try NPYFile.write([Double](repeating: 1, count: 6), shape: [3, 2], fortranOrder: true, to: url)
        let thrown = StoreFixtures.error { _ = try NPYFile.readDoubles(at: url, shape: [2, 3], fortranOrder: true) }
        guard case let .corruptFile(_, reason) = thrown else { Issue.record("wrong error \(String(describing: thrown))"); return }
        #expect(reason.contains("shape is (3, 2), expected (2, 3)"))
    }

    /// C order read in blocks of 2 rows (7 rows: 4 blocks, the last one short) and in one block.
    @Test(arguments: [48, 4 << 20])
    func timeMajorFileReadsIntoAColumnMajorFrame(blockBytes: Int) throws {
        let url = try SharedData.temporaryDirectory("npy").appendingPathComponent("c.npy")
        let frame = StoreFixtures.frame
        var timeMajor = [Double](repeating: 0, count: 21)
        frame.withUnsafeColumns { src, ld in
            timeMajor.withUnsafeMutableBufferPointer { MetricTranspose.toTimeMajor(src, rows: ld, columns: 3, from: 0, count: 7, into: $0) }
        }
        #expect(timeMajor[1].isNaN && timeMajor[3 * 4 + 2] == frame[4, 2])
        try NPYFile.write(timeMajor, shape: [7, 3], fortranOrder: false, to: url)
        let back = try NPYFile.readFrame(at: url, rows: 7, columns: 3, fortranOrder: false, blockBytes: blockBytes)
        #expect(StoreFixtures.bits(back) == StoreFixtures.bits(frame))
        let wrongOrder = StoreFixtures.error { _ = try NPYFile.readFrame(at: url, rows: 7, columns: 3, fortranOrder: true) }
        guard case let .corruptFile(_, reason) = wrongOrder else { Issue.record("wrong error \(String(describing: wrongOrder))"); return }
        #expect(reason.contains("fortran_order is False, expected True"))
    }

    @Test func transposeRoundTripsAnyRowRange() {
        let rows = 45, columns = 37  // more than one 32 × 32 tile each way
        let src = (0..<(rows * columns)).map { Double($0) }
        var tm = [Double](repeating: -1, count: 10 * columns)
        src.withUnsafeBufferPointer { s in
            tm.withUnsafeMutableBufferPointer { MetricTranspose.toTimeMajor(s, rows: rows, columns: columns, from: 33, count: 10, into: $0) }
        }
        #expect(tm[0] == 33 && tm[1] == Double(rows + 33) && tm[9 * columns + 36] == Double(36 * rows + 42))
        var back = [Double](repeating: -1, count: rows * columns)
        tm.withUnsafeBufferPointer { s in
            back.withUnsafeMutableBufferPointer { MetricTranspose.toColumnMajor(s, count: 10, columns: columns, into: $0, rows: rows, at: 33) }
        }
        var mismatches = 0
        for c in 0..<columns {
            for r in 0..<rows where back[c * rows + r] != ((33..<43).contains(r) ? src[c * rows + r] : -1) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}

/// `numpy.load(…, mmap_mode="r")` must open what the store writes.
@Suite struct NumpyInteropTests {
    /// `python3` as found on `PATH` (through `/usr/bin/env`), if it can import numpy.
    static let python: URL? = {
        let env = URL(fileURLWithPath: "/usr/bin/env")
        guard FileManager.default.isExecutableFile(atPath: env.path) else { return nil }
        let p = Process()
        p.executableURL = env
        p.arguments = ["python3", "-c", "import numpy"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? env : nil
    }()

    @Test(.enabled(if: NumpyInteropTests.python != nil, "python3 with numpy is not installed"))
    func numpyMemoryMapsEveryNpyFileTheStoreWrites() throws {
        let python = try #require(Self.python)
        let url = try StoreFixtures.written()
        let script = """
            import json, sys, numpy as np
            bits = lambda v: format(int(np.float64(v).view(np.uint64)), "016x")
            m = np.load(sys.argv[1] + "/metrics.npy", mmap_mode="r")
            t = np.load(sys.argv[1] + "/timestamps.npy", mmap_mode="r")
            print(json.dumps({
                "mshape": list(m.shape), "mdtype": m.dtype.str, "mcorder": bool(m.flags.c_contiguous), "mmap": isinstance(m, np.memmap),
                "v41": bits(m[4, 1]), "v62": bits(m[6, 2]), "nan20": bool(np.isnan(m[2, 0])), "nan52": bool(np.isnan(m[5, 2])),
                "nancount": int(np.isnan(m).sum()),
                "tshape": list(t.shape), "tdtype": t.dtype.str, "t0": int(t[0]), "t6": int(t[6]),
            }))
            """
        let p = Process()
        p.executableURL = python
        p.arguments = ["python3", "-c", script, url.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["mshape"] as? [Int] == [7, 3])
        #expect(json["mdtype"] as? String == "<f8")
        #expect(json["mcorder"] as? Bool == true)
        #expect(json["mmap"] as? Bool == true)
        // Compared as bit patterns (hex), so no decimal parsing stands between the two.
        let hex = { (v: Double) in String(v.bitPattern, radix: 16).leftPadded(to: 16) }
        #expect(json["v41"] as? String == hex(StoreFixtures.value(row: 4, column: 1)))
        #expect(json["v62"] as? String == hex(StoreFixtures.value(row: 6, column: 2)))
        #expect(json["nan20"] as? Bool == true)
        #expect(json["nan52"] as? Bool == true)
        #expect(json["nancount"] as? Int == 3)
        #expect(json["tshape"] as? [Int] == [7])
        #expect(json["tdtype"] as? String == "<i8")
        #expect((json["t0"] as? NSNumber)?.int64Value == StoreFixtures.axis.startMs)
        #expect((json["t6"] as? NSNumber)?.int64Value == StoreFixtures.axis.time(at: 6))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
