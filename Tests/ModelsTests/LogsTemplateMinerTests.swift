import Evaluation
import FaultlineTestSupport
import Models
import Testing

@Suite struct LogsTokenMaskerTests {
    @Test(arguments: [
        ("42", "<*>"), ("-7", "<*>"), ("3.14", "<*>"), ("0x00544eb8", "<*>"), ("0X1F", "<*>"),
        ("deadbeef01", "<*>"), ("10.251.73.220", "<*>"), ("10.251.73.220:50010", "<*>"),
        ("/10.251.73.220:50010", "<*>"), ("blk_38865049064139660", "blk_<*>"),
        ("blk_-6952295868487656571", "blk_<*>"), ("/user/root/rand/_temporary/part-00001", "<*>"),
        ("core.2275", "core.<*>"), ("duration_ms=6.6", "duration_ms=<*>"), ("key=web:2029", "key=web:<*>"), ("lr:00004ed8", "lr:<*>"),
        ("update.............0", "update.............<*>"),
        ("(0x1f),", "(<*>),"), ("size", "size"), ("R02-M1-N0-C:J12-U11", "R02-M1-N0-C:J12-U11"),
        ("ddr", "ddr"), ("1.2.3", "1.2.3"), ("abc123", "abc123"), ("terminating", "terminating"),
    ])
    func masksVariablePartsAndKeepsConstants(_ token: String, _ expected: String) {
        #expect(TokenMasker.mask(token) == expected)
    }
}

@Suite struct LogsTemplateMinerTests {
    @Test func linesDifferingOnlyInVariablesShareATemplate() {
        var miner = TemplateMiner()
        let a = miner.observe("PacketResponder 1 for block blk_38865049064139660 terminating")
        let b = miner.observe("PacketResponder 2 for block blk_-6670958622368987959 terminating")
        let c = miner.observe("Verification succeeded for blk_-4980916519894289629")
        #expect(a == b)
        #expect(a != c)
        #expect(miner.templateCount == 2)
        #expect(miner.template(a) == "PacketResponder <*> for block blk_<*> terminating")
        #expect(miner.templateSizes == [2, 1])
    }

    @Test func differingConstantTokenBecomesAWildcardAboveTheThreshold() {
        var miner = TemplateMiner()
        let a = miner.observe("job alpha finished cleanly today")
        let b = miner.observe("job beta finished cleanly today")
        #expect(a == b)
        #expect(miner.template(a) == "job <*> finished cleanly today")
    }

    @Test func dissimilarMessagesOfEqualLengthStaySeparate() {
        var miner = TemplateMiner(configuration: .init(similarityThreshold: 0.5))
        let a = miner.observe("disk quota exceeded on volume")
        let b = miner.observe("disk controller reset by host")
        #expect(a != b)
        #expect(miner.match("disk quota exceeded on volume") == a)
        #expect(miner.match("totally unrelated message here") == nil)
        #expect(miner.templateCount == 2)  // match does not change the miner
    }

    @Test func fullyMaskedMessagesRejoinTheirCluster() {
        var miner = TemplateMiner()
        let a = miner.observe("10.0.0.1:80 42")
        let b = miner.observe("10.0.0.2:81 43")
        #expect(a == b)
    }

    @Test func sameInputGivesSameIds() {
        let lines = (0..<200).map { i in i % 3 == 0 ? "open file /tmp/f\(i)/x ok" : "user u\(i % 7) logged in from 10.0.0.\(i % 250)" }
        var m1 = TemplateMiner(), m2 = TemplateMiner()
        #expect(lines.map { m1.observe($0) } == lines.map { m2.observe($0) })
        #expect(m1.templateTexts == m2.templateTexts)
    }

    static func mine(_ contents: [String]) -> [Int] {
        var miner = TemplateMiner()
        return contents.map { miner.observe($0) }
    }

    @Test(.enabled(if: SharedData.available("loghub-2k"), "needs ../shared/datasets/loghub-2k")) func groupingAccuracyOnLoghubHDFSIsAtLeast099()
        throws
    {
        let data = try LogsFixtures.loghub("HDFS", headerTokens: 5)
        #expect(data.contents.count == 2000)
        let ga = try GroupingAccuracy.score(truth: data.truth, predicted: Self.mine(data.contents))
        #expect(ga >= 0.99, "GA \(ga)")
    }

    @Test(.enabled(if: SharedData.available("loghub-2k"), "needs ../shared/datasets/loghub-2k")) func groupingAccuracyOnLoghubBGLIsAtLeast095() throws
    {
        let data = try LogsFixtures.loghub("BGL", headerTokens: 9)
        #expect(data.contents.count == 2000)
        let ga = try GroupingAccuracy.score(truth: data.truth, predicted: Self.mine(data.contents))
        #expect(ga >= 0.95, "GA \(ga)")
    }
}
