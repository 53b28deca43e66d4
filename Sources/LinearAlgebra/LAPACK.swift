internal import COpenBLAS

/// Shared plumbing for the LAPACKE wrappers: layout constant and `info` translation.
enum LAPACK {
    /// `LAPACK_COL_MAJOR`: our storage is column-major, so LAPACKE makes no transposed copy.
    static let columnMajor = Int32(LAPACK_COL_MAJOR)

    /// Throws the error matching a LAPACKE `info` code.
    ///
    /// - Parameters:
    ///   - info: The returned code; 0 means success.
    ///   - routine: LAPACK routine name, e.g. `"dgesv"`.
    ///   - arguments: The LAPACKE argument names in order (argument 1 is `matrix_layout`).
    ///   - positive: The error for `info > 0`, which is routine-specific.
    static func check(
        _ info: Int32, routine: String, arguments: [String], positive: (Int) -> LinearAlgebraError
    ) throws {
        if info == 0 { return }
        if info < 0 { throw LinearAlgebraError.lapackeArgument(routine, info: info, arguments: arguments) }
        throw positive(Int(info))
    }

    static func int(_ value: Int, _ routine: String, _ name: String) throws -> Int32 {
        try LinearAlgebraError.int32(value, routine, name)
    }
}
