import ArgumentParser
import FoundationEssentials

/// A man page (roff with the man(7) macros, which groff and mandoc both read) made from the help that
/// argument-parser has for every command and option, the document `--experimental-dump-help`
/// prints, so it says exactly what `--help` says.
struct ManualPage {
    /// One command of argument-parser's help document.
    struct Command: Decodable {
        var commandName: String
        var abstract: String?
        var discussion: String?
        var shouldDisplay: Bool?
        var subcommands: [Command]?
        var arguments: [Argument]?
    }

    /// One argument, option or flag of a command.
    struct Argument: Decodable {
        var kind: String
        var shouldDisplay: Bool?
        var isOptional: Bool?
        var isRepeating: Bool?
        var names: [Name]?
        var preferredName: Name?
        var valueName: String?
        var defaultValue: String?
        var abstract: String?
        var discussion: String?
    }

    /// An option's name: `long` (`--from`), `short` (`-n`) or `longWithSingleDash`.
    struct Name: Decodable {
        var kind: String
        var name: String
    }

    private struct Document: Decodable {
        var command: Command
    }

    /// The root command, with its subcommands.
    let root: Command
    /// The version the page's footer names.
    let version: String
    /// The SYNOPSIS lines, already in roff.
    let synopsis: [String]
    /// The EXIT STATUS list: a status and what it means.
    let exitStatus: [(status: String, meaning: String)]
    /// The KEYS section: the inspector's keys by where they act, as its help overlay lists them.
    let keys: [(title: String, bindings: [(keys: String, action: String)])]

    /// The page of `command`, read from its help document.
    init(
        _ command: ParsableCommand.Type, version: String, synopsis: [String], exitStatus: [(status: String, meaning: String)],
        keys: [(title: String, bindings: [(keys: String, action: String)])] = []
    ) throws {
        root = try JSONDecoder().decode(Document.self, from: Data(command._dumpHelp().utf8)).command
        self.version = version
        self.synopsis = synopsis
        self.exitStatus = exitStatus
        self.keys = keys
    }

    /// The page in roff.
    var roff: String {
        let name = root.commandName
        var lines = [
            ".TH \(name.uppercased()) 1 \"\" \(Self.quoted(version)) \"User Commands\"",
            ".nh",
            ".ad l",
            ".SH NAME",
            Self.escaped("\(name) - \(Self.sentence(root.abstract ?? ""))"),
            ".SH SYNOPSIS",
        ]
        lines += synopsis.flatMap { [$0, ".br"] }.dropLast()
        lines += [".SH DESCRIPTION"] + Self.paragraphs(root.discussion ?? "")
        lines += [".SH OPTIONS"] + Self.arguments(root.arguments ?? [])
        lines.append(".SH COMMANDS")
        for command in (root.subcommands ?? []) where command.shouldDisplay ?? true {
            lines += section(command)
        }
        if !keys.isEmpty {
            lines += [".SH KEYS", "In the inspector (\\fBlogscope\\fR [\\fIdirectory\\fR], or \\fBlogscope inspect\\fR); \\fB?\\fR shows them too."]
            for (title, bindings) in keys {
                lines.append(".SS \(Self.quoted(title))")
                for (keys, action) in bindings { lines += [".TP", "\\fB\(Self.escaped(keys))\\fR", Self.escaped(Self.sentence(action))] }
            }
        }
        lines.append(".SH EXIT STATUS")
        for (status, meaning) in exitStatus {
            lines += [".TP", Self.escaped(status), Self.escaped(meaning)]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A subcommand: its usage, abstract, discussion and arguments (`--help` and `--version` are
    /// the root's, under OPTIONS).
    private func section(_ command: Command) -> [String] {
        let arguments = (command.arguments ?? []).filter { argument in
            (argument.shouldDisplay ?? true) && argument.names?.contains(where: { $0.name == "help" || $0.name == "version" }) != true
        }
        var usage = "\\fB\(Self.escaped("\(root.commandName) \(command.commandName)"))\\fR"
        for argument in arguments { usage += " " + Self.usage(argument) }
        var lines = [".SS \(Self.quoted(command.commandName))", usage, ".PP", Self.escaped(command.abstract ?? "")]
        lines += Self.paragraphs(command.discussion ?? "")
        return lines + Self.arguments(arguments)
    }

    /// An argument as the usage line shows it: `\fB\-\-from\fR \fIfrom\fR`, bracketed when optional.
    private static func usage(_ argument: Argument) -> String {
        var text = label(argument, names: argument.preferredName.map { [$0] })
        if argument.isRepeating ?? false { text += " ..." }
        return argument.isOptional ?? false ? "[" + text + "]" : text
    }

    /// `\fB\-n\fR, \fB\-\-name\fR \fIvalue\fR` (short names first), or `\fIvalue\fR` for a
    /// positional argument; `names` picks the names to show (default: all of them).
    private static func label(_ argument: Argument, names: [Name]? = nil) -> String {
        let value = "\\fI" + escaped(argument.valueName ?? "value") + "\\fR"
        let names = (names ?? argument.names ?? []).sorted { ($0.kind == "short" ? 0 : 1) < ($1.kind == "short" ? 0 : 1) }
        guard !names.isEmpty else { return value }
        let shown = names.map { name in "\\fB" + escaped((name.kind == "long" ? "--" : "-") + name.name) + "\\fR" }.joined(separator: ", ")
        return argument.kind == "option" ? shown + " " + value : shown
    }

    /// Each argument as a tagged paragraph: its names, then its help and default.
    private static func arguments(_ arguments: [Argument]) -> [String] {
        arguments.filter { $0.shouldDisplay ?? true }.flatMap { argument in
            var help = argument.abstract ?? ""
            if let value = argument.defaultValue, !value.isEmpty, argument.kind != "flag" { help += " (default: \(value))" }
            return [".TP", label(argument)] + (help.isEmpty ? [] : [escaped(help)]) + (argument.discussion.map(paragraphs) ?? [])
        }
    }

    /// Help text in roff: blank lines start paragraphs; indented lines (examples) keep their layout.
    private static func paragraphs(_ text: String) -> [String] {
        var lines: [String] = []
        var literal = false
        var startParagraph = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                startParagraph = true
                continue
            }
            let indented = line.first?.isWhitespace ?? false
            if literal, !indented || startParagraph {
                lines += [".fi", ".RE"]
                literal = false
            }
            if startParagraph { lines.append(".PP") }
            if indented, !literal {
                lines += [".RS 4", ".nf"]
                literal = true
            }
            lines.append(escaped(indented ? String(line.drop(while: \.isWhitespace)) : String(line)))
            startParagraph = false
        }
        if literal { lines += [".fi", ".RE"] }
        return lines
    }

    /// `text` safe as roff text: backslashes and minus signs escaped, characters beyond ASCII as
    /// groff's `\[uXXXX]` (the arrows of the key table), no line read as a request.
    static func escaped(_ text: String) -> String {
        var body = ""
        for scalar in text.replacing("\\", with: "\\e").replacing("-", with: "\\-").unicodeScalars {
            if scalar.isASCII {
                body.unicodeScalars.append(scalar)
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                body += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            }
        }
        return body.hasPrefix(".") || body.hasPrefix("'") ? "\\&" + body : body
    }

    /// `text` as one roff macro argument in double quotes.
    private static func quoted(_ text: String) -> String {
        "\"" + escaped(text).replacing("\"", with: "\\(dq") + "\""
    }

    /// An abstract without its final period, as NAME lines and headings have it.
    private static func sentence(_ text: String) -> String {
        text.hasSuffix(".") ? String(text.dropLast()) : text
    }
}
