import Foundation
import Simulator

/// What `faultline scenarios list` and `scenarios validate` print.
public enum ScenarioCatalog {
    /// One line per scenario: the built-in ones, then the YAML files of `folder` (built-in names once).
    public static func listing(folder: String) -> String {
        var rows: [(String, String, String)] = []
        for name in BuiltinScenarios.names {
            let text = BuiltinScenarios.text(named: name) ?? ""
            let description = (try? ScenarioLoader.parse(yaml: text, source: "builtin:\(name)").description) ?? "(invalid)"
            rows.append((name, "built-in", description))
        }
        let fm = FileManager.default
        if let files = try? fm.contentsOfDirectory(atPath: folder) {
            for file in files.sorted() where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
                // Built-in scenarios are listed once, above.
                if BuiltinScenarios.names.contains((file as NSString).deletingPathExtension) { continue }
                let path = (folder as NSString).appendingPathComponent(file)
                let description: String
                do {
                    description = try ScenarioLoader.load(path: path).description
                } catch {
                    description = "invalid: \(error)"
                }
                rows.append(((file as NSString).deletingPathExtension, path, description))
            }
        }
        let w0 = rows.map(\.0.count).max() ?? 0
        let w1 = rows.map(\.1.count).max() ?? 0
        return rows.map { name, source, description in
            name.padding(toLength: w0 + 2, withPad: " ", startingAt: 0)
                + source.padding(toLength: w1 + 2, withPad: " ", startingAt: 0) + description + "\n"
        }.joined()
    }

    /// `ok: <name> — <summary>` for a scenario file or built-in name that loads and validates.
    ///
    /// - Throws: `ScenarioError` naming the file, line, column and key.
    public static func validate(_ file: String, days: Double?, services: Int?, seed: UInt64?) throws -> String {
        let s = try ScenarioLoader.resolve(file, overrides: ScenarioOverrides(days: days, services: services, seed: seed))
        return "ok: \(s.name) — \(s.summary)"
    }
}
