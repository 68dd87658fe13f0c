import LogCore

/// The Decoded tab: the record's fields, then its value as JSON, text or a protobuf field tree.
enum DecodedTab {
    static func lines(_ detail: DetailData, state: InspectorState, width: Int) -> [StyledLine] {
        if let anomaly = detail.anomaly {
            var lines = [StyledLine(anomaly.label, Theme.severity(anomaly.severity))]
            if let file = anomaly.file, let bytes = anomaly.bytes {
                lines.append(StyledLine("\(file) bytes \(bytes.lowerBound)..<\(bytes.upperBound) (\(bytes.byteCount) bytes)", Theme.dim))
            }
            if state.snapshot.findings.indices.contains(anomaly.findingIndex) {
                lines.append(StyledLine())
                lines += StyledLine.wrap(state.snapshot.findings[anomaly.findingIndex].explanation, width: width)
            }
            return lines
        }
        guard let record = detail.record else { return [StyledLine("no record", Theme.dim)] }
        var lines: [StyledLine] = []
        func field(_ name: String, _ value: String, _ style: Style = .plain) {
            var line = StyledLine()
            line.append(name.fitted(10), Theme.dim)
            line.append(value, style)
            lines.append(line)
        }
        field("offset", "\(record.offset)   (segment \(record.segmentBase), slot \(record.slot))", Theme.number)
        field("position", "byte \(record.entry.position) of \(record.segmentBase).store")
        let verdict = RecordVerdict(record, live: state.segment?.live ?? false)
        let frameStyle = verdict == .pending ? Theme.info : Theme.error
        switch record.frame.shape {
        case .complete:
            field("frame", "\(record.frame.size) bytes: 8-byte length prefix + \(record.frame.payloadLength)-byte payload")
        case .truncatedPrefix(let available):
            field("frame", available == 0 ? "none: the store ends before this position" : "only \(available) of 8 length-prefix bytes", frameStyle)
        case .truncatedPayload(let available):
            field("frame", "length prefix says \(record.frame.payloadLength) bytes, \(available) follow", frameStyle)
        }
        if let explanation = verdict.explanation(for: record) {
            lines.append(StyledLine())
            lines += StyledLine.wrap((verdict == .pending ? "⧗ " : "✖ ") + explanation, width: width, style: verdict == .pending ? Theme.info : Theme.error)
            if record.value == nil || verdict == .zeros { return lines }
        }
        if let fields = record.frame.fields {
            let ok = fields.offset == record.offset
            field("embedded", "offset \(fields.offset) " + (ok ? "✔ matches the index" : "✖ the index says \(record.offset)"), ok ? Theme.ok : Theme.error)
            if fields.unknownFieldCount > 0 { field("unknown", "\(Plural.count(fields.unknownFieldCount, "field")) skipped") }
        }
        guard let value = record.value else { return lines }
        let length = record.valueLength ?? value.count
        let kind: String
        var body: [StyledLine]
        if value.isEmpty {
            kind = "empty"
            body = []
        } else if let json = JSONPretty.lines(value) {
            kind = "JSON"
            body = json.map { StyledLine($0, Theme.text) }
        } else if let text = String(validating: value, as: UTF8.self),
            !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
        {
            kind = "UTF-8 text"
            body = StyledLine.wrap(text, width: width)
        } else if let tree = ProtobufTree.parse(value) {
            kind = "protobuf (schema-less)"
            body = tree.lines().map { StyledLine($0, Theme.text) }
        } else {
            kind = "binary"
            body = HexDump.lines(value, start: 0, width: width)
        }
        field("value", "\(length) bytes, \(kind)" + (length > value.count ? " (first \(value.count) shown)" : ""))
        lines.append(StyledLine(String(repeating: "─", count: max(0, min(width, 40))), Theme.dim))
        return lines + body
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
        lines.append(StyledLine("entry \(record.slot) at byte \(record.slot * 12) of \(base).index", Theme.title))
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
        for (slot, entry) in detail.neighbours {
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
        lines += HexDump.lines(Array(detail.frameBytes.prefix(32)), start: detail.frameStart, width: width, prefixLength: min(8, detail.frameBytes.count))
        if detail.frameBytes.count >= 8 {
            let length = detail.frameBytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            lines.append(
                StyledLine("  length prefix \(length) → frame ends at byte \(record.entry.position.saturatingAdd(8).saturatingAdd(length))", Theme.dim))
        }
        return lines
    }
}
