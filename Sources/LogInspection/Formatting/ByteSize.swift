/// Byte counts for people, in two widths: `long` for sentences and tables (`1037 B`, `1.0 KiB`,
/// `16.0 MiB`), `compact` for narrow columns (`1037`, `16.0K`, `12.0M`).

public enum ByteSize {
    /// `1037 B`, `1.0 KiB`, `16.0 MiB`: one decimal, binary units.
    public static func long(_ bytes: UInt64) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        let (value, unit) = scaled(bytes, below: 1024)
        return "\(oneDecimal(value)) \(["KiB", "MiB", "GiB", "TiB"][unit])"
    }

    /// `1037`, `16.0K`, `12.0M`: at most six columns (binary units, no decimal from 100 up).
    public static func compact(_ bytes: UInt64) -> String {
        if bytes < 10_000 { return "\(bytes)" }
        let (value, unit) = scaled(bytes, below: 1000)
        let unitName = ["K", "M", "G", "T"][unit]
        return value >= 100 ? "\(Int(value.rounded()))\(unitName)" : "\(oneDecimal(value))\(unitName)"
    }

    /// `bytes` in KiB, MiB, … (unit 0 is KiB), dividing while the value is at least `limit`.
    private static func scaled(_ bytes: UInt64, below limit: Double) -> (value: Double, unit: Int) {
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= limit, unit < 3 {
            value /= 1024
            unit += 1
        }
        return (value, unit)
    }

    private static func oneDecimal(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
