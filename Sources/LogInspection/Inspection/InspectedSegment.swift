import Glibc
import LogCore

/// One segment of a directory seen read-only: its two files (either may be missing), their sizes, and
/// random access to index entries and store frames with `pread`. Nothing is mapped, locked or written.
///
/// Files are opened `O_RDONLY` on first use. Listing a segment reads no record. A file that cannot be
/// opened (no permission, an I/O error) is remembered as one of ``unreadableFiles()`` and reads as
/// empty until the files are closed, so a pass over the directory goes on past it.
///
/// The segments of a ``LogDirectory`` share its budget of open segments
/// (``LogDirectory/openSegmentLimit``): opening one closes the files of the least recently used
/// one past the limit (they reopen on the next read), so a pass over thousands of segments needs no
/// release of its own. A segment is read by one thread at a time; threads that read segments of
/// one directory at the same time pin each one while they read it (``pinned(_:)``).
public final class InspectedSegment {
    /// The base offset from the file names.
    public let baseOffset: UInt64
    /// The store's path, or `nil` when the directory has no `<base>.store`.
    public var storePath: String? {
        if let stream { return stream.path }
        return hasStore ? place.path + "/" + storeName : nil
    }
    /// The index's path, or `nil` when the directory has no `<base>.index`.
    public var indexPath: String? {
        if let stream { return stream.indexPath }
        return hasIndex ? place.path + "/" + indexName : nil
    }
    /// The store's size when listed (or refreshed).
    public var storeSize: UInt64 { stream?.storeSize ?? files.store?.size ?? 0 }
    /// The index's size when listed (or refreshed).
    public var indexSize: UInt64 { stream?.indexSize ?? files.index?.size ?? 0 }
    /// Whether the listing found each file (the paths are worked out from the directory's).
    package var hasStore: Bool { stream != nil || files.store != nil }
    package var hasIndex: Bool { stream != nil || files.index != nil }
    /// The directory, how its files are reached and their budget: one for all its segments (a
    /// directory of 100,000 segments keeps what each segment alone knows, not its paths).
    private let place: SegmentPlace
    /// The open files, why they could not be opened and their read-ahead windows: only while open.
    private var opened: OpenedFiles?
    /// The directory's budget of open segments (`nil`: this segment's files stay open until closed).
    var budget: OpenFileBudget<InspectedSegment>? { place.budget }

    /// The segment at `base` of the directory `place` names, whose files the listing stamped `files`.
    init(base: UInt64, files: SegmentFiles, place: SegmentPlace) {
        self.place = place
        baseOffset = base
        self.files = files
        stream = nil
    }

    /// A store stream's path and names and the index built for it (see
    /// ``init(stream:size:baseOffset:index:)``).
    private let stream: StreamFiles?

