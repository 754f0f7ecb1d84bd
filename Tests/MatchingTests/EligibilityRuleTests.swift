import Matching
import SupportModel
import Testing

@Suite struct ApplicantTypeRule {
    let offer = makeOffer("kommunal", applicantTypes: [.municipality, .association])

    @Test func passesListedType() throws {
        #expect(try verdict(.applicantType, offer, Profile(applicantType: .association)).verdict == .pass)
    }

    @Test func failsOtherTypeWithReason() throws {
        let result = try verdict(.applicantType, offer, Profile(applicantType: .company))
        #expect(result.verdict == .fail)
        #expect(result.code == "applicantType.notAllowed")
        #expect(result.message.en == "only for: municipality, association; you apply as: company")
        #expect(result.message.de == "nur für: Kommune, Verband/Vereinigung; Sie beantragen als: Unternehmen")
        #expect(result.parameters["actual"] == "company")
    }

    @Test func founderIsNotACompany() throws {
        let companyOnly = makeOffer("firmen", applicantTypes: [.company])
        #expect(try verdict(.applicantType, companyOnly, Profile(applicantType: .founder)).verdict == .fail)
    }

    @Test func missingTypeIsUnknownNamingTheQuestion() throws {
        let result = try verdict(.applicantType, offer, Profile())
        #expect(result.verdict == .unknown)
        #expect(result.missing == [.applicantType])
    }

    @Test func unrestrictedOfferPassesEveryone() throws {
        #expect(try verdict(.applicantType, makeOffer("alle"), Profile()).verdict == .pass)
    }
}

@Suite struct RegionRule {
    let saxony = makeOffer("sachsen", regions: ["DE-SN"])
    let leipzigOnly = makeOffer("leipzig", regions: ["DED51"])
    let nationwide = makeOffer("bund", regions: ["DE"])
    let europe = makeOffer("eu", regions: ["EU"])

    func profile(state: String? = nil, district: String? = nil, country: String? = nil) -> Profile {
        Profile(location: Profile.Location(country: country.map(RegionCode.init), state: state.map(RegionCode.init),
                                           district: district.map(RegionCode.init)))
    }

    @Test func districtLiesInItsStateAndCountry() throws {
        let dresden = profile(state: "DE-SN", district: "DED21")
        #expect(try verdict(.region, saxony, dresden).verdict == .pass)
        #expect(try verdict(.region, nationwide, dresden).verdict == .pass)
        #expect(try verdict(.region, europe, dresden).verdict == .pass)
    }

    @Test func otherStateFails() throws {
        let result = try verdict(.region, saxony, profile(state: "DE-BY"))
        #expect(result.verdict == .fail)
        #expect(result.code == "region.outside")
        #expect(try verdict(.region, nationwide, profile(state: "DE-BY")).verdict == .pass)
    }

    @Test func districtOfferForStateOnlyProfileIsUnknownAskingTheDistrict() throws {
        let result = try verdict(.region, leipzigOnly, profile(state: "DE-SN"))
        #expect(result.verdict == .unknown)
        #expect(result.missing == [.district])
        #expect(try verdict(.region, leipzigOnly, profile(state: "DE-SN", district: "DED51")).verdict == .pass)
        #expect(try verdict(.region, leipzigOnly, profile(state: "DE-SN", district: "DED21")).verdict == .fail)
        #expect(try verdict(.region, leipzigOnly, profile(state: "DE-BY")).verdict == .fail)
    }

    @Test func countryOnlyProfileAsksTheState() throws {
        let result = try verdict(.region, saxony, profile(country: "DE"))
        #expect(result.verdict == .unknown)
        #expect(result.missing == [.state])
    }

    @Test func missingLocationIsUnknown() throws {
        let result = try verdict(.region, saxony, Profile())
        #expect(result.verdict == .unknown)
        #expect(result.missing == [.state])
        #expect(try verdict(.region, makeOffer("ueberall"), Profile()).verdict == .pass)
    }

    @Test func crossBorderProgrammeAdmitsBothSides() throws {
        let interreg = makeOffer("interreg", regions: ["DE-SN", "CZ"])
        #expect(try verdict(.region, interreg, profile(country: "CZ")).verdict == .pass)
        #expect(try verdict(.region, interreg, profile(state: "DE-SN", district: "DED2D")).verdict == .pass)
        #expect(try verdict(.region, interreg, profile(country: "PL")).verdict == .fail)
    }
}

