import FaultlineTestSupport
import Foundation
import Testing

/// Issue #17 ("Hostile input"), simulator side, as a user meets it: each scenario or option below
/// made `faultline` trap (exit 132), crash (139), block or grow without end; now each is exit 2 with
/// one `error:` line naming the file, the line and the key, within seconds.
@Suite struct HostileScenarioTests {
    /// A small world whose `{{…}}` placeholders each case fills with a hostile value.
    static func world(
        duration: String = "1d", replicas: String = "2", entryRate: String = "100", fanOut: String = "1", bursts: String = "",
        hosts: String = "n1"
    ) -> String {
        """
        name: hostile
        duration: \(duration)
        step: 1m
        workload: {entry_rate: \(entryRate)\(bursts)}
        services:
          - {name: web, entry_share: 1, replicas: \(replicas), hosts: [\(hosts)]}
          - {name: api}
        edges:
          - {from: web, to: api, fan_out: \(fanOut)}

        """
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        /// Scenario text written to `<label>.yaml`, or nil for a built-in scenario.
        var yaml: String?
        /// Arguments; `FILE` stands for the scenario file's path.
        var arguments: [String]
        /// What stderr must say, after `error: `; `FILE` stands for the path.
        var says: String
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(
            label: "duration-1e308", yaml: world(duration: "1e308"), arguments: ["scenarios", "validate", "FILE"],
            says: "duration must be above 0s and at most 366d, found 1e308 (FILE:2:11, duration)"),
        Case(
            label: "replicas-2e62", yaml: world(replicas: "4611686018427387904"), arguments: ["simulate", "FILE"],
            says: "replicas must be between 1 and 10000, found 4611686018427387904 (FILE:6:43, services[0].replicas)"),
        Case(
            label: "entry-rate-1e12", yaml: world(entryRate: "1e12"), arguments: ["simulate", "FILE"],
            says: "entry_rate must be above 0 and at most 1000000, found 1e12 (FILE:4:24, workload.entry_rate)"),
        Case(
            label: "fan-out-1e9", yaml: world(fanOut: "1e9"), arguments: ["simulate", "FILE"],
            says: "fan_out must be above 0 and at most 100, found 1e9 (FILE:9:35, edges[0].fan_out)"),
        Case(
            label: "burst-factor-negative", yaml: world(bursts: ", bursts: [{start: 1h, duration: 10m, factor: -3}]"),
            arguments: ["simulate", "FILE"], says: "factor must be above 0 and at most 100, found -3 (FILE:4:73, workload.bursts[0].factor)"),
        Case(
            label: "burst-outside-run", yaml: world(bursts: ", bursts: [{start: 30h, duration: 10m}]"), arguments: ["simulate", "FILE"],
            says: "burst (1d6h + 10m) ends after the run (1d) (FILE:4:38, workload.bursts[0])"),
        Case(
            label: "host-named-like-a-service", yaml: world(hosts: "api"), arguments: ["scenarios", "validate", "FILE"],
            says: "host 'api' of service 'web' has the name of a service (FILE:6:54, services[0].hosts[0])"),
        Case(
            label: "chain-20000", yaml: chain(20_000), arguments: ["scenarios", "validate", "FILE"],
            says: "at most 5000 services, found 20000 (FILE:4:3, services)"),
        Case(
            label: "generate-fan-out-1e9", yaml: "name: g\nduration: 1h\ngenerate: {services: 20, fan_out: 1000000000}\n",
            arguments: ["scenarios", "validate", "FILE"], says: "fan_out must be between 1 and 64, found 1000000000 (FILE:3:35, generate.fan_out)"),
        Case(
            label: "services-100000", yaml: nil, arguments: ["scenarios", "validate", "large-graph", "--services", "100000"],
            says: "services must be between 2 and 5000, found 100000 (builtin:large-graph, --services)"),
        Case(
            label: "days-inf", yaml: nil, arguments: ["simulate", "tiny", "--days", "inf"],
            says: "days must be above 0 and at most 366, found inf (builtin:tiny, --days)"),
        Case(
            label: "days-negative", yaml: nil, arguments: ["simulate", "tiny", "--days", "-1"],
            says: "days must be above 0 and at most 366, found -1 (builtin:tiny, --days)"),
        Case(
            label: "days-9.3e15", yaml: nil, arguments: ["scenarios", "validate", "tiny", "--days", "9.3e15"],
            says: "days must be above 0 and at most 366, found 9.3e+15 (builtin:tiny, --days)"),
        Case(
            label: "seed-negative", yaml: nil, arguments: ["simulate", "tiny", "--seed", "-1"],
            says: "The value '-1' is invalid for '--seed <seed>': --seed takes an integer from 0 to 18446744073709551615, got '-1'"),
    ]

    static func chain(_ n: Int) -> String {
        var text = "name: chain\nduration: 1h\nservices:\n"
        for i in 0..<n { text += "  - {name: service-\(i)\(i == 0 ? ", entry_share: 1" : "")}\n" }
        text += "edges:\n"
        for i in 0..<(n - 1) { text += "  - {from: service-\(i), to: service-\(i + 1)}\n" }
        return text
    }

    @Test(.timeLimit(.minutes(2)), arguments: cases)
    func hostileInputExits2WithTheFileLineAndKey(_ c: Case) throws {
        let dir = try SharedData.temporaryDirectory("hostile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("\(c.label).yaml").path
        if let yaml = c.yaml { try yaml.write(toFile: file, atomically: true, encoding: .utf8) }
        let args =
            c.arguments.map { $0 == "FILE" ? file : $0 } + ["--quiet"]
            + (c.arguments[0] == "simulate" ? ["--out", dir.appendingPathComponent("out").path] : [])
        let r = try FaultlineBinary.run(args, environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(r.status == 2, "\(c.label): exit \(r.status), \(r.stderr)")
        let expected = "error: " + c.says.replacingOccurrences(of: "FILE", with: file)
        #expect(r.stderr.hasPrefix(expected), "\(c.label): \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    /// `scenarios validate FIFO` (with a writer that never closes) waited forever.
    @Test(.timeLimit(.minutes(1))) func aFIFOGivenAsTheScenarioIsRefusedWithoutBlocking() throws {
        let dir = try SharedData.temporaryDirectory("hostile-fifo")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("world.yaml").path
        #expect(mkfifo(path, 0o600) == 0)
        let writer = open(path, O_RDWR | O_NONBLOCK)
        defer { if writer >= 0 { close(writer) } }
        for command in [["scenarios", "validate", path], ["simulate", path, "--out", dir.appendingPathComponent("out").path]] {
            let r = try FaultlineBinary.run(command + ["--quiet"])
            #expect(r.status == 2)
            #expect(r.stderr.hasPrefix("error: cannot read scenario file: it is a FIFO (named pipe), not a regular file (\(path))"), "\(r.stderr)")
        }
    }

    /// Scenarios/README.md says every scenario there is compiled in; `simulate tiny` said there was none.
    @Test func everyScenarioInTheScenariosFolderSimulatesByName() throws {
        let dir = try SharedData.temporaryDirectory("hostile-tiny")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try FaultlineBinary.run(["simulate", "tiny", "--out", dir.appendingPathComponent("tiny").path, "--quiet"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("tiny seed 7: 720 rows × 62 series"))
        let list = try FaultlineBinary.run(["scenarios", "list", "--folder", dir.path])
        #expect(list.stdout.contains("tiny") && list.stdout.contains("built-in"))
    }
}
