import Foundation
import Telemetry

/// One SMD machine as a recording (`faultline fidelity --format smd`), through `SMDImporter`: its train and
/// test rows on the one-minute grid, each labelled segment a fault whose root-cause series are the
/// interpretation label's dimensions (the machine when the label names none). SMD's 38 dimensions are unnamed
/// (`dim1` … `dim38`), so they belong to no family: only the fault rows read them (METRICS.md §12.1).
public enum SMDRecording {
    /// The SMD root and machine a path names: `<root>/train/<machine>.txt` or `<root>/test/<machine>.txt`, or
    /// the root itself when it holds exactly one machine.
    ///
    /// - Throws: `UsageError` when the root holds several machines (the hint lists them).
    public static func locate(_ url: URL) throws -> (root: URL, machine: String) {
        let parent = url.deletingLastPathComponent().lastPathComponent
        if url.pathExtension == "txt", ["train", "test"].contains(parent) {
            return (url.deletingLastPathComponent().deletingLastPathComponent(), url.deletingPathExtension().lastPathComponent)
        }
        let machines = try SMDImporter.machines(root: url)
        guard machines.count == 1, let m = machines.first else {
            throw UsageError(
                "\(url.path) holds \(machines.count) SMD machines; name one",
                hint: "pass \(url.appendingPathComponent("test").path)/<machine>.txt, one of: \(machines.joined(separator: ", "))")
        }
        return (url, m)
    }

    /// Reads the machine `url` names (see `locate`).
    ///
    /// - Throws: `UsageError` or `InteropError` (SMDImporter's, naming the file and line).
    public static func read(_ url: URL) throws -> Recording {
        let (root, machine) = try locate(url)
        let ds = try SMDImporter.load(root: root, machine: machine)
        let block = try Recording.Block(timestamps: ds.timestamps, series: ds.series, frame: ds.frame)
        let faults = ds.groundTruth.faults.map { f in
            Recording.Fault(
                id: f.id, kind: f.kind, targets: f.affectedSeries.isEmpty ? [f.target] : [], seriesIds: f.affectedSeries.map(\.seriesId),
                startMs: f.injectionStartMs, endMs: f.injectionEndMs)
        }
        return Recording(name: ds.info.name, format: "smd", blocks: [block], faults: faults, hasGroundTruth: true)
    }
}
