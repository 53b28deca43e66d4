import Foundation
import Telemetry

/// A run folder (`Results/<run>/`) written as a whole: everything goes into a hidden temporary sibling
/// (`.<run>.partial-<pid>-<random>`), which is renamed into place only when complete, replacing an older run
/// folder in one step. A `kill -9` at any point leaves either the older run untouched or the new one complete,
/// never a mixture, and nothing that looks like a finished run.
///
/// A folder is recognised as a Faultline run folder by the marker file `.faultline-run`, written last into the
/// temporary folder (or, for folders written before the marker existed, by holding `results.json` and
/// nothing but report files and `logs/`). Only such a folder, an empty one or a new path may be a destination:
/// a run never replaces `/`, a symbolic link, a file, or a folder holding anything else.
public final class RunFolder {
    /// Where the finished run goes.
    public let destination: URL
    /// The temporary folder everything is written into until `commit()`.
    public let staging: URL
    private var committed = false

    /// The marker file that makes a folder a run folder.
    public static let markerFile = ".faultline-run"
    /// The temporary folders' tag: `.<run>.partial-<pid>-<random>`.
    static let stagingTag = "partial"
    /// Environment variable of the kill test: when set to a path, `commit()` creates that file once the run
    /// folder is complete in its temporary place, then waits 30 s before renaming it (for the test's `kill -9`).
    public static let pauseBeforeRenameVariable = "FAULTLINE_TEST_PAUSE_BEFORE_RENAME"

