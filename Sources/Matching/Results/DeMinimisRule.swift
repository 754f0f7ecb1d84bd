import SupportModel

/// The matching rule of the questionnaire's `deMinimisReceived`: how much de-minimis aid the
/// client can still receive, said on offers granted as de-minimis aid.
///
/// An undertaking may receive at most 300,000 EUR of de-minimis aid in three years (Regulation
/// (EU) 2023/2831, Art. 3(2)). Catalogues say that an offer is de-minimis aid only in words, so,
/// like the project-start conditions, this is a note and never a failed criterion: a text that
/// merely mentions the regulation must not hide an offer.
enum DeMinimisRule {
    static let ceiling = 300_000.0
    static let markers = ["de-minimis", "de minimis", "deminimis"]

    static func note(_ offer: Offer, received: Double?) -> LocalizedText? {
        guard let received else { return nil }
        let texts = [offer.summary, offer.description] + offer.eligibility.conditions
        guard texts.contains(where: { text in
            let lowered = text.lowercased()
            return markers.contains { lowered.contains($0) }
        }) else { return nil }
        let left = max(0, ceiling - received)
        let limit = LocalizedText.euros(ceiling), room = LocalizedText.euros(left)
        if left == 0 {
            return LocalizedText(
                de: "als De-minimis-Beihilfe gewährt: nach Ihren Angaben ist die Obergrenze von \(limit.de) in drei Jahren erreicht",
                en: "granted as de-minimis aid: by your answers the ceiling of \(limit.en) in three years is reached")
        }
        var note = LocalizedText(
            de: "als De-minimis-Beihilfe gewährt: nach Ihren Angaben bleiben bis zur Obergrenze von \(limit.de) noch \(room.de)",
            en: "granted as de-minimis aid: by your answers \(room.en) remain below the ceiling of \(limit.en)")
        if let minimum = offer.funding?.amountMin, minimum > left {
            let least = LocalizedText.euros(minimum)
            note.de += ", weniger als der Mindestbetrag von \(least.de)"
            note.en += ", less than the minimum of \(least.en)"
        }
        return note
    }
}
