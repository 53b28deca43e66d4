import Telemetry
import Testing

@Suite struct TimeAxisTests {
    @Test func rowLookupsRoundToTheGrid() {
        let axis = TimeAxis(startMs: 1_000, stepMs: 15_000, count: 10)
        #expect(axis.time(at: 3) == 46_000)
        #expect(axis.firstRow(atOrAfter: 16_001) == 2)
        #expect(axis.firstRow(atOrAfter: 16_000) == 1)
        #expect(axis.lastRow(atOrBefore: 30_999) == 1)
        #expect(axis.lastRow(atOrBefore: 999) == -1)
        #expect(axis.firstRow(atOrAfter: 10_000_000) == 10)
        #expect(axis.endMs == 151_000)
    }
}

@Suite struct InMemoryDatasetSinkTests {
    /// A sink begun for 5 rows of two gauges.
    static func begunSink() throws -> InMemoryDatasetSink {
        let axis = TimeAxis(startMs: 0, stepMs: 1_000, count: 5)
        let series = [
            SeriesDescriptor(entity: "a", metric: "x", unit: "1", kind: .gauge),
            SeriesDescriptor(entity: "b", metric: "x", unit: "1", kind: .gauge),
        ]
        var sink = InMemoryDatasetSink()
        try sink.begin(DatasetHeader(info: DatasetInfo(name: "t", generator: "test"), axis: axis, series: series, topology: Topology()))
        return sink
    }

    @Test func chunksAssembleIntoTheWholeFrame() throws {
        var sink = try Self.begunSink()
        try sink.writeMetrics(rowOffset: 0, chunk: MetricFrame(columns: [[0, 1, 2], [10, 11, 12]]))
        #expect(throws: TelemetryError.self) { try sink.writeMetrics(rowOffset: 4, chunk: MetricFrame(columns: [[9], [9]])) }
        try sink.writeMetrics(rowOffset: 3, chunk: MetricFrame(columns: [[3, 4], [13, 14]]))
        try sink.finish(groundTruth: GroundTruth())
        let ds = try #require(sink.dataset)
        #expect(ds.frame.column(0) == [0, 1, 2, 3, 4])
        #expect(ds.frame.column(1) == [10, 11, 12, 13, 14])
        #expect(ds.timestamps == [0, 1_000, 2_000, 3_000, 4_000])
    }

    /// The simulator's time-major chunks go straight into the frame (no intermediate chunk), mixed
    /// freely with column-major ones; a chunk of the wrong size or out of order is refused.
    @Test func timeMajorChunksAssembleIntoTheSameFrame() throws {
        var sink = try Self.begunSink()
        let first: [Double] = [0, 10, 1, 11, 2, 12]  // rows 0–2, time-major
        try first.withUnsafeBufferPointer { try sink.writeMetrics(rowOffset: 0, rows: 3, timeMajor: $0) }
        let odd: [Double] = [3, 13, 4]
        #expect(throws: TelemetryError.self) { try odd.withUnsafeBufferPointer { try sink.writeMetrics(rowOffset: 3, rows: 2, timeMajor: $0) } }
        let late: [Double] = [4, 14]
        #expect(throws: TelemetryError.self) { try late.withUnsafeBufferPointer { try sink.writeMetrics(rowOffset: 4, rows: 1, timeMajor: $0) } }
        let rest: [Double] = [3, 13, 4, 14]
        try rest.withUnsafeBufferPointer { try sink.writeMetrics(rowOffset: 3, rows: 2, timeMajor: $0) }
        try sink.finish(groundTruth: GroundTruth())
        let ds = try #require(sink.dataset)
        #expect(ds.frame.column(0) == [0, 1, 2, 3, 4])
        #expect(ds.frame.column(1) == [10, 11, 12, 13, 14])
    }
}

@Suite struct FileDigestTests {
    @Test func textDigestMatchesTheFIPSVector() {
        #expect(FileDigest.sha256(text: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileDigest.sha256(text: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

@Suite struct NearestNameTests {
    @Test func suggestsPlausibleTyposOnly() {
        #expect(NearestName.suggest("zscroe", among: ["zscore", "ewma"]) == "zscore")
        #expect(NearestName.suggest("modles", among: ["models", "datasets"]) == "models")
        #expect(NearestName.suggest("banana", among: ["zscore", "ewma"]) == nil)
        #expect(NearestName.hint("cpu-hogg", among: ["cpu-hog"]) == " (did you mean 'cpu-hog'?)")
    }
}
