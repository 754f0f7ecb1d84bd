import SupportModel
import Testing

/// EU SME classes (Recommendation 2003/361/EC) at the thresholds' edges.
@Suite struct SizeClassDerivation {
    let taxonomies = Catalogue.taxonomies

    @Test func headcountCeilingsAreExclusive() {
        #expect(taxonomies.sizeClass(employees: 9, turnover: 1_000_000, balanceSheet: nil) == .micro)
        #expect(taxonomies.sizeClass(employees: 10, turnover: 1_000_000, balanceSheet: nil) == .small)
        #expect(taxonomies.sizeClass(employees: 49, turnover: 1_000_000, balanceSheet: nil) == .small)
        #expect(taxonomies.sizeClass(employees: 50, turnover: 1_000_000, balanceSheet: nil) == .medium)
        #expect(taxonomies.sizeClass(employees: 249, turnover: 1_000_000, balanceSheet: nil) == .medium)
        #expect(taxonomies.sizeClass(employees: 250, turnover: 1_000_000, balanceSheet: nil) == .large)
    }

    @Test func moneyCeilingsAreInclusive() {
        #expect(taxonomies.sizeClass(employees: 5, turnover: 2_000_000, balanceSheet: 2_000_001) == .micro)
        #expect(taxonomies.sizeClass(employees: 5, turnover: 2_000_001, balanceSheet: 2_000_001) == .small)
        #expect(taxonomies.sizeClass(employees: 40, turnover: 10_000_000, balanceSheet: 50_000_000) == .small)
        #expect(taxonomies.sizeClass(employees: 40, turnover: 10_000_001, balanceSheet: 10_000_001) == .medium)
        #expect(taxonomies.sizeClass(employees: 100, turnover: 50_000_000, balanceSheet: 99_000_000) == .medium)
        #expect(taxonomies.sizeClass(employees: 100, turnover: 50_000_001, balanceSheet: 43_000_001) == .large)
    }

    @Test func balanceSheetIsAnAlternativeToTurnover() {
        // Turnover above the micro ceiling, but the balance-sheet total within it: still micro.
        #expect(taxonomies.sizeClass(employees: 9, turnover: 5_000_000, balanceSheet: 2_000_000) == .micro)
        // Medium: turnover above 50 M, balance sheet exactly 43 M.
        #expect(taxonomies.sizeClass(employees: 200, turnover: 80_000_000, balanceSheet: 43_000_000) == .medium)
    }

    @Test func aMissingAlternativeLeavesTheClassOpen() {
        // 9 staff and 2,000,001 turnover: micro if the balance sheet is ≤ 2 M, else small.
        #expect(taxonomies.sizeClass(employees: 9, turnover: 2_000_001, balanceSheet: nil) == nil)
        #expect(taxonomies.possibleSizeClasses(employees: 9, turnover: 2_000_001, balanceSheet: nil) == [.micro, .small])
        #expect(taxonomies.possibleSizeClasses(employees: 9, turnover: nil, balanceSheet: nil) == Set(SizeClass.allCases))
        #expect(taxonomies.possibleSizeClasses(employees: 12, turnover: nil, balanceSheet: nil) == [.small, .medium, .large])
        #expect(taxonomies.sizeClass(employees: nil, turnover: 1_000_000, balanceSheet: nil) == nil)
    }

    @Test func headcountAloneDecidesLarge() {
        #expect(taxonomies.sizeClass(employees: 250, turnover: nil, balanceSheet: nil) == .large)
        #expect(taxonomies.sizeClass(employees: nil, turnover: 60_000_000, balanceSheet: 50_000_000) == .large)
    }

    @Test func declaredClassAndFounderDefault() {
        #expect(Profile(sizeClass: .medium).possibleSizeClasses(taxonomies) == [.medium])
        #expect(Profile(applicantType: .founder).possibleSizeClasses(taxonomies) == [.micro])
        #expect(Profile(applicantType: .founder, employees: 30).possibleSizeClasses(taxonomies) == [.small, .medium, .large])
        #expect(Profile(applicantType: .company).derivedSizeClass(taxonomies) == nil)
    }
}
