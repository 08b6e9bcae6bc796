import FHIRElements

/// Imports an NHSBSA dm+d XML release (folder or zip: f_vtm2, f_vmp2, f_amp2, f_vmpp2, f_ampp2,
/// f_ingredient2) into `dmd_product`.
///
/// Each product keeps its kind, name, invalid flag and parent (VMP → VTM, AMP → VMP,
/// VMPP → VMP, AMPP → AMP). dm+d ids are SNOMED CT ids of the UK drug extension, so the same
/// rows answer codes in `https://dmd.nhs.uk` and in `http://snomed.info/sct`.
struct DmdImporter {
    /// The record element of each product kind and its id, name and parent fields.
    static let layouts: [String: (kind: String, id: String, name: String, parent: String?)] = [
        "VTM": ("VTM", "VTMID", "NM", nil),
        "VMP": ("VMP", "VPID", "NM", "VTMID"),
        "AMP": ("AMP", "APID", "DESC", "VPID"),
        "VMPP": ("VMPP", "VPPID", "NM", "VPID"),
        "AMPP": ("AMPP", "APPID", "NM", "APID"),
        "ING": ("ING", "ISID", "NM", nil),
    ]

    /// The file-name prefixes of the files read.
    static let filePrefixes = ["f_vtm2", "f_vmp2", "f_amp2", "f_vmpp2", "f_ampp2", "f_ingredient2"]

    let database: SQLiteDatabase

    /// Reads the product files of a release. - Returns: products by kind.
    /// - Throws: `OperationalError` naming the file, line and column of malformed XML.
    func importRelease(_ path: String, progress: (String) -> Void) throws(OperationalError) -> [String: Int] {
        let files = try ReleaseFile.list(path).filter { file in
            file.name.hasSuffix(".xml") && Self.filePrefixes.contains { file.name.hasPrefix($0 + "_") }
        }
        guard !files.isEmpty else {
            throw OperationalError(.invalidResource, path: path, "no dm+d product files (f_vtm2_…xml, f_vmp2_…xml, …) were found here")
        }
        let insert = try database.prepare("INSERT OR REPLACE INTO dmd_product VALUES (?, ?, ?, ?, ?)")
        var counts: [String: Int] = [:]
        for file in files {
            progress("dm+d: \(file.name)")
            let scanner = RecordXMLScanner(file: file.location)
            try scanner.scan([UInt8](try file.bytes())) { (record) throws(OperationalError) in
                guard let layout = Self.layouts[record.name], let idText = record.fields[layout.id] else { return }
                guard let id = Int64(idText) else {
                    throw OperationalError(.invalidResource, path: file.location, "\(record.name) has a non-numeric \(layout.id) '\(idText)'")
                }
                let name = record.fields[layout.name] ?? record.fields["NM"] ?? ""
                let parent = layout.parent.flatMap { record.fields[$0] }.flatMap { Int64($0) }
                try insert.bind(id, layout.kind, name, record.fields["INVALID"] == "1", parent).run()
                counts[layout.kind, default: 0] += 1
            }
        }
        return counts
    }
}
