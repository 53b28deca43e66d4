import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// `faultline import hdfs-sessions`: labelled block sessions as event-count vectors.
@Suite struct HDFSSessionImportTests {
    static func write(_ text: String) throws -> URL {
        let dir = try SharedData.temporaryDirectory("hdfs-sessions")
        try text.write(to: dir.appendingPathComponent("sessions.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func sessionsBecomeCountRowsWithTheTrainNormalsFirstAndTestAnomaliesAsFaults() throws {
        let dir = try Self.write(
            """
            BlockId,Label,Split,EventSequence
            blk_1,Normal,train,E5 E5 E22
            blk_2,Normal,test,E5 E11
            blk_3,Anomaly,train,E22 E22 E22
            blk_4,Normal,train,E11
            blk_5,Anomaly,test,E22 E5 E22
            blk_6,Normal,train,E5

            """)
        let r = try HDFSSessionImporter.importPath(dir, name: "h")
        let ds = r.dataset
        #expect(ds.series.map(\.id) == ["hdfs/E5", "hdfs/E11", "hdfs/E22"])
        #expect(ds.info.trainRows == 3)
        #expect(ds.frame.rows == 5)
        // Rows: blk_1, blk_4, blk_6 (train Normals), then blk_2, blk_5 (test, in file order).
        #expect(ds.frame.column(0) == [2, 0, 1, 1, 1])
        #expect(ds.frame.column(1) == [0, 1, 0, 1, 0])
        #expect(ds.frame.column(2) == [1, 0, 0, 0, 2])
        #expect(ds.timestamps == [0, 1000, 2000, 3000, 4000])
        #expect(ds.groundTruth.faults.map(\.id) == ["blk_5"])
        #expect(ds.groundTruth.faults.first?.injectionStartMs == 4000)
        #expect(ds.groundTruth.faults.first?.kind == "hdfs-anomaly")
        #expect(r.repairs.map(\.kind) == [.timesAssigned, .leftOut])
        #expect(r.repairs[1].message.hasPrefix("1 anomalous sessions of the train split"))
    }

    @Test func aBadLabelNamesTheFileAndLine() throws {
        let dir = try Self.write("BlockId,Label,Split,EventSequence\nblk_1,Normal,train,E5\nblk_2,Weird,test,E5\n")
        #expect {
            _ = try HDFSSessionImporter.importPath(dir, name: "h")
        } throws: { "\($0)".contains("sessions.csv line 3") && "\($0)".contains("Weird") }
        let noTest = try Self.write("BlockId,Label,Split,EventSequence\nblk_1,Normal,train,E5\n")
        #expect(throws: InteropError.self) { _ = try HDFSSessionImporter.importPath(noTest, name: "h") }
    }

    @Test(.enabled(if: SharedData.available("hdfs-100k-sessions"), "needs ../shared/datasets/hdfs-100k-sessions"))
    func theSharedFileMatchesItsReadme() throws {
        let r = try HDFSSessionImporter.importPath(try SharedData.require("hdfs-100k-sessions"), name: "hdfs")
        // README: 6,352 train sessions (256 anomalous), 1,588 test (57 anomalous), 19 event types.
        #expect(r.dataset.info.trainRows == 6_352 - 256)
        #expect(r.dataset.frame.rows == 6_352 - 256 + 1_588)
        #expect(r.dataset.series.count == 19)
        #expect(r.dataset.groundTruth.faults.count == 57)
        #expect(r.repairs.contains { $0.kind == .leftOut && $0.message.hasPrefix("256 ") })
    }
}
