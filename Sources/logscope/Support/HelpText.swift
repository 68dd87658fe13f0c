/// The discussion of a subcommand's `--help`, written in the source as paragraphs broken at any width:
/// the lines of a paragraph are joined, so the argument parser wraps it to the terminal once (a text
/// broken at 95 columns and wrapped again at 80 reads as every second line a fragment). Indented
/// lines (examples, lists of flags) and blank lines stay as they are.
enum HelpText {
    static func reflowed(_ text: String) -> String {
        var lines: [String] = []
        var joining = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let keep = line.isEmpty || line.hasPrefix(" ") || line.hasPrefix("\t")
            if !keep, joining, let last = lines.last {
                lines[lines.count - 1] = last + " " + line
            } else {
                lines.append(line)
            }
            joining = !keep && !line.hasSuffix(":")
        }
        return lines.joined(separator: "\n")
    }
}
