// swift-tools-version:6.0
//
// libcleanlab: confident learning in Swift behind a stable C ABI (include/cleanlab.h).
//
// Targets
//   CCleanlab         header-only C module of the public header (include/cleanlab.h); the ABI target
//                     implements it with `@c @implementation`, so a signature drift is a compile error.
//   CCleanlabSupport  a few lines of C the ABI needs and Swift lacks: the thread-local error message
//                     and the process-wide thread-count default.
//   CleanlabCore      pure Swift algorithms (no Foundation, no C types in its API).
//   CleanlabCoreV3    (x86-64 only) the same sources compiled for AVX2 (x86-64-v3), picked at run
//                     time when the CPU supports it.
//   CleanlabDispatch  `Engine`: the entry points that read pred_probs, running CleanlabCoreV3 or
//                     CleanlabCore (used by the ABI layer and the command-line tool).
//   CleanlabABI       the `cl_*` thunks: validate at the boundary, map errors to cl_status.
// Products
//   cleanlab (dynamic) -> libcleanlab.so: Swift stdlib linked statically, SONAME libcleanlab.so,
//                         only the cl_* symbols exported (abi/cleanlab.map, checked against
//                         abi/cleanlab.exports by the tests).
//   cleanlab-cli (executable, target CleanlabCLI) -> the command-line tool; `make build` links it
//                         as .build/bin/cleanlab (a product name must be unique, and `cleanlab`
//                         is the library's). Uses swift-argument-parser from the package mirror.
import PackageDescription

let packageDir = Context.packageDirectory

// On x86-64 the core is compiled a second time for Haswell (x86-64-v3: AVX2, FMA, BMI1/2, F16C,
// LZCNT, MOVBE) as CleanlabCoreV3 (Sources/CleanlabCoreV3 is a symlink to Sources/CleanlabCore);
// the ABI layer and the CLI run it when the CPU has those features (Sources/CleanlabDispatch).
#if arch(x86_64)
let avx2Core: [Target] = [
    .target(name: "CleanlabCoreV3",
            swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"])]),
]
let avx2Dependency: [Target.Dependency] = ["CleanlabCoreV3"]
let avx2Define: [CSetting] = [.define("CLEANLAB_HAS_AVX2_CORE")]
#else
let avx2Core: [Target] = []
let avx2Dependency: [Target.Dependency] = []
let avx2Define: [CSetting] = []
#endif

let package = Package(
    name: "cleanlab",
    products: [
        .library(name: "cleanlab", type: .dynamic, targets: ["CleanlabABI"]),
        .library(name: "CleanlabCore", targets: ["CleanlabCore"]),
        .executable(name: "cleanlab-cli", targets: ["CleanlabCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // MARK: Public API
        .target(name: "CCleanlab", path: "include", publicHeadersPath: "."),
        // MARK: Implementation details
        .target(name: "CCleanlabSupport", dependencies: ["CCleanlab"], cSettings: avx2Define),
        .target(name: "CleanlabCore"),
    ] + avx2Core + [
        .target(
            name: "CleanlabDispatch",
            dependencies: ["CCleanlab", "CCleanlabSupport", "CleanlabCore"] + avx2Dependency),
        .target(
            name: "CleanlabABI",
            dependencies: ["CCleanlab", "CCleanlabSupport", "CleanlabCore", "CleanlabDispatch"],
            linkerSettings: [
                .unsafeFlags([
                    "-static-stdlib",
                    "-Xlinker", "--version-script=\(packageDir)/abi/cleanlab.map",
                    "-Xlinker", "-soname=libcleanlab.so",
                ])
            ]
        ),
        // MARK: Command-line tool
        .executableTarget(
            name: "CleanlabCLI",
            dependencies: [
                "CleanlabCore",
                "CleanlabDispatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [
                // a self-contained executable: the Swift runtime (and the FoundationEssentials
                // that swift-argument-parser imports) linked in statically
                .unsafeFlags(["-static-stdlib"]),
                .linkedLibrary("_FoundationCollections"),
                .linkedLibrary("_FoundationCShims"),
                .linkedLibrary("swiftSynchronization"),
            ]
        ),
        // MARK: Tests
        .testTarget(
            name: "CleanlabCoreTests",
            dependencies: ["CleanlabCore"],
            exclude: ["Fixtures"]
        ),
    ]
)
