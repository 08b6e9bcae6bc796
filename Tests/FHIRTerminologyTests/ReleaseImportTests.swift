import FHIRElements
import FHIRPackages
import FHIRTestSupport
import Foundation
import Testing
@testable import FHIRTerminology

@Suite struct SnomedImportTests {
    let store = TerminologyFixtures.store

    @Test func importCountsEveryRowOfTheSampleReleases() {
        let counts = TerminologyFixtures.compiled.counts
        // MiniCT Snapshot 102 concepts + UK sample 509 concepts; 329 + 1,596 descriptions.
        #expect(counts.snomedConcepts == 611)
        #expect(counts.snomedDescriptions == 1_925)
        #expect(counts.snomedRefsetMembers == 428)
        #expect(counts.snomedLanguageMembers == 323)
        #expect(counts.snomedClosureRows > 0)
    }

    @Test func internationalConceptHasItsTermsAndAncestors() throws {
        let bleeding = try #require(store.concept(131_148_009))
        #expect(bleeding.active)
        #expect(bleeding.fullySpecifiedName == "Bleeding (finding)")
        #expect(bleeding.terms.contains("Bleeding"))
        let ancestors = Set(store.ancestors(of: 131_148_009))
        #expect(ancestors.contains(404_684_003))  // Clinical finding
        #expect(ancestors.contains(138_875_005))  // SNOMED CT Concept (root)
        #expect(store.isDescendant(131_148_009, of: 404_684_003))
        #expect(!store.isDescendant(404_684_003, of: 131_148_009))
    }

    @Test func inactiveConceptIsKeptAndMarkedInactive() throws {
        let finding = try #require(store.concept(246_188_002))
        #expect(!finding.active)
        #expect(store.parents(of: 246_188_002).isEmpty)
    }

    @Test func ukExtensionConceptAndRefsetMembershipAreLoaded() throws {
        let pacemaker = try #require(store.concept(232_981_000_000_109))
        #expect(pacemaker.module == 999_000_011_000_000_103)
        #expect(pacemaker.fullySpecifiedName == "Implantation of single chamber cardiac pacemaker system (procedure)")
        #expect(store.parents(of: 232_981_000_000_109) == [307_280_005])
        #expect(store.isMember(906_071_000_000_100, ofRefset: 999_001_111_000_000_105))
        // Inactive memberships are not memberships.
        #expect(!store.isMember(82_523_003, ofRefset: 999_002_321_000_000_107))
        #expect(store.snomedNamespaces.contains(0))
        #expect(store.snomedNamespaces.contains(1_000_000))
    }

    @Test func fileNamesAreClassifiedAndSnapshotsPreferredOverFull() throws {
        #expect(SnomedImporter.kind(ofFile: "sct2_Concept_UKCLSnapshot_GB1000000_20220928.txt") == .concept)
        #expect(SnomedImporter.kind(ofFile: "sct2_Description_MONOSnapshot-en_GB_20210731.txt") == .description)
        #expect(SnomedImporter.kind(ofFile: "sct2_StatedRelationship_Snapshot_INT_20140131.txt") == nil)
        #expect(SnomedImporter.kind(ofFile: "sct2_RelationshipConcreteValues_Snapshot_INT_20230131.txt") == nil)
        #expect(SnomedImporter.kind(ofFile: "der2_cRefset_LanguageSnapshot-en_INT_20140131.txt") == .languageRefset)
        #expect(SnomedImporter.releaseType(ofFile: "sct2_Concept_UKEDFull_GB_20220928.txt") == "Full")
        let chosen = SnomedImporter.selectFiles(try ReleaseFile.list(TerminologyFixtures.miniCT))
        #expect(chosen.map(\.0) == [.concept, .description, .relationship, .languageRefset])
        #expect(chosen.allSatisfy { SnomedImporter.releaseType(ofFile: $0.1.name) == "Snapshot" })
    }

    @Test func fullFilesGiveTheSameStateAsTheSnapshot() throws {
        let full = TerminologyFixtures.miniCT + "/MiniCT/RF2Release/Full"
        let path = TemporaryFiles.path("full.sqlite")
        let counts = try CompiledCache.write(ConformanceIndex(entries: []), problems: [], sources: [],
                                             terminology: TerminologySources(snomed: [full]), to: path)
        let store = try CompiledCache(path: path).releaseStore()
        #expect(counts.snomedConcepts >= 102)
        #expect(store.concept(246_188_002)?.active == false)
        #expect(store.concept(131_148_009)?.active == true)
        #expect(Set(store.ancestors(of: 131_148_009)) == Set(TerminologyFixtures.store.ancestors(of: 131_148_009)))
    }

    @Test func releaseZipIsReadWithCRLFAndHeaderOnlyFiles() throws {
        let zip = TerminologyFixtures.root + "/snomed/snowstorm-dummy-release-zip/SnomedCT_InternationalRF2_PRODUCTION_20250701T120000Z.zip"
        let path = TemporaryFiles.path("zip.sqlite")
        let counts = try CompiledCache.write(ConformanceIndex(entries: []), problems: [], sources: [],
                                             terminology: TerminologySources(snomed: [zip]), to: path)
        #expect(counts.snomedConcepts == 1)
    }

