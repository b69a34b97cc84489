/// |a − b| ≤ absolute + relative·max(|a|, |b|).
func isClose(_ a: Double, _ b: Double, absolute: Double = 1e-7, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}