    /// Checks `destination` (`checkDestination`), removes temporary folders that earlier runs killed before
    /// they finished left beside it, and creates the temporary folder.
    ///
    /// - Throws: `UsageError` (exit 2) for a destination a run may not replace; `ReportError.write` when the
    ///   temporary folder cannot be created.
    public init(destination: URL) throws {
        try Self.checkDestination(destination)
        let dest = destination.standardizedFileURL
        self.destination = dest
        let parent = dest.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ReportError.write(path: parent.path, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        Self.removeAbandonedStaging(beside: dest)
        do {
            staging = try FolderSwap.makeTemporarySibling(
                of: dest, tag: "\(Self.stagingTag)-\(ProcessInfo.processInfo.processIdentifier)")
        } catch {
            throw ReportError.write(path: dest.path, reason: "\(error)")
        }
    }

    deinit { if !committed { try? FileManager.default.removeItem(at: staging) } }

    /// Writes the marker, then renames the temporary folder into place (replacing an older run folder).
    ///
    /// - Throws: `UsageError` when the destination became something a run may not replace meanwhile;
    ///   `ReportError.write` naming the folder on I/O failure.
    public func commit() throws {
        let marker = staging.appendingPathComponent(Self.markerFile)
        guard FileManager.default.createFile(atPath: marker.path, contents: Data("Faultline run folder\n".utf8)) else {
            throw ReportError.write(path: marker.path, reason: "cannot create the run folder's marker")
        }
        if let pause = ProcessInfo.processInfo.environment[Self.pauseBeforeRenameVariable], !pause.isEmpty {
            _ = FileManager.default.createFile(atPath: pause, contents: Data(staging.path.utf8))
            Thread.sleep(forTimeInterval: 30)
        }
        try Self.checkDestination(destination)
        do {
            try FolderSwap.install(staging, at: destination, what: "run folder")
        } catch {
            throw ReportError.write(path: destination.path, reason: "\(error)")
        }
        committed = true
    }

    /// Refuses a destination a run may not write: empty, the file-system root, `.` or `..`, the current folder or
    /// one holding it, a symbolic link, something that is not a folder, or a non-empty folder that is not a run
    /// folder (`isRunFolder`).
    ///
    /// - Throws: `UsageError` naming the path, with a hint.
    public static func checkDestination(_ url: URL) throws {
        let path = url.standardizedFileURL.path
        let hint = "give --out a new or empty folder, or a previous run folder of Faultline's"
        guard !url.path.isEmpty, path != "/", url.standardizedFileURL.resolvingSymlinksInPath().path != "/" else {
            throw UsageError("refusing to write a run into the file-system root (\(url.path.isEmpty ? "empty path" : path))", hint: hint)
        }
        guard url.lastPathComponent != "..", url.lastPathComponent != "." else {
            throw UsageError("refusing to write a run into '\(url.path)': name the run folder itself", hint: hint)
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        guard cwd != path, !cwd.hasPrefix(path.hasSuffix("/") ? path : path + "/") else {
            throw UsageError("refusing to replace \(path): it is the current folder or holds it", hint: hint)
        }
        var st = stat()
        guard lstat(path, &st) == 0 else { return }  // a new path
        switch st.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            throw UsageError("refusing to replace the symbolic link \(path) with a run folder", hint: "give the folder it points to")
        default:
            throw UsageError("refusing to replace \(path): it is not a folder", hint: hint)
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard entries.isEmpty || isRunFolder(entries: entries) else {
            throw UsageError(
                "refusing to replace \(path): it is a non-empty folder that is not a Faultline run folder (no \(markerFile))", hint: hint)
        }
    }

    /// Whether a folder holding `entries` is a run folder: it holds the marker, or (written before the marker
    /// existed) `results.json` and nothing but report files, `logs` and hidden temporary files.
    public static func isRunFolder(entries: [String]) -> Bool {
        if entries.contains(markerFile) { return true }
        let reports = Set(ReportFormat.allCases.map(\.rawValue) + ["logs"])
        return entries.contains(ReportFormat.json.rawValue) && entries.allSatisfy { reports.contains($0) || $0.hasPrefix(".") }
    }

    /// Deletes `.<run>.partial-<pid>-…` siblings of `destination` whose process is gone (a run killed before it
    /// finished); folders of live processes are left alone.
    static func removeAbandonedStaging(beside destination: URL) {
        let parent = destination.deletingLastPathComponent()
        let prefix = ".\(destination.lastPathComponent).\(stagingTag)-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let pidText = name.dropFirst(prefix.count).prefix { $0 != "-" }
            guard let pid = Int32(pidText), pid > 0, kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    /// Why `name` cannot name a run folder under `Results/`, or nil when it can: it must be one plain path
    /// component (no `/` or `\`, not `.` or `..`, not hidden, no control characters) of at most 128 bytes.
    public static func unsafeNameReason(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name == "." || name == ".." { return "would name the parent or the current folder, not a run folder" }
        if name.contains("/") || name.contains("\\") { return "contains a path separator (it names the run folder Results/<name>/)" }
        if name.hasPrefix(".") { return "starts with '.' (hidden; temporary run folders start so)" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "contains a control character" }
        if name.utf8.count > 128 { return "is longer than 128 bytes" }
        return nil
    }

    /// Why `label` cannot label a model, or nil when it can: a display name that also names the model's log
    /// files, so no path separators, no control characters, not `.` or `..`, at most 128 bytes.
    public static func unsafeLabelReason(_ label: String) -> String? {
        if label.isEmpty { return "is empty" }
        if label == "." || label == ".." { return "is not a name" }
        if label.contains("/") || label.contains("\\") { return "contains a path separator (labels also name log files)" }
        if label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "contains a control character" }
        if label.utf8.count > 128 { return "is longer than 128 bytes" }
        return nil
    }

    /// `text` as one safe file-name component: letters, digits, `-`, `_`, `.` kept, everything else `_`, no
    /// leading `.`, at most 100 characters (dataset names from a manifest or a scenario are not trusted).
    public static func fileComponent(_ text: String) -> String {
        var out = String(
            text.unicodeScalars.prefix(100).map { c -> Character in
                c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" || c == "_" || c == ".") ? Character(c) : "_"
            })
        while out.hasPrefix(".") { out = "_" + out.dropFirst() }
        return out.isEmpty ? "_" : out
    }
}
