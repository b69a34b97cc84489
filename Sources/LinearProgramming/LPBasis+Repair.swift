extension LPBasis {
    /// This basis made structurally nonsingular for `lp`, keeping as much of it as it can.
    ///
    /// A basis matrix can only be nonsingular if each row can be paired with a different basic
    /// variable that has a coefficient in it (a row's auxiliary variable has one, in its own row).
    /// The repair pairs them by a matching (greedy, then augmenting paths within a work budget).
    /// A basic variable left without a row leaves the basis (a column at its lower bound, a row
    /// at the bound the solver picks); a row left without a variable gets its auxiliary variable
    /// basic. The result has one basic variable per row. It can still be numerically singular (the
    /// solver then falls back, see `GLPKSolver`), but not structurally.
    /// - Precondition: one status per row and column of `lp`.
    /// - Complexity: O(nonzeros) for the pairing, plus at most `budget` steps of search.
    public func repaired(for lp: LinearProgram) -> LPBasis {
        let m = lp.rows.count
        let n = lp.columns.count
        precondition(rows.count == m && columns.count == n, "a basis for another model")
        var matching = BasisMatching(lp: lp, basis: self)
        matching.greedy()
        matching.augment(budget: 4 * (lp.nonzeros + m + n))
        var repaired = self
        for v in matching.unmatchedBasic() {
            if v < n { repaired.columns[v] = .atLower } else { repaired.rows[v - n] = .atLower }
        }
        for r in 0..<m where matching.rowMatch[r] < 0 { repaired.rows[r] = .basic }
        return repaired
    }
}

/// Rows paired with basic variables: variables 0..<n are the columns, n..<n+m the rows'
/// auxiliary variables.
struct BasisMatching {
    let n: Int
    /// Rows each basic column has a coefficient in (empty for nonbasic ones).
    let rowsOfColumn: [[Int32]]
    let isBasic: [Bool]
    var rowMatch: [Int]
    var variableMatch: [Int]

    init(lp: LinearProgram, basis: LPBasis) {
        let m = lp.rows.count
        n = lp.columns.count
        isBasic = basis.columns.map(\.isBasic) + basis.rows.map(\.isBasic)
        var rowsOfColumn = [[Int32]](repeating: [], count: n)
        for r in 0..<m {
            for k in lp.rowStarts[r]..<lp.rowStarts[r + 1] where isBasic[Int(lp.entryColumns[k])] {
                rowsOfColumn[Int(lp.entryColumns[k])].append(Int32(r))
            }
        }
        self.rowsOfColumn = rowsOfColumn
        rowMatch = Array(repeating: -1, count: m)
        variableMatch = Array(repeating: -1, count: n + m)
    }

    /// Rows variable `v` has a coefficient in.
    func rows(of v: Int) -> [Int32] { v < n ? rowsOfColumn[v] : [Int32(v - n)] }

    /// Basic auxiliary variables take their own rows first, then each basic column the first free
    /// row it has a coefficient in.
    mutating func greedy() {
        for v in Array(n..<variableMatch.count) + Array(0..<n) where isBasic[v] {
            for r in rows(of: v) where rowMatch[Int(r)] < 0 {
                rowMatch[Int(r)] = v
                variableMatch[v] = Int(r)
                break
            }
        }
    }

    /// Augmenting paths from each unmatched basic variable (depth first, each row visited once per
    /// search), until `budget` row visits are spent.
    mutating func augment(budget: Int) {
        var spent = 0
        var stamp = [Int](repeating: -1, count: rowMatch.count)
        for start in unmatchedBasic() {
            guard spent < budget else { return }
            // The path as (variable, next position in its rows); `via[i]` is the row taken to reach frame i.
            var stack: [(variable: Int, next: Int)] = [(start, 0)]
            var via: [Int] = [-1]
            var found = -1
            while let top = stack.last, found < 0, spent < budget {
                let rows = rows(of: top.variable)
                guard top.next < rows.count else {
                    stack.removeLast()
                    via.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let r = Int(rows[top.next])
                guard stamp[r] != start else { continue }
                stamp[r] = start
                spent += 1
                if rowMatch[r] < 0 {
                    found = r
                } else {
                    stack.append((rowMatch[r], 0))
                    via.append(r)
                }
            }
            guard found >= 0 else { continue }
            // Flip the path: each variable on it takes the row that led past it.
            var row = found
            for i in stride(from: stack.count - 1, through: 0, by: -1) {
                let v = stack[i].variable
                rowMatch[row] = v
                variableMatch[v] = row
                row = via[i]
            }
        }
    }

    /// Basic variables without a row.
    func unmatchedBasic() -> [Int] {
        (0..<variableMatch.count).filter { isBasic[$0] && variableMatch[$0] < 0 }
    }
}
