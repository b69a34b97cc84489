import Foundation

extension LinearProgram {
    /// The model as free-format MPS text.
    ///
    /// Written here rather than by GLPK's `glp_write_mps`, which omits `OBJSENSE` (a maximisation
    /// reads back as a minimisation) and writes the objective constant with the sign other readers
    /// negate. This writer follows the common convention (CPLEX, HiGHS): `OBJSENSE MAX` when
    /// maximising, and the objective row's RHS equal to minus the constant. Unnamed rows and
    /// columns get `R<n>` / `C<n>`; integer columns are wrapped in `MARKER` lines.
    /// - Complexity: O(rows + columns + nonzeros).
    public func freeMPS(name: String = "chargeshare") -> String {
        let rowName = { (i: Int) in rows[i].name.isEmpty ? "R\(i + 1)" : rows[i].name }
        let columnName = { (j: Int) in columns[j].name.isEmpty ? "C\(j + 1)" : columns[j].name }
        let objective = "obj"
        var out = "NAME \(name)\n"
        if sense == .maximize { out += "OBJSENSE\n    MAX\n" }
        out += "ROWS\n N \(objective)\n"
        for (i, row) in rows.enumerated() {
            let type: String
            switch (row.lowerBound.isFinite, row.upperBound.isFinite) {
            case (false, false): type = "N"
            case (true, false): type = "G"
            case (false, true): type = "L"
            case (true, true): type = row.lowerBound == row.upperBound ? "E" : "G"
            }
            out += " \(type) \(rowName(i))\n"
        }
        // Column-wise view of the row-wise matrix.
        var byColumn = [[(Int, Double)]](repeating: [], count: columns.count)
        for r in 0..<rows.count {
            for k in rowStarts[r]..<rowStarts[r + 1] { byColumn[Int(entryColumns[k])].append((r, entryValues[k])) }
        }
        out += "COLUMNS\n"
        var inIntegerBlock = false
        for (j, column) in columns.enumerated() {
            let isInteger = column.kind != .continuous
            if isInteger != inIntegerBlock {
                out += "    MARKER 'MARKER' '\(isInteger ? "INTORG" : "INTEND")'\n"
                inIntegerBlock = isInteger
            }
            let name = columnName(j)
            if column.cost != 0 || byColumn[j].isEmpty { out += " \(name) \(objective) \(Self.mps(column.cost))\n" }
            for (r, value) in byColumn[j] { out += " \(name) \(rowName(r)) \(Self.mps(value))\n" }
        }
        if inIntegerBlock { out += "    MARKER 'MARKER' 'INTEND'\n" }
        out += "RHS\n"
        if objectiveConstant != 0 { out += " RHS \(objective) \(Self.mps(-objectiveConstant))\n" }
        for (i, row) in rows.enumerated() {
            let rhs = row.lowerBound.isFinite ? row.lowerBound : row.upperBound
            if rhs.isFinite && rhs != 0 { out += " RHS \(rowName(i)) \(Self.mps(rhs))\n" }
        }
        let ranged = rows.indices.filter {
            rows[$0].lowerBound.isFinite && rows[$0].upperBound.isFinite && rows[$0].lowerBound != rows[$0].upperBound
        }
        if !ranged.isEmpty {
            out += "RANGES\n"
            for i in ranged { out += " RNG \(rowName(i)) \(Self.mps(rows[i].upperBound - rows[i].lowerBound))\n" }
        }
        out += bounds(columnName)
        out += "ENDATA\n"
        return out
    }

    private func bounds(_ columnName: (Int) -> String) -> String {
        var out = ""
        for (j, c) in columns.enumerated() {
            let name = columnName(j)
            let (lower, upper) = (c.lowerBound, c.upperBound)
            if c.kind == .binary && lower == 0 && upper == 1 {
                out += " BV BND \(name)\n"
            } else if lower == upper {
                out += " FX BND \(name) \(Self.mps(lower))\n"
            } else if !lower.isFinite && !upper.isFinite {
                out += " FR BND \(name)\n"
            } else {
                // MPS defaults: lower 0, upper +infinity (integer columns too, when UP is given first).
                if !lower.isFinite {
                    out += " MI BND \(name)\n"
                } else if lower != 0 || c.kind != .continuous {
                    out += " LO BND \(name) \(Self.mps(lower))\n"
                }
                if upper.isFinite {
                    out += " UP BND \(name) \(Self.mps(upper))\n"
                } else if c.kind != .continuous {
                    out += " PL BND \(name)\n"
                }
            }
        }
        return out.isEmpty ? "" : "BOUNDS\n" + out
    }

    /// Shortest text that reads back to the same `Double`.
    static func mps(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// Writes `freeMPS()` to `path`.
    public func writeFreeMPS(to path: String, name: String = "chargeshare") throws(LPError) {
        try validate()
        do {
            try freeMPS(name: name).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .ioFailure("cannot write MPS file \(path): \(error.localizedDescription)")
        }
    }
}
