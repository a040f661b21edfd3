// Latent estimation and latent algebra of the core (CleanlabCore/Latent.swift). Expected values
// are derived by hand from cleanlab 2.9.0's formulas; parity with cleanlab itself on generated
// data is tested in bindings/python/tests/test_latent*.py.
import Testing
@testable import CleanlabCore

private func near(_ a: [Double], _ b: [Double], tol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * Swift.max(1, abs($1)) }
}

/// cj = [[8, 2], [1, 9]] with 10 labels per class: nm = [[8/9, 2/11], [1/9, 9/11]],
/// inv = [[.8, .1], [.2, .9]], and every py_method gives py = [.45, .55].
private let cj: [Double] = [8, 2, 1, 9]
private let nm: [Double] = [8.0 / 9, 2.0 / 11, 1.0 / 9, 9.0 / 11]
private let inv: [Double] = [0.8, 0.1, 0.2, 0.9]
private let py: [Double] = [0.45, 0.55]

@Suite struct LatentTests {
    @Test(arguments: PyMethod.allCases, [false, true])
    func estimateLatentConsistentExample(method: PyMethod, converge: Bool) throws {
        let r = try Latent.estimateLatent(confidentJoint: cj, k: 2, labelCounts: [10, 10], method: method, converge: converge)
        #expect(near(r.py, py))
        #expect(near(r.noiseMatrix, nm))
        #expect(near(r.inv, inv))
    }

    @Test func algebraRoundTrips() throws {
        #expect(near(Latent.computeInvNoiseMatrix(py: py, noiseMatrix: nm, ps: nil, k: 2), inv))
        #expect(near(Latent.computeNoiseMatrixFromInverse(ps: [0.5, 0.5], inverseNoiseMatrix: inv, py: nil, k: 2), nm))
        let r = try Latent.computePyInvNoiseMatrix(ps: [0.5, 0.5], noiseMatrix: nm, k: 2)
        #expect(near(r.py, py) && near(r.inv, inv))
    }

    @Test func inverseOfAPermutedMatrix() throws {
        // needs a row swap (zero leading pivot): inv([[0, 1], [2, 0]]) = [[0, .5], [1, 0]]
        #expect(try Latent.inverse([0, 1, 2, 0], k: 2) == [0, 0.5, 1, 0])
        #expect(throws: CleanlabError.self) { try Latent.inverse([1, 2, 2, 4], k: 2) }
    }

    @Test func clippingRules() {
        // off-diagonals into [0, .9999], diagonal kept, columns normalised
        let c = Latent.clipNoiseRates([0.5, -0.2, 1.2, 0.3], k: 2)
        #expect(near(c, [0.5 / 1.4999, 0, 0.9999 / 1.4999, 1]))
        // clip to [1e-6, 1] and renormalise to 1
        let v = Latent.clipValues([-1, 0, 3], low: 1e-6, high: 1, newSum: 1)
        let s = 1 + 2e-6
        #expect(near(v, [1e-6 / s, 1e-6 / s, 1 / s]))
        // marginal: counts / sum, clipped
        let m = try? Latent.computePy(ps: [0.5, 0.5], noiseMatrix: nm, inverseNoiseMatrix: inv, k: 2, method: .marginal,
                                      trueLabelsClassCounts: [0, 4])
        #expect(m.map { near($0, [1e-6 / (1 + 1e-6), 1 / (1 + 1e-6)]) } == true)
        #expect(throws: CleanlabError.self) {
            try Latent.computePy(ps: [0.5, 0.5], noiseMatrix: nm, inverseNoiseMatrix: inv, k: 2, method: .marginal)
        }
    }

    @Test func removeNoiseAndRounding() throws {
        let r = try Latent.removeNoiseFromClass([0.8, 0.1, 0.3, 0.1, 0.7, 0.2, 0.1, 0.2, 0.5], k: 3, classWithoutNoise: 0)
        #expect(near(r, [0.8, 0, 0, 0.1, 0.8, 0.2, 0.1, 0.2, 0.8]))
        #expect(try Latent.roundPreservingRowTotals([0.4, 0.4, 0.4, 1.8, 2.6, 0.2, 0.2, 0], rows: 2, cols: 4)
                == [0, 0, 1, 2, 3, 0, 0, 0])
    }

    @Test func emptyLabelsAreRejected() {
        #expect(throws: CleanlabError.self) {
            try Latent.estimateLatent(confidentJoint: cj, k: 2, labelCounts: [0, 0])
        }
    }
}
