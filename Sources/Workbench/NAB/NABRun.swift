import Dispatch
import Evaluation
import Foundation
import Interop
import Models
import Telemetry

/// How `NABRun` maps a detector's raw scores into NAB's [0, 1].
public enum NABCalibration: String, Sendable, CaseIterable {
    /// `none` for detectors of the novelty family (their scores already lie in [0, 1]), else `likelihood`.
    case auto
    /// Scores are written as they are; one outside [0, 1] is an error.
    case none
    /// `AnomalyLikelihood` (causal, per file, started with the file's probation).
    case likelihood
    /// `s/(1 + s)` for s ≥ 0 (negative → 0): monotone, so it ranks rows exactly as the raw scores do.
    case squash
}

/// Runs one registered detector over every file of a NAB corpus and writes NAB-layout results.
///
/// Each file is scored from scratch, streaming and causal. NAB hands every detector the file's probation
/// length `p = min(⌊0.15·n⌋, 750)` (a detector with a `probation` parameter gets it unless the caller set
/// one) and lets it learn from the probation rows as they stream by: a fresh detector scores rows
/// `0..<p` unfitted (those scores only feed the calibration; NAB does not score them), is then fitted on
/// rows `0..<p` (`fit(training:)`, which also warms its state) and scores rows `p…` as their
/// continuation. Every score at row t therefore depends only on rows ≤ t (the registry's causality
/// contract covers `scores(for:)`).
/// Raw scores are then mapped into [0, 1] by `calibration` (also causal). Results go to
/// `<out>/<category>/<detector>_<name>.csv` with the columns `timestamp,value,anomaly_score,label`
/// (label 1 inside a window of `labels/combined_windows.json`), each written atomically. Files run in
/// parallel over `jobs` workers; output bytes do not depend on `jobs`.
public struct NABRun: Sendable {
    /// The NAB corpus folder (`data/`, `labels/combined_windows.json`).
    public var corpus: URL
    /// Results folder.
    public var out: URL
    /// Registered detector name; also the results files' prefix.
    public var detector: String
    /// Detector parameters (`--param key=value`).
    public var parameters: [String: String]
    /// Worker threads (≥ 1).
    public var jobs: Int
    /// Only files whose corpus name (`<category>/<name>.csv`) contains one of these (nil = every file).
    public var fileFilter: [String]?
    /// Score calibration.
    public var calibration: NABCalibration
    /// Seed for randomised detectors.
    public var seed: UInt64
    /// The registry the detector comes from.
    public var registry: ModelRegistry

    /// What a run did.
    public struct Outcome: Sendable {
        /// Corpus files written, in file order.
        public var files: [String]
        /// Rows scored over all files.
        public var rows: Int
        /// The calibration actually applied (`auto` resolved).
        public var calibration: NABCalibration
        /// Wall-clock seconds for the whole run (reading, scoring and writing).
        public var seconds: Double
    }

    /// Creates a run description.
    public init(
        corpus: URL, out: URL, detector: String, parameters: [String: String] = [:], jobs: Int = 1,
        fileFilter: [String]? = nil, calibration: NABCalibration = .auto, seed: UInt64 = 0,
        registry: ModelRegistry = .standard
    ) {
        self.corpus = corpus
        self.out = out
        self.detector = detector
        self.parameters = parameters
        self.jobs = max(1, jobs)
        self.fileFilter = fileFilter
        self.calibration = calibration
        self.seed = seed
        self.registry = registry
    }

    /// NAB's probation length of a file of `rows` rows: `min(⌊0.15·rows⌋, 750)`.
    public static func probation(rows: Int) -> Int { min(rows * 15 / 100, 750) }

