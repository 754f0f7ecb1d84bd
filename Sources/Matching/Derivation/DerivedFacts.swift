import Foundation
public import SupportModel

/// A value derived from an offer's text, with the words it came from.
public struct Derived<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    public var value: Value
    /// The passage of the offer's own text the value was read from, quoted as written.
    public var evidence: String
}

/// What an offer does not state but its own words say, kept apart from what it states.
///
/// Only fields the offer leaves empty are derived (a stated applicant list is never second-
/// guessed). A derived value never decides eligibility: it ranks an offer higher or lower
/// and is shown with its evidence ("derived from the text: »Wenn Sie als Kommune …«"), so an
/// uncertain derivation can never hide an offer.
public struct DerivedFacts: Hashable, Sendable, Codable {
    /// Applicants named as the sentence's subject ("Wenn Sie als Kommune …"): strong evidence;
    /// an applicant of another type is likely not eligible.
    public var applicantTypes: [Derived<ApplicantType>] = []
    /// Applicants mentioned elsewhere in the text: weak evidence, only ever a plus.
    public var mentionedApplicantTypes: [Derived<ApplicantType>] = []
    /// Size classes the text limits the offer to ("kleine und mittlere Unternehmen").
    public var companySizes: Derived<[SizeClass]>?
    public var topics: [Derived<TopicCode>] = []
    /// Instruments the text names that the record does not state (a grant "für Beratung").
    public var instruments: [Derived<Instrument>] = []
    /// The application must be made before the project starts.
    public var applyBeforeStart: String?
    /// The body the applicant goes through ("über Ihre Hausbank").
    public var intermediary: Derived<String>?
    /// The intermediary receives the money and passes it on ("grants to States … subgrants to
    /// local organizations"): a client the record's applicant list leaves out may be reached
    /// through it (see ``DerivationRules/reachableThroughIntermediary``).
    public var intermediaryOnBehalf = false
    /// The programme is open to any topic or technology (breadth, for innovation projects).
    public var topicOpen: String?
    /// The title names a single thematic call or competition rather than a standing programme,
    /// or the record is a legal framework (its title, or what its text says of itself).
    public var narrowCall: String?
    /// The applicant serves others (advises, trains, supports a target group).
    public var servesOthers: String?
    /// Narrow purposes, or the one group of people, the title or the summary's first sentence
    /// names (``PurposeClass/name``: `working-capital` for "Wenn Sie … einen zusätzlichen Bedarf
    /// an Betriebsmitteln haben", `veterans` for "Veterans Housing Rehabilitation …"), with that
    /// title or sentence as evidence.
    public var purposes: [Derived<String>] = []
    /// Sectors (NACE divisions) named in the applicant's clause ("Wenn Sie als
    /// landwirtschaftlicher Betrieb …"): strong, a client of another sector is likely not
    /// eligible.
    public var sectors: [Derived<SectorCode>] = []
    /// Sectors the title names ("Landwirtschaft – Wachstum"): weak, only ever a plus.
    public var mentionedSectors: [Derived<SectorCode>] = []
    /// The most the offer pays or lends, in euros, where only its text says so ("ein Darlehen
    /// von bis zu 25.000 EUR"): the amount component reads it as it reads a stated maximum, so
    /// a 25,000 EUR microloan no longer fits a 400,000 EUR need as well as a 25 M EUR loan.
    public var amountMax: Derived<Double>?

    public init() {}

    public var isEmpty: Bool { self == DerivedFacts() }
}

extension DerivationRules {
    /// How many words after the subject's end (a preposition or article that starts its
    /// complement) are still read for its sector: "im Agrarbereich", "der Aquakultur und
    /// Fischwirtschaft".
    static let sectorWordsAfterSubject = 4
    /// The longest "Wenn Sie …" clause (words from "Sie" to the main clause) whose final verb
    /// is read for serving others when the clause holds commas; longer texts are not one clause.
    static let servesOthersClauseMaxWords = 40
    /// Words that join the members of an applicant list ("… oder kleines Unternehmen").
    static let listConjunctions: Set<String> = ["und", "oder", "sowie", "bzw", "beziehungsweise", "and", "or"]

