import LinearProgramming

/// What one row or column of a feeder model stands for: its kind, the session, site or feeder it
/// belongs to (by problem index) and its interval. Keys give each row and column its MPS name and
/// let a previous window's basis be carried over (`DispatchBasis`).
struct ModelKey: Hashable, Sendable {
    /// The quantity or constraint; every kind belongs to one kind of owner.
    enum Kind: UInt8, Sendable {
        // Session columns and rows.
        case charge, discharge, energy, unmet, energyRow, storageRow, targetRow
        // Site columns and rows.
        case peak, siteImport, siteExport, curtailment, siteViolation, balanceRow, siteLimitRow, peakRow
        // Feeder columns and rows.
        case feederViolation, feederImportRow, feederExportRow

        /// The name's prefix, as in docs/dispatch-model.md.
        var prefix: String {
            switch self {
            case .charge: "pc"
            case .discharge: "pd"
            case .energy: "e"
            case .unmet: "unmet"
            case .energyRow: "energy"
            case .storageRow: "soc"
            case .targetRow: "target"
            case .peak, .peakRow: "peak"
            case .siteImport: "gi"
            case .siteExport: "ge"
            case .curtailment: "curt"
            case .siteViolation: "vs"
            case .balanceRow: "bal"
            case .siteLimitRow: "simp"
            case .feederViolation: "vf"
            case .feederImportRow: "fimp"
            case .feederExportRow: "fexp"
            }
        }

        /// What owns a row or column of this kind.
        var owner: Owner {
            switch self {
            case .charge, .discharge, .energy, .unmet, .energyRow, .storageRow, .targetRow: .session
            case .peak, .siteImport, .siteExport, .curtailment, .siteViolation, .balanceRow, .siteLimitRow, .peakRow: .site
            case .feederViolation, .feederImportRow, .feederExportRow: .feeder
            }
        }
    }

    enum Owner: Sendable {
        case session, site, feeder
    }

    let kind: Kind
    /// Index of the session, site or feeder in the problem.
    let owner: Int32
    /// The interval (for `energy`, the interval the energy is at the start of), or -1 for a row
    /// or column of the whole window.
    let interval: Int32

    init(_ kind: Kind, _ owner: Int, _ interval: Int? = nil) {
        self.kind = kind
        self.owner = Int32(truncatingIfNeeded: owner)
        self.interval = Int32(truncatingIfNeeded: interval ?? -1)
    }

    /// The row's or column's MPS name, e.g. `pc_s3_t17`, `energy_s3`, `fimp_f0_t5`.
    var name: String {
        let letter =
            switch kind.owner {
            case .session: "s"
            case .site: "k"
            case .feeder: "f"
            }
        return interval < 0 ? "\(kind.prefix)_\(letter)\(owner)" : "\(kind.prefix)_\(letter)\(owner)_t\(interval)"
    }
}

extension FeederModelBuilder {
    /// Adds a column standing for `key` (its name derived from the key).
    @discardableResult
    mutating func addColumn(_ key: ModelKey, lowerBound: Double = 0, upperBound: Double = .infinity, cost: Double = 0) -> LinearProgram.ColumnID {
        model.columnKeys.append(key)
        return model.lp.addColumn(key.name, lowerBound: lowerBound, upperBound: upperBound, cost: cost)
    }

    /// Adds a row standing for `key` (its name derived from the key).
    @discardableResult
    mutating func addRow(
        _ key: ModelKey, terms: [(LinearProgram.ColumnID, Double)], lowerBound: Double = -.infinity, upperBound: Double = .infinity
    ) -> LinearProgram.RowID {
        model.rowKeys.append(key)
        return model.lp.addRow(key.name, terms: terms, lowerBound: lowerBound, upperBound: upperBound)
    }
}
