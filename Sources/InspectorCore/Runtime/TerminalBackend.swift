import LogCore

/// What the terminal delivered.
public enum TerminalInput: Sendable, Equatable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
}

/// The terminal as the runtime sees it: a size, a way to show a frame, input with a timeout, and the
/// clipboard. ``InMemoryTerminal`` implements it for tests; `NcursesTerminal` for real terminals.
public protocol TerminalBackend: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// Shows `buffer`, sending only the cells that changed since the last frame.
    func draw(_ buffer: Buffer)
    /// The next input, or `nil` when `timeoutMilliseconds` passed without any.
    func nextInput(timeoutMilliseconds: Int) -> TerminalInput?
    /// Turns mouse reporting on or off.
    func setMouseCapture(_ enabled: Bool)
    /// Puts `bytes` on the system clipboard with OSC 52.
    func setClipboard(_ bytes: [UInt8])
}

/// A terminal in memory: inputs are queued by the test, frames are kept for inspection.
public final class InMemoryTerminal: TerminalBackend {
    public private(set) var size: Size
    public private(set) var lastFrame: Buffer?
    public private(set) var framesDrawn = 0
    public private(set) var cellsSent = 0
    public private(set) var clipboard: [UInt8]?
    public private(set) var mouseCapture = true
    private var inputs: [TerminalInput] = []

    public init(size: Size) { self.size = size }

    public func enqueue(_ input: TerminalInput) {
        if case .resize(let size) = input { self.size = size }
        inputs.append(input)
    }

    public func enqueue(keys: [Key]) { inputs += keys.map(TerminalInput.key) }

    public func draw(_ buffer: Buffer) {
        cellsSent += buffer.changes(since: lastFrame).count
        lastFrame = buffer
        framesDrawn += 1
    }

    public func nextInput(timeoutMilliseconds: Int) -> TerminalInput? {
        inputs.isEmpty ? nil : inputs.removeFirst()
    }

    public var hasPendingInput: Bool { !inputs.isEmpty }

    public func setMouseCapture(_ enabled: Bool) { mouseCapture = enabled }
    public func setClipboard(_ bytes: [UInt8]) { clipboard = bytes }
}

/// The OSC 52 sequence that asks a terminal (also over SSH, and through tmux with `set-clipboard on`)
/// to put `bytes` on the clipboard.
public enum OSC52 {
    public static func sequence(for bytes: [UInt8]) -> String {
        "\u{1b}]52;c;" + Base64.encode(bytes) + "\u{07}"
    }
}
