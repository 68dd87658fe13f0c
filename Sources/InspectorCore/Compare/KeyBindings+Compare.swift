extension KeyBindings {
    /// Keys of the compare view (`logscope DIR DIR…`).
    public static let compare: [Binding] = [
        Binding("j k ↓ ↑", "move between offsets (or scroll the detail pane)"),
        Binding("Space PgDn Ctrl-f", "page down (PgUp Ctrl-b: up; Ctrl-d Ctrl-u: half a page)"),
        Binding("g G Home End", "first / last offset (top / bottom of the detail pane)"),
        Binding("NG", "go to offset N"),
        Binding("e E", "next / previous difference (a run of offsets that do not agree)"),
        Binding("/", "search every directory's values (x:0a0b hex, term:N, type:NAME)"),
        Binding("n N", "next / previous offset where some directory's record matches"),
        Binding("&", "list only the offsets where some directory's record matches (& Enter: all)"),
        Binding("f", "follow the offsets writers append (k pauses, G resumes, f stops)"),
        Binding("F", "follow until the next new difference, then stop there"),
        Binding("Enter", "each directory's frame in the detail pane, differing bytes marked"),
        Binding("← →", "scroll the directories' values sideways"),
        Binding("Tab Shift-Tab h l", "focus the rows / the detail pane"),
        Binding("L", "node directories: list their logs (log, raft/log) to show another"),
        Binding("o", "hex dumps: offsets in decimal / hex"),
        Binding("r", "rescan the directories and diff them again"),
        Binding("F2", "mouse capture on / off (off: select text with the mouse)"),
        Binding("mouse", "wheel scrolls, click focuses and selects"),
        Binding("Esc", "clear the message"),
        Binding("?  F1", "this help"),
        Binding("q  Ctrl-c", "quit"),
    ]

    /// The compare view's bottom bar hints, most useful first (`L` when there are logs to switch).
    public static func compareHints(logs: Bool) -> [(key: String, label: String)] {
        [("j/k", "move"), ("e/E", "difference"), ("/", "search"), ("Enter", "detail"), ("Tab", "pane")] + (logs ? [("L", "log")] : [])
            + [("o", "offsets"), ("?", "help"), ("q", "quit")]
    }
}
