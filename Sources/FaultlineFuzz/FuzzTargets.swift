import Foundation
import Interop
import Simulator
import Telemetry
import Workbench

/// The parsers a user or another tool feeds: each must return or throw, never crash, hang or run away.
/// `make fuzz` runs each under libFuzzer with AddressSanitizer (docs/FUZZING.md); built without `-DFUZZING`
/// the same binary replays files (`faultline-fuzz TARGET FILE…`), which is how a crash input is re-run.
enum FuzzTarget: String, CaseIterable {
    case scenario, spec, scores, manifest
    /// The importers' text parsers (`faultline import csv|query-range|openmetrics`).
    case csv, queryRange = "query-range", openmetrics, otlp = "otlp-json"

    /// Feeds `bytes` to the target's parser; errors are the expected outcome for most inputs.
    func run(_ bytes: UnsafeRawBufferPointer) {
        let data = Data(bytes)
        switch self {
        case .scenario:
            _ = try? ScenarioLoader.parse(yaml: String(decoding: data, as: UTF8.self), source: "fuzz.yaml")
        case .spec:
            _ = try? ExperimentSpec.parse(yaml: String(decoding: data, as: UTF8.self), source: "fuzz.yaml")
        case .scores:
            // The reader takes a path: the input goes to a per-process file (CSV, or `.npy` when it starts
            // with NumPy's magic), scored against a fixed 64-row axis.
            let isNPY = data.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59])
            let url = Self.scratch.appendingPathExtension(isNPY ? "npy" : "csv")
            guard (try? data.write(to: url)) != nil else { return }
            _ = try? ScoreFile.read(url.path, timestamps: Self.axis)
        case .manifest:
            _ = try? DatasetManifest.decode(data, path: "manifest.json")
        case .csv:
            // With and without a label column (the first input byte picks), so both parsing paths run.
            let options = bytes.first.map { $0 & 1 == 0 } == true ? CSVImportOptions(labelColumn: "label") : CSVImportOptions()
            _ = try? GenericCSVImporter.parse(Array(bytes), path: "fuzz.csv", options: options, name: "fuzz")
        case .queryRange:
            _ = try? QueryRangeImporter.parse(Array(bytes), path: "fuzz.json")
        case .openmetrics:
            let dialect: OpenMetricsImporter.Dialect = bytes.first.map { $0 & 1 == 0 } == true ? .promText : .openmetrics
            _ = try? OpenMetricsImporter.parse(Array(bytes), path: "fuzz.om", dialect: dialect)
        case .otlp:
            _ = try? OTLPImporter.parse(Array(bytes), path: "fuzz.jsonl")
        }
    }

    static let axis = (0..<64).map { Int64(1_767_225_600_000) + Int64($0) * 60_000 }
    static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-fuzz-\(getpid())")

    /// The target named by `FAULTLINE_FUZZ_TARGET` (libFuzzer passes no arguments of ours).
    static let fromEnvironment: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FAULTLINE_FUZZ_TARGET"] ?? ""
        guard let t = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("error: set FAULTLINE_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(2)
        }
        return t
    }()
}

#if FUZZING
/// libFuzzer's driver (linked by `-sanitize=fuzzer`); SwiftPM gives an executable its own `main`, so
/// the harness calls the driver from there rather than defining `LLVMFuzzerTestOneInput` alone.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main enum FuzzMain {
    static func main() {
        _ = FuzzTarget.fromEnvironment
        var argc = CommandLine.argc
        var argv = Optional(CommandLine.unsafeArgv)
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, count in
            FuzzTarget.fromEnvironment.run(UnsafeRawBufferPointer(start: data, count: count))
            return 0
        }
        exit(status)
    }
}
#else
/// Replays inputs: `faultline-fuzz TARGET FILE…` (a crash input from `make fuzz`, or a corpus).
@main enum FuzzReplay {
    static func main() {
        let args = CommandLine.arguments.dropFirst()
        guard let name = args.first, let target = FuzzTarget(rawValue: name), args.count > 1 else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            FileHandle.standardError.write(Data("usage: faultline-fuzz \(names) FILE...\n".utf8))
            exit(2)
        }
        for path in args.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("error: cannot read \(path)\n".utf8))
                exit(3)
            }
            data.withUnsafeBytes { target.run($0) }
            print("\(path): ok")
        }
    }
}
#endif
