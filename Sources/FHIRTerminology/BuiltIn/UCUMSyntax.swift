import FHIRElements

/// UCUM unit expressions (https://ucum.org/ucum): the grammar (terms joined by `.` and `/`,
/// parentheses, exponents, `{annotations}`, a leading `/`) over the atoms and prefixes of the
/// specification's common clinical subset. Case-sensitive (`c/s`).
public enum UCUMSyntax {
    /// Metric prefixes.
    static let prefixes: [String] = ["Y", "Z", "E", "P", "T", "G", "M", "k", "h", "da", "d", "c", "m", "u", "n", "p", "f", "a", "z", "y", "Ki", "Mi", "Gi", "Ti"]

    /// Metric atoms (take prefixes).
    static let metricAtoms: Set<String> = [
        "m", "s", "g", "rad", "K", "C", "cd", "mol", "sr", "Hz", "N", "Pa", "J", "W", "A", "V", "F", "Ohm", "S", "Wb", "Cel", "T",
        "H", "lm", "lx", "Bq", "Gy", "Sv", "l", "L", "ar", "t", "bar", "u", "eV", "pc", "[c]", "[h]", "[k]", "[eps_0]", "[mu_0]",
        "[e]", "[m_e]", "[m_p]", "[G]", "[g]", "[ly]", "gf", "Ky", "Gal", "dyn", "erg", "P", "St", "Mx", "G", "Oe", "Gb", "sb",
        "Lmb", "ph", "Ci", "R", "RAD", "REM", "cal", "[iU]", "[IU]", "eq", "osm", "U", "kat", "g%", "B", "Np", "bit", "By", "Bd",
        "mho", "[pH]", "mm[Hg]", "m[H2O]", "m[Hg]", "[drp]", "%", "10*", "10^", "[ppth]", "[ppm]", "[ppb]", "[pptr]", "[HPF]",
        "[LPF]", "[arb'U]", "[USP'U]", "[GPL'U]", "[MPL'U]", "[APL'U]", "[beth'U]", "[anti'Xa'U]", "[todd'U]", "[dye'U]",
        "[smgy'U]", "[bdsk'U]", "[ka'U]", "[knk'U]", "[mclg'U]", "[tb'U]", "[CCID_50]", "[TCID_50]", "[EID_50]", "[PFU]", "[FFU]",
        "[CFU]", "[IR]", "[BAU]", "[AU]", "[Amb'a'1'U]", "[PNU]", "[Lf]", "[D'ag'U]", "[FEU]", "[ELU]", "[EU]", "cal_[15]",
        "cal_[20]", "cal_m", "cal_IT", "cal_th", "[Cal]", "atm", "att", "b", "AU", "[S]", "[HP]", "[degF]", "[degR]", "[degRe]",
        "[m/s2/Hz^(1/2)]", "st", "mo_s",
    ]

    /// Non-metric atoms (no prefixes).
    static let atoms: Set<String> = [
        "min", "h", "d", "a", "wk", "mo", "a_t", "a_j", "a_g", "mo_j", "mo_g", "'", "''", "deg", "gon", "[pi]", "[ppth]",
        "[in_i]", "[ft_i]", "[yd_i]", "[mi_i]", "[fth_i]", "[nmi_i]", "[kn_i]", "[sin_i]", "[sft_i]", "[syd_i]", "[cin_i]",
        "[cft_i]", "[cyd_i]", "[bf_i]", "[cr_i]", "[mil_i]", "[cml_i]", "[hd_i]", "[gal_us]", "[bbl_us]", "[qt_us]", "[pt_us]",
        "[gil_us]", "[foz_us]", "[fdr_us]", "[min_us]", "[crd_us]", "[bu_us]", "[gal_wi]", "[pk_us]", "[dqt_us]", "[dpt_us]",
        "[tbs_us]", "[tsp_us]", "[cup_us]", "[foz_m]", "[cup_m]", "[tsp_m]", "[tbs_m]", "[gal_br]", "[pk_br]", "[bu_br]",
        "[qt_br]", "[pt_br]", "[gil_br]", "[foz_br]", "[fdr_br]", "[min_br]", "[gr]", "[lb_av]", "[oz_av]", "[dr_av]",
        "[scwt_av]", "[lcwt_av]", "[ston_av]", "[lton_av]", "[stone_av]", "[pwt_tr]", "[oz_tr]", "[lb_tr]", "[sc_ap]", "[dr_ap]",
        "[oz_ap]", "[lb_ap]", "[oz_m]", "[lne]", "[pnt]", "[pca]", "[pied]", "[pouce]", "[ligne]", "[didot]", "[cicero]", "[psi]",
        "[Btu]", "[Btu_IT]", "[Btu_th]", "[Btu_m]", "[Btu_39]", "[Btu_59]", "[Btu_60]", "[hp]", "[diop]", "[p'diop]", "%[slope]",
        "[mesh_i]", "[Ch]", "[hnsf'U]", "[MET]", "[S]", "[HPF]", "[LPF]", "[mi_us]", "[ft_us]", "[yd_us]", "[in_us]", "[rd_us]",
        "[ch_us]", "[lk_us]", "[rch_us]", "[rlk_us]", "[fur_us]", "[smi_us]", "[acr_us]", "[srd_us]", "[sct]", "[twp]",
        "[mil_us]", "[in_br]", "[ft_br]", "[rd_br]", "[ch_br]", "[lk_br]", "[fth_br]", "[pc_br]", "[yd_br]", "[mi_br]",
        "[nmi_br]", "[kn_br]", "[acr_br]", "[car_m]", "[car_Au]", "[smoot]", "[iU]", "[IU]", "[wood'U]",
    ]