    @Test func malformedRowIsRefusedWithFileAndLine() throws {
        let folder = TemporaryFiles.path("bad-rf2")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let rows = "id\teffectiveTime\tactive\tmoduleId\tdefinitionStatusId\r\n138875005\t20020131\t1\t900000000000207008\t900000000000074008\r\n404684003\t20020131\t1\r\n"
        try Data(rows.utf8).write(to: URL(fileURLWithPath: folder + "/sct2_Concept_Snapshot_INT_20990101.txt"))
        do {
            try CompiledCache.write(ConformanceIndex(entries: []), problems: [], sources: [],
                                    terminology: TerminologySources(snomed: [folder]), to: folder + "/out.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect(error.path.hasSuffix("sct2_Concept_Snapshot_INT_20990101.txt"))
            #expect(error.message == "line 3: 3 fields, but the header has 5")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.sqlite.partial"))
    }

    @Test func folderWithoutRF2FilesIsAnError() {
        #expect(throws: OperationalError.self) {
            try CompiledCache.write(ConformanceIndex(entries: []), problems: [], sources: [],
                                    terminology: TerminologySources(snomed: [TerminologyFixtures.dmd2021]),
                                    to: TemporaryFiles.path("none.sqlite"))
        }
    }

    @Test func conceptIdsAreCheckedWithTheVerhoeffDigit() {
        #expect(SnomedIdentifier.conceptProblem("22298006") == nil)
        #expect(SnomedIdentifier.conceptProblem("232981000000109") == nil)
        #expect(SnomedIdentifier.conceptProblem("22298007") == "its check digit (Verhoeff) is wrong")
        #expect(SnomedIdentifier.conceptProblem("12345") != nil)
        // 900000000000003001 is a valid concept id; 900000000000003011-style description ids are not concepts.
        #expect(SnomedIdentifier.conceptProblem("900000000000003001") == nil)
        #expect(SnomedIdentifier.namespace(232_981_000_000_109) == 1_000_000)
        #expect(SnomedIdentifier.namespace(22_298_006) == 0)
    }
}

@Suite struct DmdAndODSImportTests {
    let store = TerminologyFixtures.store

    @Test func dmdProductsOfEachKindAreLoaded() throws {
        let counts = TerminologyFixtures.compiled.counts.dmdProducts
        #expect(counts["VTM"] == 2_860)
        #expect(counts["VMP"] == 9)
        let paracetamol = try #require(store.dmdProduct(90_332_006))
        #expect(paracetamol.kind == "VTM")
        #expect(paracetamol.name == "Paracetamol")
        let nutrison = try #require(store.dmdProduct(442_611_000_001_109))
        #expect(nutrison.kind == "AMP")
        let vmp = try #require(store.dmdProduct(28_946_311_000_001_106))
        #expect(vmp.kind == "VMP")
        #expect(vmp.name == "Coal tar 10% / Salicylic acid 5% in Aqueous cream")
        #expect(store.dmdProduct(123) == nil)
    }

    @Test func practicesAndTrustsAreLoadedWithTheirStatus() throws {
        #expect(TerminologyFixtures.compiled.counts.odsOrganisations == ["epraccur": 14_357, "etr": 232])
        let practice = try #require(store.organisation("A81001"))
        #expect(practice.status == "A")
        #expect(practice.source == "epraccur")
        let closed = try #require(store.organisation("A81003"))
        #expect(closed.status == "C")
        #expect(closed.closeDate == "20171031")
        let trust = try #require(store.organisation("R0A"))
        #expect(trust.name == "MANCHESTER UNIVERSITY NHS FOUNDATION TRUST")
        #expect(store.organisation("ZZZ99") == nil)
    }

    @Test func malformedDmdXMLIsRefusedWithLineAndColumn() throws {
        let folder = TemporaryFiles.path("bad-dmd")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("<VIRTUAL_THERAPEUTIC_MOIETIES>\n  <VTM><VTMID>1</VTMID><NM>A</VTM>\n</VIRTUAL_THERAPEUTIC_MOIETIES>".utf8)
            .write(to: URL(fileURLWithPath: folder + "/f_vtm2_3010419.xml"))
        do {
            try CompiledCache.write(ConformanceIndex(entries: []), problems: [], sources: [],
                                    terminology: TerminologySources(dmd: [folder]), to: folder + "/out.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("line 2, column 29: </VTM> does not close <NM>"))
        }
    }

    @Test func quotedCSVFieldsMayHoldCommasAndQuotes() throws {
        var rows: [[String]] = []
        try QuotedCSV(file: "x.csv").forEachRow(Array("\"A\",\"B, C\",\"say \"\"hi\"\"\"\r\n\"D\",\"\",\"\"".utf8)) { fields, _ in rows.append(fields) }
        #expect(rows == [["A", "B, C", "say \"hi\""], ["D", "", ""]])
    }
}
