import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin owner of a POSIX file descriptor with the few calls the store needs: positional and
/// sequential writes that loop over partial writes and `EINTR`, big reads, `fsync`.
///
/// Errors are `TelemetryError.io` naming the file. The descriptor is closed on `close()` or deinit.
final class POSIXFile {
    let path: String
    private(set) var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { if fd >= 0 { _ = systemClose(fd) } }

    /// Creates a new file (fails if it exists) for reading and writing.
    static func create(_ path: String) throws -> POSIXFile {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXFile.error(path, "cannot create file") }
        return POSIXFile(path: path, fd: fd)
    }

    /// Opens an existing regular file read-only (a symbolic link is followed).
    ///
    /// The file is opened without blocking and its type checked on the descriptor, so a FIFO, socket,
    /// device or directory named as a data file is refused at once instead of blocking a read forever.
    ///
    /// - Throws: `TelemetryError.missingFile` when nothing is at `path`; `.io` naming what it is when it is
    ///   not a regular file, or when it cannot be opened.
    static func openForReading(_ path: String) throws -> POSIXFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw TelemetryError.missingFile(path: path) }
            throw POSIXFile.error(path, "cannot open file")
        }
        let file = POSIXFile(path: path, fd: fd)
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw POSIXFile.error(path, "cannot stat file") }
        if let kind = RegularFile.kind(ofMode: st.st_mode) {
            throw TelemetryError.io(path: path, reason: "\(kind), not a regular file: Faultline reads regular files only")
        }
        // Regular files never block; clear the flag so reads behave as usual.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        return file
    }

    /// Opens a directory (for `fsync` of its entries).
    static func openDirectory(_ path: String) throws -> POSIXFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_DIRECTORY)
        guard fd >= 0 else { throw POSIXFile.error(path, "cannot open directory") }
        return POSIXFile(path: path, fd: fd)
    }

    static func error(_ path: String, _ what: String) -> TelemetryError {
        let code = errno
        return .io(path: path, reason: "\(what): \(String(cString: strerror(code)))")
    }

    /// Current size in bytes.
    func size() throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw POSIXFile.error(path, "cannot stat file") }
        return Int(st.st_size)
    }

    /// Sets the size (sparse extension or truncation).
    func truncate(to size: Int) throws {
        guard ftruncate(fd, off_t(size)) == 0 else { throw POSIXFile.error(path, "cannot size file to \(size) bytes") }
    }

    /// Sets the size to `size` bytes, allocating the blocks up front where the file system can
    /// (later writes into allocated blocks are cheaper than filling a sparse hole: ~25 % less CPU
    /// on ext4), else as a sparse file.
    func reserve(_ size: Int) throws {
        #if os(Linux)
        if size > 0, posix_fallocate(fd, 0, off_t(size)) == 0, try self.size() == size { return }
        #endif
        try truncate(to: size)
    }

    /// Writes all of `bytes` at `offset`, looping over partial writes.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        var position = off_t(offset)
        while remaining > 0 {
            let n = pwrite(fd, base, remaining, position)
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXFile.error(path, "write failed at offset \(position)")
            }
            remaining -= n
            position += off_t(n)
            base = base.advanced(by: n)
        }
    }

    /// Appends all of `bytes` at the current position.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = systemWrite(fd, base, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXFile.error(path, "write failed")
            }
            remaining -= n
            base = base.advanced(by: n)
        }
    }

    /// Reads up to `buffer.count` bytes at `offset`; returns the number read (less only at end of file).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base.advanced(by: done), buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw POSIXFile.error(path, "read failed at offset \(offset + done)")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Flushes data and metadata to stable storage.
    func sync() throws {
        guard fsync(fd) == 0 else { throw POSIXFile.error(path, "fsync failed") }
    }

    /// Closes the descriptor (idempotent).
    func close() throws {
        guard fd >= 0 else { return }
        let r = systemClose(fd)
        fd = -1
        guard r == 0 else { throw POSIXFile.error(path, "close failed") }
    }
}

// Module-level forwards, so calls inside `POSIXFile` don't resolve to its own methods.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
