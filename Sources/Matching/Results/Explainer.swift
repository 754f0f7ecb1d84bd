import Foundation
import SupportModel
import TextAnalysis

/// Builds the explanation of one returned offer: criteria, matched topics and words, a
/// highlighted snippet, the score by component and a one-line reason. Only run for the
/// offers returned, so its cost does not grow with the catalogue.
struct Explainer {
    let facts: ProfileFacts
    /// The request's scoring; the index and the query are read through it, not held again
    /// (each copy of the index retains and releases its shared references).
    let scoring: Scoring
    let notOpen: Bitset
    /// The profile's topics as a set, built once per query for every offer explained.
    let profileTopics: Set<TopicCode>

    var index: OfferIndex { _read { yield scoring.index } }
    var query: TextQuery { _read { yield scoring.query } }

    init(facts: ProfileFacts, scoring: Scoring, notOpen: Bitset) {
        self.facts = facts
        self.scoring = scoring
        self.notOpen = notOpen
        profileTopics = Set(facts.profile.topics ?? [])
    }

    /// Longest snippet, in characters.
    static let snippetLength = 220

    /// `offer`: document `doc`'s record; `others`: the records of other sources that describe
    /// the same programme. The caller reads the records of every offer it shows in one batch
    /// (``OfferRecords/records(_:)``), so reading them cannot fail here.
    func recommended(_ doc: Int, offer: Offer, rank: Int, others: [Offer] = []) -> RecommendedOffer {
        let derived = index.derived[doc]
        // The evaluator's results moved into the three lists, in its order: three `filter`s
        // copied every result kept (its message, parameters and missing fields retained) and
        // then released the originals, 2.5 % of a recommendation's server CPU.
        var criteria = index.evaluator.evaluate(offer, facts, derived: derived)
        criteria.reverse()
        var passed: [CriterionResult] = [], unknown: [CriterionResult] = [], failed: [CriterionResult] = []
        passed.reserveCapacity(criteria.count)
        while let criterion = criteria.popLast() {
            switch criterion.verdict {
            case .pass: passed.append(criterion)
            case .unknown: unknown.append(criterion)
            case .fail: failed.append(criterion)
            }
        }
        let matchedTopics = (offer.topics + derived.topics.map(\.value)).filter(profileTopics.contains).map { code in
            MatchedTopic(code: code, label: index.taxonomies.topics.label(code.rawValue))
        }
        let matches = query.matches(in: doc, index: index)
        let matchedTerms = matches.map { match in
            MatchedTerm(queryWords: match.group.words, matched: match.alternative.text,
                        via: match.group.isConcept ? .concept
                            : match.alternative.isSynonym ? .synonym : (match.group.isCompoundPart ? .compoundPart : .word))
        }
        let snippet = Self.snippet(doc, offer: offer, matches: matches, index: index)
        let breakdown = scoring.breakdown(doc)
        let closed = notOpen.contains(doc)

        return RecommendedOffer(
            id: offer.id, rank: rank, title: offer.title, provider: offer.provider.name,
            providerLevel: offer.provider.level, instruments: offer.instruments,
            url: offer.link(.information)?.url ?? offer.sourceURL, score: breakdown.total,
            closed: closed, nextDeadline: offer.schedule.nextDeadline(after: facts.today),
            reason: reason(offer: offer, topics: matchedTopics, terms: matchedTerms, passed: passed, unknown: unknown, failed: failed, closed: closed,
                           financingOpen: scoring.derived.financingOpen.contains(doc)),
            explanation: Explanation(
                passed: passed, unknown: unknown, failed: failed, matchedTopics: matchedTopics,
                matchedTerms: matchedTerms, snippet: snippet, score: breakdown,
                notes: notes(offer) + [DeMinimisRule.note(offer, received: facts.profile.deMinimisReceived)].compactMap { $0 } + derivedNotes(doc, offer: offer, derived: derived)),
            alsoPublishedBy: others.map(Publication.init))
    }

