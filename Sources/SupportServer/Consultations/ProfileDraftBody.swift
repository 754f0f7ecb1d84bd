import Consultations
import Foundation
import SupportModel

/// Reads the body of `POST /v1/profiles` and `PUT /v1/profiles/{id}`:
///
/// ```json
/// {"label": "Software SME Dresden", "notes": "…", "profile": {…answers…},
///  "shortlist": [{"offerId": "supportmatch:sab-innostartbonus", "note": "…"}]}
/// ```
///
/// As strict as the profile decoder: unknown keys are errors, and every problem comes back
/// with its JSON pointer into this body (answers under `/profile/…`).
enum ProfileDraftBody {
    static let keys = ["label", "notes", "profile", "shortlist"]
    static let itemKeys = ["offerId", "note"]

    static func decode(_ data: Data, taxonomies: Taxonomies, today: Day) throws -> ProfileDraft {
        guard let json = try? JSONSerialization.jsonObject(with: data), let object = json as? [String: Any] else {
            throw Problem.invalid([.init(pointer: "", detail: "expected a JSON object with label, profile and optionally notes and shortlist")])
        }
        var problems: [Problem.InvalidParameter] = []
        for key in object.keys.sorted() where !keys.contains(key) {
            problems.append(.init(pointer: "/" + JSONPointer.escape(key), detail: "unknown field; expected one of \(keys.joined(separator: ", "))"))
        }
        let label = object["label"] as? String
        if object["label"] == nil { problems.append(.init(pointer: "/label", detail: "is required")) }
        else if label == nil { problems.append(.init(pointer: "/label", detail: "expected a string")) }
        let notes = object["notes"] as? String
        if object["notes"] != nil, notes == nil { problems.append(.init(pointer: "/notes", detail: "expected a string")) }

        var profile: Profile?
        if let answers = object["profile"] as? [String: Any] {
            do {
                let answersData = try JSONSerialization.data(withJSONObject: answers)
                profile = try ProfileDecoder(taxonomies: taxonomies, today: today).decode(answersData)
            } catch let error as ProfileError {
                problems += error.issues.map { .init(pointer: "/profile" + $0.pointer, detail: $0.message) }
            }
        } else {
            problems.append(.init(pointer: "/profile", detail: object["profile"] == nil ? "is required" : "expected an object with the questionnaire's answers"))
        }

        var shortlist: [ShortlistItem] = []
        if let raw = object["shortlist"] {
            if let items = raw as? [Any] {
                for (position, rawItem) in items.enumerated() {
                    let pointer = "/shortlist/\(position)"
                    guard let item = rawItem as? [String: Any] else {
                        problems.append(.init(pointer: pointer, detail: "expected an object with offerId and optionally note"))
                        continue
                    }
                    for key in item.keys.sorted() where !itemKeys.contains(key) {
                        problems.append(.init(pointer: pointer + "/" + JSONPointer.escape(key), detail: "unknown field; expected offerId or note"))
                    }
                    let note = item["note"] as? String
                    if item["note"] != nil, note == nil { problems.append(.init(pointer: pointer + "/note", detail: "expected a string")) }
                    guard let text = item["offerId"] as? String, let offerID = OfferID(text) else {
                        problems.append(.init(pointer: pointer + "/offerId", detail: "expected an offer id source:localID"))
                        continue
                    }
                    shortlist.append(ShortlistItem(offerId: offerID, note: note ?? ""))
                }
            } else {
                problems.append(.init(pointer: "/shortlist", detail: "expected an array of {offerId, note}"))
            }
        }
        guard problems.isEmpty, let label, let profile else { throw Problem.invalid(problems) }
        return ProfileDraft(label: label, notes: notes ?? "", profile: profile, shortlist: shortlist)
    }
}

extension Problem {
    /// The consultation store's validation issues (labels, shortlist ids) as a 400.
    static func from(_ error: ConsultationError) -> Problem {
        .invalid(error.issues.map { .init(pointer: $0.pointer, detail: $0.message) })
    }
}
