import Foundation
import LinearAlgebra
import Models
import Telemetry

/// `faultline bench detectors`: Faultline's detectors timed on the peers' exported arrays, with the
/// peers' timing rules and JSON fields, so `../shared/peers/render.py` can show both in one table.
///
/// Input: the directory written by `../shared/peers/export_data.py DIR` — `uv.npy` (1,000,000
/// float64), `uv_labels.npy`, `mv.npy` (200,000 × 38 float64, C order), `mv_labels.npy` and
/// `manifest.json`. The SHA-256 of every array's data bytes is checked against the manifest before
/// anything is timed. Optional `knn_fit_rows.npy` (int64) holds the rows PyOD's KNN is fitted on
/// (`np.sort(np.random.default_rng(0).choice(rows, 20000, replace=False))`, written by
/// `make bench-peers`); without it kNN is fitted on every 10th row and the note says so.
///
/// Cases mirror `../shared/peers/bench_detectors.py` (same inputs, sizes and parameters):
/// univariate series as raw series (rolling z-score, w = 288) or sliding windows of 32 points
/// (999,969 rows; PCA k = 8, Isolation Forest 100 trees × 256, ECOD, kNN k = 5 fitted on 20,000 rows
/// and scoring the first 100,000); the 200,000 × 38 matrix (rolling z-score w = 1440 max over
/// series, PCA k = 5, Isolation Forest, ECOD, kNN, plus Mahalanobis which has no peer row). Each call
/// is fit **and** score of every row it is given (in-sample); data preparation is outside the timed
/// region. One warm-up, then the median of `runs` calls with the shared-machine guard
/// (``BenchTimer``). Quality (ROC-AUC, average precision against the point labels) is computed once,
/// outside the timed region, as a sanity check.
public struct DetectorBenchmark: Sendable {
    /// Directory written by `export_data.py`.
    public var dataDirectory: URL
    /// Timed calls per case.
    public var runs = 5
    /// Only cases whose name contains one of these fragments (empty = all).
    public var only: [String] = []
    /// The univariate detector timed against Merlion's DefaultDetector.
    public var defaultUnivariate = "mad"
    /// Longest wait for a quiet machine before each case, in seconds.
    public var quietWaitSeconds = 20.0
    /// Recorded peer results (`detectors_core.json`, `detectors_merlion.json`) for the speed-up column.
    public var peerFiles: [URL] = []

    /// Window length of the univariate model inputs (as the peers).
    public static let window = 32
    /// kNN training rows and scored rows (as the peers).
    public static let knnFitRows = 20_000, knnScoreRows = 100_000

    /// Creates the benchmark for `dataDirectory`.
    public init(dataDirectory: URL) { self.dataDirectory = dataDirectory }

    /// One loaded array: values as `Double` (bools become 0/1) and shape.
    struct Array2 {
        var values: [Double]
        var shape: [Int]
    }