    /// A store with no index of its own, read as one segment: `index` holds an entry per frame found by
    /// walking it (a snapshot's `state.bin`, the data log's store files concatenated).
    init(stream path: String, size: UInt64, baseOffset: UInt64, index: [UInt8]) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        place = SegmentPlace(path: path, access: LocalFileAccess(), budget: nil)
        self.baseOffset = baseOffset
        let indexPath = path + " (index built by walking its frames)"
        stream = StreamFiles(
            path: path, indexPath: indexPath, storeName: name, indexName: name + " (walked)", storeSize: size,
            index: SystemFile(path: indexPath, contents: index), indexSize: UInt64(index.count))
    }

    /// Whether this is a store stream read as one segment (its files are not named by a base offset).
    package var isStoreStream: Bool { stream != nil }

    /// The store's file name (a store stream's own name).
    public var storeName: String { stream?.storeName ?? "\(baseOffset).store" }
    /// The index's file name (for a store stream, its name and ` (walked)`).
    public var indexName: String { stream?.indexName ?? "\(baseOffset).index" }

    /// Whole 12-byte slots in the index file.
    public var indexSlots: Int { Int(indexSize / UInt64(IndexEntry.size)) }

    /// The files' sizes, inodes and modification times when listed (or refreshed): a check's result
    /// for the segment holds only while they stay the same.
    public private(set) var files = SegmentFiles()

    /// The files' inode numbers: a segment whose files were replaced under the same names (a reset,
    /// a restore) has a new identity.
    public var identity: [UInt64] { files.identity }

    /// Takes the sizes, inodes and modification times a new listing found for the same files, forgetting cached
    /// validation when they changed, and reopening files that were replaced (a new inode under the
    /// same name). Returns whether anything changed.
    @discardableResult
    func update(to listed: SegmentFiles) -> Bool {
        let (store, index) = (listed.store?.size ?? 0, listed.index?.size ?? 0)
        let (storeBefore, indexBefore) = (storeSize, indexSize)
        let replaced = listed.identity != identity && identity != [0, 0]
        if replaced {
            closeFiles()
            validatedPrefix = nil
        }
        if index < indexBefore { validatedPrefix = nil }
        let changed = replaced || store != storeBefore || index != indexBefore || listed != files
        files = listed
        if changed || store < storeBefore || index < indexBefore { opened?.invalidateWindows() }
        if changed {
            opened?.scan = nil
            opened?.reader = nil
        }
        return changed
    }

    /// Forgets cached index validation, read-ahead and open failures (after the files may have been
    /// rewritten, or their permissions fixed).
    public func invalidateCaches() {
        guard let opened else { return }
        opened.scan = nil
        opened.reader = nil  // it holds the files as they were opened (or failed to open)
        opened.storeFailure = nil
        opened.indexFailure = nil
        opened.invalidateWindows()
    }

    /// Runs `body` with this segment's files kept open: the directory's budget closes them for no
    /// other thread meanwhile. A thread that reads segments while other threads read other segments
    /// of the same directory (the integrity checker's workers) reads each one pinned.
    public func pinned<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard let budget else { return try body() }
        budget.pin(self)
        defer { budget.unpin(self) }
        return try body()
    }

    /// Forgets why a file could not be opened, so the next read tries again (its permissions may
    /// have been fixed since).
    func forgetOpenFailures() {
        guard let opened, opened.storeFailure != nil || opened.indexFailure != nil else { return }
        opened.storeFailure = nil
        opened.indexFailure = nil
        opened.reader = nil
    }

    /// Closes the two files and frees their read-ahead buffers but keeps what was learnt from them
    /// (the validated index prefix); the next read opens them again. The budget calls this on the
    /// least recently used segment (under its lock: it must not call back into the budget).
    func closeDescriptors() {
        // The windows' buffers go with it; the next pass tries failed files again (their permissions
        // may have been fixed meanwhile).
        opened?.close()
        opened = nil
    }

    /// Why the store could not be opened, until the descriptors are released.
    var storeFailure: UnreadableFile? { opened?.storeFailure }

    /// Closes the descriptors and frees the read-ahead windows, keeping what was worked out from the
    /// files (the validated index entries); they reopen on the next read.
    public func releaseFiles() {
        budget?.forget(self)
        closeDescriptors()
    }

    /// Closes the descriptors and forgets everything read through them; they reopen on the next read.
    /// Needed only when the files may have been replaced or rewritten (a listing does it for files
    /// replaced under the same names), or to retry a file whose permissions were fixed: the
    /// directory's budget bounds how many segments hold descriptors.
    public func closeFiles() {
        budget?.forget(self)
        closeDescriptors()
        invalidateCaches()
    }

    // MARK: Index

    /// The entry in slot `slot` of the index file as it is on disk, valid or not; `nil` past the file.
    public func rawEntry(at slot: Int) throws(LogError) -> IndexEntry? {
        try reader().entry(at: slot)
    }

    /// Calls `body` with each entry of slots `range` in order, reading the file in large chunks; stops
    /// early when `body` returns `false` or the file ends.
    public func forEachEntry(in range: Range<Int>, _ body: (Int, IndexEntry) -> Bool) throws(LogError) {
        guard let file = try openIndex(), !range.isEmpty else { return }
        let chunkSlots = 8192
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSlots * IndexEntry.size, alignment: 16)
        defer { buffer.deallocate() }
        var slot = range.lowerBound
        while slot < range.upperBound {
            let n = min(chunkSlots, range.upperBound - slot)
            let got = try file.read(into: buffer, count: n * IndexEntry.size, at: UInt64(slot * IndexEntry.size)) / IndexEntry.size
            for i in 0..<got where !body(slot + i, IndexEntry(loadingFrom: buffer + i * IndexEntry.size)) { return }
            if got < n { return }
            slot += n
        }
    }

    /// Entries validated so far, kept across cache invalidations of a live index (it only grows);
    /// forgotten when the file is replaced or shrinks.
    private var validatedPrefix: (count: Int, lastPosition: UInt64?)?

    /// The validation of the index file (logical end, zero tail), kept with the open files until its
    /// size changes or they close; a live index is validated incrementally from the entries already
    /// validated (the validated prefix outlives the files).
    package func indexScan() throws(LogError) -> IndexValidator.Scan {
        if let scan = opened?.scan { return scan }
        guard let file = try openIndex() else {
            return IndexValidator.Scan(validCount: 0, slotsInFile: 0, fileSize: 0, tailIsZero: true, firstInvalid: nil)
        }
        if let prefix = validatedPrefix, prefix.count > indexSlots { validatedPrefix = nil }
        var scan = try IndexValidator.scan(file, resume: validatedPrefix, checkTail: validatedPrefix == nil)
        if scan.validCount > 0, scan.validCount < scan.slotsInFile, let last = scan.lastPosition ?? validatedPrefix?.lastPosition {
            validatedPrefix = (scan.validCount, last)
        }
        // A file that grew after listing must still not number records past 2^64−1.
        scan.validCount = min(scan.validCount, SegmentFileName.maxEntries(baseOffset: baseOffset))
        openedFiles().scan = scan
        return scan
    }

    /// The number of valid index entries (the logical end, found by validation).
    public func validEntryCount() throws(LogError) -> Int {
        try indexScan().validCount
    }

    // MARK: Store

    /// What lies at `position` of the store.
    public func frame(at position: UInt64) throws(LogError) -> FrameInfo {
        try reader().frame(at: position) { _ in }
    }

    /// Index entries and frames of this segment through its read-ahead windows, with the files
    /// opened once: a walk takes one per segment instead of looking the files up for every record.
    package final class Reader {
        private let index: SystemFile?
        private let indexWindow: ReadWindow
        private let slots: Int
        private let frames: FrameReader?
        /// Whether the segment's files were closed (the budget closed them) or changed since: a walk
        /// that keeps a reader between records takes a new one then. Read once a record by the walk:
        /// not checked for exclusive access at run time (the check was a tenth of a record's
        /// instructions outside the output).
        @exclusivity(unchecked) package var isClosed = false

        /// A reader of no files: every entry is past the end.
        convenience init() {
            self.init(index: nil, indexWindow: ReadWindow(capacity: 0), slots: 0, frames: nil)
        }

        fileprivate init(index: SystemFile?, indexWindow: ReadWindow, slots: Int, frames: FrameReader?) {
            self.index = index
            self.indexWindow = indexWindow
            self.slots = slots
            self.frames = frames
        }

        /// The entry in slot `slot` as it is on disk; `nil` past the file.
        func entry(at slot: Int) throws(LogError) -> IndexEntry? {
            // `index!` reads the file in place (a `guard let` copy costs a retain and a release an entry).
            guard slot >= 0, slot < slots, index != nil else { return nil }
            let position = UInt64(slot * IndexEntry.size)
            guard let pointer = try indexWindow.bytes(at: position, count: IndexEntry.size, in: index!, limit: UInt64(slots * IndexEntry.size)) else {
                return nil
            }
            return IndexEntry(loadingFrom: pointer)
        }

        /// The entries from slot `slot` on as they are on disk (12 bytes each), as many as the
        /// read-ahead window holds, at most `limit`: a walk matching many frames at once. Valid until
        /// the next read of this reader's index; empty past the file.
        func entryBytes(from slot: Int, upTo limit: Int) throws(LogError) -> UnsafeRawBufferPointer {
            guard slot >= 0, slot < slots, limit > 0, index != nil else { return UnsafeRawBufferPointer(start: nil, count: 0) }
            let rest = try indexWindow.rest(at: UInt64(slot * IndexEntry.size), in: index!, limit: UInt64(slots * IndexEntry.size))
            return UnsafeRawBufferPointer(rebasing: rest.prefix(min(limit, rest.count / IndexEntry.size) * IndexEntry.size))
        }

        /// What lies at `position` of the store; when the frame is complete, `payload` is called with
        /// its payload bytes (through the read-ahead window: a walk in store order costs one `pread`
        /// per window and no allocation per record), before they are decoded.
        func frame(at position: UInt64, payload: (UnsafeRawBufferPointer) -> Void) throws(LogError) -> FrameInfo {
            try withFrame(at: position) { info, bytes in
                if let bytes { payload(bytes) }
                return info
            }
        }

        /// Calls `body` with what lies at `position` of the store and, when the frame is complete, its
        /// payload bytes lent from the read-ahead window (valid only during the call): nothing is
        /// copied.
        func withFrame<T>(at position: UInt64, _ body: (FrameInfo, UnsafeRawBufferPointer?) -> T) throws(LogError) -> T {
            // Optional chaining and `!` read the reader in place (a `guard let` copy costs two retains a record).
            guard let shape = try frames?.probe(at: position) else {
                return body(FrameInfo(position: position, payloadLength: 0, shape: .tornPrefix(available: 0)), nil)
            }
            switch shape {
            case .tornPrefix:
                return body(FrameInfo(position: position, payloadLength: 0, shape: shape), nil)
            case .tornPayload(let length, _):
                return body(FrameInfo(position: position, payloadLength: length, shape: shape), nil)
            case .complete(let length):
                return try frames!.withBytes(at: position + 8, count: Int(length)) { bytes in
                    var info = FrameInfo(position: position, payloadLength: length, shape: shape)
                    switch RecordCodec.fields(of: bytes) {
                    case .success(let fields): info.fields = fields
                    case .failure(let failure): info.decodeFailure = failure
                    }
                    return body(info, bytes)
                }
            }
        }
    }

    /// What lies at `position` of the store, with a complete frame's payload copied into `payload`
    /// (a buffer reused across records: no allocation once it is as large as the largest payload).
    func frame(at position: UInt64, payload: inout [UInt8], reader: Reader) throws(LogError) -> FrameInfo {
        var buffer: [UInt8] = []
        swap(&buffer, &payload)  // filled by the closure below, which must not capture an inout
        defer { swap(&buffer, &payload) }
        return try reader.frame(at: position) { bytes in
            buffer.removeAll(keepingCapacity: true)
            buffer.append(contentsOf: bytes)
        }
    }

    /// A reader over the files as they are now (opening them when needed), kept until the files are
    /// closed or their sizes change.
    package func reader() throws(LogError) -> Reader {
        budget?.use(self)
        if let reader = opened?.reader { return reader }
        let store = try openStore()
        let index = try openIndex()
        let files = openedFiles()
        let reader = Reader(index: index, indexWindow: files.indexWindow, slots: indexSlots, frames: store.map(frames))
        files.reader = reader
        return reader
    }

    /// Copies up to `limit` bytes of the store starting at `position` (fewer at the end of the file).
    public func storeBytes(at position: UInt64, count limit: Int) throws(LogError) -> [UInt8] {
        try Self.bytes(of: try openStore(), size: storeSize, at: position, count: limit)
    }

    /// Copies up to `limit` bytes of the index file starting at `position`.
    public func indexBytes(at position: UInt64, count limit: Int) throws(LogError) -> [UInt8] {
        try Self.bytes(of: try openIndex(), size: indexSize, at: position, count: limit)
    }

    /// Up to `limit` bytes of `file` (of `size` bytes) at `position`, fewer at its end.
    private static func bytes(of file: SystemFile?, size: UInt64, at position: UInt64, count limit: Int) throws(LogError) -> [UInt8] {
        guard let file, position < size, limit > 0 else { return [] }
        let count = Int(min(UInt64(limit), size - position))
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try bytes.withMutableBytes { (raw) throws(LogError) in
            try file.read(into: raw.baseAddress!, count: count, at: position)
        }
        if got < count { bytes.removeLast(count - got) }
        return bytes
    }

    /// Calls `body` with the value bytes of the valid frame at `position` (through the read-ahead
    /// window, so a scan costs one `pread` per window); `nil` when the frame is not valid.
    public func withValue<T>(at position: UInt64, _ body: (UnsafeRawBufferPointer) -> T) throws(LogError) -> T? {
        guard let file = try openStore() else { return nil }
        let reader = frames(file)
        guard case .complete(let length) = try reader.probe(at: position) else { return nil }
        return try reader.withBytes(at: position + 8, count: Int(length)) { payload -> T? in
            guard case .success(let fields) = RecordCodec.fields(of: payload) else { return nil }
            return body(UnsafeRawBufferPointer(rebasing: payload[fields.valueRange]))
        }
    }

    /// The read-ahead of a walk over a whole store.
    static let walkWindowBytes = 256 * 1024

    /// A frame reader over the store for walks (shares the descriptor, has its own read-ahead of
    /// ``walkWindowBytes``: a walk reads every byte once, so a larger window means fewer `pread`s).
    func frameReader() throws(LogError) -> FrameReader? {
        guard let file = try openStore() else { return nil }
        return FrameReader(file: file, size: storeSize, window: ReadWindow(capacity: Self.walkWindowBytes))
    }

    private func frames(_ file: SystemFile) -> FrameReader {
        FrameReader(file: file, size: storeSize, window: openedFiles().storeWindow)
    }

    // MARK: Opening

    /// The segment's files that exist but cannot be opened for reading (no permission, an I/O error),
    /// each with the reason. Asking opens the files that are not open yet (``closeFiles()`` closes
    /// them). Every read of such a file finds it empty instead of failing, so one unreadable
    /// segment does not stop a pass over the directory; the integrity check reports each one as
    /// ``FindingID/unreadableFile``.
    ///
    /// - Throws: ``LogError/io(operation:path:errno:)`` when opening fails for a reason that is not
    ///   the file's: it vanished since the listing, or this process ran out of descriptors.
    public func unreadableFiles() throws(LogError) -> [UnreadableFile] {
        _ = try openStore()
        _ = try openIndex()
        return [opened?.storeFailure, opened?.indexFailure].compactMap { $0 }
    }

    private func openStore() throws(LogError) -> SystemFile? {
        budget?.use(self)
        if let file = opened?.store { return file }
        guard let storePath, opened?.storeFailure == nil else { return nil }
        let files = openedFiles()
        (files.store, files.storeFailure) = try open(storePath, name: storeName)
        return files.store
    }

    private func openIndex() throws(LogError) -> SystemFile? {
        if let stream { return stream.index }
        budget?.use(self)
        if let file = opened?.index { return file }
        guard let indexPath, opened?.indexFailure == nil else { return nil }
        let files = openedFiles()
        (files.index, files.indexFailure) = try open(indexPath, name: indexName)
        return files.index
    }

    /// The open-file state, made on the first open.
    private func openedFiles() -> OpenedFiles {
        if let opened { return opened }
        let fresh = OpenedFiles(counted: place.budget?.windowBytes)
        opened = fresh
        return fresh
    }

    /// Opens `path` read-only: the file, or why it cannot be read when the failure is the file's own.
    /// This is the one place where a segment's open failure is caught.
    private func open(_ path: String, name: String) throws(LogError) -> (SystemFile?, UnreadableFile?) {
        do {
            return (try place.access.openForReading(path), nil)
        } catch {
            guard case .io(_, _, let code) = error, UnreadableFile.isFileLevel(code) else { throw error }
            return (nil, UnreadableFile(name: name, path: path, errno: code))
        }
    }
}