    /// Derives what `offer` does not state from its title, summary and description.
    public func derive(_ offer: Offer) -> DerivedFacts {
        derive(offer, text: [offer.title, offer.summary, offer.description].filter { !$0.isEmpty }.joined(separator: "\n"))
    }

    /// Derives from `text` only (for measuring a derivation on the title and one sentence).
    public func derive(_ offer: Offer, text: String) -> DerivedFacts {
        var facts = DerivedFacts()
        guard !isEmpty, !text.isEmpty else { return facts }
        let input = phraseStarts.words(text)
        let words = input.words
        // The title's words, read at most once (narrow call, sectors, applicant in the title).
        var titleInput: PhraseWords?
        func titleWords() -> PhraseWords {
            if let titleInput { return titleInput }
            let read = phraseStarts.words(offer.title)
            titleInput = read
            return read
        }
        // Where the part that says whom the record is for and how much it pays ends (size
        // limit, amount maximum): found at most once.
        var headEndIndex: String.Index?
        func headEnd() -> String.Index {
            if let headEndIndex { return headEndIndex }
            let found = Self.headEnd(of: offer, in: text)
            headEndIndex = found
            return found
        }
        let subjectMarkerMatches = subjectMarkers.matches(in: input)
        // Where the main clause starts ("können Sie …"): read once, for the applicant of a
        // subjectless clause, for the instruments it names and for serving others.
        let mainClauseMarkers = instrumentMarkers.matches(in: input)

        func quote(_ first: Int, _ last: Int, context: Int = 4) -> String {
            // The sentence around the words, at most `context` words either side.
            var from = first, to = last
            while from > 0, first - from < context, !breaks(text[words[from - 1].range.upperBound..<words[from].range.lowerBound]) { from -= 1 }
            while to + 1 < words.count, to - last < context, !breaks(text[words[to].range.upperBound..<words[to + 1].range.lowerBound]) { to += 1 }
            let body = text[words[from].range.lowerBound..<words[to].range.upperBound]
            let cutBefore = from > 0 && !breaks(text[words[from - 1].range.upperBound..<words[from].range.lowerBound])
            let cutAfter = to + 1 < words.count && !breaks(text[words[to].range.upperBound..<words[to + 1].range.lowerBound])
            return (cutBefore ? "… " : "") + body + (cutAfter ? " …" : "")
        }
        func breaks(_ gap: Substring) -> Bool { gap.contains { $0 == "." || $0 == "\n" || $0 == "!" || $0 == "?" } }
        /// Whether the words after `previous` up to `next` join two list members: a comma, a
        /// slash or a bracket between them, or a conjunction among the words in between.
        func joinsList(_ previous: Int, _ next: Int) -> Bool {
            for index in previous..<next {
                if text[words[index].range.upperBound..<words[index + 1].range.lowerBound].contains(where: { ",/(".contains($0) }) { return true }
                if index > previous, Self.listConjunctions.contains(words[index].word) { return true }
            }
            return false
        }

        // Who applies: the subject after "Sie als", up to the first verb or punctuation.
        if offer.eligibility.applicantTypes == nil {
            var strong: [ApplicantType: String] = [:]
            for marker in subjectMarkerMatches {
                var end = marker.last
                while end + 1 < words.count, end - marker.last < subjectMaxWords {
                    let gap = text[words[end].range.upperBound..<words[end + 1].range.lowerBound]
                    if gap.contains(where: subjectStopPunctuation.contains) || breaks(gap) { break }
                    let next = words[end + 1].word
                    if subjectStops.contains(next) { break }
                    // The object starts (a preposition or article after the subject's first word).
                    if end > marker.last, subjectBoundaries.contains(next) { break }
                    end += 1
                }
                guard end > marker.last else { continue }
                let span = input[(marker.last + 1)...end]
                // A subject is a list of applicants ("als Existenzgründerin, Existenzgründer oder
                // kleines Unternehmen"): a further type counts only when a list word or mark joins
                // it to the one before. One directly after it is the object ("als Hochschule
                // Gründungsvorhaben … unterstützen": the university applies, not the founder),
                // unless it ends where a `stopAt` verb ends the subject: then it is what the
                // subject does ("als Wissenschaftlerin ein Unternehmen gründen wollen").
                let predicateEnd = end + 1 < words.count && subjectStops.contains(words[end + 1].word) ? end : nil
                var listEnd: Int?
                for match in applicantTypes.matches(in: span).sorted(by: { $0.first < $1.first }) {
                    let first = marker.last + 1 + match.first, last = marker.last + 1 + match.last
                    if let previous = listEnd, first > previous, !joinsList(previous, first), last != predicateEnd { break }
                    listEnd = max(listEnd ?? last, last)
                    if strong[match.value] == nil { strong[match.value] = quote(marker.first, end, context: 3) }
                }
            }
            // No "Sie als …" subject: a "Wenn Sie …" clause that says what only one kind of
            // applicant does ("… eine Meisterprüfung erfolgreich abgeschlossen haben": a person)
            // names it as well. Read from "Sie" to the main clause (`instrumentClause` markers),
            // within one sentence and at most ``servesOthersClauseMaxWords`` words.
            if strong.isEmpty, !clauseApplicants.isEmpty {
                for index in words.indices where index >= 1 && words[index - 1].word == "wenn" && words[index].word == "sie" {
                    var end = index
                    let limit = mainClauseMarkers.first(where: { $0.first > index + 1 })?.first ?? words.count
                    while end + 1 < limit, end - index < Self.servesOthersClauseMaxWords,
                          !breaks(text[words[end].range.upperBound..<words[end + 1].range.lowerBound]) { end += 1 }
                    guard end > index else { continue }
                    for match in clauseApplicants.matches(in: input[(index + 1)...end]) where strong[match.value] == nil {
                        strong[match.value] = quote(index - 1, end, context: 0)
                    }
                    if !strong.isEmpty { break }
                }
            }
            facts.applicantTypes = strong.keys.sorted().map { Derived(value: $0, evidence: strong[$0]!) }
            var mentioned: [ApplicantType: String] = [:]
            for match in applicantTypes.matches(in: input) where strong[match.value] == nil && mentioned[match.value] == nil {
                mentioned[match.value] = quote(match.first, match.last)
            }
            facts.mentionedApplicantTypes = mentioned.keys.sorted().map { Derived(value: $0, evidence: mentioned[$0]!) }
        }

        // Sectors: in the applicant's subject and the few words after it, which name the
        // subject's trade ("als Start-up im Agrarbereich", "als Unternehmen der
        // Seeschifffahrt"), and in the title. Further along the clause is the object
        // ("… bei der Finanzierung von Aufträgen über ein Kreditinstitut"), not the applicant.
        if offer.eligibility.sectors == nil, !sectors.isEmpty {
            var strong: [SectorCode: String] = [:]
            for marker in subjectMarkerMatches {
                var end = marker.last
                var pastBoundary = 0
                while end + 1 < words.count, end - marker.last < subjectMaxWords, pastBoundary < Self.sectorWordsAfterSubject {
                    let gap = text[words[end].range.upperBound..<words[end + 1].range.lowerBound]
                    if gap.contains(where: subjectStopPunctuation.contains) || breaks(gap) { break }
                    let next = words[end + 1].word
                    if subjectStops.contains(next) { break }
                    if pastBoundary > 0 || (end > marker.last && subjectBoundaries.contains(next)) { pastBoundary += 1 }
                    end += 1
                }
                guard end > marker.last else { continue }
                let span = input[(marker.last + 1)...end]
                for match in sectors.matches(in: span) where strong[match.value] == nil {
                    strong[match.value] = quote(marker.first, marker.last + 1 + match.last, context: 3)
                }
            }
            facts.sectors = strong.keys.sorted().map { Derived(value: $0, evidence: strong[$0]!) }
            var mentioned: [SectorCode: String] = [:]
            for match in sectors.matches(in: titleWords()) where strong[match.value] == nil && mentioned[match.value] == nil {
                mentioned[match.value] = Self.shortened(offer.title)
            }
            facts.mentionedSectors = mentioned.keys.sorted().map { Derived(value: $0, evidence: mentioned[$0]!) }
        }

        // A size limit is read in the title and the summary only (in the description's first
        // sentence when there is no summary), where a record says whom it is for ("KMU-innovativ",
        // "Wenn Sie als kleines oder mittleres Unternehmen …", "Small Business Innovation Research
        // (SBIR) program: To …"). A long description names sizes in passing: a module for some of
        // the applicants ("Durchführbarkeitsstudien (für junge Unternehmen, Kleinstunternehmen …)"
        // made ZIM micro-only), a list of topics or beneficiaries ("… Raumfahrt oder KMU",
        // "households, small business, nonprofits"), a higher rate ("Bei KMU förderfähig sind
        // …"); and a wrong limit makes every other size *likely not* eligible. A one-sentence
        // record has no description. Matches come in text order, so the first one decides.
        if offer.eligibility.companySizes == nil, let match = companySizes.matches(in: input).first,
           words[match.first].range.lowerBound < headEnd() {
            facts.companySizes = Derived(value: match.value, evidence: quote(match.first, match.last))
        }

        if offer.topics.isEmpty {
            var topics: [TopicCode: String] = [:]
            for match in self.topics.matches(in: input) where topics[match.value] == nil {
                topics[match.value] = quote(match.first, match.last)
            }
            facts.topics = topics.keys.sorted().map { Derived(value: $0, evidence: topics[$0]!) }
        }

        // Instruments the record does not state: from what "können Sie … erhalten" names.
        let stated = Set(offer.instruments)
        var clauseStart = 0
        if let marker = mainClauseMarkers.first { clauseStart = marker.last + 1 }
        var instruments: [Instrument: String] = [:]
        /// Whether the instrument word at `first` heads a prepositional phrase (`instrumentObject`):
        /// "… Sicherheiten für Ihren Kredit …", "Garantien für Beteiligungen", "Besicherung von
        /// Krediten" name what the offer secures or pays for, not a second form of funding. Only
        /// articles, possessives and adjectives (lower-case words) may stand between, with no
        /// punctuation; "in Form von Zuschüssen" names the funding itself, and a phrase that opens
        /// its sentence is the sentence's theme. Cost: at most
        /// `maxWordsBetween` + 1 set look-ups per instrument word.
        func isPrepositionalObject(_ first: Int) -> Bool {
            var index = first - 1
            while index >= 0, first - 1 - index <= instrumentObjectMaxWords {
                if text[words[index].range.upperBound..<words[index + 1].range.lowerBound].contains(where: { !$0.isWhitespace }) { return false }
                let word = words[index].word
                if instrumentObjectPrepositions.contains(word) {
                    // A phrase that opens its sentence is its theme ("Für die Bürgschaft fallen
                    // Gebühren an": the offer's own guarantee), not an object inside it.
                    if index == 0 || breaks(text[words[index - 1].range.upperBound..<words[index].range.lowerBound]) { return false }
                    return !instrumentObjectExceptions.contains { phrase in
                        phrase.count <= index && phrase.enumerated().allSatisfy { words[index - 1 - $0.offset].word == $0.element }
                    }
                }
                guard instrumentObjectDeterminers.contains(word) || text[words[index].range].first?.isLowercase == true else { return false }
                index -= 1
            }
            return false
        }
        for match in self.instruments.matches(in: input[clauseStart...])
        where !stated.contains(match.value) && instruments[match.value] == nil {
            if instrumentObjectInstruments.contains(match.value), isPrepositionalObject(match.first + clauseStart) { continue }
            instruments[match.value] = quote(match.first + clauseStart, match.last + clauseStart)
        }
        facts.instruments = instruments.keys.sorted().map { Derived(value: $0, evidence: instruments[$0]!) }

        if let match = applyBeforeStart.matches(in: input).first { facts.applyBeforeStart = quote(match.first, match.last) }
        let bodies = intermediaries.matches(in: input)
        if let match = bodies.first(where: { $0.value.onBehalf }) ?? bodies.first {
            facts.intermediary = Derived(value: match.value.name, evidence: quote(match.first, match.last))
            facts.intermediaryOnBehalf = match.value.onBehalf
        }
        if let match = topicOpen.matches(in: input).first { facts.topicOpen = quote(match.first, match.last) }
        // A framework says what it is where a record says whom it is for (``headEnd(of:in:)``);
        // a long description may call its own guideline "die Grundlage" of a standing programme.
        if !narrowCall.matches(in: titleWords()).isEmpty {
            facts.narrowCall = Self.shortened(offer.title)
        } else if let match = frameworkText.matches(in: input).first(where: { words[$0.first].range.lowerBound < headEnd() }) {
            facts.narrowCall = quote(match.first, match.last)
        }
        if !purposeClasses.isEmpty { facts.purposes = purposes(of: offer, text: input, title: titleWords()) }

        // Serving others: a "Wenn Sie …" clause whose last word before the comma is a verb of
        // helping someone, or a phrase of it anywhere.
        if let match = servesOthers.matches(in: input).first {
            facts.servesOthers = quote(match.first, match.last)
        } else {
            for index in words.indices where index >= 1 && words[index - 1].word == "wenn" && words[index].word == "sie" {
                var end = index + 1
                var found = false
                // The clause up to its first comma, then through any relative clause that
                // follows it (whose verb says what the people the applicant employs do).
                repeat {
                    while end + 1 < words.count, end - index < 30 {
                        let gap = text[words[end].range.upperBound..<words[end + 1].range.lowerBound]
                        if gap.contains(",") || breaks(gap) { break }
                        end += 1
                    }
                    var last = end
                    while last > index + 1, servesOthersModals.contains(words[last].word) { last -= 1 }
                    if servesOthersVerbs.contains(words[last].word) {
                        facts.servesOthers = quote(index - 1, end, context: 0)
                        found = true
                        break
                    }
                    guard end + 1 < words.count, end - index < 30,
                          !breaks(text[words[end].range.upperBound..<words[end + 1].range.lowerBound]),
                          servesOthersRelatives.contains(words[end + 1].word) else { break }
                    end += 1
                } while true
                // A comma inside the clause's object ("Wenn Sie Fortbildungen für Fachpersonal,
                // Helfende und Angehörige … anbieten, können Sie …") is not its end: the clause
                // ends at the comma before the main clause (`instrumentClause` markers), so its
                // final verb is the word before that comma. Cost: one scan of the markers found
                // for the instrument clause above.
                if !found, let main = mainClauseMarkers.first(where: { $0.first > index + 1 }),
                   main.first - index <= Self.servesOthersClauseMaxWords,
                   text[words[main.first - 1].range.upperBound..<words[main.first].range.lowerBound].contains(","),
                   !(index..<(main.first - 1)).contains(where: { breaks(text[words[$0].range.upperBound..<words[$0 + 1].range.lowerBound]) }) {
                    var last = main.first - 1
                    while last > index + 1, servesOthersModals.contains(words[last].word) { last -= 1 }
                    if servesOthersVerbs.contains(words[last].word) {
                        facts.servesOthers = quote(index - 1, main.first - 1, context: 0)
                        found = true
                    }
                }
                if found { break }
            }
        }
        // No subject in the text and nobody served: a title that names the recipient
        // ("Unterstützung örtlicher Träger der öffentlichen Jugendhilfe", "… (Weiterbildungs-
        // stipendium)") says who applies. A text that serves others ("Wenn Sie Gründerinnen
        // … unterstützen") names the beneficiaries in its title, not the applicant.
        if offer.eligibility.applicantTypes == nil, facts.applicantTypes.isEmpty, facts.servesOthers == nil {
            var titled: Set<ApplicantType> = []
            let title = titleWords()
            for match in titleApplicants.matches(in: title) { titled.insert(match.value) }
            for word in title.words {
                for rule in titleApplicantEndings where word.word.hasSuffix(rule.ending) { titled.insert(rule.type) }
            }
            if !titled.isEmpty {
                let title = Self.shortened(offer.title)
                facts.applicantTypes = titled.sorted().map { Derived(value: $0, evidence: title) }
                facts.mentionedApplicantTypes.removeAll { titled.contains($0.value) }
            }
        }
        // The most it pays or lends, only where the record states no maximum and no other
        // currency. Quoted from "bis" to the currency with the words around it. Read where a
        // size limit is read (``headEnd(of:in:)``): a long description's amounts are parts and
        // rates ("zusätzlich bis zu 15.000 Euro in der Startphase", "pauschal bis zu 40 Euro im
        // Monat je Ehrenamtlichem"), not what the programme pays at most.
        if offer.funding?.amountMax == nil, (offer.funding?.currency ?? "EUR") == "EUR",
           let found = Self.amountUpTo(in: text), found.range.lowerBound < headEnd() {
            let first = words.firstIndex { $0.range.lowerBound >= found.range.lowerBound }
            let last = words.lastIndex { $0.range.upperBound <= found.range.upperBound }
            let evidence = if let first, let last, first <= last { quote(first, last) } else { String(text[found.range]) }
            facts.amountMax = Derived(value: found.value, evidence: evidence)
        }
        return facts
    }

