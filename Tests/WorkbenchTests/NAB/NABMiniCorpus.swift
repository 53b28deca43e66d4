import FaultlineTestSupport
import Foundation

/// A one-file NAB-layout corpus written to a temporary folder: METRICS §4's example file
/// (1000 rows on a 5-minute grid, window rows 500–599) with a detector called `mydet`.
struct NABMiniCorpus {
    var root: URL
    var corpus: URL { root.appendingPathComponent("corpus") }
    var results: URL { root.appendingPathComponent("out") }
    static let file = "catA/series_one.csv"

    static func timestamp(_ row: Int) -> String {
        // 2015-01-01 00:00:00 + 5 min per row.
        let minutes = row * 5
        let day = 1 + minutes / 1440, h = (minutes % 1440) / 60, m = minutes % 60
        return String(format: "2015-01-%02d %02d:%02d:00", day, h, m)
    }

    /// Writes the corpus; `scoreText(row)` gives the `anomaly_score` field, `extraLine` is appended raw.
    static func make(
        detections: Set<Int> = [100, 300, 525, 550, 650], scoreText: ((Int) -> String)? = nil,
        extraLine: String? = nil, writeResults: Bool = true
    ) throws -> NABMiniCorpus {
        let mini = NABMiniCorpus(root: try SharedData.temporaryDirectory("nab"))
        let fm = FileManager.default
        try fm.createDirectory(at: mini.corpus.appendingPathComponent("data/catA"), withIntermediateDirectories: true)
        try fm.createDirectory(at: mini.corpus.appendingPathComponent("labels"), withIntermediateDirectories: true)
        try fm.createDirectory(at: mini.results.appendingPathComponent("catA"), withIntermediateDirectories: true)
        var data = "timestamp,value\n"
        var res = "timestamp,value,anomaly_score,label\n"
        for r in 0..<1000 {
            data += "\(timestamp(r)),\(Double(r % 17) * 1.5)\n"
            let score = scoreText?(r) ?? (detections.contains(r) ? "0.9" : "0.0123")
            res += "\(timestamp(r)),\(Double(r % 17) * 1.5),\(score),\((500...599).contains(r) ? 1 : 0)\n"
        }
        if let extraLine { res += extraLine + "\n" }
        try data.write(to: mini.corpus.appendingPathComponent("data/\(file)"), atomically: true, encoding: .utf8)
        let labels = "{\"\(file)\": [[\"\(timestamp(500)).000000\", \"\(timestamp(599)).000000\"]]}"
        try labels.write(to: mini.corpus.appendingPathComponent("labels/combined_windows.json"), atomically: true, encoding: .utf8)
        if writeResults {
            try res.write(to: mini.results.appendingPathComponent("catA/mydet_series_one.csv"), atomically: true, encoding: .utf8)
        }
        return mini
    }
}
