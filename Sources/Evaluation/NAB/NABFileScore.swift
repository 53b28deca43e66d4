/// NAB result of one file at one threshold.
public struct NABFileScore: Sendable, Hashable {
    /// File name.
    public var name: String
    /// Raw file score `S_f(θ)`.
    public var score: Double
    /// Detected rows inside windows (after probation).
    public var tp: Int
    /// Detected rows outside windows.
    public var fp: Int
    /// Undetected rows inside windows.
    public var fn: Int
    /// Undetected rows outside windows.
    public var tn: Int
    /// Windows with at least one detection.
    public var windowsDetected: Int
    /// Σ over detected windows of the first detection's credit `σ(y)/σ(−1)` (A_TP factored out).
    public var creditSum: Double
}
