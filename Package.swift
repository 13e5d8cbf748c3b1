// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "FieldOps",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fieldops", targets: ["FieldOpsCLI"]),
        .library(
            name: "FieldOpsKit",
            targets: ["FieldOpsSupport", "FieldOpsCore", "FieldOpsSolver", "FieldOpsGLPK", "FieldOpsPlan", "FieldOpsKit",
                      "FieldOpsSimulation", "FieldOpsBenchmark"]
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // GLPK, through its header (Debian ships no pkg-config file for it).
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK", providers: [.apt(["libglpk-dev"])]),
        // Builds and solves a program from flat arrays, turning GLPK's aborting error
        // handler into a return (setjmp/longjmp), on the calling thread.
        .target(name: "CGLPKShim", dependencies: ["CGLPK"], linkerSettings: [.linkedLibrary("glpk")]),
        // The layers, each a module, so the compiler checks who may import whom
        // (docs/architecture.md): support ← core ← solver ← glpk, plan ← kit ← simulation,
        // benchmark ← the command line.
        // Seeded random numbers, text tables, JSON and CSV cells, YAML reading, input errors.
        .target(name: "FieldOpsSupport", dependencies: [.product(name: "Yams", package: "Yams")]),
        // The domain as read: tickets, engineers, places, the policy, triage and travel.
        .target(
            name: "FieldOpsCore",
            dependencies: [
                "FieldOpsSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // The planning problem and the solvers that work on it: search, bound, route program.
        .target(
            name: "FieldOpsSolver",
            dependencies: ["FieldOpsSupport", "FieldOpsCore", .product(name: "HeapModule", package: "swift-collections")]
        ),
        // The only module that links GLPK: solves the solver's MIP models.
        .target(name: "FieldOpsGLPK", dependencies: ["FieldOpsSolver", "CGLPK", "CGLPKShim"]),
        // What a solution becomes: the plan, its validator, re-planning, and its outputs.
        .target(
            name: "FieldOpsPlan",
            dependencies: [
                "FieldOpsSupport", "FieldOpsCore", "FieldOpsSolver",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The one planning pipeline every caller uses: triage → problem → solver → plan.
        .target(name: "FieldOpsKit", dependencies: ["FieldOpsSupport", "FieldOpsCore", "FieldOpsSolver", "FieldOpsGLPK", "FieldOpsPlan"]),
        // What-if staffing over simulated weeks, through the pipeline.
        .target(
            name: "FieldOpsSimulation",
            dependencies: [
                "FieldOpsSupport", "FieldOpsCore", "FieldOpsPlan", "FieldOpsKit",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Plan quality over mornings and Solomon's instances.
        .target(name: "FieldOpsBenchmark", dependencies: ["FieldOpsSupport", "FieldOpsCore", "FieldOpsSolver", "FieldOpsPlan", "FieldOpsKit"]),
        // The thin `fieldops` command line: parses arguments, calls the library, prints.
        .executableTarget(
            name: "FieldOpsCLI",
            dependencies: [
                "FieldOpsSupport", "FieldOpsCore", "FieldOpsPlan", "FieldOpsKit", "FieldOpsSimulation", "FieldOpsBenchmark",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FieldOpsKitTests",
            dependencies: ["FieldOpsSupport", "FieldOpsCore", "FieldOpsSolver", "FieldOpsGLPK", "FieldOpsPlan", "FieldOpsKit",
                           "FieldOpsSimulation", "FieldOpsBenchmark", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FieldOpsCLITests",
            dependencies: ["FieldOpsCLI"]
        ),
    ]
)
