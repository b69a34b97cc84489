import Foundation

/// A small SVG chart writer: one or more stacked panels sharing the x axis, each with line or
/// scatter series, axis ticks, labels and a legend. Enough for backtest reports without Python.
public struct SVGChart: Sendable {
    /// One series of points.
    public struct Series: Sendable {
        public enum Style: Sendable { case line, steps, points, dashed }
        public var label: String
        public var points: [(x: Double, y: Double)]
        public var style: Style
        public var color: String

        public init(label: String, points: [(x: Double, y: Double)], style: Style = .line, color: String) {
            self.label = label
            self.points = points
            self.style = style
            self.color = color
        }
    }

    /// One plotting area.
    public struct Panel: Sendable {
        public var yLabel: String
        public var series: [Series]
        /// Whether the y axis always reaches down (or up) to zero.
        public var includesZero: Bool
        public init(yLabel: String, series: [Series], includesZero: Bool = true) {
            self.yLabel = yLabel
            self.series = series
            self.includesZero = includesZero
        }
    }

    public var title: String
    public var xLabel: String
    public var panels: [Panel]
    public var width = 900.0
    public var panelHeight = 300.0

    /// Colours for policies, in a fixed order so every chart matches.
    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    public init(title: String, xLabel: String, panels: [Panel]) {
        self.title = title
        self.xLabel = xLabel
        self.panels = panels
    }

    /// The SVG document.
    public func render() -> String {
        let left = 70.0, right = 170.0, top = 40.0, gap = 40.0, bottom = 50.0
        let height = top + Double(panels.count) * panelHeight + Double(panels.count - 1) * gap + bottom
        let plotWidth = width - left - right
        let xs = panels.flatMap { $0.series.flatMap { $0.points.map(\.x) } }
        let (x0, x1) = Self.range(xs)
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotWidth }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Int(width / 2))" y="22" text-anchor="middle" font-size="16">\(Self.escape(title))</text>

            """
        for (p, panel) in panels.enumerated() {
            let y0px = top + Double(p) * (panelHeight + gap)
            let ys = panel.series.flatMap { $0.points.map(\.y) }
            let (ylo, yhi) = Self.range(panel.includesZero ? ys + [0] : ys)
            func py(_ y: Double) -> Double { y0px + panelHeight - (y - ylo) / (yhi - ylo) * panelHeight }
            svg += "<rect x=\"\(f(left))\" y=\"\(f(y0px))\" width=\"\(f(plotWidth))\" height=\"\(f(panelHeight))\" fill=\"none\" stroke=\"#444\"/>\n"
            for t in Self.ticks(ylo, yhi) {
                svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(py(t)))\" y2=\"\(f(py(t)))\" stroke=\"#ddd\"/>"
                svg += "<text x=\"\(f(left - 6))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\">\(Self.label(t))</text>\n"
            }
            svg +=
                "<text transform=\"translate(18,\(f(y0px + panelHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(panel.yLabel))</text>\n"
            for (s, series) in panel.series.enumerated() {
                let pts = series.points.filter { $0.x.isFinite && $0.y.isFinite }
                switch series.style {
                case .points:
                    for pt in pts {
                        svg += "<circle cx=\"\(f(px(pt.x)))\" cy=\"\(f(py(pt.y)))\" r=\"2.5\" fill=\"\(series.color)\" fill-opacity=\"0.6\"/>"
                    }
                    svg += "\n"
                case .line, .dashed, .steps:
                    var path = ""
                    for (i, pt) in pts.enumerated() {
                        if series.style == .steps, i > 0 { path += " L\(f(px(pt.x))),\(f(py(pts[i - 1].y)))" }
                        path += (i == 0 ? "M" : " L") + "\(f(px(pt.x))),\(f(py(pt.y)))"
                    }
                    let dash = series.style == .dashed ? " stroke-dasharray=\"6,4\"" : ""
                    svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"1.5\"\(dash)/>\n"
                }
                let ly = y0px + 14 + Double(s) * 18
                svg += "<rect x=\"\(f(left + plotWidth + 12))\" y=\"\(f(ly - 9))\" width=\"12\" height=\"10\" fill=\"\(series.color)\"/>"
                svg += "<text x=\"\(f(left + plotWidth + 30))\" y=\"\(f(ly))\">\(Self.escape(series.label))</text>\n"
            }
        }
        let axisY = top + Double(panels.count) * panelHeight + Double(panels.count - 1) * gap
        for t in Self.ticks(x0, x1) {
            svg += "<text x=\"\(f(px(t)))\" y=\"\(f(axisY + 16))\" text-anchor=\"middle\">\(Self.label(t))</text>"
        }
        svg += "\n<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(axisY + 38))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n</svg>\n"
        return svg
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func range(_ values: [Double]) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return (0, 1) }
        if hi - lo < 1e-9 { return (lo - 1, hi + 1) }
        let pad = (hi - lo) * 0.04
        return (lo - (lo == 0 ? 0 : pad), hi + pad)
    }

    /// About six round tick values in [lo, hi].
    static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        let raw = (hi - lo) / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var t = ceil(lo / step) * step
        var out: [Double] = []
        while t <= hi + step * 1e-9, out.count < 20 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    static func label(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e7 { return String(Int(v)) }
        return String(format: "%.3g", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
