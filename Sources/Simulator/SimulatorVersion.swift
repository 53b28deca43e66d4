/// Version of the simulator's generating model, recorded in every dataset it writes. Bump it
/// whenever the same scenario and seed would give different bytes.
public enum SimulatorVersion {
    public static let string = "faultline-simulator 0.2.0"
}
