import Foundation
import Hummingbird
import Mustache
import SupportModel

/// The advisor web page: `/` (questionnaire and results), `/print` (A4 hand-out),
/// `/results.csv` and `/results.json` (downloads), `/static/...` (stylesheets, script).
enum WebRoutes {
    static func register(on routes: RouteTable<ServerRequestContext>, service: SupportService, resources: ServerResources) {
        routes.get("/") { request, _ in
            try page(request, service: service, resources: resources, template: "advisor", path: "/")
        }
        routes.get("/print") { request, _ in
            try page(request, service: service, resources: resources, template: "print", path: "/print")
        }
        routes.get("/results.csv") { request, _ in
            let (form, outcome) = try evaluate(request, service: service)
            return download(
                Data(ResultsCSV.render(outcome.view, taxonomies: service.taxonomies, language: form.language).utf8),
                contentType: "text/csv; charset=utf-8", fileName: "supportmatch-results.csv")
        }
        routes.get("/results.json") { request, _ in
            let (_, outcome) = try evaluate(request, service: service)
            return download(outcome.json, contentType: "application/json", fileName: "supportmatch-results.json")
        }
        ConsultationPage.register(on: routes, service: service, resources: resources)
        routes.get("/static/{file}") { _, context in
            guard let name = context.parameters.get("file"), let asset = resources.assets[name] else {
                throw Problem.notFound("no such asset")
            }
            return Response(
                status: .ok, headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: asset.data)))
        }
    }

    /// Answers → recommendations for the downloads: every eligible offer, up to
    /// ``downloadLimit``; bad answers are a 400 problem there, since a download has no form to
    /// show errors in.
    static func evaluate(_ request: Request, service: SupportService) throws -> (AdvisorForm, RecommendationOutcome) {
        let form = AdvisorForm(parameters: request.queryParameters)
        let snapshot = try service.requireSnapshot()
        let today = service.today
        let profile = try form.profile(taxonomies: service.taxonomies, today: today)
        let first = try snapshot.recommend(profile, limit: form.limit, today: today, language: form.language.code)
        guard first.view.eligibleCount > first.view.results.count else { return (form, first) }
        let all = min(first.view.eligibleCount, downloadLimit)
        return (form, try snapshot.recommend(profile, limit: all, today: today, language: form.language.code))
    }

    /// Most rows a download carries: all matches of any real consultation (a thin profile on
    /// the bundled catalogue matches under 100), while one GET cannot make the server render a
    /// whole 100k-offer catalogue.
    static let downloadLimit = 2_000

    static func page(_ request: Request, service: SupportService, resources: ServerResources, template: String, path: String) throws -> Response {
        let parameters = request.queryParameters
        let form = AdvisorForm(parameters: parameters)
        let snapshot = try service.requireSnapshot()
        let today = service.today
        var outcome: RecommendationOutcome?
        var issues: [(field: String, message: String)] = []
        if form.isAnswered {
            do {
                let profile = try form.profile(taxonomies: service.taxonomies, today: today)
                // The pages before this one are ranked too: the matcher has no offset, and a
                // top-k of page × limit costs little more than one of limit.
                outcome = try snapshot.recommend(
                    profile, limit: form.page * form.limit, today: today, language: form.language.code)
            } catch let error as ProfileError {
                issues = error.issues.map { (AdvisorForm.field(forPointer: $0.pointer), $0.message) }
            }
        }
        var hasMore = false
        if let ranked = outcome { (outcome, hasMore) = AdvisorPage.paged(ranked, form: form) }
        // The print view shows only the offers the advisor ticked, when any were ticked.
        let selected = Set(parameters.filter { $0.name == "select" }.map(\.value))
        if template == "print", !selected.isEmpty, var chosen = outcome {
            chosen.view.results = chosen.view.results.filter { selected.contains($0.offerID) }
            outcome = chosen
        }
        let page = AdvisorPage(
            form: form, taxonomies: service.taxonomies, outcome: outcome, issues: issues,
            catalogueDate: snapshot.lastImportAt ?? snapshot.loadedAt, today: today, hasMore: hasMore)
        var values = page.context(path: path)
        if template == "advisor" { ConsultationPage.addSaveForm(to: &values, service: service, language: form.language) }
        guard let html = resources.templates.render(values, withTemplate: template) else {
            throw Problem(.internalServerError, detail: "template \(template) is missing")
        }
        return Response(
            status: issues.isEmpty ? .ok : .badRequest, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func download(_ data: Data, contentType: String, fileName: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(fileName)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
