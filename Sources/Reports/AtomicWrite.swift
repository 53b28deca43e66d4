import Foundation

/// Writes files so that readers see either the old content or the complete new one, never a part.
enum AtomicWrite {
    /// Writes `data` to a temporary sibling of `url`, flushes it, then renames it over `url`.
    static func write(_ data: Data, to url: URL) throws {
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: tmp.path, contents: data) else {
                throw ReportError.write(path: url.path, reason: "cannot create temporary file")
            }
            if rename(tmp.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: tmp)
                throw ReportError.write(path: url.path, reason: reason)
            }
        } catch let e as ReportError {
            throw e
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw ReportError.write(path: url.path, reason: "\(error)")
        }
    }
}
