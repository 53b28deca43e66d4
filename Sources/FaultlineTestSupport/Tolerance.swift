import Foundation

/// Approximate comparison for floating-point test assertions.
///
/// `absolute` bounds |a − b| near zero, `relative` bounds it in proportion to the larger magnitude.
public struct Tolerance: Sendable {
    public var absolute: Double
    public var relative: Double

    public init(absolute: Double = 1e-12, relative: Double = 1e-9) {
        self.absolute = absolute
        self.relative = relative
    }

    /// True when `a` and `b` agree within the tolerance (two NaNs never agree).
    public func accepts(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        let diff = abs(a - b)
        return diff <= absolute || diff <= relative * max(abs(a), abs(b))
    }
}

/// `true` when `a` and `b` agree to `digits` decimals after rounding (as published figures are given).
public func agreesToDecimals(_ a: Double, _ b: Double, _ digits: Int) -> Bool {
    let scale = pow(10.0, Double(digits))
    return (a * scale).rounded() == (b * scale).rounded()
}

/// Where the repository's sibling `shared/` folder is, found from this source file's location.
///
/// Tests read real data from `../shared/datasets/` relative to the repository root.
public enum SharedData {
    /// The repository root (the folder holding `Package.swift`).
    public static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    /// `../shared/datasets/<name>` next to the repository, or nil when absent.
    public static func dataset(_ name: String) -> URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/datasets/\(name)")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// True when a missing data set must fail the tests that need it instead of skipping them
    /// (`FAULTLINE_REQUIRE_DATA=1`, which `.ci/run` sets).
    public static var dataRequired: Bool { ProcessInfo.processInfo.environment["FAULTLINE_REQUIRE_DATA"] == "1" }

    /// Whether the tests that need `../shared/datasets/<name>` run: when it is present, and always under
    /// `FAULTLINE_REQUIRE_DATA=1` (where `require` then fails them). Use as `.enabled(if: SharedData.available("nab"))`,
    /// so a missing data set shows as skipped, never as passed.
    public static func available(_ name: String) -> Bool { dataRequired || dataset(name) != nil }

    /// `../shared/datasets/<name>`, or a thrown error naming the missing folder.
    public static func require(_ name: String) throws -> URL {
        guard let url = dataset(name) else { throw MissingData(name: name) }
        return url
    }

    /// A data set a test needs is not there.
    public struct MissingData: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "../shared/datasets/\(name) is missing (FAULTLINE_REQUIRE_DATA=1 makes this a failure)" }
    }

    /// A fresh temporary directory for one test.
    public static func temporaryDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
