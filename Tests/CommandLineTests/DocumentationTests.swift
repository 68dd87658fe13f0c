import Foundation
import TestSupport
import Testing

@testable import LogInspection

/// The documentation keeps its promises: every finding ID a script may match on is explained in the
/// Finding IDs article, and every article the README links to exists.
@Suite struct DocumentationTests {
    @Test func everyFindingIDIsDocumented() throws {
        let article = try String(contentsOfFile: TestPaths.packageRoot + "/Sources/LogInspection/LogInspection.docc/FindingIDs.md", encoding: .utf8)
        for id in FindingID.allCases {
            #expect(article.contains("| `\(id.rawValue)` |"), "FindingIDs.md lacks a row for \(id.rawValue)")
        }
    }

    @Test func everyFileTheReadmeLinksToExists() throws {
        let readme = try String(contentsOfFile: TestPaths.packageRoot + "/README.md", encoding: .utf8)
        let links = readme.split(separator: "](").dropFirst().compactMap { $0.split(separator: ")").first.map(String.init) }
        #expect(links.count >= 8)
        for link in links where !link.hasPrefix("http") {
            let parts = link.split(separator: "#", maxSplits: 1).map(String.init)
            let file = parts[0]
            #expect(FileManager.default.fileExists(atPath: TestPaths.packageRoot + "/" + file), "README links to a missing \(link)")
            // A section link names a heading of the file (GitHub's anchor: lower case, spaces as dashes).
            if parts.count == 2, let text = try? String(contentsOfFile: TestPaths.packageRoot + "/" + file, encoding: .utf8) {
                let anchors = text.split(separator: "\n").filter { $0.hasPrefix("#") }.map {
                    $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "-")
                }
                #expect(anchors.contains(parts[1]), "README links to \(link), but \(file) has no such heading")
            }
        }
    }
}
