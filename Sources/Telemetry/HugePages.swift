#if canImport(Glibc)
import Glibc
#endif

/// Transparent huge pages for large buffers about to be filled.
///
/// A fresh 32 MB array is 8,192 first-touch page faults of 4 KiB, each zeroing its page; on Linux with
/// transparent huge pages in `madvise` mode (Debian's default) `MADV_HUGEPAGE` makes them 16 faults of 2 MiB,
/// and the filling loop then needs one TLB entry per 2 MiB. Advice only: the contents and the result are the
/// same either way, and nothing happens elsewhere or when the kernel refuses.
public enum HugePages {
    /// Buffers below this many bytes are left alone (no whole 2 MiB page would fit in them).
    public static let minimumBytes = 4 << 20

    /// Advises huge pages for the whole 2 MiB pages inside `bytes` bytes at `base`, before they are written.
    public static func advise(_ base: UnsafeMutableRawPointer?, bytes: Int) {
        #if os(Linux)
        guard let base, bytes >= minimumBytes else { return }
        let page = 2 << 20
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(page - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, 14)  // MADV_HUGEPAGE
        #endif
    }
}