    /// "Digitalisation · KI, Software · for Saxony · open: number of employees".
    ///
    /// Both lines are written in place, part by part (``ReasonLine``): collecting the parts in
    /// arrays and joining them, with key-path maps for the labels, was about a fifth of an
    /// explanation's cost.
    ///
    /// `financingOpen`: the offer ranks higher as financing for any purpose (``DerivedSignals/Query/financingOpen``);
    /// such an offer shares no word with the project, so the line says why it is there (the
    /// note in the explanation gives the instrument, the topics and the evidence).
    func reason(offer: Offer, topics: [MatchedTopic], terms: [MatchedTerm], passed: [CriterionResult],
                unknown: [CriterionResult], failed: [CriterionResult], closed: Bool, financingOpen: Bool = false) -> LocalizedText {
        var line = ReasonLine()
        if let failure = failed.first(where: { $0.criterion != .schedule }) {
            line.part { de, en in
                de += "knapp verfehlt: "; de += failure.message.de
                en += "near miss: "; en += failure.message.en
            }
        }
        if closed { line.part { de, en in de += "geschlossen"; en += "closed" } }
        if !topics.isEmpty {
            line.part { de, en in
                for (number, topic) in topics.prefix(2).enumerated() {
                    if number > 0 { de += ", "; en += ", " }
                    de += topic.label.de
                    en += topic.label.en
                }
            }
        }
        if financingOpen { line.part { de, en in de += "Finanzierung für jeden Zweck"; en += "financing for any purpose" } }
        var words: [String] = []
        for term in terms where term.via != .concept && !words.contains(term.queryWords) && words.count < 3 { words.append(term.queryWords) }
        if !words.isEmpty {
            line.part { de, en in
                de += "„"; en += "“"
                for (number, word) in words.enumerated() {
                    if number > 0 { de += "“, „"; en += "”, “" }
                    de += word
                    en += word
                }
                de += "“"; en += "”"
            }
        }
        if let region = passed.first(where: { $0.criterion == .region && $0.code == "region.within" }) {
            line.part { de, en in de += region.message.de; en += region.message.en }
        }
        if !unknown.isEmpty {
            line.part { de, en in
                de += "offen: "; en += "open: "
                var first = true
                for result in unknown {
                    guard let field = result.missing.first else { continue }
                    if !first { de += ", "; en += ", " }
                    first = false
                    let label = field.label
                    de += label.de
                    en += label.en
                }
            }
        }
        if line.isEmpty { line.part { de, en in de += "passt zu Ihren Angaben"; en += "fits your answers" } }
        return LocalizedText(de: line.de, en: line.en)
    }

