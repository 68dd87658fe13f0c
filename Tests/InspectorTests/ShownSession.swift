import LogCore
import LogInspection

@testable import InspectorCore

/// A session and the snapshot it shows, patched (or replaced) after each live look as the
/// inspector's state does with its own: the session keeps no snapshot.
final class ShownSession {
    let session: InspectorSession
    private(set) var shown: DirectorySnapshot

    init(path: String) throws(LogError) {
        session = try InspectorSession(path: path)
        shown = session.takeOpeningSnapshot()
    }

    var directory: LogDirectory { session.directory }

    /// One live look; its patch is applied to ``shown`` (or its new snapshot taken).
    func liveUpdate(at: Double, modified: Set<String> = []) throws(LogError) -> LiveUpdate? {
        guard let update = try session.liveUpdate(at: at, shown: shown, modified: modified) else { return nil }
        if let patch = update.patch {
            shown.apply(patch)
        } else if let snapshot = update.snapshot {
            shown = snapshot
        }
        return update
    }
}
