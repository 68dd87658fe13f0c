import ArgumentParser
import LogInspection

/// `--format` and `--payload` of `dump` and `tail`: the formats are `RecordOutput`'s.
extension RecordFormat: ExpressibleByArgument {}
extension RecordPayload: ExpressibleByArgument {}