    /// What the offer's text says that the record does not state, each with its evidence:
    /// likely not eligible, through an intermediary, apply before starting, the most it pays.
    /// `offer` and `derived`: document `doc`'s record and derived facts.
    func derivedNotes(_ doc: Int, offer: Offer, derived: DerivedFacts) -> [LocalizedText] {
        let signals = scoring.derived
        // Ranked lower as a research programme (``DerivedSignals/Query/researchMismatch``):
        // the topic it was read from, stated or derived with its evidence.
        let research = signals.researchMismatch.contains(doc) ? researchNote(offer: offer, derived: derived) : nil
        // Ranked higher as a financing programme open to any purpose (``DerivedSignals/Query/financingOpen``).
        let financing = signals.financingOpen.contains(doc) ? financingNote(offer: offer, derived: derived) : nil
        let signalNotes = [research, financing].compactMap { $0 }
        guard !derived.isEmpty else { return signalNotes }
        var notes: [LocalizedText] = signalNotes
        func label(_ type: ApplicantType) -> LocalizedText { index.taxonomies.applicantTypes.label(type.rawValue) }
        if !derived.applicantTypes.isEmpty {
            let types = derived.applicantTypes.map { label($0.value) }
            let evidence = derived.applicantTypes[0].evidence
            let named = Set(derived.applicantTypes.map(\.value))
            let otherApplicant = facts.profile.applicantType.map { type in
                named.isDisjoint(with: [type] + (index.derivation.compatibleTypes[type] ?? []))
            } ?? false
            if otherApplicant {
                notes.append(LocalizedText(
                    de: "wahrscheinlich nicht für Sie: für \(types.map(\.de).joined(separator: ", ")) (aus dem Text abgeleitet: »\(evidence)«)",
                    en: "likely not for you: for \(types.map(\.en).joined(separator: ", ")) (derived from the text: »\(evidence)«)"))
            } else {
                notes.append(LocalizedText(
                    de: "Antragsteller: \(types.map(\.de).joined(separator: ", ")) (aus dem Text abgeleitet: »\(evidence)«)",
                    en: "applicants: \(types.map(\.en).joined(separator: ", ")) (derived from the text: »\(evidence)«)"))
            }
        }
        if let sizes = derived.companySizes {
            let list = sizes.value.map(\.rawValue).joined(separator: ", ")
            let excluded = facts.isBusinessOrUnknown && facts.profile.applicantType != nil && facts.sizeClasses.isDisjoint(with: sizes.value)
            notes.append(LocalizedText(
                de: (excluded ? "wahrscheinlich nicht für Ihre Größe: " : "Größenklassen: ") + "\(list) (aus dem Text abgeleitet: »\(sizes.evidence)«)",
                en: (excluded ? "likely not for your size: " : "size classes: ") + "\(list) (derived from the text: »\(sizes.evidence)«)"))
        }
        if !derived.sectors.isEmpty || !derived.mentionedSectors.isEmpty {
            func sectorLabel(_ code: SectorCode) -> LocalizedText {
                let term = index.taxonomies.sectors.term(code.rawValue)
                return LocalizedText(de: term.map { "\($0.de) (\(code.rawValue))" } ?? code.rawValue,
                                     en: term.map { "\($0.en) (\(code.rawValue))" } ?? code.rawValue)
            }
            let named = derived.sectors.isEmpty ? derived.mentionedSectors : derived.sectors
            let list = named.map { sectorLabel($0.value) }
            // As ranked (``DerivedSignals/query``): another sector in the applicant's clause is
            // *likely not*, one only in the title is a weaker minus.
            let weighed = facts.isBusinessOrUnknown && !facts.sectorAncestors.isEmpty
            let own = index.derivation.sectorsNotAgainst(facts.sectorAncestors)
            let other = weighed && own.isDisjoint(with: (derived.sectors + derived.mentionedSectors).map(\.value))
            let likelyNot = weighed && !derived.sectors.isEmpty && own.isDisjoint(with: derived.sectors.map(\.value))
            let (de, en) = likelyNot ? ("wahrscheinlich nicht für Ihre Branche: ", "likely not for your sector: ")
                : other ? ("für eine andere Branche: ", "for another sector: ") : ("Branche: ", "sector: ")
            notes.append(LocalizedText(
                de: de + "\(list.map(\.de).joined(separator: ", ")) (aus dem Text abgeleitet: »\(named[0].evidence)«)",
                en: en + "\(list.map(\.en).joined(separator: ", ")) (derived from the text: »\(named[0].evidence)«)"))
        }
        if signals.servesOthers.contains(doc), let evidence = derived.servesOthers {
            notes.append(LocalizedText(
                de: "richtet sich an Träger, die andere unterstützen (aus dem Text abgeleitet: »\(evidence)«)",
                en: "for bodies that support others (derived from the text: »\(evidence)«)"))
        }
        // Ranked lower (``DerivedSignals/Query/narrowCall``, the set the score reads): a call on
        // one theme, or a legal framework one does not apply to (its title, or what its text says
        // of itself); not a call whose applicant clause names this client.
        if signals.narrowCall.contains(doc), let evidence = derived.narrowCall {
            notes.append(LocalizedText(
                de: "eine einzelne Ausschreibung oder ein Rechtsrahmen, kein laufendes Programm (aus dem Text abgeleitet: »\(evidence)«)",
                en: "a single call or a legal framework, not a standing programme (derived from the text: »\(evidence)«)"))
        }
        // When the applicant-type criterion already reads "through X", the note would repeat it.
        let stated = offer.eligibility.applicantTypes
        let saidByCriterion = derived.intermediaryOnBehalf && stated != nil
            && facts.profile.applicantType.map { !stated!.contains($0) } == true
        if let through = derived.intermediary, !saidByCriterion {
            notes.append(LocalizedText(
                de: "über \(through.value) (aus dem Text abgeleitet: »\(through.evidence)«)",
                en: "through \(through.value) (derived from the text: »\(through.evidence)«)"))
        }
        if let evidence = derived.applyBeforeStart {
            notes.append(LocalizedText(
                de: "Antrag vor Beginn des Vorhabens (aus dem Text abgeleitet: »\(evidence)«)",
                en: "apply before the project starts (derived from the text: »\(evidence)«)"))
        }
        // Open to any topic (``DerivedSignals/Query/topicOpen``), said to a client with a research
        // topic, for whom it counts; a programme with a subject of its own is open within it only.
        if let evidence = derived.topicOpen, index.derivation.isResearchProject(facts.profile.topics) {
            if signals.topicOpen.contains(doc) {
                notes.append(LocalizedText(
                    de: "offen für jedes Thema (aus dem Text abgeleitet: »\(evidence)«)",
                    en: "open to any topic (derived from the text: »\(evidence)«)"))
            } else {
                let subjects = index.derivation.subjects(stated: offer.topics, derived: derived)
                let names = index.taxonomies.topics.labels(subjects.map(\.rawValue))
                let source = derived.topics.first { subjects.contains($0.value) }?.evidence ?? evidence
                notes.append(LocalizedText(
                    de: "nur Forschung zu \(names.de), Ihre Themen nennen das nicht (aus dem Text abgeleitet: »\(source)«)",
                    en: "research on \(names.en) only, which your topics do not name (derived from the text: »\(source)«)"))
            }
        }
        // A narrow purpose, group of people or place: ranked lower when the description does not
        // name it (``DerivedSignals/Query/otherPurpose``, which decides for all of them at once;
        // ``DerivationRules/purposesAgainst(_:named:)`` says which classes are why), otherwise
        // said as whom or what the programme is for.
        let rules = index.derivation
        let classes = rules.purposeClasses
        let known = derived.purposes.compactMap { purpose in classes.firstIndex { $0.name == purpose.value }.map { (purpose, $0) } }
        let against: Set<Int> = signals.otherPurpose.contains(doc)
            ? rules.purposesAgainst(Set(known.map(\.1)), named: signals.purposesNamed) : []
        for (purpose, number) in known {
            let named = classes[number]
            if against.contains(number) {
                notes.append(LocalizedText(
                    de: "nur für \(named.de), Ihre Beschreibung nennt das nicht (aus dem Text abgeleitet: »\(purpose.evidence)«)",
                    en: "only for \(named.en), which your description does not name (derived from the text: »\(purpose.evidence)«)"))
            } else {
                notes.append(LocalizedText(
                    de: "für \(named.de) (aus dem Text abgeleitet: »\(purpose.evidence)«)",
                    en: "for \(named.en) (derived from the text: »\(purpose.evidence)«)"))
            }
        }
        // Ranked by it as by a stated maximum (the amount component), so said with the need.
        if let amount = derived.amountMax, offer.funding?.amountMax == nil {
            let most = LocalizedText.euros(amount.value)
            let below = facts.profile.amountNeeded.map { $0 > amount.value } ?? false
            notes.append(LocalizedText(
                de: (below ? "weniger als Ihr Bedarf: " : "") + "bis zu \(most.de) (aus dem Text abgeleitet: »\(amount.evidence)«)",
                en: (below ? "less than you need: " : "") + "up to \(most.en) (derived from the text: »\(amount.evidence)«)"))
        }
        return notes
    }

