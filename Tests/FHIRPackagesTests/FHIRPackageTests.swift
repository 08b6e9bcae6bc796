import Foundation
import Testing
@testable import FHIRPackages

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let corePackagePath = repositoryRoot + "/../shared/igpackages/hl7.fhir.r4.core-4.0.1.tgz"

@Suite struct FHIRPackageTests {
    @Test func coreTarballIsIndexedFromItsIndexFile() throws {
        let package = try FHIRPackage(path: corePackagePath)
        #expect(package.name == "hl7.fhir.r4.core")
        #expect(package.version == "4.0.1")
        #expect(package.resources.count == 4578)
        let patient = try #require(package.resources.first { $0.url == "http://hl7.org/fhir/StructureDefinition/Patient" })
        #expect(patient.resourceType == "StructureDefinition")
        #expect(patient.kind == "resource")
        #expect(package.bytes(of: patient.location)?.count == 88208)
    }

    @Test func unpackedFolderWithoutIndexIsScanned() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fhirval-pkg-\(UUID().uuidString)/package")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try Data(#"{"name": "test.pkg", "version": "1.0.0", "dependencies": {"hl7.fhir.r4.core": "4.0.1"}}"#.utf8)
            .write(to: folder.appendingPathComponent("package.json"))
        try Data(#"<ValueSet xmlns="http://hl7.org/fhir"><url value="http://example.org/vs"/><version value="2"/></ValueSet>"#.utf8)
            .write(to: folder.appendingPathComponent("ValueSet-x.xml"))
        let package = try FHIRPackage(path: folder.deletingLastPathComponent().path)
        #expect(package.dependencies == [FHIRPackage.Dependency(name: "hl7.fhir.r4.core", version: "4.0.1")])
        #expect(package.resources.map(\.url) == ["http://example.org/vs"])
        #expect(package.resources.first?.version == "2")
    }

    @Test func truncatedTarballIsACorruptArchiveError() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: corePackagePath))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fhirval-trunc-\(UUID().uuidString).tgz")
        try data.prefix(data.count / 2).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        do {
            _ = try FHIRPackage(path: path.path)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .corruptArchive)
            #expect(error.path == path.path)
        }
    }

    @Test func missingPackageIsNotFound() {
        do {
            _ = try FHIRPackage(path: "/nonexistent/x.tgz")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .notFound)
        }
    }

    @Test func missingPackageFileIsNamedAsAFileNotLookedUpByName() {
        let loader = DefinitionLoader(locator: PackageLocator(searchPath: []))
        for reference in ["/nonexistent/x.tgz", "exports/package", "missing.tgz"] {
            do {
                _ = try loader.load(packages: [reference], definitions: [], includeCore: false)
                Issue.record("expected an error for \(reference)")
            } catch {
                #expect(error.code == .notFound)
                #expect(error.message == "no such package file or folder")
            }
        }
        do {
            _ = try loader.load(packages: ["example.fhir.pkg#1.0.0"], definitions: [], includeCore: false)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.hasPrefix("package not found in the search path"))
        }
    }
}

@Suite struct PackageLocatorTests {
    @Test func searchOrderPrefersEarlierFoldersAndHighestVersion() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("fhirval-loc-\(UUID().uuidString)")
        let first = base.appendingPathComponent("first"), second = base.appendingPathComponent("second")
        for folder in [first, second] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: base) }
        for name in ["a.pkg#1.2.0.tgz", "a.pkg#1.10.0.tgz"] {
            _ = FileManager.default.createFile(atPath: second.appendingPathComponent(name).path, contents: Data())
        }
        _ = FileManager.default.createFile(atPath: first.appendingPathComponent("a.pkg-1.2.0.tgz").path, contents: Data())
        let locator = PackageLocator(searchPath: [first.path, second.path])
        #expect(locator.locate(name: "a.pkg", version: "1.2.0") == first.path + "/a.pkg-1.2.0.tgz")
        #expect(locator.locate(name: "a.pkg", version: "1.10.0") == second.path + "/a.pkg#1.10.0.tgz")
        #expect(locator.locate(name: "a.pkg", version: nil) == first.path + "/a.pkg-1.2.0.tgz")
        #expect(locator.locate(name: "b.pkg", version: "1.0.0") == nil)
    }

    @Test func environmentFoldersComeAfterExplicitOnes() {
        let locator = PackageLocator.standard(extraFolders: ["/x"], environment: ["FHIRVAL_PACKAGES": "/a:/b", "HOME": "/h"])
        #expect(Array(locator.searchPath.prefix(6)) == ["/x", "/a", "/b", "IGPackages", "../shared/igpackages", "/h/.fhir/packages"])
    }

    @Test func versionsOrderNumerically() {
        #expect(VersionOrder.less("1.9.2", "1.10.0"))
        #expect(!VersionOrder.less("2.0.0", "1.10.0"))
    }
}
