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
//   CleanlabABI       the `cl_*` thunks: validate at the boundary, map errors to cl_status.
// Products
//   cleanlab (dynamic) -> libcleanlab.so: Swift stdlib linked statically, SONAME libcleanlab.so,
//                         only the cl_* symbols exported (abi/cleanlab.map, checked against
//                         abi/cleanlab.exports by the tests).
import PackageDescription

let packageDir = Context.packageDirectory

let package = Package(
    name: "cleanlab",
    products: [
        .library(name: "cleanlab", type: .dynamic, targets: ["CleanlabABI"]),
        .library(name: "CleanlabCore", targets: ["CleanlabCore"]),
    ],
    targets: [
        // MARK: Public API
        .target(name: "CCleanlab", path: "include", publicHeadersPath: "."),
        // MARK: Implementation details
        .target(name: "CCleanlabSupport", dependencies: ["CCleanlab"]),
        .target(name: "CleanlabCore"),
        .target(
            name: "CleanlabABI",
            dependencies: ["CCleanlab", "CCleanlabSupport", "CleanlabCore"],
            linkerSettings: [
                .unsafeFlags([
                    "-static-stdlib",
                    "-Xlinker", "--version-script=\(packageDir)/abi/cleanlab.map",
                    "-Xlinker", "-soname=libcleanlab.so",
                ])
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