    /// Why a general loan, guarantee or equity programme ranks higher for a client who asks for
    /// financing: its instrument (one the client prefers) and its topics (financing only), each
    /// with its evidence phrase where it was derived from the text.
    private func financingNote(offer: Offer, derived: DerivedFacts) -> LocalizedText {
        let rules = index.derivation
        let preferred = Set(facts.profile.preferredInstruments ?? [])
        let stated = offer.instruments.filter { rules.financingInstruments.contains($0) && preferred.contains($0) }
        let read = derived.instruments.filter { rules.financingInstruments.contains($0.value) && preferred.contains($0.value) }
        let instruments = stated.isEmpty ? read.map(\.value) : stated
        let topics = offer.topics.isEmpty ? derived.topics.map(\.value) : offer.topics
        let instrumentLabels = index.taxonomies.instruments.labels(instruments.map(\.rawValue))
        let topicLabels = index.taxonomies.topics.labels(topics.map(\.rawValue))
        var de = "Finanzierung für jeden Zweck (\(instrumentLabels.de); Themen nur \(topicLabels.de)), Sie suchen eine Finanzierung"
        var en = "financing for any purpose (\(instrumentLabels.en); topics only \(topicLabels.en)); you ask for financing"
        let evidence = (stated.isEmpty ? read.map(\.evidence) : []) + (offer.topics.isEmpty ? derived.topics.map(\.evidence) : [])
        var seen = Set<String>()
        let phrases = evidence.filter { seen.insert($0).inserted }
        if !phrases.isEmpty {
            de += " (aus dem Text abgeleitet: " + phrases.map { "»\($0)«" }.joined(separator: ", ") + ")"
            en += " (derived from the text: " + phrases.map { "»\($0)«" }.joined(separator: ", ") + ")"
        }
        return LocalizedText(de: de, en: en)
    }

