/// What a terminal smaller than ``Layout/minimum`` shows instead of the panes.
enum TooSmall {
    static func draw(into buffer: inout Buffer) {
        let lines = [
            "logscope needs at least \(Layout.minimum.width)x\(Layout.minimum.height)",
            "this terminal is \(buffer.size.width)x\(buffer.size.height)",
            "enlarge it, or press q to quit",
        ]
        for (i, line) in lines.enumerated() {
            let y = buffer.size.height / 2 - 1 + i
            buffer.draw(line, x: max(0, (buffer.size.width - TextWidth.of(line)) / 2), y: y, style: i == 0 ? Theme.warning : Theme.text)
        }
    }
}
