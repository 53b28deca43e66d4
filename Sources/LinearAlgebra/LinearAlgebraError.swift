/// A failure of a linear-algebra operation, with the routine and the detail needed to act on it.
///
/// In an evaluation harness a singular covariance or a non-converging solver is data, not a bug:
/// every wrapper in this module throws one of these instead of crashing. LAPACK's `info` codes are
/// translated here: `info < 0` → ``invalidArgument(routine:index:name:)``, `info > 0` → the
/// routine-specific case (``singular(routine:info:)``, ``notPositiveDefinite(routine:order:)``,
/// ``noConvergence(routine:info:)``).
public enum LinearAlgebraError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Operand shapes do not fit the operation (for example `A` is 3×4 and `B` is 3×2 in `A·B`).
    case dimensionMismatch(operation: String, shapes: String)
    /// The matrix is exactly singular: LAPACK found `U(info, info) == 0` in its LU factorisation.
    case singular(routine: String, info: Int)
    /// The leading minor of order `order` is not positive definite, so the Cholesky factorisation
    /// could not be completed.
    case notPositiveDefinite(routine: String, order: Int)
    /// An iterative algorithm (eigenvalues, singular values) failed to converge; `info` is LAPACK's code.
    case noConvergence(routine: String, info: Int)
    /// Argument number `index` (1-based, as in the LAPACK/LAPACKE documentation) is invalid, or
    /// contains NaN (LAPACKE checks inputs for NaN).
    case invalidArgument(routine: String, index: Int, name: String)
    /// LAPACKE could not allocate its workspace.
    case outOfMemory(routine: String)

    /// One-line description: what failed and where.
    public var description: String {
        switch self {
        case let .dimensionMismatch(operation, shapes):
            return "dimension mismatch in \(operation): \(shapes)"
        case let .singular(routine, info):
            return "matrix is singular (\(routine): U(\(info),\(info)) is exactly zero)"
        case let .notPositiveDefinite(routine, order):
            return "matrix is not positive definite (\(routine): leading minor of order \(order))"
        case let .noConvergence(routine, info):
            return "\(routine) did not converge (info = \(info))"
        case let .invalidArgument(routine, index, name):
            return "invalid argument \(index) (\(name)) to \(routine); it may contain NaN"
        case let .outOfMemory(routine):
            return "\(routine) could not allocate its workspace"
        }
    }
}

extension LinearAlgebraError {
    /// Translates a negative LAPACKE `info` into an error, naming the argument from `arguments`
    /// (LAPACKE argument list, including `matrix_layout` as argument 1).
    static func lapackeArgument(_ routine: String, info: Int32, arguments: [String]) -> LinearAlgebraError {
        if info == -1010 || info == -1011 { return .outOfMemory(routine: routine) }
        let index = Int(-info)
        let name = index >= 1 && index <= arguments.count ? arguments[index - 1] : "?"
        return .invalidArgument(routine: routine, index: index, name: name)
    }

    /// Converts a size to LAPACK's 32-bit integer, throwing when it does not fit.
    static func int32(_ value: Int, _ routine: String, _ name: String) throws -> Int32 {
        guard let v = Int32(exactly: value), v >= 0 else {
            throw LinearAlgebraError.invalidArgument(routine: routine, index: 0, name: "\(name) = \(value) (out of 32-bit range)")
        }
        return v
    }
}
