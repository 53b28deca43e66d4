import Foundation
import Testing

@testable import Interop

/// `detections.csv` (a replay's first alarm per model, seed and fault): written and read back, bad input named.
@Suite struct DetectionsFileTests {
    @Test func rowsRoundTripWithQuotedFields() throws {
        let rows = [
            DetectionsFile.Row(
                dataset: "d", model: "zscore", seed: 0, fault: "2022-08-23 12:01:25 frontend", faultKind: "cpu", startMs: 1_000, detectedMs: 61_000,
                alreadyAlarming: false),
            DetectionsFile.Row(
                dataset: "d,2", model: "if", seed: 3, fault: "a \"quoted\", id", faultKind: "", startMs: 5, detectedMs: nil, alreadyAlarming: false),
            DetectionsFile.Row(dataset: "d", model: "if", seed: 3, fault: "f3", faultKind: "k", startMs: 5, detectedMs: 5, alreadyAlarming: true),
        ]
        let text = DetectionsFile.render(rows)
        #expect(text.contains(",60.0,false\n") && text.contains("\"a \"\"quoted\"\", id\""))
        #expect(try DetectionsFile.parse(text, path: "x.csv") == rows)
        #expect(rows[0].timeToDetectSeconds == 60 && rows[0].isNewAlarm && !rows[1].isNewAlarm && !rows[2].isNewAlarm)
    }

    @Test func badInputNamesTheFileLineAndColumn() {
        let header = DetectionsFile.columns.joined(separator: ",")
        let cases: [(String, String)] = [
            ("", "empty file"),
            ("time,score\n", "header"),
            (header + "\nd,m,1,f,k,5,,\n", "8 fields"),
            (header + "\nd,m,x,f,k,5,,,false\n", "seed 'x'"),
            (header + "\nd,m,1,f,k,5,abc,,false\n", "detected_ms 'abc'"),
            (header + "\nd,m,1,\"f,k,5,,,false\n", "unterminated quote"),
            (header + "\nd,m,1,\"f\"x,k,5,,,false\n", "after a closing quote"),
        ]
        for (text, word) in cases {
            let e = #expect(throws: InteropError.self) { try DetectionsFile.parse(text, path: "x.csv") }
            #expect(e?.description.contains(word) == true && e?.description.contains("x.csv") == true, "\(text): \(e?.description ?? "")")
        }
        let e = #expect(throws: InteropError.self) { try DetectionsFile.parse(header + "\nd,m,1,f,k,5,,,yes\n", path: "x.csv") }
        #expect(e?.line == 2 && e?.column == 9)
    }
}
