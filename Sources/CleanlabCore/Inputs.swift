/// The floating-point types `pred_probs` may have: `Float16`, `Float` and `Double`.
///
/// Each type knows how numpy accumulates it, so that thresholds, row sums and means are
/// bit-identical to numpy's (pairwise summation; float16 is summed in float32).
public protocol ProbabilityScalar: BinaryFloatingPoint, SIMDScalar, Sendable {
    /// numpy's `np.mean` of a contiguous 1-D array of this type.
    static func numpyMean(_ values: UnsafeBufferPointer<Self>) -> Self
    /// numpy's `np.sum(row)` of a strided 1-D view of this type (axis reduction).
    static func numpyRowSum(_ base: UnsafePointer<Self>, count: Int) -> Self
    /// The dtype name, for messages.
    static var dtypeName: String { get }
}

extension Double: ProbabilityScalar {
    @inlinable public static func numpyMean(_ values: UnsafeBufferPointer<Double>) -> Double {
        pairwiseSum(values.baseAddress!, count: values.count, as: Double.self) / Double(values.count)
    }
    @inlinable public static func numpyRowSum(_ base: UnsafePointer<Double>, count: Int) -> Double {
        pairwiseSum(base, count: count, as: Double.self)
    }
    public static var dtypeName: String { "float64" }
}

extension Float: ProbabilityScalar {
    @inlinable public static func numpyMean(_ values: UnsafeBufferPointer<Float>) -> Float {
        pairwiseSum(values.baseAddress!, count: values.count, as: Float.self) / Float(values.count)
    }
    @inlinable public static func numpyRowSum(_ base: UnsafePointer<Float>, count: Int) -> Float {
        pairwiseSum(base, count: count, as: Float.self)
    }
    public static var dtypeName: String { "float32" }
}

extension Float16: ProbabilityScalar {
    /// numpy computes the mean of float16 data in float32, casting in buffers of 8192 elements:
    /// each buffer is summed pairwise, the buffer sums are added in order, and the quotient is
    /// rounded to float16.
    @inlinable public static func numpyMean(_ values: UnsafeBufferPointer<Float16>) -> Float16 {
        var total: Float = -0.0
        var start = 0
        let n = values.count
        let bits = UnsafeRawPointer(values.baseAddress!).assumingMemoryBound(to: UInt16.self)
        while start < n {
            let m = Swift.min(8192, n - start)
            total += pairwiseSumHalf(bits + start, count: m)
            start += m
        }
        return Float16(total / Float(n))
    }
    /// numpy sums a float16 row in float32 (pairwise) and rounds the result to float16.
    @inlinable public static func numpyRowSum(_ base: UnsafePointer<Float16>, count: Int) -> Float16 {
        Float16(pairwiseSumHalf(UnsafeRawPointer(base).assumingMemoryBound(to: UInt16.self), count: count))
    }
    public static var dtypeName: String { "float16" }
}

/// A borrowed row-major `n × k` matrix of probabilities with a row stride in elements.
public struct ProbabilityMatrix<T: ProbabilityScalar>: @unchecked Sendable {
    public let base: UnsafePointer<T>
    public let rows: Int
    public let columns: Int
    public let rowStride: Int

    /// - Precondition: `rowStride >= columns`, and the memory holds `rows` rows.
    public init(base: UnsafePointer<T>, rows: Int, columns: Int, rowStride: Int) {
        self.base = base
        self.rows = rows
        self.columns = columns
        self.rowStride = rowStride
    }

    @inlinable @inline(__always)
    public func row(_ i: Int) -> UnsafePointer<T> { base + i &* rowStride }
}

/// Borrowed labels, int32 or int64, read as `Int`.
public struct LabelView: @unchecked Sendable {
    @usableFromInline let raw: UnsafeRawPointer
    @usableFromInline let is64: Bool
    public let count: Int

    public init(int32 p: UnsafePointer<Int32>, count: Int) {
        raw = UnsafeRawPointer(p); is64 = false; self.count = count
    }
    public init(int64 p: UnsafePointer<Int64>, count: Int) {
        raw = UnsafeRawPointer(p); is64 = true; self.count = count
    }

    /// The borrowed storage and its element width (to re-wrap the view, e.g. for the core's
    /// AVX2 copy).
    public var storage: (base: UnsafeRawPointer, is64: Bool) { (raw, is64) }

    @inlinable @inline(__always)
    public subscript(i: Int) -> Int {
        is64 ? Int(raw.load(fromByteOffset: i &* 8, as: Int64.self))
             : Int(raw.load(fromByteOffset: i &* 4, as: Int32.self))
    }

    /// Labels `i ..< i + 8` as eight 32-bit lanes (the narrow scans' one row per lane; valid
    /// labels are below K, so they fit).
    @inline(__always)
    func lanes8(_ i: Int) -> SIMD8<Int32> {
        SIMD8(Int32(truncatingIfNeeded: self[i]), Int32(truncatingIfNeeded: self[i &+ 1]),
              Int32(truncatingIfNeeded: self[i &+ 2]), Int32(truncatingIfNeeded: self[i &+ 3]),
              Int32(truncatingIfNeeded: self[i &+ 4]), Int32(truncatingIfNeeded: self[i &+ 5]),
              Int32(truncatingIfNeeded: self[i &+ 6]), Int32(truncatingIfNeeded: self[i &+ 7]))
    }

    /// The labels of rows i ..< i + 4, one per lane (the float64 narrow scan's blocks).
    @inline(__always)
    func lanes4(_ i: Int) -> SIMD4<Int64> {
        SIMD4(Int64(self[i]), Int64(self[i &+ 1]), Int64(self[i &+ 2]), Int64(self[i &+ 3]))
    }
}

/// `pred_probs` of any supported dtype.
public enum PredProbs: @unchecked Sendable {
    case float16(ProbabilityMatrix<Float16>)
    case float32(ProbabilityMatrix<Float>)
    case float64(ProbabilityMatrix<Double>)

    public var rows: Int {
        switch self {
        case .float16(let m): return m.rows
        case .float32(let m): return m.rows
        case .float64(let m): return m.rows
        }
    }
    public var columns: Int {
        switch self {
        case .float16(let m): return m.columns
        case .float32(let m): return m.columns
        case .float64(let m): return m.columns
        }
    }
}
