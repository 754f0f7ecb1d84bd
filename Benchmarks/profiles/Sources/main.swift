// profiles-bench: how long re-matching every saved profile after an import takes.
//
//   profiles-bench --catalogue /tmp/offers-10k.json --profiles 10000 [--workdir DIR]
//
// Imports the catalogue into a fresh SQLite file, saves N deterministic profiles (each with
// three offers of its own top 20 shortlisted), imports a changed copy of the catalogue (1 in
// 50 deadlines moved, 1 in 200 offers withdrawn, 1 in 100 duplicated under a new id), then
// times what `supportmatch import` does after an import: building the index over the new
// catalogue and running the change detector (ranking all profiles against that one index in
// parallel, one write transaction for events and new baselines). Ranking alone on one thread
// is timed too, to show what the parallelism gains.
import BundledCatalog
import CatalogImport
import CatalogStore
import Consultations
import Foundation
import Matching
import SupportModel
import TextAnalysis

struct Arguments {
    var catalogue = ""
    var profiles = 10_000
    var workdir = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-bench-\(getpid())").path

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--catalogue": catalogue = iterator.next() ?? ""
            case "--profiles": profiles = Int(iterator.next() ?? "") ?? profiles
            case "--workdir": workdir = iterator.next() ?? workdir
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
        if catalogue.isEmpty {
            FileHandle.standardError.write(Data("usage: profiles-bench --catalogue FILE.json [--profiles N] [--workdir DIR]\n".utf8))
            exit(2)
        }
    }
}

/// A small seeded generator (SplitMix64), so every run saves the same profiles.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("profiles-bench: \(message)\n".utf8))
    exit(1)
}

/// The catalogue with changes a weekly update might bring.
func changedCatalogue(_ path: String, to output: String) throws {
    guard var document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any],
          let offers = document["offers"] as? [[String: Any]] else { fail("\(path) is not a native JSON catalogue") }
    var changed: [[String: Any]] = []
    for (position, offer) in offers.enumerated() {
        if position % 200 == 199 { continue }
        var copy = offer
        if position % 50 == 0, var schedule = copy["schedule"] as? [String: Any] {
            schedule["deadlines"] = ["2027-12-31"]
            copy["schedule"] = schedule
        }
        changed.append(copy)
        if position % 100 == 7, let id = offer["id"] as? String {
            var twin = offer
            twin["id"] = id + "-neu"
            changed.append(twin)
        }
    }
    document["offers"] = changed
    // Sorted keys put "format" first, where format detection looks for it.
    try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]).write(to: URL(fileURLWithPath: output))
}

let arguments = Arguments()
let taxonomies = BundledCatalog.taxonomies
let synonyms = (try? SynonymTable(jsonData: Data(contentsOf: BundledCatalog.analysisDirectory.appendingPathComponent("synonyms.json")))) ?? .empty
try FileManager.default.createDirectory(atPath: arguments.workdir, withIntermediateDirectories: true)
let databasePath = arguments.workdir + "/bench.sqlite"
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
let store = try CatalogStore(path: databasePath)
let consultations = try ConsultationStore(catalogue: store)
let clock = ContinuousClock()
let today = Day(iso: "2026-11-28")!

let first = CatalogImporter(store: store, taxonomies: taxonomies).run(ImportRequest(paths: [arguments.catalogue]))
guard first.outcome == .succeeded else { fail("the catalogue did not import: \(first.problemGroups)") }
let firstIndex = OfferIndex(offers: try store.activeOffers(), taxonomies: taxonomies, synonyms: synonyms)

// Profiles: answers drawn like the questionnaire's, a third with a project description.
var random = SeededGenerator(state: 20_261_128)
let states = taxonomies.regions.terms.map(\.code).filter { $0.hasPrefix("DE-") }
let topics = taxonomies.topics.terms.map(\.code)
let applicantTypes = ["company", "company", "company", "founder", "municipality", "association", "research-institution"]
let descriptions = [
    "Wir wollen KI in der Qualitätsprüfung einsetzen und unsere Software digitalisieren.",
    "Energieeffizienz in der Produktion steigern, neue Wärmepumpe und Photovoltaik.",
    "Glasfaserausbau in unserer Gemeinde und Sanierung des Dorfgemeinschaftshauses.",
    "Gründung eines Start-ups für nachhaltige Verpackungen, Finanzierung der Markteinführung.",
    "Weiterbildung unserer Beschäftigten in Digitalisierung und Datenschutz.",
]
let baseline = Baseline(index: firstIndex, today: today)
var drafts: [ProfileDraft] = []
for number in 0..<arguments.profiles {
    var profile = Profile()
    profile.applicantType = ApplicantType(applicantTypes.randomElement(using: &random)!)
    profile.location = Profile.Location(country: "DE", state: RegionCode(states.randomElement(using: &random)!))
    profile.employees = Int.random(in: 1...400, using: &random)
    profile.topics = (0..<Int.random(in: 1...3, using: &random)).map { _ in TopicCode(topics.randomElement(using: &random)!) }
    profile.amountNeeded = Double(Int.random(in: 1...50, using: &random) * 10_000)
    if number % 3 == 0 { profile.projectDescription = descriptions.randomElement(using: &random)! }
    let top = baseline.topOffers(for: profile)
    drafts.append(ProfileDraft(label: "Profile \(number)", profile: profile,
                               shortlist: top.prefix(3).map { ShortlistItem(offerId: $0) }))
}
let saveStart = clock.now
_ = try consultations.create(all: drafts, baseline: baseline)
let saveTime = clock.now - saveStart

let changedPath = arguments.workdir + "/changed.json"
try changedCatalogue(arguments.catalogue, to: changedPath)
let second = CatalogImporter(store: store, taxonomies: taxonomies).run(ImportRequest(paths: [changedPath]))
guard second.outcome == .succeeded, let runID = second.runID else { fail("the changed catalogue did not import: \(second.problemGroups)") }

// What `supportmatch import` does after the import: one index, then the detector.
let indexStart = clock.now
let index = OfferIndex(offers: try store.activeOffers(), taxonomies: taxonomies, synonyms: synonyms)
let indexTime = clock.now - indexStart
let detectStart = clock.now
let summary = try ChangeDetector(baseline: Baseline(index: index, today: today)).run(store: consultations, runID: runID)
let detectTime = clock.now - detectStart

// Ranking alone, one thread, for comparison.
let newBaseline = Baseline(index: index, today: today)
let rankStart = clock.now
var ranked = 0
for draft in drafts { ranked += newBaseline.topOffers(for: draft.profile).count }
let rankTime = clock.now - rankStart

let cores = ProcessInfo.processInfo.activeProcessorCount
print("""
    catalogue: \(firstIndex.count) offers, then \(index.count) (added \(second.counts.added), changed \(second.counts.changed), withdrawn \(second.counts.withdrawn))
    saved profiles: \(arguments.profiles) (bulk save with baselines: \(String(format: "%.2f", seconds(saveTime))) s)
    index build after import: \(String(format: "%.2f", seconds(indexTime))) s
    change detection (\(cores) cores): \(String(format: "%.2f", seconds(detectTime))) s = \(String(format: "%.0f", Double(arguments.profiles) / seconds(detectTime))) profiles/s; \
    \(summary.events) events, \(summary.profilesAffected) profiles affected, \(summary.newMatches) new top-20 matches
    ranking only, 1 thread: \(String(format: "%.2f", seconds(rankTime))) s = \(String(format: "%.3f", seconds(rankTime) * 1000 / Double(arguments.profiles))) ms per profile (\(ranked) ids)
    """)
