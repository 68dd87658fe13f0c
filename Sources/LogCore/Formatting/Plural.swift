/// Counted nouns for messages: `1 entry`, `3 entries`.
package enum Plural {
    /// `count` followed by the singular or plural noun.
    package static func count<Count: BinaryInteger>(_ count: Count, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }
}