    /// The first amount in euros after "bis zu" ("bis zu 25.000 EUR", "bis zu 3 Millionen
    /// Euro", "bis zu 2,5 Mio. EUR") and where it stands in `text`, from "bis" to the currency.
    /// The currency must follow the number or its magnitude, so a share ("bis zu 50 Prozent")
    /// or a duration ("bis zu 3 Jahre") is not read. What follows the currency is not read
    /// either: "bis zu 500 EUR pro Monat" would count as 500 (none of the Förderdatenbank's
    /// twelve such sentences has one; session 14, RESULTS.md). Numbers are read as the
    /// questionnaire reads them (``NumberReading``, German).
    ///
    /// Runs for every record without a stated maximum at every index build, so a byte scan for
    /// "is zu" ("bis zu", "Bis zu") comes first: Foundation's case-insensitive search took about
    /// 90 µs per 3 KB English text in a micro-benchmark on this machine, the scan about 3 µs.
    static func amountUpTo(in text: String) -> (value: Double, range: Range<String.Index>)? {
        guard mayContainUpTo(text) else { return nil }
        var searchFrom = text.startIndex
        while let marker = text.range(of: "bis zu", options: .caseInsensitive, range: searchFrom..<text.endIndex) {
            searchFrom = marker.upperBound
            // Up to three words after it: the number, a magnitude, the currency.
            var tokens: [(text: Substring, end: String.Index)] = []
            var index = marker.upperBound
            guard index < text.endIndex, text[index].isWhitespace else { continue }
            while tokens.count < 3 {
                while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
                let start = index
                while index < text.endIndex, !text[index].isWhitespace { index = text.index(after: index) }
                guard start < index else { break }
                tokens.append((text[start..<index], index))
            }
            guard tokens.count >= 2 else { continue }
            for currencyAt in 1..<min(3, tokens.count) {
                let currency = tokens[currencyAt].text.trimmingCharacters(in: .punctuationCharacters)
                guard Self.euroWords.contains(currency) else { continue }
                let written = tokens[0..<currencyAt].map { String($0.text) }.joined(separator: " ")
                guard let reading = NumberReading(written, language: .german), reading.value > 0, reading.value.isFinite else { break }
                return (reading.value, marker.lowerBound..<tokens[currencyAt].end)
            }
        }
        return nil
    }

