import Foundation
import Telemetry

/// An imported dataset and the repairs made to get it (`faultline import` prints them).
public struct ImportResult: Sendable {
    /// The dataset, validated as the store validates what it reads (`ImportValidation`).
    public var dataset: Dataset
    /// Every documented repair, in the order made.
    public var repairs: [ImportRepair]

    /// Creates a result.
    public init(dataset: Dataset, repairs: [ImportRepair]) {
        self.dataset = dataset
        self.repairs = repairs
    }
}
