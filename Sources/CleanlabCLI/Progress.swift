// A progress line on stderr for long runs: drawn only when stderr is a terminal, only once a
// run has taken longer than half a second, at most ten times a second, and erased when done.
// Reading CSV files reports a fraction; the library's own passes report their stage name.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Dispatch
import Synchronization

/// Writes to file descriptor 2 directly (no stdio, no shared mutable state).
func writeStderr(_ s: String) {
    var bytes = Array(s.utf8)
    var off = 0
    while off < bytes.count {
        let r = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + off, $0.count - off) }
        if r < 0 && errno == EINTR { continue }
        if r <= 0 { return }
        off += r
    }
}

/// Monotonic seconds.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

final class Progress {
    let enabled: Bool
    private let start = now()
    private var lastDraw = 0.0
    private var stageName = ""
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(2) == 1
    }

    /// Starts a stage ("reading pred_probs.csv", "finding label issues", ...).
    func stage(_ name: String) {
        guard enabled else { return }
        stageName = name
        draw(nil, force: true)
    }

    /// Reports the fraction done (0...1) of the current stage.
    func update(_ fraction: Double) {
        guard enabled else { return }
        draw(fraction, force: false)
    }

    private func draw(_ fraction: Double?, force: Bool) {
        let t = now()
        if t - start < 0.5 { return }
        if !force && t - lastDraw < 0.1 { return }
        lastDraw = t
        var line = "\r\u{1B}[2K"
        if let f = fraction {
            let width = 30
            let filled = Swift.max(0, Swift.min(width, Int((f * Double(width)).rounded(.down))))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
            line += "\(Swift.max(0, Swift.min(100, Int(f * 100))))% "
        } else {
            line += "[" + String(repeating: ".", count: 30) + "] "
        }
        line += stageName + "  " + formatSeconds(t - start)
        writeStderr(line)
        drawn = true
    }

    /// Runs `body` (one long call into the library, which reports no progress) while a
    /// background thread redraws the line with the elapsed time, ten times a second.
    func during<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard enabled else { return try body() }
        stage(name)
        let ticker = Ticker(start: start, label: name)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            ticker.run()
            done.signal()
        }
        defer {
            ticker.stop.store(true, ordering: .releasing)
            done.wait()
            drawn = drawn || ticker.drew.load(ordering: .acquiring)
        }
        return try body()
    }

    /// Erases the progress line.
    func finish() {
        guard enabled, drawn else { return }
        writeStderr("\r\u{1B}[2K")
        drawn = false
    }
}

/// The background half of `Progress.during`: owns nothing but its own flags.
final class Ticker: Sendable {
    let stop = Atomic<Bool>(false)
    let drew = Atomic<Bool>(false)
    let start: Double
    let label: String

    init(start: Double, label: String) {
        self.start = start
        self.label = label
    }

    func run() {
        var tick = 0
        while !stop.load(ordering: .acquiring) {
            usleep(20_000)
            tick += 1
            let t = now() - start
            if tick % 5 != 0 || t < 0.5 { continue }
            let dots = (tick / 5) % 30
            var bar = [Character](repeating: ".", count: 30)
            bar[dots] = "#"
            writeStderr("\r\u{1B}[2K[" + String(bar) + "] " + label + "  " + formatSeconds(t))
            drew.store(true, ordering: .releasing)
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    if s < 1 { return fixed(s * 1000, 1) + " ms" }
    return fixed(s, 2) + " s"
}

/// `v` with `digits` decimals (no Foundation).
func fixed(_ v: Double, _ digits: Int) -> String {
    if !v.isFinite { return "\(v)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let neg = v < 0
    let r = (abs(v) * scale).rounded(.toNearestOrEven)
    if r >= 9e18 { return "\(v)" }
    let i = Int64(r)
    let ip = i / Int64(scale)
    var frac = String(i % Int64(scale))
    while frac.count < digits { frac = "0" + frac }
    let s = digits > 0 ? "\(ip).\(frac)" : "\(ip)"
    return (neg && r != 0 ? "-" : "") + s
}

/// About `digits` significant digits, in plain or (for small values) exponent notation.
func significant(_ v: Double, _ digits: Int = 6) -> String {
    if !v.isFinite || v == 0 { return v == 0 ? "0" : "\(v)" }
    let a = abs(v)
    if a >= 1e-4 && a < 1e15 {
        var e = 0
        var t = a
        while t >= 10 { t /= 10; e += 1 }
        while t < 1 { t *= 10; e -= 1 }
        return fixed(v, Swift.max(0, digits - 1 - e))
    }
    var e = 0
    var m = a
    while m >= 10 { m /= 10; e += 1 }
    while m < 1 { m *= 10; e -= 1 }
    var ms = fixed(m, digits - 1)
    if ms.hasPrefix("10") { m /= 10; e += 1; ms = fixed(m, digits - 1) }
    let es = e < 0 ? "-" + (abs(e) < 10 ? "0" : "") + String(abs(e)) : "+" + (e < 10 ? "0" : "") + String(e)
    return (v < 0 ? "-" : "") + ms + "e" + es
}