@Suite struct CompanySizeRule {
    let smallOnly = makeOffer("klein", sizes: [.micro, .small])

    @Test func mediumFailsMicroAndSmallOnlyWithReadableReason() throws {
        let result = try verdict(.companySize, smallOnly, Profile(applicantType: .company, employees: 120, annualTurnover: 20_000_000))
        #expect(result.verdict == .fail)
        #expect(result.message.en == "only for micro and small enterprises; you are a medium-sized enterprise")
        #expect(result.parameters["actual"] == "medium")
    }

    /// Only the headcount is known: the reason says so and lists the classes still possible,
    /// instead of claiming the applicant is all of them at once.
    @Test func headcountOnlySaysWhatIsKnown() throws {
        let result = try verdict(.companySize, makeOffer("kleinst", sizes: [.micro]), Profile(applicantType: .company, employees: 12))
        #expect(result.verdict == .fail)
        #expect(result.message.en == "only for micro enterprises; 12 employees, turnover and balance-sheet total unknown: small, medium-sized or large enterprise")
        #expect(result.message.de == "nur für Kleinstunternehmen; 12 Beschäftigte, Umsatz und Bilanzsumme unbekannt: kleines, mittleres oder großes Unternehmen")
    }

    @Test func edgeOfMicroAtNineAndTenEmployees() throws {
        let microOnly = makeOffer("kleinst", sizes: [.micro])
        #expect(try verdict(.companySize, microOnly, Profile(employees: 9, annualTurnover: 500_000)).verdict == .pass)
        #expect(try verdict(.companySize, microOnly, Profile(employees: 10, annualTurnover: 500_000)).verdict == .fail)
    }

    @Test func turnoverEdgeWithAndWithoutBalanceSheet() throws {
        let microOnly = makeOffer("kleinst", sizes: [.micro])
        #expect(try verdict(.companySize, microOnly, Profile(employees: 9, annualTurnover: 2_000_000)).verdict == .pass)
        let open = try verdict(.companySize, microOnly, Profile(employees: 9, annualTurnover: 2_000_001))
        #expect(open.verdict == .unknown)
        #expect(open.missing == [.balanceSheetTotal])
        #expect(try verdict(.companySize, microOnly, Profile(employees: 9, annualTurnover: 2_000_001, balanceSheetTotal: 1_900_000)).verdict == .pass)
        #expect(try verdict(.companySize, microOnly, Profile(employees: 9, annualTurnover: 2_000_001, balanceSheetTotal: 2_000_001)).verdict == .fail)
    }

    @Test func headcountAloneMayAlreadyFail() throws {
        // 60 staff cannot be micro or small, whatever the money figures.
        #expect(try verdict(.companySize, smallOnly, Profile(employees: 60)).verdict == .fail)
        let open = try verdict(.companySize, smallOnly, Profile(employees: 12))
        #expect(open.verdict == .unknown)
        #expect(open.missing == [.annualTurnover, .balanceSheetTotal])
        #expect(try verdict(.companySize, smallOnly, Profile()).missing.first == .employees)
    }

    @Test func notApplicableToMunicipalities() throws {
        let result = try verdict(.companySize, smallOnly, Profile(applicantType: .municipality))
        #expect(result.verdict == .pass)
        #expect(result.code == "companySize.notApplicable")
    }

    @Test func allClassesMeansNoRestriction() throws {
        let any = makeOffer("alle", sizes: SizeClass.allCases)
        #expect(try verdict(.companySize, any, Profile()).verdict == .pass)
    }

    @Test func founderWithoutFiguresIsMicro() throws {
        #expect(try verdict(.companySize, smallOnly, Profile(applicantType: .founder)).verdict == .pass)
    }
}

@Suite struct SectorRuleTests {
    let manufacturing = makeOffer("industrie", sectors: SectorRule(include: ["C"]))
    let noFishing = makeOffer("ohne-fischerei", sectors: SectorRule(exclude: ["03"]))
    let software = makeOffer("software", sectors: SectorRule(include: ["62"]))

    @Test func includeIsHierarchical() throws {
        #expect(try verdict(.sector, manufacturing, Profile(sector: "25.62")).verdict == .pass)
        #expect(try verdict(.sector, manufacturing, Profile(sector: "62.01")).verdict == .fail)
    }

    @Test func excludeIsHierarchical() throws {
        #expect(try verdict(.sector, noFishing, Profile(sector: "03.11")).verdict == .fail)
        #expect(try verdict(.sector, noFishing, Profile(sector: "01.11")).verdict == .pass)
    }

