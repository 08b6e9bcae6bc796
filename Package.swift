// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fhirval",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "FHIRValidation", targets: ["FHIRValidation"]),
        .library(name: "FHIRTerminology", targets: ["FHIRTerminology"]),
        .executable(name: "fhirval", targets: ["fhirval"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "FHIRElements"),
        .target(name: "FHIRPackages", dependencies: ["FHIRElements", "CZlib"]),
        .target(name: "FHIRDefinitions", dependencies: ["FHIRElements", "FHIRPackages"]),
        .target(name: "FHIRPath", dependencies: ["FHIRElements", "FHIRDefinitions"]),
        .target(name: "FHIRTerminology", dependencies: ["FHIRElements", "FHIRPackages", "CSQLite"]),
        .target(name: "FHIRValidation", dependencies: ["FHIRElements", "FHIRPackages", "FHIRDefinitions", "FHIRPath", "FHIRTerminology"]),
        .executableTarget(
            name: "fhirval",
            dependencies: [
                "FHIRValidation",
                "FHIRPath",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What more than one test target needs (a test process's temporary folder); not a product.
        .target(name: "FHIRTestSupport", path: "Tests/FHIRTestSupport"),
        .testTarget(name: "FHIRElementsTests", dependencies: ["FHIRElements"]),
        .testTarget(name: "FHIRPackagesTests", dependencies: ["FHIRPackages"]),
        .testTarget(name: "FHIRDefinitionsTests", dependencies: ["FHIRDefinitions", "FHIRPackages"]),
        .testTarget(name: "FHIRPathTests", dependencies: ["FHIRPath", "FHIRPackages", "FHIRValidation"]),
        .testTarget(name: "FHIRTerminologyTests", dependencies: ["FHIRTerminology", "FHIRPackages", "FHIRTestSupport"]),
        .testTarget(name: "FHIRValidationTests", dependencies: ["FHIRValidation", "FHIRTerminology", "FHIRPackages", "FHIRTestSupport"]),
    ]
)
