// swift-tools-version:6.1
// Benchmarks live in their own package so that `swift test` in the root does not
// build package-benchmark. Run from this folder:
//   swift package --allow-writing-to-package-directory benchmark
import PackageDescription

let package = Package(
    name: "FieldOpsBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "FieldOps", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    // One benchmark executable per folder under Benchmarks/.
    targets: ["ReadAndTriage", "Planner"].map { name in
        .executableTarget(
            name: name,
            dependencies: [
                .product(name: "FieldOpsKit", package: "FieldOps"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
