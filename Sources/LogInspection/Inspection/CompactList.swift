/// A list that keeps a single element inline, with no heap allocation of its own; two or more live
/// in an array. A segment's health holds two lists that almost always have one element (its store's
/// one region of indexed frames, its one run of intact offsets): a directory of 100,000 segments
/// saves two allocations a segment.
public struct CompactList<Element: Sendable & Equatable>: Sendable, Equatable, RandomAccessCollection, MutableCollection,
    ExpressibleByArrayLiteral
{
    private enum Storage: Sendable {
        case empty
        case one(Element)
        /// Two or more elements.
        case many([Element])
    }

    private var storage: Storage

    /// An empty list.
    public init() {
        storage = .empty
    }

    /// A list of `elements`, in order.
    public init(_ elements: some Sequence<Element>) {
        let array = Array(elements)
        switch array.count {
        case 0: storage = .empty
        case 1: storage = .one(array[0])
        default: storage = .many(array)
        }
    }

    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .empty: 0
        case .one: 1
        case .many(let elements): elements.count
        }
    }

    public subscript(position: Int) -> Element {
        get {
            switch storage {
            case .one(let element) where position == 0: return element
            case .many(let elements): return elements[position]
            default: preconditionFailure("CompactList index \(position) out of range 0..<\(count)")
            }
        }
        set {
            switch storage {
            case .one where position == 0:
                storage = .one(newValue)
            case .many(var elements):
                storage = .empty  // the array stays uniquely held: changed in place
                elements[position] = newValue
                storage = .many(elements)
            default:
                preconditionFailure("CompactList index \(position) out of range 0..<\(count)")
            }
        }
    }

    /// Adds `element` at the end.
    public mutating func append(_ element: Element) {
        switch storage {
        case .empty:
            storage = .one(element)
        case .one(let first):
            storage = .many([first, element])
        case .many(var elements):
            storage = .empty
            elements.append(element)
            storage = .many(elements)
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.elementsEqual(rhs)
    }
}
