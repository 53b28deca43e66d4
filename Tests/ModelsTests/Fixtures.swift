import Foundation
import Models
import Telemetry

/// Seeded frames shared by the Models tests.
enum Fixtures {
    /// A seeded multi-series frame: a noisy gauge, a counter with a reset, and a seasonal gauge, with a few NaNs.
    static func mixedFrame(rows: Int, seed: UInt64, nanEvery: Int = 37) throws -> MetricFrame {
        var rng = SeededGenerator(seed: seed)
        var gauge = [Double](), counter = [Double](), seasonal = [Double]()
        var total = 1000.0
        for r in 0..<rows {
            gauge.append(50 + 5 * rng.nextGaussian())
            total += 10 + 2 * rng.nextUniform()
            if r == rows / 2 { total = 3 }  // a restart
            counter.append(total)
            seasonal.append(20 + 8 * sinDeg(Double(r) * 15) + rng.nextGaussian())
        }
        for r in stride(from: 5, to: rows, by: nanEvery) { gauge[r] = .nan }
        for r in stride(from: 11, to: rows, by: nanEvery + 6) { seasonal[r] = .nan }
        return try MetricFrame(columns: [gauge, counter, seasonal])
    }

    /// Kinds matching `mixedFrame`.
    static let mixedKinds: [SeriesKind] = [.gauge, .counter, .gauge]

    /// Gaussian noise with mean `mean` and std `std`.
    static func noise(_ n: Int, seed: UInt64, mean: Double = 0, std: Double = 1) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in mean + std * rng.nextGaussian() }
    }

    /// sin of an angle in degrees.
    static func sinDeg(_ degrees: Double) -> Double { sin(degrees * Double.pi / 180) }
}
