import LinearAlgebra
import Testing

@Suite struct BLASThreadsTests {
    @Test func settingOneThreadIsReadBack() {
        BLASThreads.set(1)
        #expect(BLASThreads.current == 1)
    }
}
