// cleanlab 1.x latent estimation, latent algebra and noise-matrix convention (Latent1x,
// NoiseGeneration.generateNoiseMatrixFromTraceKeepingLast): hand-derived answers (derivations in
// tests/c/test_v1_latent.c) where 1.x and 2.x differ.
import Testing
@testable import CleanlabCore

@Suite("cleanlab 1.x latent estimation")
struct V1LatentTests {
    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) }
    }

    @Test("estimate_latent: cj [[4, 3], [0, 7]], 7 labels per class")
    func estimateLatent() throws {
        let l = OwnedLabels([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1])
        let r = try withExtendedLifetime(l) { try Latent1x.estimateLatent(confidentJoint: [4, 3, 0, 7], k: 2, labels: l.int64) }
        #expect(Self.close(r.py, [2.0 / 7, 5.0 / 7]))
        #expect(Self.close(r.noiseMatrix, [1, 0.3, 0, 0.7]))
        #expect(Self.close(r.inv, [4.0 / 7, 0, 3.0 / 7, 1]))
    }

    @Test("1.x's py bounds: 1e-5 in compute_py, 0.001 in compute_py_inv_noise_matrix (2.x: 1e-6)")
    func bounds() throws {
        let nm = [0.9, 0.5, 0.1, 0.5], ps = [0.5, 0.5]
        let py1 = try Latent1x.computePy(ps: ps, noiseMatrix: nm, inverseNoiseMatrix: nm, k: 2, method: .eqn)
        #expect(Self.close(py1, [1e-5 / (1 + 1e-5), 1 / (1 + 1e-5)]))
        let py2 = try Latent.computePy(ps: ps, noiseMatrix: nm, inverseNoiseMatrix: nm, k: 2, method: .eqn)
        #expect(Self.close(py2, [1e-6 / (1 + 1e-6), 1 / (1 + 1e-6)]))
        let r = try Latent1x.computePyInvNoiseMatrix(ps: ps, noiseMatrix: nm, k: 2)
        #expect(Self.close([r.py[0]], [0.001 / 1.001]))
    }

    @Test("unguarded division: inf clipped back is kept, NaN is an error")
    func division() throws {
        let l6 = OwnedLabels([0, 0, 0, 1, 1, 1]), l3 = OwnedLabels([0, 0, 0])
        withExtendedLifetime((l6, l3)) {
            #expect(throws: CleanlabError.self) {
                _ = try Latent1x.estimateLatent(confidentJoint: [3, 0, 3, 0], k: 2, labels: l6.int64)
            }
            #expect(throws: CleanlabError.self) {
                _ = try Latent1x.estimateLatent(confidentJoint: [2, 0, 0, 2], k: 2, labels: l3.int64)
            }
        }
        // diag(nm)[0] = 0, diag(inv)[0] > 0: py[0] = inf, clipped to 1
        let py = try Latent1x.computePy(ps: [0.4, 0.6], noiseMatrix: [0, 0.3, 1, 0.7], inverseNoiseMatrix: [0.4, 0.2, 0.6, 0.8], k: 2)
        #expect(py.allSatisfy { $0.isFinite } && abs(py[0] + py[1] - 1) < 1e-12)
    }

    @Test("generate_noise_matrix_from_trace keeps the last matrix tried")
    func lastMatrix() throws {
        var o = NoiseMatrixOptions()
        o.py = [0.9, 0.05, 0.05]
        o.maxIter = 3
        o.minTraceProb = 0.3
        o.maxTraceProb = 0.4
        let r = try NoiseGeneration.generateNoiseMatrixFromTraceKeepingLast(k: 3, trace: 1.05, options: o, seed: 1)
        #expect(r.valid == nil)
        let m = try #require(r.last)
        #expect(try !NoiseGeneration.noiseMatrixIsValid(m, py: o.py!))
        #expect(abs(m[0] + m[4] + m[8] - 1.05) < 1e-6)
        #expect(try NoiseGeneration.generateNoiseMatrixFromTrace(k: 3, trace: 1.05, options: o, seed: 1) == nil)
        o.maxIter = 0
        let z = try NoiseGeneration.generateNoiseMatrixFromTraceKeepingLast(k: 3, trace: 1.05, options: o, seed: 1)
        #expect(z.valid == nil && z.last == nil)
    }
}