    /// Why a research programme ranks lower for a client whose topics name no research.
    private func researchNote(offer: Offer, derived: DerivedFacts) -> LocalizedText {
        let research = index.derivation.topicOpenProfileTopics
        let code = offer.topics.first(where: research.contains)
            ?? derived.topics.first { research.contains($0.value) }?.value ?? research.sorted().first ?? ""
        let name = index.taxonomies.topics.label(code.rawValue)
        let (de, en) = (name.de, name.en)
        if let evidence = derived.topics.first(where: { $0.value == code })?.evidence {
            return LocalizedText(
                de: "Forschungsprogramm (\(de)), Ihre Themen nennen keine Forschung (aus dem Text abgeleitet: »\(evidence)«)",
                en: "a research programme (\(en)); your topics name no research (derived from the text: »\(evidence)«)")
        }
        return LocalizedText(
            de: "Forschungsprogramm (Thema des Angebots: \(de)), Ihre Themen nennen keine Forschung",
            en: "a research programme (the offer's topic: \(en)); your topics name no research")
    }

    /// The offer's conditions in words are not evaluated; when the applicant says the project
    /// has started and a condition speaks of the project start, quote it.
    func notes(_ offer: Offer) -> [LocalizedText] {
        guard facts.profile.projectStarted == true else { return [] }
        let markers = ["beginn", "begonnen", "before the start", "before starting", "not yet started"]
        return offer.eligibility.conditions.filter { condition in
            let lowered = condition.lowercased()
            return markers.contains { lowered.contains($0) }
        }.map { condition in
            LocalizedText(de: "Ihr Vorhaben hat bereits begonnen; Bedingung des Angebots: „\(condition)“",
                          en: "Your project has already started; the offer's condition reads: “\(condition)”")
        }
    }

    /// The first sentence of the summary, description or title containing a matched term,
    /// with the matching words highlighted, cut to ``snippetLength`` around the first match.
    ///
    /// The index knows each term's first sentence per offer and where in it the term's word
    /// is, and where that sentence lies in the offer's text, so the snippet is that sentence
    /// with those words marked, without analysing or splitting any text; an offer matched
    /// through its keywords alone has no snippet.
    ///
    /// A sentence of single scalars (nearly all catalogue text) is handled on its UTF-8 bytes
    /// in place (``SingleScalarSentence``): the only `String` built is the fragment. Any other
    /// sentence, or a word the index places off a scalar boundary, takes the character path
    /// (``characterSnippet(of:words:)``), which the tests compare the byte path with.
    static func snippet(_ doc: Int, offer: Offer, matches: [(group: TextQuery.Group, alternative: TextQuery.Alternative)],
                        index: OfferIndex) -> Snippet? {
        let text = index.text
        var first = TextIndex.noSentence
        var words: [(offset: Int, length: Int)] = []
        for match in matches {
            for term in match.alternative.terms {
                guard let posting = text.posting(term, in: Int32(doc)) else { continue }
                let sentence = text.firstSentence[posting]
                guard sentence != TextIndex.noSentence, sentence <= first else { continue }
                if sentence < first {
                    first = sentence
                    words.removeAll()
                }
                if text.firstOffset[posting] != TextIndex.noOffset {
                    words.append((Int(text.firstOffset[posting]), Int(text.firstLength[posting])))
                }
            }
        }
        guard first != TextIndex.noSentence,
              let sentence = SnippetSentences.sentence(Int(first), of: offer, doc: doc, spans: text.sentences) else { return nil }
        return snippet(of: sentence, words: words)
    }

    /// The snippet of `sentence` with `words` (UTF-8 byte offset and length in it, from the
    /// index; those beyond the sentence are ignored) and their later whole-word occurrences
    /// marked. Cost: a few passes over the sentence's bytes and one copy of the fragment, for
    /// a sentence of single scalars; else ``characterSnippet(of:words:)``.
    static func snippet(of sentence: Substring, words: [(offset: Int, length: Int)]) -> Snippet {
        var sentence = sentence
        let onBytes = sentence.withUTF8 { bytes -> Snippet? in
            let hits = words.filter { $0.offset + $0.length <= bytes.count }.map { $0.offset..<$0.offset + $0.length }
            guard !hits.isEmpty else { return Snippet(fragment: String(decoding: bytes, as: UTF8.self)) }
            guard let single = SingleScalarSentence(bytes),
                  hits.allSatisfy({ !$0.isEmpty && single.isScalarBoundary($0.lowerBound) && single.isScalarBoundary($0.upperBound) })
            else { return nil }
            return Self.snippet(of: single, marks: single.scalarOffsets(of: merged(hits + repetitions(of: hits, in: single))))
        }
        return onBytes ?? characterSnippet(of: String(sentence), words: words)
    }