    /// Loads one `.npy` file and checks its data bytes against the manifest's SHA-256.
    static func load(_ name: String, in dir: URL, manifest: [String: Any]?) throws -> Array2 {
        let url = dir.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataError("cannot read \(url.path); run `python3 ../shared/peers/export_data.py \(dir.path)` first")
        }
        let bytes = [UInt8](data)
        let header: NPYHeader, offset: Int
        do {
            (header, offset) = try bytes.withUnsafeBytes { try NPYHeader.decode($0, path: url.path) }
        } catch {
            throw DataError("\(error)")
        }
        guard !header.fortranOrder || header.shape.filter({ $0 > 1 }).count <= 1 else {
            throw DataError("\(url.path): Fortran order not expected")
        }
        let count = header.elementCount
        guard bytes.count - offset == header.dataByteCount else {
            throw DataError("\(url.path): \(bytes.count - offset) data bytes, the header describes \(header.dataByteCount)")
        }
        let body = bytes[offset...]
        if let files = manifest?["files"] as? [String: Any], let entry = files[name] as? [String: Any],
            let expected = entry["sha256"] as? String
        {
            let digest = FileDigest.sha256(bytes: body)
            guard digest == expected else {
                throw DataError("\(url.path): SHA-256 of the data \(digest) does not match the manifest's \(expected)")
            }
        } else if manifest != nil && !name.hasPrefix("knn_") {
            throw DataError("\(name) is not listed in \(dir.path)/manifest.json")
        }
        var values = [Double](repeating: 0, count: count)
        body.withUnsafeBytes { raw in
            switch header.dtype {
            case .float64:
                for i in 0..<count { values[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
            case .int64:
                for i in 0..<count { values[i] = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: Int64.self))) }
            case .bool:
                for i in 0..<count { values[i] = raw[i] != 0 ? 1 : 0 }
            }
        }
        let shape = header.shape
        return Array2(values: values, shape: shape)
    }

    /// One benchmark case.
    struct Case {
        var detector: String
        var dataset: String
        var points: Int
        var note: String
        var peer: String?
        var labels: [Double]
        /// Cores our side uses (the detector's `threads`), and the peer's jobs, when both are pinned.
        var threads: Int? = nil
        var peerJobs: Int? = nil
        var body: () throws -> [Double]
    }

    /// Runs every (selected) case.
    ///
    /// - Throws: `DataError` for missing or corrupt inputs; the detectors' errors.
    public func run() throws -> DetectorBenchmarkResult {
        let manifestData = FileManager.default.contents(atPath: dataDirectory.appendingPathComponent("manifest.json").path)
        guard let manifestData, let manifest = try JSONSerialization.jsonObject(with: manifestData) as? [String: Any] else {
            throw DataError("no manifest.json in \(dataDirectory.path); run `python3 ../shared/peers/export_data.py \(dataDirectory.path)`")
        }
        let uv = try Self.load("uv.npy", in: dataDirectory, manifest: manifest)
        let uvLabels = try Self.load("uv_labels.npy", in: dataDirectory, manifest: manifest).values
        let mv = try Self.load("mv.npy", in: dataDirectory, manifest: manifest)
        let mvLabels = try Self.load("mv_labels.npy", in: dataDirectory, manifest: manifest).values
        let knnFile = dataDirectory.appendingPathComponent("knn_fit_rows.npy")
        let knnRowsUV: [Int], knnRowsMV: [Int], knnNote: String
        if FileManager.default.fileExists(atPath: knnFile.path) {
            let rows = try Self.load("knn_fit_rows.npy", in: dataDirectory, manifest: nil).values.map { Int($0) }
            let rowsUV = try Self.load("knn_fit_rows_uv.npy", in: dataDirectory, manifest: nil).values.map { Int($0) }
            (knnRowsMV, knnRowsUV, knnNote) = (rows, rowsUV, "PyOD's fit rows (default_rng(0))")
        } else {
            knnRowsMV = Array(stride(from: 0, to: mv.shape[0], by: mv.shape[0] / Self.knnFitRows)).prefix(Self.knnFitRows).map { $0 }
            let nw = uv.values.count - Self.window + 1
            knnRowsUV = Array(stride(from: 0, to: nw, by: nw / Self.knnFitRows)).prefix(Self.knnFitRows).map { $0 }
            knnNote = "every k-th row (knn_fit_rows.npy absent: not PyOD's sample)"
        }

        // Data preparation, outside every timed region.
        let x = try MetricFrame(rows: uv.values.count, columns: 1, columnMajor: uv.values)
        let w = Self.window
        let nw = uv.values.count - w + 1
        var windowValues = [Double](repeating: 0, count: nw * w)
        for j in 0..<w { for i in 0..<nw { windowValues[j * nw + i] = uv.values[i + j] } }
        let xw = try MetricFrame(rows: nw, columns: w, columnMajor: windowValues)
        windowValues = []
        let yw = Array(uvLabels[(w - 1)...])
        let rows = mv.shape[0], cols = mv.shape.count > 1 ? mv.shape[1] : 1
        var mvColumnMajor = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows { for j in 0..<cols { mvColumnMajor[j * rows + i] = mv.values[i * cols + j] } }
        let xm = try MetricFrame(rows: rows, columns: cols, columnMajor: mvColumnMajor)
        mvColumnMajor = []
        func pick(_ f: MetricFrame, _ idx: [Int]) -> MetricFrame {
            var v = [Double](repeating: 0, count: idx.count * f.columns)
            f.withUnsafeColumns { p, ld in
                for j in 0..<f.columns { for (k, r) in idx.enumerated() { v[j * idx.count + k] = p[j * ld + r] } }
            }
            return (try? MetricFrame(rows: idx.count, columns: f.columns, columnMajor: v)) ?? f
        }
        let knnTrainUV = pick(xw, knnRowsUV), knnTrainMV = pick(xm, knnRowsMV)
        let knnTestUV = xw.rows(0..<min(Self.knnScoreRows, xw.rows)), knnTestMV = xm.rows(0..<min(Self.knnScoreRows, xm.rows))
        let merlionPoints = 20_000
        let defaultTrain = x.rows(0..<(merlionPoints / 2)), defaultTest = x.rows((merlionPoints / 2)..<merlionPoints)

        let registry = ModelRegistry.standard
        func fitScore(_ name: String, _ params: [String: String], train: MetricFrame?, test: MetricFrame) -> () throws -> [Double] {
            {
                var d = try registry.make(name: name, parameters: params, seed: 0)
                if let train { try d.fit(training: train) }
                return try d.scores(for: test).scores
            }
        }
        let off = ["per_series": "off"]
        // Detectors whose peers have a one-job and an all-core row: timed on one thread against the former
        // and on every core against the latter (`n_jobs = cores`, as bench_detectors.py names it).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        func equalCores(
            _ name: String, _ shape: String, dataset: String, points: Int, note: String, peer: (String) -> String, labels: [Double],
            body: (Int) -> () throws -> [Double]
        ) -> [Case] {
            [1, cores].map { threads in
                let suffix = threads == 1 ? "" : ", n_jobs=\(threads)"
                let inner = shape.isEmpty ? "" : String(shape.dropFirst().dropLast()) + ", "
                return Case(
                    detector: "Faultline \(name) (\(inner)\(threads) thread\(threads == 1 ? "" : "s"))", dataset: dataset, points: points,
                    note: note, peer: peer(suffix), labels: labels, threads: threads, peerJobs: threads, body: body(threads))
            }
        }
        /// Isolation Forest, ECOD and kNN at equal cores on one data set (fit and score on `frame`; kNN on its rows).
        func equalCoreCases(
            dataset: String, frame: MetricFrame, note: String, knnTrain: MetricFrame, knnTest: MetricFrame, knnNote: String, labels: [Double]
        ) -> [Case] {
            equalCores(
                "isolation_forest", "(100 trees)", dataset: dataset, points: frame.rows, note: note,
                peer: { "sklearn IsolationForest (100 trees\($0))" }, labels: labels
            ) { fitScore("isolation_forest", ["threads": "\($0)"], train: frame, test: frame) }
                + equalCores(
                    "ecod", "", dataset: dataset, points: frame.rows, note: note,
                    peer: { $0.isEmpty ? "PyOD ECOD" : "PyOD ECOD (\($0.dropFirst(2)))" }, labels: labels
                ) { fitScore("ecod", off.merging(["threads": "\($0)"]) { $1 }, train: frame, test: frame) }
                + equalCores("knn", "(k=5)", dataset: dataset, points: knnTest.rows, note: knnNote, peer: { "PyOD KNN (k=5\($0))" }, labels: labels) {
                    fitScore("knn", ["k": "5", "threads": "\($0)"], train: knnTrain, test: knnTest)
                }
        }
        var cases: [Case] = [
            Case(
                detector: "Faultline zscore (w=288)", dataset: "UV", points: x.rows, note: "raw series",
                peer: "numpy rolling z-score (w=288)", labels: uvLabels,
                body: fitScore("zscore", ["window": "288"], train: nil, test: x)),
            Case(
                detector: "Faultline pca (k=8)", dataset: "UV", points: x.rows, note: "windows W=\(w)",
                peer: "sklearn PCA recon. error (k=8)", labels: yw,
                body: fitScore("pca", off.merging(["components": "8"]) { $1 }, train: xw, test: xw)),
        ]
        cases += equalCoreCases(
            dataset: "UV", frame: xw, note: "windows W=\(w)", knnTrain: knnTrainUV, knnTest: knnTestUV,
            knnNote: "windows W=\(w); fit on \(knnTrainUV.rows) rows (\(knnNote)), scores first \(knnTestUV.rows)", labels: yw)
        cases += [
            Case(
                detector: "Faultline \(defaultUnivariate) (default univariate)", dataset: "UV", points: merlionPoints,
                note: "first \(merlionPoints) points; train on half, score the other half", peer: "Merlion DefaultDetector (univariate)",
                labels: Array(uvLabels[(merlionPoints / 2)..<merlionPoints]),
                body: fitScore(defaultUnivariate, [:], train: defaultTrain, test: defaultTest)),
            Case(
                detector: "Faultline zscore (w=1440, max over cols)", dataset: "MV", points: xm.rows, note: "raw matrix",
                peer: "numpy rolling z-score (w=1440, max over cols)", labels: mvLabels,
                body: fitScore("zscore", ["window": "1440"], train: nil, test: xm)),
            Case(
                detector: "Faultline pca (k=5)", dataset: "MV", points: xm.rows, note: "",
                peer: "sklearn PCA recon. error (k=5)", labels: mvLabels,
                body: fitScore("pca", off.merging(["components": "5"]) { $1 }, train: xm, test: xm)),
            Case(
                detector: "Faultline mahalanobis", dataset: "MV", points: xm.rows, note: "no peer row",
                peer: nil, labels: mvLabels, body: fitScore("mahalanobis", off, train: xm, test: xm)),
        ]
        cases += equalCoreCases(
            dataset: "MV", frame: xm, note: "", knnTrain: knnTrainMV, knnTest: knnTestMV,
            knnNote: "fit on \(knnTrainMV.rows) rows (\(knnNote)), scores first \(knnTestMV.rows)", labels: mvLabels)
        let peers = try Self.loadPeers(peerFiles)
        var timer = BenchTimer(runs: runs)
        timer.warmup = 1
        var results: [DetectorBenchmarkResult.Entry] = []
        for c in cases where only.isEmpty || only.contains(where: { c.detector.contains($0) && true }) {
            let scores = try c.body()
            let quality = DetectorBenchmarkResult.Quality(scores: scores, labels: Array(c.labels.prefix(scores.count)))
            _ = timer.waitForQuietMachine(maxSeconds: quietWaitSeconds)
            let timing = try timer.measure { _ = try c.body() }
            let rate = Double(c.points) / timing.medianSeconds
            var entry = DetectorBenchmarkResult.Entry(
                detector: c.detector, dataset: c.dataset, points: c.points, note: c.note, timing: timing, pointsPerSecond: rate,
                valuesPerSecond: c.dataset == "MV" ? rate * Double(cols) : nil, quality: quality.rocAUC.isFinite ? quality : nil, peer: c.peer)
            entry.threads = c.threads
            entry.peerJobs = c.peerJobs
            if let p = c.peer, let peer = peers[c.dataset + "|" + p] {
                entry.peerMedianSeconds = peer
                entry.speedup = peer / timing.medianSeconds
                entry.speedupCPU = peer / timing.cpuMedianSeconds
            }
            results.append(entry)
            FileHandle.standardError.write(
                Data(
                    String(
                        format: "[%@] %@  median %.4f s  cpu %.4f s  %.3f M pts/s  AUC %.3f%@\n",
                        c.dataset, c.detector, timing.medianSeconds, timing.cpuMedianSeconds, rate / 1e6,
                        quality.rocAUC, entry.speedup.map { String(format: "  x%.2f vs peer", $0) } ?? ""
                    ).utf8))
        }
        return DetectorBenchmarkResult(
            results: results, mvShape: [rows, cols], uvPoints: x.rows,
            machine: DetectorBenchmarkResult.Machine.current())
    }

    /// Peer medians keyed by `dataset|detector`.
    static func loadPeers(_ files: [URL]) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for f in files {
            guard let data = FileManager.default.contents(atPath: f.path),
                let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            else {
                throw DataError("cannot read peer results \(f.path)")
            }
            if let results = obj["results"] as? [[String: Any]] {
                for r in results {
                    if let name = r["detector"] as? String, let ds = r["dataset"] as? String,
                        let t = r["timing"] as? [String: Any], let m = t["median_s"] as? Double
                    {
                        out[ds + "|" + name] = m
                    }
                }
            } else if let name = obj["detector"] as? String, let t = obj["timing"] as? [String: Any], let m = t["median_s"] as? Double,
                let points = obj["points"] as? Int
            {
                // Merlion: rate-based comparison, normalised to the benchmark's 20,000 points.
                out["UV|" + name] = m * 20_000 / Double(points)
            }
        }
        return out
    }
}

