/// Finds the logical end of an index file by validating entries, never by its size alone (bug K1).
///
/// Entry k is valid when its relative offset is k and its position is 0 for k = 0 and strictly
/// greater than the previous entry's otherwise. The logical end is the first invalid slot. A file
/// that was left at `MaxIndexBytes` by a crash ends in zeros, which fail this test at slot 1 or later.
package enum IndexValidator {
    /// What validating an index file found.
    package struct Scan: Sendable, Equatable {
        /// Entries that pass validation, from slot 0.
        package var validCount: Int
        /// Whole 12-byte slots in the file.
        package var slotsInFile: Int
        /// The file's size in bytes.
        package var fileSize: UInt64
        /// Whether every byte after the valid entries is zero (a preallocated tail).
        package var tailIsZero: Bool
        /// The first slot that fails validation, its entry and why, when there is one.
        package var firstInvalid: InvalidSlot?
        /// The last valid entry's position, when the scan read it.
        package var lastPosition: UInt64?

        package init(
            validCount: Int, slotsInFile: Int, fileSize: UInt64, tailIsZero: Bool,
            firstInvalid: InvalidSlot?, lastPosition: UInt64? = nil
        ) {
            self.validCount = validCount
            self.slotsInFile = slotsInFile
            self.fileSize = fileSize
            self.tailIsZero = tailIsZero
            self.firstInvalid = firstInvalid
            self.lastPosition = lastPosition
        }
    }

    /// A slot that fails validation: where, the entry it holds, and why it is not valid.
    package struct InvalidSlot: Sendable, Equatable {
        /// The slot number (its byte position is `slot * 12`).
        package var slot: Int
        /// The entry the slot holds.
        package var entry: IndexEntry
        /// Why it is not valid (``IndexValidator/problem(with:at:previousPosition:)``).
        package var reason: String
    }

    /// Why `entry` at `slot` is not valid after an entry at `previous`, or `nil` when it is.
    package static func problem(with entry: IndexEntry, at slot: Int, previousPosition: UInt64?) -> String? {
        if UInt64(entry.relativeOffset) != UInt64(slot) {
            return "relative offset \(entry.relativeOffset) where \(slot) was expected"
        }
        if let previousPosition {
            if entry.position <= previousPosition {
                return "position \(entry.position) is not after the previous entry's \(previousPosition)"
            }
        } else if entry.position != 0 {
            return "the first entry's position is \(entry.position), not 0"
        }
        return nil
    }

    /// The number of valid entries of the file at `path`.
    static func validEntryCount(of file: SystemFile) throws(LogError) -> Int {
        try scan(file).validCount
    }

    /// Validates the file's entries; reads only the last slot when the file is a cleanly closed one.
    ///
    /// - Parameters:
    ///   - resume: entries already validated (count and the last one's position): a live index only
    ///     grows, so validation continues from there instead of slot 0.
    ///   - checkTail: read the rest of the file to tell whether it is all zeros (``Scan/tailIsZero``).
    package static func scan(_ file: SystemFile, resume: (count: Int, lastPosition: UInt64?)? = nil, checkTail: Bool = true) throws(LogError) -> Scan {
        let size = try file.size()
        let slots = Int(size / UInt64(IndexEntry.size))
        var result = Scan(validCount: 0, slotsInFile: slots, fileSize: size, tailIsZero: true, firstInvalid: nil)
        if slots == 0 {
            result.tailIsZero = try checkTail ? isZero(file, from: 0, to: size) : true
            return result
        }
        if size % UInt64(IndexEntry.size) == 0, try cleanlyClosed(file, slots: slots) {
            result.validCount = slots
            return result
        }
        let chunkSlots = 4096
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: chunkSlots * IndexEntry.size, alignment: 16)
        defer { chunk.deallocate() }
        var previous: UInt64?
        var slot = 0
        if let resume, resume.count <= slots {
            slot = resume.count
            previous = resume.lastPosition
        }
        scanning: while slot < slots {
            let n = min(chunkSlots, slots - slot)
            let got = try file.read(into: chunk, count: n * IndexEntry.size, at: UInt64(slot * IndexEntry.size))
            guard got == n * IndexEntry.size else { break }
            for i in 0..<n {
                let entry = IndexEntry(loadingFrom: chunk + i * IndexEntry.size)
                if let reason = problem(with: entry, at: slot, previousPosition: previous) {
                    result.firstInvalid = InvalidSlot(slot: slot, entry: entry, reason: reason)
                    break scanning
                }
                previous = entry.position
                slot += 1
            }
        }
        result.validCount = slot
        result.lastPosition = previous
        result.tailIsZero = try checkTail ? isZero(file, from: UInt64(slot * IndexEntry.size), to: size) : true
        return result
    }

    /// A cleanly closed file's last slot holds relative offset `slots - 1` after a smaller position.
    private static func cleanlyClosed(_ file: SystemFile, slots: Int) throws(LogError) -> Bool {
        try withScratch(count: 2 * IndexEntry.size) { (raw) throws(LogError) -> Bool in
            if slots == 1 {
                guard try file.read(into: raw, count: 12, at: 0) == 12 else { return false }
                return problem(with: IndexEntry(loadingFrom: raw), at: 0, previousPosition: nil) == nil
            }
            let start = UInt64((slots - 2) * IndexEntry.size)
            guard try file.read(into: raw, count: 24, at: start) == 24 else { return false }
            let previous = IndexEntry(loadingFrom: raw)
            let last = IndexEntry(loadingFrom: raw + 12)
            return UInt64(previous.relativeOffset) == UInt64(slots - 2)
                && problem(with: last, at: slots - 1, previousPosition: previous.position) == nil
        }
    }

    private static func isZero(_ file: SystemFile, from start: UInt64, to end: UInt64) throws(LogError) -> Bool {
        guard start < end else { return true }
        let chunk = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var position = start
        while position < end {
            let n = Int(min(UInt64(chunk), end - position))
            let got = try file.read(into: buffer.baseAddress!, count: n, at: position)
            if got == 0 { return true }
            for i in 0..<got where buffer[i] != 0 { return false }
            position += UInt64(got)
        }
        return true
    }
}
