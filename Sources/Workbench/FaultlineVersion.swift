/// The version of this Faultline build, printed by `faultline --version` and stored in every
/// dataset manifest and results file.
public enum FaultlineVersion {
    public static let string = "0.1.0"
}
