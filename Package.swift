// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "FieldOps",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fieldops", targets: ["FieldOpsCLI"]),
        .library(name: "FieldOpsKit", targets: ["FieldOpsKit"]),
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
        // The domain and the planning: everything testable lives here.
        .target(
            name: "FieldOpsKit",
            dependencies: [
                "CGLPK",
                "CGLPKShim",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The thin `fieldops` command line: parses arguments, calls FieldOpsKit.
        .executableTarget(
            name: "FieldOpsCLI",
            dependencies: [
                "FieldOpsKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FieldOpsKitTests",
            dependencies: ["FieldOpsKit", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FieldOpsCLITests",
            dependencies: ["FieldOpsCLI"]
        ),
    ]
)
