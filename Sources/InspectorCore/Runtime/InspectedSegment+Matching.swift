import LogCore

extension InspectedSegment {
    /// The slots of `slots` whose record value contains `pattern`, in order (a frame that is not valid
    /// never matches). Reads the index in chunks and the store through its read-ahead window.
    func slots(matching pattern: SearchPattern, in slots: Range<Int>) throws(LogError) -> [Int] {
        var found: [Int] = []
        var failure: LogError?
        try forEachEntry(in: slots) { slot, entry in
            do throws(LogError) {
                if try withValue(at: entry.position, { pattern.matches($0) }) == true { found.append(slot) }
            } catch {
                failure = error
                return false
            }
            return true
        }
        if let failure { throw failure }
        return found
    }
}