    /// Runs the detector over the corpus and writes the results.
    ///
    /// - Throws: `UsageError` for `out` at the file-system root, a missing corpus, an unknown detector or bad parameters, or a filter
    ///   that matches no file; `DataError` (naming the file and line) for unreadable data, and for scores
    ///   outside [0, 1] under `calibration: .none`.
    public func run() throws -> Outcome {
        let start = DispatchTime.now().uptimeNanoseconds
        // Results go to <out>/<category>/…: never into the file-system root.
        guard out.standardizedFileURL.resolvingSymlinksInPath().path != "/" else {
            throw UsageError("refusing to write NAB results into the file-system root", hint: "give --out a results folder")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus.path, isDirectory: &isDir), isDir.boolValue else {
            throw UsageError("corpus folder \(corpus.path) does not exist", hint: "pass the NAB corpus folder (holding data/ and labels/)")
        }
        let prepared = try prepare()
        let descriptor = prepared.descriptor, names = prepared.files, windowsByFile = prepared.windows
        let resolved = prepared.calibration
        let takesProbation = takesProbation(descriptor)
        let rows = try ParallelFor.map(names.count, workers: jobs, missing: DataError("a NAB file did not run")) { i in
            try runFile(names[i], windows: windowsByFile[names[i]] ?? [], takesProbation: takesProbation, calibration: resolved)
        }.reduce(0, +)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Outcome(files: names, rows: rows, calibration: resolved, seconds: seconds)
    }

    /// What a run needs before scoring: the detector's descriptor (name and parameters checked), the
    /// calibration with `auto` resolved, the selected files in the scorer's (sorted) order and every
    /// file's window bounds.
    ///
    /// - Throws: `UsageError` for an unknown detector, bad parameters or a filter matching no file;
    ///   `DataError` for a missing or malformed labels file.
    func prepare() throws -> (descriptor: ModelDescriptor, calibration: NABCalibration, files: [String], windows: [String: [(String, String)]]) {
        let descriptor: ModelDescriptor
        do {
            descriptor = try registry.descriptor(named: detector)
            try registry.validate(name: detector, parameters: parameters)
        } catch let e as ModelError {
            throw UsageError(e.description, hint: "faultline models list shows every detector and its parameters")
        }
        let resolved: NABCalibration =
            calibration == .auto
            ? (descriptor.family == ModelRegistry.noveltyFamily ? .none : .likelihood) : calibration
        let windowsByFile = try NABCorpusLayout.readWindows(corpus.appendingPathComponent("labels/combined_windows.json"))
        var selected = windowsByFile.keys.sorted()
        if let filter = fileFilter {
            selected = selected.filter { n in filter.contains { n.contains($0) } }
            guard !selected.isEmpty else {
                throw UsageError("no corpus file matches --files \(filter.joined(separator: " "))")
            }
        }
        return (descriptor, resolved, selected, windowsByFile)
    }

    /// One corpus file scored by the detector: its rows as read, its windows as rows, and the calibrated
    /// scores (what `nab run` writes and `score nab` reads back).
    struct ScoredFile: Sendable {
        /// Corpus name `<category>/<name>.csv`.
        var name: String
        /// The data file's rows (timestamps and values as text, values as numbers).
        var table: NABDataFile
        /// Row timestamps, epoch ms.
        var timestamps: [Int64]
        /// Windows as inclusive row ranges.
        var windows: [RowInterval]
        /// Calibrated scores in [0, 1], one per row.
        var scores: [Double]
    }

    /// Whether `detector` takes NAB's probation length (it has a `probation` parameter the caller left unset).
    func takesProbation(_ descriptor: ModelDescriptor) -> Bool {
        descriptor.parameters.contains { $0.name == "probation" } && parameters["probation"] == nil
    }

    /// Scores one file from scratch (probation rows streamed unfitted, fit on them, then the rest as
    /// their continuation) and calibrates the scores; writes nothing.
    func scoreFile(_ name: String, windows: [(String, String)], takesProbation: Bool, calibration: NABCalibration) throws -> ScoredFile {
        try scoreFile(Self.readFile(corpus: corpus, name: name, windows: windows), takesProbation: takesProbation, calibration: calibration)
    }

    /// A corpus file read once: its rows, timestamps and windows as rows (shared by every detector of a suite).
    struct InputFile: Sendable {
        var name: String
        var table: NABDataFile
        var timestamps: [Int64]
        var windows: [RowInterval]
    }

