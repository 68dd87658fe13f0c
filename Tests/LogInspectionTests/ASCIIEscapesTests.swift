import LogInspection
import Testing

/// Escaping by runs gives what escaping character by character gives, on any text.
@Suite struct ASCIIEscapesTests {
    private let escapes = ASCIIEscapes { byte in
        switch byte {
        case 0x22: return "\\\""
        case 0x0a: return "\\n"
        case 0..<0x20: return "<\(byte)>"
        default: return nil
        }
    }

    /// The same escapes, one Unicode scalar at a time (what the run-by-run version replaced).
    private func oneByOne(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x0a: out += "\\n"
            case 0..<0x20: out += "<\(scalar.value)>"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    @Test func escapesAtTheEdgesBesideMultiByteCharactersAndInARow() {
        #expect(escapes.applied(to: "") == "")
        #expect(escapes.applied(to: "plain text, é € 😀") == "plain text, é € 😀")
        #expect(escapes.applied(to: "\"quoted\"") == "\\\"quoted\\\"")
        #expect(escapes.applied(to: "é\n😀\u{01}\u{02}€") == "é\\n😀<1><2>€")
        #expect(escapes.applied(to: "\n") == "\\n")
    }

    @Test func randomTextEscapesAsCharacterByCharacter() {
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", "\"", "\n", "\u{00}", "\u{1f}", "\u{7f}", "é", "€", "😀", "\u{0300}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...24, using: &generator) {
                text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
            }
            #expect(escapes.applied(to: text) == oneByOne(text), "\(Array(text.utf8))")
        }
    }
}