    /// Why an expression is not a valid UCUM unit, or nil. O(length × atom length).
    public static func problem(_ unit: String) -> String? {
        guard !unit.isEmpty else { return "a unit cannot be empty" }
        guard unit.allUTF8Bytes({ $0 > 32 && $0 < 127 }) else { return "UCUM units are printable ASCII without spaces" }
        var parser = Parser(text: Array(unit))
        return parser.parse()
    }

    private struct Parser {
        let text: [Character]
        var i = 0

        mutating func parse() -> String? {
            if i < text.count, text[i] == "/" { i += 1 }
            if let problem = term() { return problem }
            return i == text.count ? nil : "unexpected '\(String(text[i...]))'"
        }

        mutating func term() -> String? {
            if let problem = component() { return problem }
            while i < text.count, text[i] == "." || text[i] == "/" {
                i += 1
                if let problem = component() { return problem }
            }
            return nil
        }

        mutating func component() -> String? {
            guard i < text.count else { return "a unit is missing at the end" }
            if text[i] == "(" {
                i += 1
                if let problem = term() { return problem }
                guard i < text.count, text[i] == ")" else { return "')' expected" }
                i += 1
                return nil
            }
            if text[i] == "{" { return annotation() }
            if text[i].isNumber {
                // A factor (an integer), or the special 10* / 10^ atoms.
                let start = i
                while i < text.count, text[i].isNumber { i += 1 }
                if i < text.count, text[i] == "*" || text[i] == "^", String(text[start..<i]) == "10" {
                    i += 1
                    exponent()
                }
                return i < text.count && text[i] == "{" ? annotation() : nil
            }
            let start = i
            while i < text.count, !".(/){}".contains(text[i]), !(text[i].isNumber && i > start && !insideBrackets(start)) ,
                  !((text[i] == "+" || text[i] == "-") && i > start && !insideBrackets(start)) {
                i += 1
            }
            let symbol = String(text[start..<i])
            guard isUnit(symbol) else { return "unknown unit '\(symbol)'" }
            exponent()
            if i < text.count, text[i] == "{" { return annotation() }
            return nil
        }

        private func insideBrackets(_ start: Int) -> Bool {
            var depth = 0
            for k in start..<i {
                if text[k] == "[" { depth += 1 } else if text[k] == "]" { depth -= 1 }
            }
            return depth > 0
        }

        mutating func exponent() {
            if i < text.count, text[i] == "+" || text[i] == "-" { i += 1 }
            while i < text.count, text[i].isNumber { i += 1 }
        }

        mutating func annotation() -> String? {
            guard let close = text[i...].firstIndex(of: "}") else { return "'}' expected" }
            i = close + 1
            return nil
        }

        func isUnit(_ symbol: String) -> Bool {
            if UCUMSyntax.atoms.contains(symbol) || UCUMSyntax.metricAtoms.contains(symbol) { return true }
            for prefix in UCUMSyntax.prefixes where symbol.hasPrefix(prefix) {
                if UCUMSyntax.metricAtoms.contains(String(symbol.dropFirst(prefix.count))) { return true }
            }
            return false
        }
    }
}
