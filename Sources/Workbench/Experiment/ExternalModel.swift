import Foundation
import Interop
import Telemetry

/// A model that runs as a separate program: Faultline writes the training rows and the whole run as
/// dataset folders (no ground truth, no chaos events), runs `command` with `{train}`, `{test}` and
/// `{out}` replaced by their paths, and reads one float64 score per row of `{test}` from the `.npy`
/// at `{out}` (1-D, or rows × series whose per-row maximum is the score).
///
/// Scores must be causal: the score of row t may use rows ≤ t only. A non-zero exit, a timeout or
/// a malformed output fails that model alone, with its stderr kept in the run folder.
struct ExternalModel: Sendable {
    /// The command, run by `/bin/sh -c` under coreutils `timeout` after substitution (paths are shell-quoted).
    var command: String
    /// Seconds before the command is killed.
    var timeoutSeconds: Double

    static let parameterKeys = ["command", "timeout_s"]
    /// Longest `timeout_s`: a week.
    static let maxTimeoutSeconds = 7.0 * 86_400

    /// Reads the model's parameters as written in a spec.
    ///
    /// - Throws: `UsageError` naming the key.
    init(parameters: [String: String]) throws {
        for key in parameters.keys.sorted() where !Self.parameterKeys.contains(key) {
            throw UsageError(
                "unknown parameter '\(key)' of model 'external'\(NearestName.hint(key, among: Self.parameterKeys))",
                hint: "valid keys: \(Self.parameterKeys.joined(separator: ", "))")
        }
        guard let command = parameters["command"], !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UsageError("model 'external' needs a 'command' with {train}, {test} and {out}")
        }
        for placeholder in ["{test}", "{out}"] where !command.contains(placeholder) {
            throw UsageError("the command of model 'external' must contain \(placeholder)")
        }
        self.command = command
        let timeout = parameters["timeout_s"].map { Double($0) } ?? 600
        guard let timeout, timeout > 0, timeout <= Self.maxTimeoutSeconds else {
            throw UsageError("timeout_s of model 'external' must be a positive number of seconds, at most \(Int(Self.maxTimeoutSeconds)) (a week)")
        }
        self.timeoutSeconds = timeout
    }

    /// Why an external model produced no scores.
    struct Failure: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// Runs the command on `dataset` and returns one score per row.
    ///
    /// - Parameters:
    ///   - workDir: folder for the datasets, the output and the kept stderr.
    /// - Throws: `Failure` for anything the program did wrong; other errors for Faultline's own I/O.
    func scores(dataset: Dataset, trainRows: Int, workDir: URL, stderrPath: URL) throws -> [Double] {
        let fm = FileManager.default
        try fm.createDirectory(at: workDir, withIntermediateDirectories: true)
        try fm.createDirectory(at: stderrPath.deletingLastPathComponent(), withIntermediateDirectories: true)
        let train = workDir.appendingPathComponent("train"), test = workDir.appendingPathComponent("test")
        let out = workDir.appendingPathComponent("scores.npy")
        try? fm.removeItem(at: out)
        try DatasetStore.write(Self.unlabelled(dataset, rows: 0..<trainRows), to: train, durable: false)
        try DatasetStore.write(Self.unlabelled(dataset, rows: 0..<dataset.frame.rows), to: test, durable: false)
        let line = command.replacingOccurrences(of: "{train}", with: Self.quote(train.path))
            .replacingOccurrences(of: "{test}", with: Self.quote(test.path))
            .replacingOccurrences(of: "{out}", with: Self.quote(out.path))

        // coreutils `timeout` signals the whole process group, so grandchildren die with the command.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["timeout", "--kill-after=5", String(format: "%.3f", timeoutSeconds), "/bin/sh", "-c", line]
        guard fm.createFile(atPath: stderrPath.path, contents: nil) else {
            throw DataError("cannot create \(stderrPath.path)")
        }
        let errHandle = try FileHandle(forWritingTo: stderrPath)
        defer { try? errHandle.close() }
        p.standardError = errHandle
        p.standardOutput = errHandle
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw Failure(reason: "cannot start the command: \(error)") }
        p.waitUntilExit()
        if p.terminationReason == .exit && (p.terminationStatus == 124 || p.terminationStatus == 137) {
            throw Failure(reason: "timed out after \(timeoutSeconds) s")
        }
        guard p.terminationReason == .exit, p.terminationStatus == 0 else {
            let how = p.terminationReason == .exit ? "exit status \(p.terminationStatus)" : "killed by signal \(p.terminationStatus)"
            throw Failure(reason: how)
        }
        guard fm.fileExists(atPath: out.path) else { throw Failure(reason: "wrote no scores at {out}") }
        return try Self.readScores(out, rows: dataset.frame.rows)
    }

    /// Reads the model's `.npy` output (`ScoreFile.readNPY`), a bad file failing this model only.
    ///
    /// - Throws: `Failure` naming the file and the first bad row.
    static func readScores(_ url: URL, rows: Int) throws -> [Double] {
        do {
            return try ScoreFile.readNPY(url, rows: rows)
        } catch let e as DataError {
            throw Failure(reason: e.message)
        }
    }

    /// The rows of `dataset` a model may see: metrics, timestamps, series, topology, logs and spans in
    /// those rows, ops events except chaos markers; no ground truth.
    static func unlabelled(_ d: Dataset, rows: Range<Int>) throws -> Dataset {
        let lo = d.timestamps[rows.lowerBound], hi = rows.isEmpty ? lo : d.timestamps[rows.upperBound - 1]
        let axis = TimeAxis(startMs: lo, stepMs: d.axis.stepMs, count: rows.count)
        return try Dataset(
            info: DatasetInfo(name: d.info.name, generator: d.info.generator), axis: axis,
            timestamps: Array(d.timestamps[rows]), series: d.series, frame: d.frame.rows(rows),
            logs: d.logs.filter { $0.timeMs >= lo && $0.timeMs <= hi },
            spans: d.spans.filter { $0.startMs >= lo && $0.startMs <= hi },
            events: d.events.filter { $0.timeMs >= lo && $0.timeMs <= hi && $0.kind != .chaosStart && $0.kind != .chaosStop },
            topology: d.topology)
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
