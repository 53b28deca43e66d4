// swift-tools-version:6.0
import PackageDescription

/// Settings shared by every Faultline target: Swift 6 checking plus the upcoming features the
/// design asks for (explicit `any`, imports that name what a file uses), warnings as errors.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Our targets build with warnings as errors (dependencies are not affected).
    .unsafeFlags(["-warnings-as-errors"]),
]

let package = Package(
    name: "Faultline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "faultline", targets: ["faultline"]),
        .library(name: "Workbench", targets: ["Workbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], swiftSettings: strictSettings),
        .target(
            name: "Telemetry",
            dependencies: ["CLibCrypto"],
            swiftSettings: strictSettings
        ),
        .target(name: "Interop", dependencies: ["Telemetry"], swiftSettings: strictSettings),
        // The one YAML reader (composition, syntax errors, allowed keys) under scenarios and specs.
        .target(name: "YAMLReading", dependencies: ["Yams"], swiftSettings: strictSettings),
        .target(name: "Simulator", dependencies: ["Telemetry", "YAMLReading", "Yams"], swiftSettings: strictSettings),
        .target(name: "Models", dependencies: ["Telemetry", "LinearAlgebra"], swiftSettings: strictSettings),
        // LinearAlgebra for the fidelity statistics (eigenvalues of the difference correlations, the periodogram's FFT).
        .target(name: "Evaluation", dependencies: ["Telemetry", "LinearAlgebra"], swiftSettings: strictSettings),
        .target(name: "Reports", dependencies: ["Evaluation", "Telemetry"], swiftSettings: strictSettings),
        .target(
            name: "Workbench",
            dependencies: ["Telemetry", "Interop", "Simulator", "Models", "Evaluation", "Reports", "LinearAlgebra", "YAMLReading", "Yams"],
            swiftSettings: strictSettings
        ),
        // Speed measurements behind `faultline bench`: not part of the Workbench library product.
        .target(
            name: "Benchmarks",
            dependencies: ["Telemetry", "LinearAlgebra", "Models", "Simulator", "Interop"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "faultline",
            dependencies: ["Workbench", "Benchmarks", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        // libFuzzer harness for the parsers (`make fuzz`; built with -sanitize=fuzzer only there, a file
        // replayer otherwise). Not part of any product.
        .executableTarget(
            name: "FaultlineFuzz", dependencies: ["Workbench", "Interop", "Simulator", "Telemetry"], swiftSettings: strictSettings),
        .target(
            name: "FaultlineTestSupport",
            dependencies: ["Telemetry", "LinearAlgebra"],
            path: "Sources/FaultlineTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "FaultlineTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "FaultlineTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "InteropTests", dependencies: ["Interop", "Telemetry", "FaultlineTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "SimulatorTests", dependencies: ["Simulator", "YAMLReading", "Telemetry", "FaultlineTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "ModelsTests", dependencies: ["Models", "Evaluation", "Telemetry", "LinearAlgebra", "FaultlineTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Telemetry", "FaultlineTestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Evaluation", "FaultlineTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "WorkbenchTests", dependencies: ["Workbench", "Evaluation", "Reports", "Interop", "Telemetry", "FaultlineTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(name: "EndToEndTests", dependencies: ["FaultlineTestSupport", "Telemetry"], swiftSettings: strictSettings),
    ]
)
