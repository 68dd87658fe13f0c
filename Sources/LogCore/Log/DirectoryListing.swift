/// The segment files and other entries of a log directory, read with one `stat` per entry: the one
/// listing the writer's recovery and the read-only inspection both use.
package struct DirectoryListing {
    /// A file of a listed segment: what its `stat` said (its name is the segment's base and kind).
    package struct File: Equatable {
        /// The file's kind, size, inode and modification time when listed.
        package var status: FileSystem.Status

        /// The file as `status` found it.
        package init(status: FileSystem.Status) {
            self.status = status
        }
    }

    /// A segment found by name: its base offset and which of its two files exist as regular files.
    package struct Segment: Equatable {
        /// The base offset in the files' names.
        package var base: UInt64
        /// The store file, when there is one.
        package var store: File?
        /// The index file, when there is one.
        package var index: File?

        /// The segment at `base` with the files found for it.
        package init(base: UInt64, store: File? = nil, index: File? = nil) {
            self.base = base
            self.store = store
            self.index = index
        }
    }

    /// An entry that is not a segment file: a name that does not parse as `<u64>.store` or
    /// `<u64>.index`, or anything that is not a regular file.
    package struct Stray: Equatable {
        /// The entry's name.
        package var name: String
        /// What its `stat` said (kind `.missing` when it vanished while listed).
        package var status: FileSystem.Status
    }

    /// Segments in numeric order of their base offsets.
    package var segments: [Segment]
    /// Entries that are not segment files, sorted by name.
    package var strays: [Stray]

    /// Lists `directory` through `access` (this machine's file system by default). Throws when it
    /// cannot be read.
    package init(directory: String, access: any FileAccess = LocalFileAccess()) throws(LogError) {
        var strays: [Stray] = []
        let names = try access.entries(of: directory)
        // Thousands of files (the reference's 1024-byte segments): their `stat`s on every core.
        let statuses = access.statuses(of: names, in: directory)
        // Sorted by base, then paired: no dictionary of 25,000 segments on the way.
        var files: [(name: SegmentFileName, status: FileSystem.Status)] = []
        files.reserveCapacity(names.count)
        for (name, status) in zip(names, statuses) {
            guard status.kind == .regularFile, let parsed = SegmentFileName(parsing: name) else {
                strays.append(Stray(name: name, status: status))
                continue
            }
            files.append((parsed, status))
        }
        files.sort { $0.name.baseOffset < $1.name.baseOffset }
        var segments: [Segment] = []
        segments.reserveCapacity(files.count / 2 + 1)
        for (name, status) in files {
            if segments.last?.base != name.baseOffset { segments.append(Segment(base: name.baseOffset)) }
            if name.kind == .store {
                segments[segments.count - 1].store = File(status: status)
            } else {
                segments[segments.count - 1].index = File(status: status)
            }
        }
        self.segments = segments
        self.strays = strays.sorted { $0.name < $1.name }
    }
}
