#!/usr/bin/env python3
"""Writes queries.json: 50 fixed query profiles for the latency benchmark (run_latency.py).

German project descriptions of the kind applicants type, with the filters the recommender and
tantivy both apply: applicant type, state and (in Saxony) district, company size class. Deterministic: same output every run. Regenerate only on purpose; the recorded
results in Benchmarks/RESULTS.md were measured with the committed file.
"""
import json
import os
import random

DESCRIPTIONS = [
    ("company", "Wir wollen künstliche Intelligenz in der Qualitätsprüfung einsetzen und ein Bilderkennungssystem mit maschinellem Lernen entwickeln.", ["digitalisierung", "forschung_innovation_themenoffen"]),
    ("company", "Unser Betrieb will die Druckluftanlage und die Beleuchtung erneuern, Abwärme nutzen und den Energieverbrauch senken.", ["energieeffizienz_erneuerbare_energien"]),
    ("company", "Wir suchen einen zinsgünstigen Kredit für neue Maschinen und ein Firmenfahrzeug; die Hausbank verlangt Sicherheiten.", ["unternehmensfinanzierung"]),
    ("company", "Wir möchten auf internationalen Fachmessen ausstellen und neue Exportmärkte in Asien erschließen.", ["messen_ausstellungen", "aussenwirtschaft"]),
    ("company", "Die Auftragsabwicklung und die Lagerverwaltung sollen digitalisiert werden, dazu brauchen wir Beratung und Software.", ["digitalisierung", "beratung"]),
    ("company", "Wir entwickeln ein neues Verfahren zur Beschichtung von Bauteilen gemeinsam mit einer Hochschule.", ["forschung_innovation_themenoffen"]),
    ("company", "Wir wollen Fachkräfte weiterbilden und eine Innovationsassistentin einstellen.", ["aus_weiterbildung", "arbeit"]),
    ("company", "Unser Handwerksbetrieb plant die Nachfolge und braucht Beratung zur Unternehmensübergabe und Finanzierung.", ["beratung", "existenzgruendung_festigung"]),
    ("company", "Wir bringen ein innovatives Medizinprodukt auf den Markt und suchen Wagniskapital und Beteiligungskapital.", ["unternehmensfinanzierung", "forschung_innovation_themenoffen"]),
    ("company", "Photovoltaik auf dem Hallendach, ein Batteriespeicher und Ladesäulen für die Elektromobilität sind geplant.", ["energieeffizienz_erneuerbare_energien", "mobilitaet"]),
    ("company", "Wir wollen IT-Sicherheit verbessern, die Cloud-Migration planen und Mitarbeitende schulen.", ["digitalisierung"]),
    ("company", "Ein Patent für unsere Erfindung soll angemeldet und die Normung vorbereitet werden.", ["forschung_innovation_themenoffen", "beratung"]),
    ("founder", "Ich gründe ein Start-up und brauche Gründungsberatung, ein Coaching zum Businessplan und Startkapital.", ["existenzgruendung_festigung"]),
    ("founder", "Wir sind ein Gründungsteam aus der Universität und wollen eine technologieorientierte Ausgründung mit einem Stipendium vorbereiten.", ["existenzgruendung_festigung", "forschung_innovation_themenoffen"]),
    ("founder", "Ich übernehme als Meisterin einen Handwerksbetrieb und suche ein Darlehen und einen Zuschuss.", ["existenzgruendung_festigung", "unternehmensfinanzierung"]),
    ("founder", "Gründung eines Cafés mit regionalen Produkten; gesucht werden Mikrokredit und Beratung.", ["existenzgruendung_festigung"]),
    ("municipality", "Die Gemeinde will unterversorgte Ortsteile mit Glasfaser erschließen und sucht Fördermittel für den Breitbandausbau.", ["infrastruktur", "digitalisierung"]),
    ("municipality", "Die Stadt plant die Sanierung einer Brücke und den Ausbau von Radwegen.", ["infrastruktur", "mobilitaet"]),
    ("municipality", "Wir wollen die Straßenbeleuchtung auf LED umstellen und ein Klimaschutzkonzept erstellen.", ["umwelt_naturschutz", "energieeffizienz_erneuerbare_energien"]),
    ("municipality", "Das Ortszentrum soll belebt, leerstehende Gebäude saniert und der Dorfplatz neu gestaltet werden.", ["staedtebau_stadterneuerung", "landwirtschaft_laendliche_entwicklung"]),
    ("association", "Unser Sportverein möchte die Sportstätte sanieren und eine barrierefreie Umkleide bauen.", ["kultur_medien_sport"]),
    ("association", "Der Kulturverein plant ein Musikfest und eine Ausstellung im ländlichen Raum mit ehrenamtlichen Helfern.", ["kultur_medien_sport", "landwirtschaft_laendliche_entwicklung"]),
    ("association", "Wir wollen ein Begegnungsprojekt mit einer tschechischen Partnerschule und Jugendlichen durchführen.", ["kultur_medien_sport", "aus_weiterbildung"]),
    ("association", "Unser Verein stärkt das Ehrenamt und die Demokratie vor Ort und sucht eine kleine Projektförderung.", ["gesundheit_soziales"]),
    ("university", "Die Forschungsgruppe will Ergebnisse der Materialforschung validieren und einen Antrag in Horizont Europa vorbereiten.", ["forschung_innovation_themenoffen"]),
    ("university", "Wir planen ein Verbundprojekt mit Unternehmen zur Wasserstofftechnologie und Energiespeicherung.", ["forschung_innovation_themenspezifisch", "energieeffizienz_erneuerbare_energien"]),
    ("research-institution", "Das Institut sucht Förderung für den Transfer von Forschungsergebnissen in kleine und mittlere Unternehmen.", ["forschung_innovation_themenoffen"]),
    ("education-provider", "Wir bieten Weiterbildung für Beschäftigte in der Pflege an und wollen digitale Lernangebote entwickeln.", ["aus_weiterbildung", "gesundheit_soziales"]),
]
SAXON_DISTRICTS = ["DED21", "DED2C", "DED2D", "DED2E", "DED2F", "DED41", "DED42", "DED43", "DED44", "DED45", "DED51", "DED52", "DED53"]
OTHER_STATES = ["DE-BY", "DE-BE", "DE-NW", "DE-TH", "DE-ST"]


def main():
    rng = random.Random(20261128)
    queries = []
    for number in range(50):
        applicant, text, topics = DESCRIPTIONS[number % len(DESCRIPTIONS)]
        profile = {"id": f"q{number:02d}", "applicantType": applicant}
        # Four in five in Saxony with a district, the rest in other states.
        if rng.random() < 0.8:
            profile["location"] = {"state": "DE-SN", "district": rng.choice(SAXON_DISTRICTS)}
        else:
            profile["location"] = {"state": rng.choice(OTHER_STATES)}
        if applicant == "company":
            # The size class directly, so both engines filter on exactly the same class.
            profile["sizeClass"] = rng.choice(["micro", "small", "small", "medium", "large"])
        profile["topics"] = topics
        profile["projectDescription"] = text
        if rng.random() < 0.5:
            profile["amountNeeded"] = rng.choice([20_000, 80_000, 250_000, 1_000_000])
        if rng.random() < 0.5:
            profile["preferredInstruments"] = [rng.choice(["grant", "loan", "advice"])]
        queries.append(profile)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "queries.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"queries": queries}, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    print(f"wrote {len(queries)} queries to {path}")


if __name__ == "__main__":
    main()
