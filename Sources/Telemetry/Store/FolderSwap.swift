import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Moves a finished folder into place so that its name never points at a half-written one: the dataset store's
/// and the run reports' way of writing a whole folder atomically (write a temporary sibling, then rename it).
public enum FolderSwap {
    /// Creates a new, empty, hidden sibling of `destination` named `.<name>.<tag>-<random>`.
    ///
    /// - Throws: `TelemetryError.io` naming the folder when it cannot be created.
    public static func makeTemporarySibling(of destination: URL, tag: String) throws -> URL {
        let parent = destination.deletingLastPathComponent()
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            let suffix = String(rng.next() as UInt32, radix: 16)
            let url = parent.appendingPathComponent(".\(destination.lastPathComponent).\(tag)-\(suffix)")
            if mkdir(url.path, 0o777) == 0 { return url }
            if errno != EEXIST { throw POSIXFile.error(url.path, "cannot create a temporary folder") }
        }
        throw TelemetryError.io(path: parent.path, reason: "cannot find a free temporary folder name")
    }

    #if os(Linux)
    /// glibc's `renameat2` (≥ 2.28), looked up at run time because the Swift Glibc module does not
    /// export it; flag `1 << 1` is `RENAME_EXCHANGE`, which swaps two paths atomically.
    private static var renameExchange: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32)? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32).self)
    }
    #endif

    /// Moves the folder `finished` to `destination`. When `destination` exists (the caller has checked that it
    /// may be replaced) the two are swapped atomically where the system can (`renameat2(RENAME_EXCHANGE)`), and
    /// the old folder is deleted afterwards; elsewhere the old one is moved aside first, so the name is briefly
    /// absent but never names an incomplete folder.
    ///
    /// - Parameters:
    ///   - finished: the complete folder (a sibling of `destination`, on the same file system).
    ///   - destination: where it goes.
    ///   - what: the folder's kind in error messages (`dataset`, `run folder`).
    /// - Throws: `TelemetryError.io` naming `destination`.
    public static func install(_ finished: URL, at destination: URL, what: String) throws {
        let dest = destination.path
        var st = stat()
        guard lstat(dest, &st) == 0 else {
            guard rename(finished.path, dest) == 0 else { throw POSIXFile.error(dest, "cannot move the finished \(what) into place") }
            return
        }
        #if os(Linux)
        if let exchange = renameExchange, exchange(AT_FDCWD, finished.path, AT_FDCWD, dest, 1 << 1) == 0 {
            // `finished` now holds the old folder.
            try? FileManager.default.removeItem(at: finished)
            return
        }
        #endif
        let aside = finished.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).old-\(UInt32.random(in: 0...UInt32.max))")
        guard rename(dest, aside.path) == 0 else { throw POSIXFile.error(dest, "cannot move the old \(what) aside") }
        guard rename(finished.path, dest) == 0 else {
            let error = POSIXFile.error(dest, "cannot move the finished \(what) into place")
            _ = rename(aside.path, dest)
            throw error
        }
        try? FileManager.default.removeItem(at: aside)
    }
}
