/// The digits typed before `G` (`42G` goes to offset 42, as a count in vim and less): the single and
/// the compare view read them the same way.
enum CountPrefix {
    /// A digit key is appended to `count`, and `message` says what `G` would do: returns `nil` (the
    /// key is used up). Any other key returns what had been typed (maybe nothing) and clears `count`
    /// and the message about it.
    static func take(_ key: Key, count: inout String, message: inout StatusMessage?) -> String? {
        if case .character(let c) = key, c.isASCII, c.isNumber {
            count.append(c)
            message = StatusMessage(text: "go to offset \(count)… (G)", isError: false)
            return nil
        }
        let typed = count
        count = ""
        if !typed.isEmpty, message?.text.hasPrefix("go to offset") == true { message = nil }
        return typed
    }
}