/// The result of ``DetectorBenchmark``: the peers' `detectors_core.json` layout plus machine facts and speed-ups.
public struct DetectorBenchmarkResult: Sendable, Encodable {
    /// ROC-AUC and average precision against the point labels (sanity check, as the peers').
    public struct Quality: Sendable, Encodable {
        /// Area under the ROC curve (ties count one half).
        public var rocAUC: Double
        /// Average precision (step-wise, as scikit-learn's `average_precision_score`).
        public var averagePrecision: Double
        /// Share of positive labels.
        public var baseRate: Double

        enum CodingKeys: String, CodingKey { case rocAUC = "roc_auc", averagePrecision = "avg_precision", baseRate = "base_rate" }

        /// Computes both from scores and 0/1 labels (non-finite scores are left out, as the peers do).
        init(scores: [Double], labels: [Double]) {
            let pairs = zip(scores, labels).filter { $0.0.isFinite }.sorted { $0.0 > $1.0 }
            let positives = Double(pairs.filter { $0.1 > 0.5 }.count), total = Double(pairs.count)
            baseRate = total > 0 ? positives / total : 0
            // Walk distinct thresholds from the top.
            var tp = 0.0, fp = 0.0, ap = 0.0, auc = 0.0, prevTP = 0.0, prevFP = 0.0
            var i = 0
            while i < pairs.count {
                let s = pairs[i].0
                while i < pairs.count && pairs[i].0 == s {
                    if pairs[i].1 > 0.5 { tp += 1 } else { fp += 1 }
                    i += 1
                }
                if positives > 0 { ap += (tp - prevTP) / positives * (tp / (tp + fp)) }
                auc += (fp - prevFP) * (tp + prevTP) / 2
                prevTP = tp
                prevFP = fp
            }
            let negatives = total - positives
            rocAUC = positives > 0 && negatives > 0 ? auc / (positives * negatives) : .nan
            averagePrecision = ap
        }
    }

