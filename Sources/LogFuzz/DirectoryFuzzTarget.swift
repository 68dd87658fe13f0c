import Glibc
import InspectorCore
import LogInspection

/// The whole read-only side over a mutated directory: the inspector (quick check, background full
/// check, every pane drawn after each event the input supplies) and the cores of `check`, `stat`,
/// `dump` and `tail`. Afterwards every file must be exactly as it was written: any change aborts.
enum DirectoryFuzzTarget {
    /// The events an input byte after the archive's `0xFF` stands for (`byte % events.count`).
    static let events: [Event] = {
        let keys: [Key] = [
            .character("j"), .character("k"), .character("h"), .character("l"), .tab, .backTab, .enter,
            .character("g"), .character("G"), .pageDown, .pageUp, .character("]"), .character("["),
            .character("e"), .character("E"), .character("n"), .character("N"), .character("?"),
            .character("!"), .escape, .character("r"), .character("y"), .character("Y"), .character(":"),
            .character("/"), .character("&"), .character("0"), .character("1"), .character("9"),
            .character("x"), .character("a"), .backspace, .home, .end, .up, .down, .left, .right,
            .character("f"), .character("F"), .control("d"), .control("u"), .function(1),
        ]
        let sizes = [Size(width: 160, height: 48), Size(width: 80, height: 24), Size(width: 20, height: 5), Size(width: 1, height: 1)]
        let mouse = [MouseEvent(kind: .click, x: 10, y: 5), MouseEvent(kind: .wheelDown, x: 50, y: 10), MouseEvent(kind: .wheelUp, x: 70, y: 20)]
        return keys.map(Event.key) + sizes.map(Event.resize) + mouse.map(Event.mouse)
    }()

    static let maxEvents = 64

    static func run(_ bytes: UnsafeRawBufferPointer) {
        let archive = DirectoryArchive(bytes)
        let path = Scratch.emptyDirectory("directory")
        for entry in archive.entries {
            let target = path + "/" + entry.name
            switch entry.kind {
            case .file: Scratch.write(entry.content, to: target)
            case .directory: mkdir(target, 0o755)
            case .symbolicLink: _ = symlink(String(decoding: entry.content, as: UTF8.self), target)
            }
        }
        let before = Fingerprint(path)
        browse(path, events: archive.trailer.prefix(maxEvents).map { events[Int($0) % events.count] })
        runSubcommandCores(path)
        let after = Fingerprint(path)
        if before != after {
            Scratch.printError("LogFuzz: the read-only side changed the directory:\n  before \(before)\n  after  \(after)")
            abort()
        }
    }

    private static func browse(_ path: String, events: [Event]) {
        let terminal = InMemoryTerminal(size: Size(width: 120, height: 36))
        guard let runtime = try? InspectorRuntime(path: path, terminal: terminal) else { return }
        runtime.finishBackgroundWork()
        _ = runtime.frame()
        for event in events {
            runtime.handle(event)
            runtime.finishSearch()
            runtime.pollLive(force: true)
            _ = runtime.frame()
        }
        runtime.stopBackgroundWork()
    }

    private static func runSubcommandCores(_ path: String) {
        guard let directory = try? LogDirectory(path: path) else { return }
        if let report = try? IntegrityChecker(directory: directory, live: false, quick: true).run() {
            _ = try? LogStatistics(directory: directory, report: report)
            _ = try? ReferenceReplay(directory: directory).run(report: report)
        }
        if let first = directory.segments.first?.baseOffset {
            var offset = first
            while offset < first.saturatingAdd(64), (try? directory.record(at: offset)) != nil { offset += 1 }
        }
        // `tail` starts at the last 10 records by default; `--from` and `--follow` start elsewhere.
        for start: LogTailer.Start in [.beginning, .last(10), .end, .offset(11)] {
            _ = try? LogTailer(path: path, start: start, pendingTimeout: 0).poll()
        }
    }
}

/// What a directory holds: each entry's name, kind, size and bytes (or link target).
struct Fingerprint: Equatable, CustomStringConvertible {
    var entries: [String: [UInt8]] = [:]

    init(_ path: String) {
        for name in Scratch.names(in: path) {
            let full = path + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else {
                entries[name] = Array("unreadable".utf8)
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG: entries[name] = Array("file:".utf8) + (Scratch.read(full) ?? Array("unreadable".utf8))
            case S_IFLNK:
                var target = [CChar](repeating: 0, count: 4096)
                let n = readlink(full, &target, target.count)
                entries[name] = Array("link:".utf8) + target.prefix(max(0, n)).map { UInt8(bitPattern: $0) }
            case S_IFDIR: entries[name] = Array("directory:".utf8) + Array(Scratch.names(in: full).joined(separator: "/").utf8)
            default: entries[name] = Array("other".utf8)
            }
        }
    }

    var description: String {
        entries.keys.sorted().map { "\($0)(\(entries[$0]!.count) bytes)" }.joined(separator: ", ")
    }
}