    static let euroWords: Set<String> = ["EUR", "Euro", "€"]

    /// The narrow purposes (`purposes.classes`) the title names, or the first sentence of the
    /// summary (of the description, when there is no summary) when it is the applicant's clause
    /// ("Wenn Sie …", `sentenceOpeners`) and negates nothing; unless the title or that sentence
    /// names a broad purpose of the same class as well. Only there: what a one-sentence record
    /// pays for is said in its title and its "Wenn Sie …" sentence, while other sentences name
    /// working capital as one item, a condition or an exclusion ("Die Bürgschaft deckt … bei
    /// Betriebsmitteln bis 60 %", "reine Betriebsmittelfinanzierungen sind ausgeschlossen": the
    /// generated benchmark catalogues hold 57 such summaries per 10,000). Cost: one read of the
    /// first sentence's words (the title's are read already), and only for an offer where a
    /// purpose phrase can start in `text` (the words of its title, summary and description, read
    /// already): its title and first sentence are part of that text, so an offer none of whose
    /// words starts a phrase has no purpose, and most offers skip the second read.
    func purposes(of offer: Offer, text: PhraseWords, title: PhraseWords) -> [Derived<String>] {
        guard text.starts.contains(where: { $0 & purposePhrases.bit != 0 }) else { return [] }
        let lead = Self.firstSentence(offer.summary.isEmpty ? offer.description : offer.summary)
        let leadWords = phraseStarts.words(lead)
        let broad = Set((purposeBroad.matches(in: title) + purposeBroad.matches(in: leadWords)).map(\.value))
        let leadIsClause = purposeOpeners.matches(in: leadWords).contains { $0.first == 0 }
            && purposeNegations.matches(in: leadWords).isEmpty
        var found: [Int: String] = [:]
        for (words, sentence) in [(title, offer.title)] + (leadIsClause ? [(leadWords, lead)] : []) {
            for match in purposePhrases.matches(in: words) where !broad.contains(match.value) && found[match.value] == nil {
                found[match.value] = Self.shortened(sentence, to: 160)
            }
        }
        return found.keys.sorted().map { Derived(value: purposeClasses[$0].name, evidence: found[$0]!) }
    }