    /// One timed case, with the peers' field names.
    public struct Entry: Sendable, Encodable {
        public var detector: String
        public var dataset: String
        public var points: Int
        public var note: String
        public var timing: BenchTiming
        public var pointsPerSecond: Double
        public var valuesPerSecond: Double?
        /// Nil when the labels of the scored points have no positive (or no negative).
        public var quality: Quality?
        /// The peer row this case mirrors.
        public var peer: String?
        /// The peer's recorded median (seconds, for the same points).
        public var peerMedianSeconds: Double?
        /// Peer median / our median.
        public var speedup: Double?
        /// Peer median / our process CPU time (our cost on a loaded machine; the peer's is wall time).
        public var speedupCPU: Double?
        /// Cores each side used, when pinned for an equal-core ratio (our `threads`, the peer's `n_jobs`).
        public var threads: Int?
        public var peerJobs: Int?

        enum CodingKeys: String, CodingKey {
            case detector, dataset, points, note, timing, pointsPerSecond = "points_per_s", valuesPerSecond = "values_per_s"
            case quality, peer, peerMedianSeconds = "peer_median_s", speedup, speedupCPU = "speedup_cpu"
            case threads, peerJobs = "peer_jobs"
        }
    }

    /// Machine facts.
    public struct Machine: Sendable, Encodable {
        public var cores: Int
        public var cpuModel: String
        public var blasThreads: Int
        public var openBLAS: String

