import CStemmer

/// One libstemmer stemmer object.
///
/// A Snowball stemmer keeps its work buffer inside the C object, so one instance must never be
/// used by two threads at once. That is why this class is not `Sendable`: only ``StemmerPool``
/// hands instances out, to one caller at a time.
final class SnowballStemmer {
    private let handle: OpaquePointer

    /// Returns nil when libstemmer does not know the algorithm (it never fails for the built-in ones).
    init?(algorithm: String) {
        guard let handle = sb_stemmer_new(algorithm, "UTF_8") else { return nil }
        self.handle = handle
    }

    deinit { sb_stemmer_delete(handle) }

    /// Stems one lowercase word. Snowball's algorithms are defined on lowercase input; the caller folds case.
    func stem(_ word: String) -> String {
        if word.isEmpty { return word }
        var word = word
        return word.withUTF8 { bytes in
            guard let output = sb_stemmer_stem(handle, bytes.baseAddress, Int32(bytes.count)) else {
                return String(decoding: bytes, as: UTF8.self)  // out of memory in C: keep the word unstemmed
            }
            let length = Int(sb_stemmer_length(handle))
            return String(decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self)
        }
    }
}
