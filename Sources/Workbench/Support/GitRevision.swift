import Foundation

/// The git revision of the working directory's checkout, recorded in results for reproduction.
enum GitRevision {
    /// `git rev-parse --short=12 HEAD` in `directory`, or nil outside a checkout or without git.
    static func current(in directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", directory.path, "rev-parse", "--short=12", "HEAD"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let s = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return s.isEmpty ? nil : s
    }
}
