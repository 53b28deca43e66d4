import FaultlineTestSupport
import Foundation
import Reports
import Telemetry
import Testing

@testable import Workbench

/// The run folder: where a run may be written, and how it replaces an older one.
@Suite struct RunFolderTests {
    private func refused(_ url: URL) -> String? {
        do {
            try RunFolder.checkDestination(url)
            return nil
        } catch let e as UsageError {
            return e.message
        } catch {
            return "\(error)"
        }
    }

    // Regression (issue 17): `evaluate --out /` wrote reports into /.
    @Test func theRootAndFoldersThatAreNotRunFoldersAreRefused() throws {
        #expect(refused(URL(fileURLWithPath: "/")) != nil)
        #expect(refused(URL(fileURLWithPath: "/tmp/..")) != nil)
        let dir = try SharedData.temporaryDirectory("runfolder")
        let other = dir.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: other.appendingPathComponent("holiday.jpg"))
        #expect(refused(other)?.contains("not a Faultline run folder") == true)
        #expect(refused(other.appendingPathComponent("holiday.jpg"))?.contains("not a folder") == true)
        let link = dir.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: other)
        #expect(refused(link)?.contains("symbolic link") == true)
        // A new path, an empty folder and a run folder (marker, or the reports of an older version) are fine.
        #expect(refused(dir.appendingPathComponent("new")) == nil)
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(refused(empty) == nil)
        let legacy = dir.appendingPathComponent("legacy")
        try FileManager.default.createDirectory(at: legacy.appendingPathComponent("logs"), withIntermediateDirectories: true)
        for f in ["results.json", "summary.md", "junit.xml"] { try Data().write(to: legacy.appendingPathComponent(f)) }
        #expect(refused(legacy) == nil)
    }

    @Test func aCommittedRunReplacesTheOlderOneInOneStepAndLeavesNoTemporaryFolder() throws {
        let dir = try SharedData.temporaryDirectory("runfolder-commit")
        let dest = dir.appendingPathComponent("run")
        let first = try RunFolder(destination: dest)
        try Data("old".utf8).write(to: first.staging.appendingPathComponent("results.json"))
        #expect(!FileManager.default.fileExists(atPath: dest.path))  // nothing at the destination until commit
        try first.commit()
        #expect(FileManager.default.fileExists(atPath: dest.appendingPathComponent(RunFolder.markerFile).path))
        let second = try RunFolder(destination: dest)
        try Data("new".utf8).write(to: second.staging.appendingPathComponent("results.json"))
        #expect(try String(contentsOf: dest.appendingPathComponent("results.json"), encoding: .utf8) == "old")
        try second.commit()
        #expect(try String(contentsOf: dest.appendingPathComponent("results.json"), encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["run"])
    }

    @Test func anAbandonedRunLeavesNothingAtTheDestination() throws {
        let dir = try SharedData.temporaryDirectory("runfolder-abandon")
        let dest = dir.appendingPathComponent("run")
        do {
            let run = try RunFolder(destination: dest)
            try Data("partial".utf8).write(to: run.staging.appendingPathComponent("results.json"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test func namesAndLabelsBecomeSafeFileNameComponents() {
        #expect(RunFolder.fileComponent("../../../x") == "_._.._.._x")
        #expect(RunFolder.fileComponent("smd/machine-1-1") == "smd_machine-1-1")
        #expect(RunFolder.fileComponent("") == "_")
        #expect(RunFolder.unsafeNameReason("default") == nil)
        #expect(RunFolder.unsafeLabelReason("zscore (w=60)") == nil)
    }
}