    /// ``snippet(of:words:)`` by characters, for any sentence: the definition the byte path
    /// is tested against. The words as slices of the sentence, their repetitions found by
    /// comparing characters, the sentence laid out as characters and marks and cut.
    static func characterSnippet(of sentence: String, words: [(offset: Int, length: Int)]) -> Snippet {
        let utf8 = sentence.utf8
        let firsts = words.compactMap { word -> Substring? in
            guard word.offset + word.length <= utf8.count else { return nil }
            let from = utf8.index(utf8.startIndex, offsetBy: word.offset)
            return sentence[from..<utf8.index(from, offsetBy: word.length)]
        }
        guard !firsts.isEmpty else { return Snippet(fragment: sentence) }
        let hits = firsts + characterRepetitions(of: firsts, in: sentence)
        return cut(sentence, marked: merged(hits.map { $0.startIndex..<$0.endIndex }))
    }

    /// Later whole-word occurrences of the marked words (byte ranges, not empty) in their
    /// sentence of single scalars: the index knows only each term's first, and a word repeated
    /// in the snippet is marked every time. Each distinct word is searched once.
    static func repetitions(of words: [Range<Int>], in sentence: SingleScalarSentence) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var searched: [Range<Int>] = []
        for word in words where !searched.contains(where: { sentence.bytes[$0].elementsEqual(sentence.bytes[word]) }) {
            searched.append(word)
            sentence.forEachWholeWord(sentence.bytes[word]) { found.append($0) }
        }
        return found
    }

    /// Later whole-word occurrences of the marked words in their sentence (the index knows
    /// only each term's first), so that a word repeated in the snippet is marked every time.
    static func repetitions(of words: [Substring], in sentence: String) -> [Substring] {
        singleScalarRepetitions(of: words, in: sentence) ?? characterRepetitions(of: words, in: sentence)
    }

    /// ``repetitions(of:in:)`` for any sentence, comparing characters.
    static func characterRepetitions(of words: [Substring], in sentence: String) -> [Substring] {
        func isWordCharacter(_ character: Character?) -> Bool {
            guard let character else { return false }
            return character.isLetter || character.isNumber
        }
        var found: [Substring] = []
        for word in Set(words.map(String.init)) {
            for range in sentence.ranges(of: word) {
                let before = range.lowerBound > sentence.startIndex ? sentence[sentence.index(before: range.lowerBound)] : nil
                let after = range.upperBound < sentence.endIndex ? sentence[range.upperBound] : nil
                if !isWordCharacter(before), !isWordCharacter(after) { found.append(sentence[range]) }
            }
        }
        return found
    }

    /// ``repetitions(of:in:)`` by comparing UTF-8 bytes, for a sentence of single scalars
    /// (``SingleScalarText``); `nil` for any other sentence or an empty word.
    ///
    /// In such a sentence every scalar is a character of its own and no two different scalars
    /// are canonically equivalent, so a match of the bytes is exactly a match of the
    /// characters, found in the same places (``SingleScalarSentence/forEachWholeWord(_:_:)``).
    static func singleScalarRepetitions(of words: [Substring], in sentence: String) -> [Substring]? {
        guard !words.contains(where: \.isEmpty) else { return nil }
        var copy = sentence
        let utf8 = sentence.utf8
        return copy.withUTF8 { bytes -> [Substring]? in
            guard let single = SingleScalarSentence(bytes) else { return nil }
            var found: [Substring] = []
            var patterns: [[UInt8]] = []
            for word in words {
                let pattern = Array(word.utf8)
                guard !patterns.contains(pattern) else { continue }
                patterns.append(pattern)
                single.forEachWholeWord(pattern) { range in
                    let from = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
                    found.append(sentence[from..<utf8.index(from, offsetBy: range.count)])
                }
            }
            return found
        }
    }

    /// Overlapping hits (a hyphenated word and its part) as one mark, the outer one; the marks
    /// ascending and not overlapping. The order of `hits` does not matter.
    static func merged<Bound: Comparable>(_ hits: [Range<Bound>]) -> [Range<Bound>] {
        var marked: [Range<Bound>] = []
        marked.reserveCapacity(hits.count)
        for range in hits.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = marked.last, range.lowerBound < last.upperBound {
                marked[marked.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                marked.append(range)
            }
        }
        return marked
    }

    /// Highlights the matched words and trims their sentence around the first one.
    ///
    /// `hits` are the analyzer's slices of one sentence, so they are highlighted where the
    /// analyzer found them: a hyphen part inside its word (`E-Commerce` with `Commerce`), a
    /// compound as a whole. The cut counts each highlight's start and end as one character,
    /// as when they were «» in the text, so the fragment is the passage it always was.
    static func highlight(_ hits: [Substring]) -> Snippet {
        guard let sentence = hits.first?.base else { return Snippet(fragment: "") }
        let marked = merged(hits.map { $0.startIndex..<$0.endIndex })
        return onSingleScalars(sentence, marked: marked) { snippet(of: $0, marks: $1) } ?? cut(sentence, marked: marked)
    }

    /// `body` with the sentence's ``SingleScalarSentence`` and the scalar offsets of `marked`
    /// (ascending, not overlapping); `nil` when the sentence is not of single scalars or a
    /// mark is off a scalar boundary.
    private static func onSingleScalars<Result>(_ sentence: String, marked: [Range<String.Index>],
                                                _ body: (SingleScalarSentence, [(start: Int, end: Int)]) -> Result?) -> Result? {
        let utf8 = sentence.utf8
        let byteRanges = marked.map { utf8.distance(from: utf8.startIndex, to: $0.lowerBound)..<utf8.distance(from: utf8.startIndex, to: $0.upperBound) }
        var copy = sentence
        return copy.withUTF8 { bytes -> Result? in
            guard let single = SingleScalarSentence(bytes),
                  byteRanges.allSatisfy({ single.isScalarBoundary($0.lowerBound) && single.isScalarBoundary($0.upperBound) })
            else { return nil }
            return body(single, single.scalarOffsets(of: byteRanges))
        }
    }

    /// The snippet of a sentence of single scalars with `marks` (scalar offsets, ascending,
    /// not overlapping): the sentence itself when it and two units per mark fit
    /// ``snippetLength`` (most snippets), else ``singleScalarCut(marks:scalarCount:text:)``.
    static func snippet(of sentence: SingleScalarSentence, marks: [(start: Int, end: Int)]) -> Snippet {
        wholeSentence(sentence, marks: marks)
            ?? singleScalarCut(marks: marks, scalarCount: sentence.scalarCount, text: sentence.text(scalars:))
    }

    /// ``highlight(_:)`` for a sentence that needs no cut: in a sentence of single scalars
    /// (``SingleScalarText``) the units are its scalars and two per mark; when they fit
    /// ``snippetLength`` the fragment is the sentence itself and the highlights are the marks'
    /// scalar offsets. `nil` for any other sentence.
    static func wholeSentence(_ sentence: String, marked: [Range<String.Index>]) -> Snippet? {
        onSingleScalars(sentence, marked: marked) { wholeSentence($0, marks: $1) }
    }

    /// ``wholeSentence(_:marked:)`` on the sentence's bytes.
    static func wholeSentence(_ sentence: SingleScalarSentence, marks: [(start: Int, end: Int)]) -> Snippet? {
        guard sentence.scalarCount + 2 * marks.count <= snippetLength else { return nil }
        var highlighted: [Snippet.Highlight] = []
        highlighted.reserveCapacity(marks.count)
        for mark in marks where mark.end > mark.start { highlighted.append(Snippet.Highlight(start: mark.start, end: mark.end)) }
        return Snippet(fragment: sentence.text, highlighted: highlighted)
    }

    /// ``cut(_:marked:)`` for a sentence of single scalars (``SingleScalarText``), without
    /// building its units: each character is one scalar, so a unit's position follows from the
    /// scalar's and the marks before it, and the fragment is the slice of the scalars inside the
    /// window. `nil` for any other sentence.
    ///
    /// Long sentences (a fifth of the Förderdatenbank's) are cut; their `Character` units were
    /// half of a snippet's cost there.
    static func singleScalarCut(_ sentence: String, marked: [Range<String.Index>]) -> Snippet? {
        onSingleScalars(sentence, marked: marked) { single, marks in
            singleScalarCut(marks: marks, scalarCount: single.scalarCount, text: single.text(scalars:))
        }
    }

    /// ``singleScalarCut(_:marked:)`` on scalar offsets: `marks` ascending and not overlapping,
    /// `scalarCount` the sentence's scalars, `text` the text of a range of them (called once).
    static func singleScalarCut(marks: [(start: Int, end: Int)], scalarCount: Int, text: (Range<Int>) -> String) -> Snippet {
        let unitCount = scalarCount + 2 * marks.count
        var window = 0..<unitCount
        if unitCount > snippetLength {
            // The first mark's start is preceded by its scalars only.
            let firstMark = marks.first?.start ?? 0
            let start = max(0, min(firstMark - 60, unitCount - snippetLength))
            window = start..<min(start + snippetLength, unitCount)
        }
        var fragment = window.lowerBound > 0 ? "…" : ""
        var offset = fragment.unicodeScalars.count
        var highlighted: [Snippet.Highlight] = []
        var open: Int?
        func close() {
            if let start = open, offset > start { highlighted.append(Snippet.Highlight(start: start, end: offset)) }
            open = nil
        }
        // The units in order, as ``cut(_:marked:)`` lays them out: before scalar `position`,
        // the marks that start or end there; units before the window only move `open`.
        var unit = 0
        var mark = 0, inside = false
        func marksAt(_ position: Int) {
            while mark < marks.count {
                if !inside, marks[mark].start == position {
                    if window.contains(unit) { open = offset } else if unit < window.lowerBound { open = offset }
                    inside = true
                    unit += 1
                } else if inside, marks[mark].end == position {
                    if window.contains(unit) { close() } else if unit < window.lowerBound { open = nil }
                    inside = false
                    mark += 1
                    unit += 1
                } else {
                    return
                }
            }
        }
        // The scalars inside the window are consecutive: appended as one slice, not one by one.
        var taken: Range<Int>?
        for position in 0..<scalarCount {
            marksAt(position)
            if unit >= window.upperBound { break }
            if unit >= window.lowerBound {
                taken = (taken?.lowerBound ?? position)..<(position + 1)
                offset += 1
            }
            unit += 1
        }
        if let taken { fragment += text(taken) }
        marksAt(scalarCount)
        close()
        if window.upperBound < unitCount { fragment += "…" }
        return Snippet(fragment: fragment, highlighted: highlighted)
    }

    /// ``highlight(_:)`` for any sentence: the sentence as characters and marks (the units the
    /// cut counts), cut to ``snippetLength`` around the first mark.
    static func cut(_ sentence: String, marked: [Range<String.Index>]) -> Snippet {
        enum Unit { case text(Character), start, end }
        var units: [Unit] = []
        var cursor = sentence.startIndex
        var firstMark = 0
        for (number, range) in marked.enumerated() {
            units.append(contentsOf: sentence[cursor..<range.lowerBound].map(Unit.text))
            if number == 0 { firstMark = units.count }
            units.append(.start)
            units.append(contentsOf: sentence[range].map(Unit.text))
            units.append(.end)
            cursor = range.upperBound
        }
        units.append(contentsOf: sentence[cursor...].map(Unit.text))
        var window = 0..<units.count
        if units.count > snippetLength {
            let start = max(0, min(firstMark - 60, units.count - snippetLength))
            window = start..<min(start + snippetLength, units.count)
        }
        var fragment = window.lowerBound > 0 ? "…" : ""
        var offset = fragment.unicodeScalars.count
        var highlighted: [Snippet.Highlight] = []
        // A highlight cut by the window runs to the window's edge.
        var open: Int? = units[..<window.lowerBound].reduce(nil) { open, unit in
            switch unit {
            case .start: offset
            case .end: nil
            case .text: open
            }
        }
        func close() {
            if let start = open, offset > start { highlighted.append(Snippet.Highlight(start: start, end: offset)) }
            open = nil
        }
        for unit in units[window] {
            switch unit {
            case .text(let character):
                fragment.append(character)
                offset += character.unicodeScalars.count
            case .start: open = offset
            case .end: close()
            }
        }
        close()
        if window.upperBound < units.count { fragment += "…" }
        return Snippet(fragment: fragment, highlighted: highlighted)
    }
}

/// The one-line reason in both languages, written part by part with " · " between the parts
/// (what joining an array of parts gave, without the arrays).
struct ReasonLine {
    private(set) var de = ""
    private(set) var en = ""
    private(set) var isEmpty = true

    /// Appends the separator (unless this is the first part), then what `write` appends.
    mutating func part(_ write: (_ de: inout String, _ en: inout String) -> Void) {
        if isEmpty {
            // One allocation each for a typical reason (about 60–120 bytes).
            de.reserveCapacity(128)
            en.reserveCapacity(128)
        } else {
            de += " · "
            en += " · "
        }
        isEmpty = false
        write(&de, &en)
    }
}
