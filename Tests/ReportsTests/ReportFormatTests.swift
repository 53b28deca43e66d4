import Reports
import Testing

@Suite struct ReportFormatTests {
    @Test func everyFormatHasADistinctFileName() {
        #expect(Set(ReportFormat.allCases.map(\.rawValue)).count == ReportFormat.allCases.count)
    }
}
