import Foundation

/// A `*.manifest.json` written beside each golden directory by the reference's generator.
package struct GoldenManifest {
    package struct RecordEntry {
        package var offset: UInt64
        package var segmentBase: UInt64
        package var position: UInt64
        package var value: [UInt8]
        package var payload: [UInt8]
    }

    package let name: String
    package let json: [String: Any]

    package init(_ name: String) throws {
        self.name = name
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.golden + "/\(name).manifest.json"))
        json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    package var directory: String { TestPaths.golden + "/" + name }
    private var config: [String: Any] { json["effective_config"] as! [String: Any] }
    package var maxStoreBytes: UInt64 { (config["MaxStoreBytes"] as! NSNumber).uint64Value }
    package var maxIndexBytes: UInt64 { (config["MaxIndexBytes"] as! NSNumber).uint64Value }
    package var initialOffset: UInt64 { (config["InitialOffset"] as! NSNumber).uint64Value }
    package var lowestOffset: UInt64 { (json["lowest_offset"] as! NSNumber).uint64Value }
    package var highestOffset: UInt64 { (json["highest_offset"] as! NSNumber).uint64Value }
    package var streamLength: Int { (json["reader_stream_len"] as? NSNumber)?.intValue ?? 0 }
    package var streamSHA256: String { json["reader_stream_sha256"] as! String }

    /// name → sha256 of every file the reference left.
    package var fileDigests: [String: String] {
        Dictionary(uniqueKeysWithValues: (json["files"] as! [[String: Any]]).map { ($0["name"] as! String, $0["sha256"] as! String) })
    }

    /// Every readable record (`records[]`), or for `large` the ones `records_sample[]` lists.
    package var records: [RecordEntry] {
        let list = (json["records"] ?? json["records_sample"]) as? [[String: Any]] ?? []
        return list.map { r in
            RecordEntry(
                offset: (r["offset"] as! NSNumber).uint64Value,
                segmentBase: (r["segment_base_offset"] as! NSNumber).uint64Value,
                position: (r["store_pos"] as! NSNumber).uint64Value,
                value: Hex.decode(r["value_hex"] as! String),
                payload: Hex.decode(r["record_proto_hex"] as! String))
        }
    }

    /// What the writer appended, in order (`appended[]`, else the values of `records[]`).
    package var appendedValues: [[UInt8]] {
        if let appended = json["appended"] as? [[String: Any]] {
            return appended.map { Hex.decode($0["value_hex"] as! String) }
        }
        return records.map(\.value)
    }

    /// `largeValue(i)` of the `large` fixture.
    package static func largeValue(_ i: UInt64) -> [UInt8] {
        var value = [UInt8](repeating: 0, count: 100)
        for j in 0..<8 { value[j] = UInt8(truncatingIfNeeded: i >> (56 - 8 * UInt64(j))) }
        for j in 8..<100 { value[j] = UInt8(truncatingIfNeeded: i &+ UInt64(j)) }
        return value
    }
}
