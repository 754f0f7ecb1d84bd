/// An immutable-after-build trie over UTF-8 bytes.
///
/// Decompounding walks the trie from every start position of a word, so a step must cost one hash
/// lookup and no allocation; substrings are only materialised for the parts finally chosen.
struct ByteTrie: Sendable {
    static let root: Int32 = 0

    /// Child of `node` for `byte`, keyed `node << 8 | byte`.
    private var children: [Int: Int32] = [:]
    private var terminal: [Bool] = [false]
    private(set) var wordCount = 0

    mutating func insert(_ word: [UInt8]) {
        var node = Self.root
        for byte in word {
            let key = Int(node) << 8 | Int(byte)
            if let next = children[key] {
                node = next
            } else {
                let next = Int32(terminal.count)
                terminal.append(false)
                children[key] = next
                node = next
            }
        }
        if !terminal[Int(node)] {
            terminal[Int(node)] = true
            wordCount += 1
        }
    }

    func child(of node: Int32, byte: UInt8) -> Int32? {
        children[Int(node) << 8 | Int(byte)]
    }

    func descend(from node: Int32, _ bytes: some Sequence<UInt8>) -> Int32? {
        var node = node
        for byte in bytes {
            guard let next = child(of: node, byte: byte) else { return nil }
            node = next
        }
        return node
    }

    func isWord(_ node: Int32) -> Bool { terminal[Int(node)] }

    func contains(_ word: some Sequence<UInt8>) -> Bool {
        descend(from: Self.root, word).map(isWord) ?? false
    }
}
