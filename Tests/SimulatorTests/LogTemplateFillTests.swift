import Foundation
import Testing

@testable import Simulator

/// `RecordEmitter.fill` must give the string that chaining Foundation's `replacingOccurrences` gave
/// (the log bodies of every dataset depend on it).
@Suite struct LogTemplateFillTests {
    static func foundation(_ template: String, _ svc: String, _ ms: String, _ id: String) -> String {
        template.replacingOccurrences(of: "{svc}", with: svc).replacingOccurrences(of: "{ms}", with: ms)
            .replacingOccurrences(of: "{id}", with: id)
    }

    @Test func matchesFoundationOnTheTemplatesAndEdgeCases() {
        var templates = RecordEmitter.infoTemplates.map { $0.1 }
        templates += ["", "{svc}{svc}", "{{svc}}", "{sv{svc}c}", "{ms", "x{id}{ms}{svc}y", "{svc}{ms}{id}"]
        let names = ["checkout", "a-{ms}-b", "{id}", "{", "x{svc}", "café", "ü{ms}"]
        for template in templates {
            for name in names {
                for (ms, id) in [("12.5", "42"), ("", ""), ("{id}", "{svc}")] {
                    #expect(RecordEmitter.fill(template, svc: name, ms: ms, id: id) == Self.foundation(template, name, ms, id))
                }
            }
        }
    }
}
