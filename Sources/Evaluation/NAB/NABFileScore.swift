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
}
