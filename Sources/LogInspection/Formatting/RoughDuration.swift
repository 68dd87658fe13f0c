/// A duration rounded for a person to read at a glance: `12 s`, `4 min`, `3 h` (the inspector's roll
/// estimate, the command line's progress lines).
public enum RoughDuration {
    /// `seconds` in the largest unit that keeps two significant figures at most.
    public static func format(_ seconds: Double) -> String {
        if seconds < 120 { return "\(Int(seconds.rounded())) s" }
        if seconds < 7200 { return "\(Int((seconds / 60).rounded())) min" }
        return "\(Int((seconds / 3600).rounded())) h"
    }

    /// `duration` in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
