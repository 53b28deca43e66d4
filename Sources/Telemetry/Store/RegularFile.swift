import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading the files a user or another tool hands Faultline (specs, score files, dataset files, imports):
/// regular files only, symbolic links followed, and a size limit checked before anything is read.
///
/// A FIFO, socket or device named as a file would block a read forever or never end (issue 17), so the
/// file is opened without blocking and its type checked on the open descriptor before any byte is read;
/// a directory is refused the same way. Symbolic links are followed: the checks and the length are the
/// target's.
public enum RegularFile {
    /// Reads the whole regular file at `path`.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - maxBytes: the largest length accepted (a longer file is refused before it is read).
    /// - Returns: the contents.
    /// - Throws: `TelemetryError.missingFile` when nothing is there; `.io` naming the file when it is not a
    ///   regular file (saying what it is), is longer than `maxBytes`, or cannot be read.
    public static func read(_ path: String, maxBytes: Int = Int.max) throws -> Data {
        let file = try POSIXFile.openForReading(path)
        let size = try file.size()
        guard size <= maxBytes else {
            throw TelemetryError.io(path: path, reason: "file is \(size) bytes, more than the \(maxBytes) bytes accepted here")
        }
        var data = Data(count: size)
        let got = try data.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        return data.prefix(got)
    }

    /// The length in bytes of the regular file at `path` (a symbolic link's target).
    ///
    /// - Throws: as `read`.
    public static func size(_ path: String) throws -> Int {
        try POSIXFile.openForReading(path).size()
    }

    /// What a file-system object of mode `mode` is, in words, when it is not a regular file (nil when it is).
    static func kind(ofMode mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }
}
