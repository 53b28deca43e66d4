import Testing
import Workbench

@Suite struct ExitStatusTests {
    @Test func exitCodesAreTheDocumentedOnes() {
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(UsageError("x").exitStatus == .usage)
        #expect(DataError("x").exitStatus == .data)
    }
}