        enum CodingKeys: String, CodingKey {
            case cores = "cpu_count", cpuModel = "cpu_model", blasThreads = "blas_threads", openBLAS = "openblas_config"
        }

        static func current() -> Machine {
            var model = "?"
            if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
                let colon = line.firstIndex(of: ":")
            {
                model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            return Machine(
                cores: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model, blasThreads: BLASThreads.current,
                openBLAS: LinearAlgebraBenchmarks.openBLASConfiguration)
        }
    }

    public var results: [Entry]
    public var mvShape: [Int]
    public var uvPoints: Int
    public var machine: Machine

    enum CodingKeys: String, CodingKey {
        case benchmark, results, mvShape = "mv_shape", uvPoints = "uv_points", uvWindow = "uv_window", machine
    }

    /// Encodes in the peers' layout.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("detectors/faultline", forKey: .benchmark)
        try c.encode(uvPoints, forKey: .uvPoints)
        try c.encode(DetectorBenchmark.window, forKey: .uvWindow)
        try c.encode(mvShape, forKey: .mvShape)
        try c.encode(machine, forKey: .machine)
        try c.encode(results, forKey: .results)
    }

    /// One JSON object (sorted keys, pretty-printed).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A markdown table.
    public var table: String {
        var lines = [
            "| dataset | detector | cores (ours / peer) | median s (min-max) | CPU s | points/s | AUC / AP | peer median s | speed-up (wall / CPU) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results {
            let t = r.timing
            let sp = r.speedup.map { String(format: "%.1f× / %.1f×", $0, r.speedupCPU ?? 0) } ?? "-"
            let pm = r.peerMedianSeconds.map { String(format: "%.3f", $0) } ?? "-"
            let q = r.quality.map { String(format: "%.3f / %.3f", $0.rocAUC, $0.averagePrecision) } ?? "- (no labelled points)"
            let cores = r.threads.map { "\($0) / \(r.peerJobs.map(String.init) ?? "?")" } ?? "all / library default"
            lines.append(
                String(
                    format: "| %@ | %@ | %@ | %.4f (%.4f-%.4f) | %.4f | %.3f M | %@ | %@ | %@ |",
                    r.dataset, r.detector, cores, t.medianSeconds, t.minSeconds, t.maxSeconds, t.cpuMedianSeconds,
                    r.pointsPerSecond / 1e6, q, pm, sp))
        }
        lines.append("")
        lines.append("machine: \(machine.cores) CPUs, \(machine.cpuModel), OpenBLAS threads \(machine.blasThreads)")
        return lines.joined(separator: "\n")
    }
}
