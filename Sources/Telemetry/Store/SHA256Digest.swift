internal import CLibCrypto

/// An incremental SHA-256 over the system's libcrypto (`EVP_Digest*`, OpenSSL 3 on Debian).
///
/// Chosen by measurement over swift-crypto (docs/BENCHMARKS.md, "SHA-256 provider"): the same speed
/// (both use the CPU's SHA extensions) without compiling BoringSSL in every clean build.
/// Not copyable: it owns one `EVP_MD_CTX`, freed on deinit. One queue at a time feeds it.
struct SHA256Digest: ~Copyable {
    private let context: OpaquePointer

    init() {
        // Allocation and initialisation fail only when memory runs out; nothing sensible can follow.
        guard let ctx = EVP_MD_CTX_new(), EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else {
            preconditionFailure("libcrypto could not start a SHA-256 digest (out of memory)")
        }
        context = ctx
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds `bytes`.
    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else { preconditionFailure("libcrypto SHA-256 update failed") }
    }

    /// The 32-byte digest of everything fed so far; the digest cannot be fed afterwards.
    consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        guard ok == 1, length == 32 else { preconditionFailure("libcrypto SHA-256 final failed") }
        return out
    }

    /// The digest of `bytes` in one call.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var d = SHA256Digest()
        d.update(bytes)
        return d.finalize()
    }
}