    /// Reads `data/<name>` and maps its window bounds to rows.
    ///
    /// - Throws: `DataError` naming the file and line for unreadable data or a window bound matching no row.
    static func readFile(corpus: URL, name: String, windows: [(String, String)]) throws -> InputFile {
        let dataURL = corpus.appendingPathComponent("data").appendingPathComponent(name)
        let table = try NABDataFile.read(dataURL)
        let timestamps = try NABCSVReader.timestamps(of: dataURL)
        let windowRows = try NABCorpusLayout.rows(of: windows, in: timestamps, file: name, dataURL: dataURL)
            .map { RowInterval($0.lowerBound, $0.upperBound) }
        return InputFile(name: name, table: table, timestamps: timestamps, windows: windowRows)
    }

    /// Scores a file already read (see `scoreFile(_:windows:takesProbation:calibration:)`).
    func scoreFile(_ input: InputFile, takesProbation: Bool, calibration: NABCalibration) throws -> ScoredFile {
        let name = input.name, table = input.table, timestamps = input.timestamps, windowRows = input.windows
        let n = table.values.count
        let probation = Self.probation(rows: n)
        var params = parameters
        if takesProbation { params["probation"] = String(max(1, probation)) }
        var model: any AnomalyDetector
        do {
            model = try registry.make(name: detector, parameters: params, seed: seed, dataRows: n)
        } catch let e as ModelError {
            throw UsageError("\(e.description), on corpus file \(name)")
        }
        // Probation rows: scored by the unfitted detector (they feed the calibration's history only).
        // Then the detector is fitted on the probation rows — it has seen all of them by the time row p
        // arrives — and scores rows p… as their continuation. Row t's score depends on rows ≤ t only.
        var raw: [Double] = []
        raw.reserveCapacity(n)
        if n > 0 {
            let frame = try MetricFrame(columns: [table.values])
            let warm = max(0, min(probation, n))
            if warm > 0 {
                let head = frame.rows(0..<warm)
                raw += try model.scores(for: head).scores
                try model.fit(training: head)
            }
            if warm < n { raw += try model.scores(for: frame.rows(warm..<n)).scores }
        }
        let scores = try calibrate(raw, probation: probation, calibration: calibration, file: name)
        return ScoredFile(name: name, table: table, timestamps: timestamps, windows: windowRows, scores: scores)
    }

    /// Scores one file and writes its results; returns its row count.
    func runFile(_ name: String, windows: [(String, String)], takesProbation: Bool, calibration: NABCalibration) throws -> Int {
        let scored = try scoreFile(name, windows: windows, takesProbation: takesProbation, calibration: calibration)
        let table = scored.table, scores = scored.scores
        let n = table.values.count
        var label = [UInt8](repeating: 0, count: n)
        for w in scored.windows { for r in w.start...w.end where r < n { label[r] = 1 } }

        var text = "timestamp,value,anomaly_score,label\n"
        text.reserveCapacity(n * 48)
        for r in 0..<n {
            text += table.timestamps[r]
            text += ","
            text += table.valueTexts[r]
            text += ","
            text += String(scores[r])
            text += label[r] == 1 ? ",1\n" : ",0\n"
        }
        let target = NABCorpusLayout.resultsFile(results: out, detector: detector, file: name)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: target, options: .atomic)
        } catch {
            throw DataError("\(target.path): cannot write the results file (\(error.localizedDescription))")
        }
        return n
    }

    /// Maps raw scores into [0, 1].
    func calibrate(_ raw: [Double], probation: Int, calibration: NABCalibration, file: String) throws -> [Double] {
        switch calibration {
        case .auto, .none:
            if let bad = raw.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
                throw DataError(
                    "\(detector) on \(file): row \(bad + 1) scores \(raw[bad]), outside [0, 1]",
                    hint: "pass --calibration likelihood (or squash) for detectors with unbounded scores")
            }
            return raw
        case .squash:
            return raw.map { $0.isFinite ? ($0 > 0 ? $0 / (1 + $0) : 0) : ($0 > 0 ? 1 : 0) }
        case .likelihood:
            var cal = AnomalyLikelihood(probation: probation)
            return raw.map { cal.next($0) }
        }
    }
}
