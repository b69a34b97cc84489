public import Foundation

/// Decimal helpers for amounts people pay: conversion from the LP's doubles without binary
/// noise, and the one rounding step (4 decimals, half away from zero).
public enum Money {
    /// Decimals kept in every published price.
    public static let scale = 4

    /// The decimal written by the shortest round-trip text of `value` (`0.1` stays `0.1`, not
    /// `0.1000000000000000055…`).
    public static func decimal(_ value: Double) -> Decimal {
        Decimal(string: "\(value)", locale: posix) ?? Decimal(value)
    }

    /// `value` rounded to 4 decimals, halves away from zero. Apply once, at the end.
    public static func rounded(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }

    /// Whether `value` already has at most 4 decimals.
    public static func hasScale(_ value: Decimal) -> Bool { rounded(value) == value }

    /// Exactly 4 decimals: `0.35` → `"0.3500"`.
    public static func text(_ value: Decimal) -> String {
        let plain = "\(rounded(value))"  // Decimal prints plain digits: "0.35", "-2", "12.5"
        let parts = plain.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, scale - fraction.count))
    }

    /// A decimal from text such as `"0.05"`; `nil` when it is not a plain decimal number.
    public static func parse(_ text: String) -> Decimal? {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !body.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            return nil
        }
        return Decimal(string: text, locale: posix)
    }

    static let posix = Locale(identifier: "en_US_POSIX")
}
