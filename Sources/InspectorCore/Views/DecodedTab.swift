import LogCore
import LogInspection

/// The Decoded tab: the record's fields, then its value as JSON, text or a protobuf field tree.
enum DecodedTab {
    static func lines(_ detail: DetailData, state: InspectorState, width: Int) -> [StyledLine] {
        if let anomaly = detail.anomaly {
            var lines = [StyledLine(anomaly.label, Theme.severity(anomaly.severity))]
            if let file = anomaly.file, let bytes = anomaly.bytes {
                lines.append(StyledLine("\(RangeNotation.location(file: file, bytes: bytes)) (\(bytes.byteCount) bytes)", Theme.dim))
            }
            if state.snapshot.findings.indices.contains(anomaly.findingIndex) {
                lines.append(StyledLine())
                lines += StyledLine.wrap(state.snapshot.findings[anomaly.findingIndex].explanation, width: width)
            }
            return lines
        }
        guard let record = detail.record else { return [StyledLine("no record", Theme.dim)] }
        var lines: [StyledLine] = []
        func field(_ name: String, _ value: String, _ style: Style = .plain) { lines.append(Self.field(name, value, style)) }
        field("offset", "\(record.offset)   (segment \(record.segmentBase), slot \(record.slot))", Theme.number)
        let store = state.segment?.storeName ?? "\(record.segmentBase).store"
        field("position", "byte \(record.entry.position) of \(store)")
        let verdict = RecordVerdict(record, live: state.segment?.isBeingWritten ?? false)
        let frameStyle = verdict == .pending ? Theme.info : Theme.error
        switch record.verdict {
        case .pastEnd:
            field("frame", "none: the store ends before this position", frameStyle)
        case .tornPrefix, .tornPayload:
            field("frame", "cut off: the store ends inside it", frameStyle)
        case .valid, .zeros, .undecodable, .wrongOffset:
            field("frame", "\(record.frame.size) bytes: 8-byte length prefix + \(record.frame.payloadLength)-byte payload")
        }
        if let explanation = verdict.explanation(for: record, store: store) {
            lines.append(StyledLine())
            lines += StyledLine.wrap((verdict == .pending ? "⧗ " : "✖ ") + explanation, width: width, style: verdict == .pending ? Theme.info : Theme.error)
            if record.value == nil || verdict == .zeros { return lines }
        }
        if let fields = record.frame.fields {
            if case .wrongOffset(_, let expected) = record.verdict {
                field("embedded", "offset \(fields.offset) ✖ the index says \(expected)", Theme.error)
            } else {
                field("embedded", "offset \(fields.offset) ✔ matches the index", Theme.ok)
            }
            if fields.unknownFieldCount > 0 { field("unknown", "\(Plural.count(fields.unknownFieldCount, "field")) skipped") }
        }
        guard let value = record.value else { return lines }
        let length = record.valueLength ?? value.count
        if let fields = record.frame.fields, let raft = RaftEntry(fields: fields, value: value) {
            return lines + raftLines(raft, value: value, length: length, state: state, width: width)
        }
        return lines + valueLines(value, length: length, name: "value", state: state, width: width)
    }

    /// A field line: the name in ten dim columns, then the value.
    static func field(_ name: String, _ value: String, _ style: Style = .plain) -> StyledLine {
        var line = StyledLine()
        line.append(name.fitted(10), Theme.dim)
        line.append(value, style)
        return line
    }

    /// A value as JSON, UTF-8 text, a protobuf field tree or hex, under a line saying which (`length`
    /// is the whole value's, of which `value` may be the first part); the search's matches highlighted.
    static func valueLines(_ value: [UInt8], length: Int, name: String, state: InspectorState, width: Int) -> [StyledLine] {
        let decoded = DecodedValue(value)
        let pattern = state.search?.pattern
        var body: [StyledLine]
        switch decoded {
        case .empty:
            body = []
        case .json(let lines), .protobuf(let lines):
            body = lines.map { StyledLine($0, Theme.text).highlighting(pattern) }
        case .text(let text):
            body =
                state.detailWrap
                ? StyledLine.wrap(text, width: width) : text.split(separator: "\n", omittingEmptySubsequences: false).map { StyledLine(String($0)) }
            body = body.map { $0.highlighting(pattern) }
        case .binary:
            let marks = HexDump.Marks(matches: pattern?.occurrences(in: value) ?? [])
            body = HexDump.lines(value, start: 0, width: width, hexOffsets: state.hexOffsets, marks: marks)
        }
        return [
            field(name, "\(length) bytes, \(decoded.kind)" + (length > value.count ? " (first \(value.count) shown)" : "")),
            StyledLine(String(repeating: "─", count: max(0, min(width, 40))), Theme.dim),
        ] + body
    }
}

/// The Index tab: the 12-byte entry, its neighbours, and the store bytes it points to.
enum IndexTab {
    static func lines(_ detail: DetailData, state: InspectorState, width: Int) -> [StyledLine] {
        guard let record = detail.record else {
            return [StyledLine("An anomaly row has no index entry; see Decoded and Checks.", Theme.dim)]
        }
        var lines: [StyledLine] = []
        let base = record.segmentBase
        lines.append(StyledLine("entry \(record.slot) at byte \(record.slot * 12) of \(state.segment?.indexName ?? "\(base).index")", Theme.title))
        var raw = StyledLine("  ")
        for (i, byte) in detail.entryBytes.enumerated() {
            raw.append((byte < 16 ? "0" : "") + String(byte, radix: 16) + (i == 3 ? " │ " : " "), i < 4 ? Theme.number : Theme.bytePrintable)
        }
        lines.append(raw)
        lines.append(
            StyledLine(
                "  relative offset \(record.entry.relativeOffset) (offset \(base + UInt64(record.entry.relativeOffset))) · position \(record.entry.position)",
                Theme.dim))
        lines.append(StyledLine())
        lines.append(StyledLine(" slot".fitted(8) + "rel".fitted(8, right: true) + "position".fitted(12, right: true) + "  check", Theme.header))
        var previous: UInt64?
        for neighbour in detail.neighbours {
            let slot = neighbour.slot
            let entry = neighbour.entry
            let problem = IndexValidator.problem(with: entry, at: slot, previousPosition: slot == 0 ? nil : previous)
            var line = StyledLine()
            let style = slot == record.slot ? Theme.selection : Theme.text
            line.append(
                (slot == record.slot ? "▸" : " ") + "\(slot)".fitted(7) + "\(entry.relativeOffset)".fitted(8, right: true)
                    + "\(entry.position)".fitted(12, right: true) + "  ", style)
            line.append(
                problem == nil || previous == nil && slot != 0 ? "✔" : "✖ " + problem!, problem == nil || previous == nil && slot != 0 ? Theme.ok : Theme.error)
            lines.append(line)
            previous = entry.position
        }
        lines.append(StyledLine())
        lines.append(StyledLine("store bytes at position \(record.entry.position):", Theme.title))
        let shown = Array(detail.frameBytes.prefix(32))
        lines += HexDump.lines(
            shown, start: detail.frameStart, width: width, hexOffsets: state.hexOffsets, marks: HexDump.Marks(prefix: 0..<min(8, shown.count)))
        if detail.frameBytes.count >= 8 {
            let length = detail.frameBytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            lines.append(
                StyledLine("  length prefix \(length) → frame ends at byte \(record.entry.position.saturatingAdd(8).saturatingAdd(length))", Theme.dim))
        }
        return lines
    }
}
