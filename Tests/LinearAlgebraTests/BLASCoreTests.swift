import LinearAlgebra
import Testing

/// OpenBLAS's `Prescott` fallback on an unrecognised CPU with AVX2/AVX-512 is corrected; nothing else is.
@Suite struct BLASCoreTests {
    static let avx512: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl"]

    @Test func prescottOnAVXCPUsIsCorrected() {
        #expect(BLASCore.correction(environment: [:], cpuFlags: Self.avx512, current: "Prescott") == "SkylakeX")
        #expect(BLASCore.correction(environment: [:], cpuFlags: ["avx2", "fma", "sse3"], current: "Prescott") == "Haswell")
    }

    @Test func otherChoicesStand() {
        #expect(BLASCore.correction(environment: [:], cpuFlags: Self.avx512, current: "SkylakeX") == nil)
        #expect(BLASCore.correction(environment: [:], cpuFlags: ["sse3"], current: "Prescott") == nil)
        #expect(BLASCore.correction(environment: ["OPENBLAS_CORETYPE": "Prescott"], cpuFlags: Self.avx512, current: "Prescott") == nil)
    }

    @Test func flagsComeFromTheFirstProcessor() {
        let cpuinfo = "processor\t: 0\nflags\t\t: fpu sse3 avx2 fma\n\nprocessor\t: 1\nflags\t\t: fpu\n"
        #expect(BLASCore.cpuFlags(cpuinfo: cpuinfo) == ["fpu", "sse3", "avx2", "fma"])
        #expect(BLASCore.cpuFlags(cpuinfo: "") == [])
        #expect(!BLASCore.name.isEmpty)
    }
}
