import LogInspection

extension Theme {
    /// A byte that differs from another replica's frame at the same position.
    public static let differingByte = Style(foreground: .black, background: .brightRed, bold: true)
    /// An unreadable entry: neither agreeing nor differing, and not the damage of a frame shown.
    public static let unreadable = Style(foreground: .magenta, bold: true)

    /// The style of a diff verdict: green agree, yellow absent, red diverge, magenta unreadable, dim
    /// pending (a writer has not flushed it yet).
    public static func verdict(_ verdict: ReplicaDiff.Verdict?) -> Style {
        switch verdict {
        case .agree?: return ok
        case .absent?: return warning
        case .diverge?: return error
        case .unreadable?: return unreadable
        case .pending?, nil: return dim
        }
    }
}
