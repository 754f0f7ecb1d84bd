import Foundation

/// A native catalogue document with two offers of source `e2e`, shared by the command-line
/// tests; `title`, `withSecond` and the topics vary it.
func catalogue(title: String = "Beratungszuschuss Sachsen", withSecond: Bool = true, topic: String = "beratung",
               secondTopic: String = "existenzgruendung_festigung") -> String {
    let second = """
        , {"id": "two", "title": "Gründerkredit", "summary": "Kredit.", "description": "Kredit für Gründer.",
           "links": [{"kind": "information", "url": "https://example.org/two"}],
           "sourceURL": "https://example.org/two", "asOf": "2026-11-01", "language": "de",
           "provider": {"name": "KfW", "level": "federal"}, "instruments": ["loan"],
           "topics": ["\(secondTopic)"], "schedule": {"status": "rolling"}}
        """
    return """
        {"format": "supportmatch-catalogue", "version": 1, "source": "e2e", "offers": [
          {"id": "one", "title": "\(title)", "summary": "Zuschuss für Beratungen.", "description": "Zuschuss.",
           "links": [{"kind": "information", "url": "https://example.org/one"}],
           "sourceURL": "https://example.org/one", "asOf": "2026-11-01", "language": "de",
           "provider": {"name": "Sächsische Aufbaubank", "level": "state"}, "instruments": ["grant"],
           "topics": ["\(topic)"], "eligibility": {"regions": ["DE-SN"]},
           "schedule": {"status": "open", "deadlines": ["2027-03-31"]}}\(withSecond ? second : "")
        ]}
        """
}
