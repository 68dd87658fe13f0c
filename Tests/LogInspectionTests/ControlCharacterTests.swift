import LogInspection
import Testing

/// How `dump`'s text format and the inspector show a text value on one line.
@Suite struct ControlCharacterTests {
    @Test func controlCharactersAndDeleteAreEscapedAndQuotesOnlyWhenAsked() {
        let text = "a\"b\\c\nd\te\rf\u{00}g\u{1b}h\u{7f}é😀"
        #expect(text.replacingControlCharacters() == "a\\\"b\\\\c\\nd\\te\\rf\\x00g\\x1bh\\x7fé😀")
        #expect(text.replacingControlCharacters(quotes: false) == "a\"b\\c\\nd\\te\\rf\\x00g\\x1bh\\x7fé😀")
        #expect("nothing to escape, é € 😀".replacingControlCharacters() == "nothing to escape, é € 😀")
        #expect("".replacingControlCharacters() == "")
        #expect("\n\n".replacingControlCharacters() == "\\n\\n")
    }
}