    /// Where the part of `text` that says whom a record is for and how much it pays ends (a
    /// size limit, an amount maximum and a framework's self-description are read only before it): after the summary, or,
    /// when there is no summary, after the description's first sentence (``firstSentence(_:)``,
    /// which ``purposes(of:text:title:)`` reads too). `text` is the title, summary and
    /// description joined as ``derive(_:)`` joins them; a text without the description
    /// (`derivations --from title-summary`) is read to its end.
    static func headEnd(of offer: Offer, in text: String) -> String.Index {
        guard !offer.description.isEmpty, text.hasSuffix(offer.description) else { return text.endIndex }
        let description = text.utf8.index(text.endIndex, offsetBy: -offer.description.utf8.count)
        guard offer.summary.isEmpty else { return description }
        return text.utf8.index(description, offsetBy: firstSentence(offer.description).utf8.count)
    }

    /// `text` as evidence: at most `limit` characters, cut with "…" (a title quoted whole
    /// unless it is longer than 120).
    static func shortened(_ text: String, to limit: Int = 120) -> String {
        text.count > limit ? String(text.prefix(limit - 3)) + "…" : text
    }

    /// `text` up to its first sentence end: ".", "!" or "?" after a word of four or more
    /// letters ("z. B.", "ca.", "Mio." do not end it) and before a space and a capital letter.
    static func firstSentence(_ text: String) -> String {
        var letters = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character.isLetter {
                letters += 1
            } else {
                if ".!?".contains(character), letters >= 4, next < text.endIndex, text[next].isWhitespace {
                    let after = text[next...].drop { $0.isWhitespace }
                    if after.first?.isUppercase == true { return String(text[..<next]) }
                }
                letters = 0
            }
            index = next
        }
        return text
    }

    /// Whether "is zu" occurs in `text` in any ASCII case (a superset of the texts the
    /// case-insensitive search for "bis zu" finds: "Bis zu", and "BIS ZU" in a shouting title).
    static func mayContainUpTo(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 5 else { return false }
            // `| 0x20` folds an ASCII capital to its small letter; the space is compared as is.
            func isSmall(_ byte: UInt8, _ letter: Unicode.Scalar) -> Bool { byte | 0x20 == UInt8(ascii: letter) }
            for index in 0...(bytes.count - 5) where isSmall(bytes[index], "i") {
                if isSmall(bytes[index + 1], "s"), bytes[index + 2] == UInt8(ascii: " "),
                   isSmall(bytes[index + 3], "z"), isSmall(bytes[index + 4], "u") { return true }
            }
            return false
        }
    }
}
