import LogCore

/// What the segments of one directory share: its path (a segment's file paths are worked out from
/// it and the base offset), how its files are reached and the budget of open segments. One per
/// ``LogDirectory``, so a segment keeps only what is its own.
final class SegmentPlace {
    /// The directory's path (a store stream's file path).
    let path: String
    /// How the files are opened.
    let access: any FileAccess
    /// The directory's budget of open segments (`nil`: a segment's files stay open until closed).
    let budget: OpenFileBudget<InspectedSegment>?

    init(path: String, access: any FileAccess, budget: OpenFileBudget<InspectedSegment>?) {
        self.path = path
        self.access = access
        self.budget = budget
    }
}

/// A segment's files while they are open: the descriptors, why one could not be opened, the
/// read-ahead windows and the reader over them. A segment holds one only between its first read
/// and the budget closing it: a directory of thousands of idle segments holds none.
final class OpenedFiles {
    var store: SystemFile?
    var index: SystemFile?
    /// Why the store could not be opened.
    var storeFailure: UnreadableFile?
    /// Why the index could not be opened.
    var indexFailure: UnreadableFile?
    let storeWindow: ReadWindow
    let indexWindow: ReadWindow

    /// No files open yet; the windows count their bytes in `counted` (the directory's budget weighs
    /// its segments by them).
    init(counted: WindowBytes?) {
        storeWindow = ReadWindow(capacity: 64 * 1024, counted: counted)
        indexWindow = ReadWindow(capacity: 4096 * IndexEntry.size, counted: counted)
    }
    /// The reader over the open files, made on first use. One that is dropped (the files closed,
    /// changed or were replaced) says it is closed to whoever still holds it.
    var reader: InspectedSegment.Reader? {
        willSet { if reader !== newValue { reader?.isClosed = true } }
    }
    /// The validation of the index as it is now (it goes with the files: 88 bytes a segment of
    /// 100,000 would keep for good; a segment whose index grows resumes from its validated prefix).
    var scan: IndexValidator.Scan?

    /// Forgets what the windows hold (the files changed).
    func invalidateWindows() {
        storeWindow.invalidate()
        indexWindow.invalidate()
    }

    /// Closes the descriptors and frees the windows' buffers; a reader still held elsewhere says it
    /// is closed.
    func close() {
        reader = nil
        try? store?.close()
        try? index?.close()
        store = nil
        index = nil
        storeWindow.release()
        indexWindow.release()
    }
}

/// A store stream's names, and the index built for it by walking its frames (in memory).
final class StreamFiles {
    let path: String
    let indexPath: String
    let storeName: String
    let indexName: String
    let storeSize: UInt64
    let index: SystemFile
    let indexSize: UInt64

    init(path: String, indexPath: String, storeName: String, indexName: String, storeSize: UInt64, index: SystemFile, indexSize: UInt64) {
        self.path = path
        self.indexPath = indexPath
        self.storeName = storeName
        self.indexName = indexName
        self.storeSize = storeSize
        self.index = index
        self.indexSize = indexSize
    }
}
