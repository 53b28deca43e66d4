/// A case a ranker could not rank (or that could not be cut at an offset; ranker `*`): reported beside the
/// scores, never hiding the other cases.
public struct RootCauseFailure: Sendable, Equatable, Codable {
    public var ranker: String
    public var caseID: String
    public var offsetSeconds: Int
    /// The typed error's message (names the case and field).
    public var message: String

    private enum CodingKeys: String, CodingKey { case ranker, caseID = "case", offsetSeconds = "offset_s", message }

    public init(ranker: String, caseID: String, offsetSeconds: Int, message: String) {
        self.ranker = ranker
        self.caseID = caseID
        self.offsetSeconds = offsetSeconds
        self.message = message
    }
}
