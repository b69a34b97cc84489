// The domain's JSON values, RFC 3339 timestamps and `Displayed` live in the StrictJSON leaf module
// (shared with the tariff edge, which may not depend on the domain). Re-exported so that modules
// using `Timestamp`, `JSONValue` or `JSONReader` through the domain keep compiling unchanged.
@_exported public import StrictJSON

extension JSONReader.Options {
    /// What the engine's readers accept (requests, flows, pricing configs, data files): nesting up
    /// to 64 levels, a leading UTF-8 byte order mark, which editors on Windows like to add, and
    /// overflowing numbers as infinity, so that validation names them by JSON path
    /// (`prices.importPerKwh[1]: must be a finite number`) instead of a line and column.
    public static let engine = JSONReader.Options(maximumDepth: 64, allowsByteOrderMark: true, overflowIsInfinity: true)
}
