import Testing
import YAMLReading

/// The shared YAML reader under scenarios and specs: located syntax errors and the allowed-keys walk.
@Suite struct YAMLDocumentTests {
    @Test func aSyntaxErrorCarriesItsPlace() {
        do {
            _ = try YAMLDocument.compose("name: x\n  bad: [\n")
            Issue.record("expected a syntax error")
        } catch {
            guard case let .syntax(problem, _) = error.kind else { Issue.record("kind \(error.kind)"); return }
            #expect(problem.contains("mapping values are not allowed"))
            #expect(error.line == 2 && error.column == 6)
        }
    }

    @Test func duplicatedKeysAreNamed() {
        do {
            _ = try YAMLDocument.compose("a: 1\na: 2\n")
            Issue.record("expected duplicated keys")
        } catch {
            guard case let .duplicatedKeys(keys) = error.kind else { Issue.record("kind \(error.kind)"); return }
            #expect(keys == ["a"])
        }
    }

    @Test func anEmptyDocumentHasNoRoot() throws {
        #expect(try YAMLDocument.compose("") == nil)
    }

    @Test func entriesKeepDocumentOrderAndReportTheFirstBadKey() throws {
        let node = try #require(try YAMLDocument.compose("b: 1\na: 2\n"))
        guard case let .entries(e) = YAMLDocument.entries(of: node, allowed: ["a", "b"]) else { Issue.record("refused"); return }
        #expect(e.map(\.key) == ["b", "a"])
        guard case let .unknownKey(key, _) = YAMLDocument.entries(of: node, allowed: ["a"]) else { Issue.record("accepted"); return }
        #expect(key == "b")
        let list = try #require(try YAMLDocument.compose("- 1\n"))
        guard case .notAMapping = YAMLDocument.entries(of: list, allowed: []) else { Issue.record("a list is not a mapping"); return }
    }
}
