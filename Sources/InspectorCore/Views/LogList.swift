/// The list of a node's logs that `L` opens, in the single-log view and the compare view alike: `j`
/// `k` move, `Enter` opens the selected log, `Esc` (or `L`, `q`) closes it.
enum LogList {
    /// What a key does to the open list.
    enum Outcome: Equatable {
        /// Select log `index`.
        case select(Int)
        /// Close the list and show log `index` (unless it is the one shown).
        case open(Int)
        case close
        case ignore
    }

    static func handle(_ key: Key, selected: Int, count: Int) -> Outcome {
        switch key {
        case .character("j"), .down: .select(min(selected + 1, max(0, count - 1)))
        case .character("k"), .up: .select(max(0, selected - 1))
        case .character("g"), .home: .select(0)
        case .character("G"), .end: .select(max(0, count - 1))
        case .enter: .open(selected)
        case .escape, .character("L"), .character("q"): .close
        default: .ignore
        }
    }

    /// Draws the list over the screen, the shown log marked and the selected one highlighted.
    static func draw(_ logs: [String], current: Int, selected: Int, title: String, in size: Size, into buffer: inout Buffer) {
        let width = max(40, (logs.map(\.count).max() ?? 0) + 8)
        let rect = Overlays.box(width: width, height: logs.count + 2, in: size)
        let inner = Overlays.frame(rect, title: title, right: "Enter open · Esc close", into: &buffer)
        for (i, name) in logs.enumerated() where i < inner.height {
            let style = i == selected ? Theme.selection : Theme.text
            buffer.drawLine((i == current ? " ● " : "   ") + name, in: inner, row: i, style: style)
        }
    }
}
