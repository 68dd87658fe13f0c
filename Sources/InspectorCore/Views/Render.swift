/// Draws the whole screen for `state` into `buffer`. Pure: reads only the state.
public func render(_ state: InspectorState, into buffer: inout Buffer) {
    buffer.fill(buffer.bounds)
    let layout = state.layout(for: buffer.size)
    guard layout.arrangement != .tooSmall else {
        let lines = [
            "logscope needs at least \(Layout.minimum.width)x\(Layout.minimum.height)",
            "this terminal is \(buffer.size.width)x\(buffer.size.height)",
            "enlarge it, or press q to quit",
        ]
        for (i, line) in lines.enumerated() {
            let y = buffer.size.height / 2 - 1 + i
            buffer.draw(line, x: max(0, (buffer.size.width - TextWidth.of(line)) / 2), y: y, style: i == 0 ? Theme.warning : Theme.text)
        }
        return
    }
    TopBar.draw(state, in: layout.topBar, into: &buffer)
    FindingsBar.draw(state, in: layout.findingsBar, into: &buffer)
    SegmentsView.draw(state, in: layout.segments, into: &buffer)
    RecordsView.draw(state, in: layout.records, into: &buffer)
    DetailView.draw(state, in: layout.detail, into: &buffer)
    BottomBar.draw(state, in: layout.bottomBar, into: &buffer)
    if let overlay = state.overlay { Overlays.draw(overlay, state: state, into: &buffer) }
}
