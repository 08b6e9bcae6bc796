// swift-tools-version:6.1
// The benchmark harness: a package of its own so that consumers of fhirval never pull it.
import PackageDescription

let package = Package(
    name: "fhirval-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ValidationBenchmarks",
            dependencies: [
                .product(name: "FHIRValidation", package: "main"),
                .product(name: "FHIRTerminology", package: "main"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/ValidationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
