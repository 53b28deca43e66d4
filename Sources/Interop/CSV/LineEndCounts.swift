/// The line ends and double quotes of a file's bytes, counted per fixed-size piece as the pieces were read
/// (`CSVScan.readCounting`), so `CSVTable.parse` need not pass over the whole file again to size its arrays and
/// cut it into chunks.
struct LineEndCounts {
    /// Pieces of 1 MiB: small enough to be counted while still in the cache after the read.
    static let defaultPiece = 1 << 20

    /// Bytes of the file counted.
    var bytes: Int
    /// Bytes per piece (the last piece may be shorter).
    var piece: Int
    /// Line ends in each piece.
    var newlines: [Int]
    /// Per piece 0 when it holds no double quote, else more than 0.
    var quotes: [Int]

    /// Line ends and (0 or more than 0) quotes in `p[a..<b]`: the whole pieces inside from the counts, the cut
    /// pieces at either end counted again.
    func counts(_ p: UnsafeBufferPointer<UInt8>, from a: Int, to b: Int) -> (Int, Int) {
        guard a < b else { return (0, 0) }
        let first = (a + piece - 1) / piece, last = b / piece  // whole pieces first..<last
        guard first < last else { return CSVTable.countLineEndsAndQuotes(p, from: a, to: b) }
        var (n, q) = CSVTable.countLineEndsAndQuotes(p, from: a, to: first * piece)
        for j in first..<last {
            n += newlines[j]
            q += quotes[j]
        }
        let (tn, tq) = CSVTable.countLineEndsAndQuotes(p, from: last * piece, to: b)
        return (n + tn, q + tq)
    }
}
