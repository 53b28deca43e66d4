import Simulator
import Testing

@Suite struct SimulatorVersionTests {
    @Test func versionNamesTheSimulator() { #expect(SimulatorVersion.string.hasPrefix("faultline-simulator ")) }
}