    @Test func coarserAnswerThanTheRuleIsUnknown() throws {
        let result = try verdict(.sector, software, Profile(sector: "J"))
        #expect(result.verdict == .unknown)
        #expect(result.code == "sector.tooCoarse")
        #expect(try verdict(.sector, noFishing, Profile(sector: "A")).verdict == .unknown)
    }

    @Test func missingSectorIsUnknown() throws {
        #expect(try verdict(.sector, software, Profile()).missing == [.sector])
    }
}

@Suite struct CompanyAgeRule {
    let young = makeOffer("jung", age: AgeBounds(minYears: 0, maxYears: 5))

    @Test func ageFromFoundingYear() throws {
        // testToday is in 2026.
        #expect(try verdict(.companyAge, young, Profile(applicantType: .company, yearFounded: 2021)).verdict == .pass)
        let old = try verdict(.companyAge, young, Profile(applicantType: .company, yearFounded: 2020))
        #expect(old.verdict == .fail)
        #expect(old.parameters["actual"] == "6")
    }

    @Test func minimumAge() throws {
        let established = makeOffer("etabliert", age: AgeBounds(minYears: 3))
        #expect(try verdict(.companyAge, established, Profile(yearFounded: 2025)).verdict == .fail)
        #expect(try verdict(.companyAge, established, Profile(yearFounded: 2023)).verdict == .pass)
    }

    @Test func founderWithoutYearIsNew() throws {
        #expect(try verdict(.companyAge, young, Profile(applicantType: .founder)).verdict == .pass)
        #expect(try verdict(.companyAge, makeOffer("alt", age: AgeBounds(minYears: 2)), Profile(applicantType: .founder)).verdict == .fail)
    }

    @Test func missingYearIsUnknown() throws {
        #expect(try verdict(.companyAge, young, Profile(applicantType: .company)).missing == [.yearFounded])
    }
}

@Suite struct ScheduleRule {
    @Test func closedAndPassedDeadlinesAreExcludedByDefault() throws {
        let offers = [
            makeOffer("open", schedule: Schedule(status: .open, deadlines: [Day(iso: "2026-07-01")!])),
            makeOffer("passed", schedule: Schedule(status: .open, deadlines: [Day(iso: "2026-06-14")!])),
            makeOffer("today", schedule: Schedule(status: .open, deadlines: [Day(iso: "2026-06-15")!])),
            makeOffer("closed", schedule: Schedule(status: .closed)),
            makeOffer("forthcoming", schedule: Schedule(status: .forthcoming, opens: Day(iso: "2026-09-01"))),
        ]
        let index = index(offers)
        let answer = try index.recommend(RecommendationRequest(profile: Profile(), today: testToday, limit: 10))
        #expect(Set(answer.results.map(\.id.localID)) == ["open", "today", "forthcoming"])
        #expect(answer.counts.considered == 3)

        let all = try index.recommend(RecommendationRequest(profile: Profile(), today: testToday, limit: 10, includeClosed: true))
        #expect(all.results.count == 5)
        #expect(Set(all.results.filter(\.closed).map(\.id.localID)) == ["passed", "closed"])
    }

    @Test func theDayDecides() throws {
        let offer = makeOffer("call", schedule: Schedule(status: .open, deadlines: [Day(iso: "2026-07-01")!, Day(iso: "2026-10-01")!]))
        let index = index([offer])
        let july = try index.recommend(RecommendationRequest(profile: Profile(), today: Day(iso: "2026-07-02")!))
        #expect(july.results.first?.nextDeadline == Day(iso: "2026-10-01"))
        let november = try index.recommend(RecommendationRequest(profile: Profile(), today: Day(iso: "2026-11-01")!))
        #expect(november.results.isEmpty)
    }

    @Test func nearDeadlineRanksAboveDistantOneAtEqualRelevance() throws {
        let offers = [
            makeOffer("distant", schedule: Schedule(status: .open, deadlines: [Day(iso: "2027-06-01")!])),
            makeOffer("near", schedule: Schedule(status: .open, deadlines: [Day(iso: "2026-06-30")!])),
        ]
        let answer = try index(offers).recommend(RecommendationRequest(profile: Profile(), today: testToday))
        #expect(answer.results.map(\.id.localID) == ["near", "distant"])
        #expect(answer.results[0].explanation.score.deadline > 0)
    }
}
