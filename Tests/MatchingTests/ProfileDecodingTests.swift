import Foundation
import SupportModel
import Testing

@Suite struct ProfileDecoding {
    let decoder = ProfileDecoder(taxonomies: Catalogue.taxonomies, today: Catalogue.today)

    func issues(_ json: String) -> [ProfileIssue] {
        do {
            _ = try decoder.decode(Data(json.utf8))
            return []
        } catch let error as ProfileError {
            return error.issues
        } catch {
            return [ProfileIssue(pointer: "?", message: "\(error)")]
        }
    }

    @Test func everyExampleProfileDecodes() throws {
        let urls = Catalogue.profileURLs()
        #expect(urls.count >= 8)
        for url in urls {
            let profile = try decoder.decode(Data(contentsOf: url), source: url.lastPathComponent)
            #expect(profile.id == url.deletingPathExtension().lastPathComponent)
        }
    }

    /// `null` is no answer, at the top level and inside `location`; JSON's numbers and
    /// booleans are read as such, strings that look like them as typed answers.
    @Test func nullsNumbersAndBooleans() throws {
        #expect(try decoder.decode(Data(#"{"employees": null, "location": null, "topics": null, "sector": null, "projectStarted": null}"#.utf8)) == Profile())
        #expect(try decoder.decode(Data(#"{"location": {"state": null}}"#.utf8)) == Profile(location: Profile.Location()))
        let typed = try decoder.decode(Data(#"{"employees": 12, "annualTurnover": 1.5e6, "projectStarted": false, "yearFounded": "2015"}"#.utf8))
        #expect(typed.employees == 12 && typed.annualTurnover == 1_500_000 && typed.projectStarted == false && typed.yearFounded == 2015)
        #expect(try decoder.decode(Data(#"{"projectStarted": "ja"}"#.utf8)).projectStarted == true)
        #expect(issues(#"{"projectStarted": 1}"#).map(\.pointer) == ["/projectStarted"])
        #expect(issues(#"{"employees": true}"#).map(\.pointer) == ["/employees"])
        #expect(issues(#"{"employees": "null"}"#).map(\.pointer) == ["/employees"])
        #expect(issues(#"{"topics": "digitalisierung"}"#).map(\.pointer) == ["/topics"])
    }

    @Test func emptyProfileIsValid() throws {
        #expect(try decoder.decode(Data("{}".utf8)) == Profile())
    }

    @Test func typeErrorsAreLocatedWithExpectation() {
        let found = issues(#"{"employees": "twelve", "location": {"state": 7}}"#)
        #expect(found.count >= 1)
        let first = found.last!
        #expect(first.pointer == "/employees" || first.pointer == "/location/state")
        #expect(first.message.hasPrefix("expected"))
        #expect(issues(#"{"employees": 12.5}"#).first?.pointer == "/employees")
        #expect(issues(#"{"topics": ["digitalisierung", 3]}"#).first?.pointer == "/topics/1")
        #expect(issues(#"{"plannedStart": "2027-02-30"}"#).first?.message.contains("YYYY-MM-DD") == true)
    }

    @Test func unknownFieldsAreErrorsWithSuggestion() {
        let found = issues(#"{"employes": 12, "location": {"stat": "DE-SN"}}"#)
        #expect(found.map(\.pointer) == ["/employes", "/location/stat"])
        #expect(found[0].message.contains("did you mean \"employees\""))
        #expect(found[1].message.contains("did you mean \"state\""))
    }

    @Test func unknownCodesAreErrorsWithDidYouMean() {
        let found = issues(#"{"applicantType": "Vereinn", "location": {"state": "Sachsn"}, "topics": ["digitalisierng"], "preferredInstruments": ["Kreditt"]}"#)
        let byPointer = Dictionary(uniqueKeysWithValues: found.map { ($0.pointer, $0.message) })
        #expect(byPointer["/applicantType"]?.contains("did you mean \"association\"") == true)
        #expect(byPointer["/location/state"]?.contains("did you mean \"DE-SN\"") == true)
        #expect(byPointer["/topics/0"]?.contains("did you mean \"digitalisierung\"") == true)
        #expect(byPointer["/preferredInstruments/0"]?.contains("did you mean \"loan\"") == true)
    }

    @Test func contradictionsAreReported() {
        #expect(issues(#"{"location": {"state": "DE-BY", "district": "DED21"}}"#).first?.pointer == "/location/district")
        #expect(issues(#"{"sizeClass": "micro", "employees": 30}"#).first?.pointer == "/sizeClass")
        #expect(issues(#"{"sector": "62.01.9"}"#).first?.pointer == "/sector")
        #expect(issues(#"{"yearFounded": 2031}"#).first?.pointer == "/yearFounded")
        #expect(issues(#"{"annualTurnover": -5}"#).first?.pointer == "/annualTurnover")
    }

    @Test func notJSONIsReported() {
        let found = issues("{\"employees\": ")
        #expect(found.count == 1)
        #expect(found[0].pointer == "")
    }

    /// Issue 15: a profile file is read like the CLI flags: labels and names are answers too.
    @Test func labelsResolveInProfileFiles() throws {
        let profile = try decoder.decode(Data(#"{"applicantType": "Verein", "location": {"state": "Sachsen"}, "topics": ["Digitalisierung"], "preferredInstruments": ["Zuschuss"]}"#.utf8))
        #expect(profile.applicantType == .association)
        #expect(profile.location?.state == "DE-SN")
        #expect(profile.topics == ["digitalisierung"])
        #expect(profile.preferredInstruments == [.grant])
        let validator = ProfileValidator(taxonomies: Catalogue.taxonomies)
        #expect(validator.issues(in: profile).isEmpty)
        // A profile built in code with a label instead of a code is not valid as it stands.
        #expect(validator.issues(in: Profile(applicantType: "Verein")).map(\.pointer) == ["/applicantType"])
    }

    @Test func roundTripsThroughJSON() throws {
        let profile = try Catalogue.profile("saxon-software-sme-ai")
        let data = try JSONEncoder().encode(profile)
        #expect(try decoder.decode(data) == profile)
    }

    /// The decoder walks the questionnaire over the parsed body once (each nested object cast
    /// once, field names looked up in sets); `JSONDecoder`'s synthesized `Profile` decoding
    /// shares none of that code. On profile files written in codes they must agree, or a
    /// recommendation body would change with the decoder.
    @Test func readsProfileFilesAsJSONDecoderDoes() throws {
        let repository = Catalogue.profilesDirectory.deletingLastPathComponent().deletingLastPathComponent()
        let shared = repository.deletingLastPathComponent().appendingPathComponent("shared/judgments/foerderdatenbank-dev/profiles")
        var folders = [Catalogue.profilesDirectory, repository.appendingPathComponent("Tests/Judgments/grants-gov/profiles"),
                       repository.appendingPathComponent("Tests/Judgments/foerderdatenbank-b/profiles"),
                       repository.appendingPathComponent("Tests/Judgments/foerderdatenbank-c/profiles")]
        if FileManager.default.fileExists(atPath: shared.path) {
            folders.append(shared)
        } else {
            print("readsProfileFilesAsJSONDecoderDoes: ../shared absent, the Förderdatenbank profiles are not compared")
        }
        var compared = 0
        for folder in folders {
            let urls = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "json" }
            #expect(!urls.isEmpty, "\(folder.path)")
            for url in urls {
                let data = try Data(contentsOf: url)
                let decoded = try decoder.decode(data, source: url.lastPathComponent)
                #expect(decoded == (try JSONDecoder().decode(Profile.self, from: data)), "\(url.lastPathComponent)")
                #expect(decoded.location != nil || !String(decoding: data, as: UTF8.self).contains("\"location\""))
                compared += 1
            }
        }
        #expect(compared >= 30)
    }
}
