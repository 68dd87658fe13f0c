/// A value with a smaller form for its common case: a segment with nothing wrong is described by a
/// few numbers, everything else about it follows from them.
public protocol CompactStorable: Sendable, Equatable {
    /// The smaller form.
    associatedtype Compact: Sendable, Equatable
    /// This value's smaller form, or `nil` when it has none. Only a form that expands to an equal
    /// value is kept (``CompactColumn`` checks), so a field the form leaves out cannot be lost.
    var compacted: Compact? { get }
    /// The value `compact` stands for.
    init(expanding compact: Compact)
}

/// An array that keeps each element in its smaller form when it has one (``CompactStorable``): one
/// entry a segment of a directory of 100,000 segments costs what the segment's unusual facts cost.
///
/// Reading an element expands it (a value built from a few numbers); writing one compacts it again.
/// An element whose smaller form would not expand to an equal value is kept whole.
public struct CompactColumn<Element: CompactStorable>: Sendable, Equatable, RandomAccessCollection, MutableCollection,
    RangeReplaceableCollection, ExpressibleByArrayLiteral
{
    /// An element as kept: its smaller form, or the whole value boxed (so a slot costs what the
    /// smaller form costs, not what the largest element does).
    @usableFromInline enum Slot: Sendable, Equatable {
        case compact(Element.Compact)
        case whole(Whole)
    }

    /// An element kept whole, never changed after it is made.
    @usableFromInline final class Whole: Sendable, Equatable {
        @usableFromInline let value: Element

        @usableFromInline init(_ value: Element) {
            self.value = value
        }

        @usableFromInline static func == (lhs: Whole, rhs: Whole) -> Bool {
            lhs === rhs || lhs.value == rhs.value
        }
    }

    @usableFromInline var slots: [Slot]

    @inlinable public init() {
        slots = []
    }

    @inlinable public init(arrayLiteral elements: Element...) {
        slots = elements.map(Self.slot)
    }

    @inlinable public init(_ elements: some Sequence<Element>) {
        slots = elements.map(Self.slot)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { slots.count }

    @inlinable public subscript(position: Int) -> Element {
        get {
            switch slots[position] {
            case .compact(let compact): Element(expanding: compact)
            case .whole(let whole): whole.value
            }
        }
        set { slots[position] = Self.slot(newValue) }
    }

    @inlinable public mutating func replaceSubrange<C: Collection<Element>>(_ subrange: Range<Int>, with newElements: C) {
        slots.replaceSubrange(subrange, with: newElements.lazy.map(Self.slot))
    }

    @inlinable public mutating func append(_ element: Element) {
        slots.append(Self.slot(element))
    }

    /// Appends an element already in its kept form (``slot(_:)``).
    @inlinable mutating func append(slot: Slot) {
        slots.append(slot)
    }

    @inlinable public mutating func reserveCapacity(_ n: Int) {
        slots.reserveCapacity(n)
    }

    /// How many elements are kept in their smaller form.
    public var compactCount: Int {
        slots.count { if case .compact = $0 { true } else { false } }
    }

    @inlinable static func slot(_ element: Element) -> Slot {
        if let compact = element.compacted, Element(expanding: compact) == element { return .compact(compact) }
        return .whole(Whole(element))
    }
}
