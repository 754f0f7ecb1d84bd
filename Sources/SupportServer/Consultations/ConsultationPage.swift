import CatalogStore
import Consultations
import Foundation
import Hummingbird
import Mustache
import SupportModel

/// The advisor page's saved consultations: a "save consultation" form under the results
/// (plain HTML form POST, no script needed) and `/consultations/{id}`, which reopens the
/// questionnaire with its results and says what changed since the last visit.
enum ConsultationPage {
    static func register(on routes: RouteTable<ServerRequestContext>, service: SupportService, resources: ServerResources) {
        routes.post("/consultations") { request, _ in
            let store = try ProfileRoutes.consultations(service)
            let body = try await request.bodyData(limit: 64 * 1024)
            let parameters = QueryString.parse(String(decoding: body, as: UTF8.self))
            let form = AdvisorForm(parameters: parameters)
            let today = service.today
            let profile = try form.profile(taxonomies: service.taxonomies, today: today)
            let given = parameters.last { $0.name == "label" }?.value.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let shownToday = Formatting.day(today, language: form.language)
            let label = given.isEmpty ? (form.language == .en ? "Consultation of \(shownToday)" : "Beratung vom \(shownToday)") : given
            let notes = parameters.last { $0.name == "notes" }?.value ?? ""
            let baseline = try service.baseline()
            let saved = try await offPool {
                try ProfileRoutes.withValidation {
                    try store.create(ProfileDraft(label: label, notes: notes, profile: profile), baseline: baseline)
                }
            }
            return Response(status: .seeOther, headers: [.location: "/consultations/\(saved.id)?lang=\(form.language.rawValue)"])
        }
        routes.get("/consultations/{id}") { request, context in
            let (store, id) = try ProfileRoutes.target(context, service: service)
            let visited = try await offPool { () throws -> (SavedProfile, Timestamp?, [ChangeEvent])? in
                guard let saved = try store.profile(id), let visit = try store.visit(id) else { return nil }
                return (saved, visit.previousVisit, visit.newEvents)
            }
            let (saved, previousVisit, news) = try ProfileRoutes.found(visited)
            let language = PageLanguage(query: request.queryParameters.last { $0.name == "lang" }?.value)
            let form = AdvisorForm(profile: saved.profile, language: language)
            let snapshot = try service.requireSnapshot()
            let outcome = try snapshot.recommend(saved.profile, limit: form.limit, today: service.today, language: language.code)
            let (shown, hasMore) = AdvisorPage.paged(outcome, form: form)
            let page = AdvisorPage(form: form, taxonomies: service.taxonomies, outcome: shown, issues: [],
                                   catalogueDate: snapshot.lastImportAt ?? snapshot.loadedAt, today: service.today,
                                   hasMore: hasMore)
            var values = page.context(path: "/")
            values["consultation"] = consultationContext(saved, previousVisit: previousVisit, news: news, language: language)
            guard let html = resources.templates.render(values, withTemplate: "advisor") else {
                throw Problem(.internalServerError, detail: "template advisor is missing")
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }

    /// Adds the save form to the advisor page's values, when consultations are on.
    static func addSaveForm(to values: inout [String: Any], service: SupportService, language: PageLanguage) {
        guard service.consultations != nil else { return }
        values["saveForm"] = [
            "title": language == .en ? "Save this consultation" : "Beratung speichern",
            "labelText": language == .en ? "Label" : "Bezeichnung",
            "notesText": language == .en ? "Notes" : "Notizen",
            "submit": language == .en ? "Save consultation" : "Beratung speichern",
            "hint": language == .en
                ? "Saves the answers given (nothing else) under a private link that shows what changes after catalogue updates."
                : "Speichert die gegebenen Antworten (sonst nichts) unter einem privaten Link, der Änderungen nach Katalog-Aktualisierungen zeigt.",
        ]
    }

    static func consultationContext(_ saved: SavedProfile, previousVisit: Timestamp?, news: [ChangeEvent], language: PageLanguage) -> [String: Any] {
        let en = language == .en
        let base = "/v1/profiles/\(saved.id)"
        return [
            "label": saved.label, "notes": saved.notes, "hasNotes": !saved.notes.isEmpty,
            "savedText": en ? "Saved" : "Gespeichert", "createdAt": Day(iso: String(saved.createdAt.description.prefix(10))).map { Formatting.day($0, language: language) }
                ?? String(saved.createdAt.description.prefix(10)),
            "feedHref": base + "/feed.atom", "feedText": en ? "Changes as a feed (Atom)" : "Änderungen als Feed (Atom)",
            "exportHref": base + "/export", "exportText": en ? "Export (JSON)" : "Export (JSON)",
            "sinceTitle": previousVisit == nil
                ? (en ? "Changes since saving" : "Änderungen seit dem Speichern")
                : (en ? "Since your last visit" : "Seit Ihrem letzten Besuch"),
            "hasNews": !news.isEmpty,
            "news": news.map { event -> [String: Any] in ["headline": event.headline, "lines": event.detailLines] },
            "noNews": en ? "Nothing new." : "Nichts Neues.",
            "hasShortlist": !saved.shortlist.isEmpty,
            "shortlistTitle": en ? "Shortlist" : "Merkliste",
            "shortlist": saved.shortlist.map { entry -> [String: Any] in
                ["title": entry.title, "offerId": entry.offerId.description, "state": entry.state.rawValue,
                 "note": entry.note, "hasNote": !entry.note.isEmpty]
            },
        ]
    }
}
