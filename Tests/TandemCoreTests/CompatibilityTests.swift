import Foundation
import Testing
@testable import TandemCore

@Suite("Compatibility, explained criterion by criterion")
struct CompatibilityTests {
    let january = Date(timeIntervalSince1970: 1_767_225_600)   // 2026-01-01, no daylight saving in Europe
    let july = Date(timeIntervalSince1970: 1_782_864_000)      // 2026-07-01

    var mentee: MenteeProfile {
        MenteeProfile(skillsWanted: ["Swift", "System design", "Public speaking", "Hiring"], challenges: ["career switch"],
                      workStyle: .init(structure: .structured, frequencyDays: 14, channel: .video),
                      values: ["honesty", "growth"], languages: ["English", "Spanish"], timeZone: "Europe/Madrid")
    }

    var mentor: MentorProfile {
        MentorProfile(expertise: ["swift": 5, "System Design": 4, "Hiring": 3, "Go": 5], challengesFaced: ["Career switch", "first-time manager"],
                      workStyle: .init(structure: .structured, frequencyDays: 14, channel: .video),
                      values: ["Growth", "craft"], languages: ["spanish", "German"], timeZone: "Europe/London")
    }

    @Test("the explanation says what fits, in words a mentee understands")
    func explanation() {
        let result = CompatibilityModel.evaluate(mentee: mentee, mentor: mentor, at: january)
        let words = Dictionary(uniqueKeysWithValues: result.criteria.map { ($0.criterion, $0.explanation) })
        #expect(words[.skills] == "shares 3 of your 4 skills: swift, System Design, Hiring")
        #expect(words[.challenges] == "has faced your challenge: career switch")
        #expect(words[.values] == "shares your values: growth")
        #expect(words[.workStyle]?.contains("both prefer a structured style") == true)
        #expect(words[.language] == "both speak Spanish")
        #expect(words[.time] == "1 h time-zone difference")
        #expect((0...100).contains(result.score))
        #expect(result.criteria.map(\.points).reduce(0, +) - result.score <= 3, "points add up to the score, give or take rounding")
        #expect(!result.isExcluded)
    }

    @Test("for a coordinator the same reasons are written about the mentee, by name")
    func aboutTheMentee() {
        let result = CompatibilityModel.evaluate(mentee: mentee, mentor: mentor, at: january, voice: .about("Zoe"))
        let words = Dictionary(uniqueKeysWithValues: result.criteria.map { ($0.criterion, $0.explanation) })
        #expect(words[.skills] == "shares 3 of Zoe’s 4 skills: swift, System Design, Hiring")
        #expect(words[.challenges] == "has faced Zoe’s challenge: career switch")
        #expect(words[.values] == "shares Zoe’s values: growth")
        #expect(result.criteria.allSatisfy { !$0.explanation.contains("you") }, "nothing is said to the mentee")
        #expect(result.score == CompatibilityModel.evaluate(mentee: mentee, mentor: mentor, at: january).score, "the voice changes words, not the score")
        var quiet = mentee
        quiet.challenges = []
        quiet.skillsWanted = []
        let neutral = CompatibilityModel.evaluate(mentee: quiet, mentor: mentor, at: january, voice: .about("Zoe")).criteria.map(\.explanation)
        #expect(neutral.contains("Zoe has not named a career challenge") && neutral.contains("Zoe has not listed skills to grow yet"))
    }

    @Test("the strongest reasons lead; neutral ones come after real fits")
    func strongestReasons() {
        var quiet = mentee
        quiet.challenges = []
        let reasons = CompatibilityModel.evaluate(mentee: quiet, mentor: mentor, at: january).strongestReasons
        #expect(reasons.first == "shares 3 of your 4 skills: swift, System Design, Hiring")
        let neutral = reasons.firstIndex(of: "you have not named a career challenge")
        let fitting = reasons.firstIndex(of: "both speak Spanish")
        #expect(neutral != nil && fitting != nil && fitting! < neutral!)
    }

    @Test("a better fit scores higher")
    func ordering() {
        var weaker = mentor
        weaker.expertise = ["Go": 5]
        weaker.challengesFaced = []
        let strong = CompatibilityModel.evaluate(mentee: mentee, mentor: mentor, at: january).score
        let weak = CompatibilityModel.evaluate(mentee: mentee, mentor: weaker, at: january).score
        #expect(strong > weak)
        #expect(strong >= 70)
        #expect(weak <= 50)
    }

    @Test("no shared language: excluded when the program requires one, scored low otherwise")
    func language() {
        var other = mentor
        other.languages = ["Japanese"]
        #expect(CompatibilityModel.evaluate(mentee: mentee, mentor: other, at: january).isExcluded)
        var relaxed = CriteriaWeights.standard
        relaxed.languageRequired = false
        let result = CompatibilityModel.evaluate(mentee: mentee, mentor: other, weights: relaxed, at: january)
        #expect(!result.isExcluded)
        #expect(result.criteria.first { $0.criterion == .language }?.points == 0)
    }

    @Test("weights change what counts; all zero is refused")
    func weights() throws {
        var skillsOnly = CriteriaWeights(weights: [.skills: 10], languageRequired: false)
        let result = CompatibilityModel.evaluate(mentee: mentee, mentor: mentor, weights: skillsOnly, at: january)
        #expect(result.criteria.first { $0.criterion == .skills }?.points == result.score)
        skillsOnly.weights[.skills] = 11
        #expect(throws: ValidationFailure.self) { try skillsOnly.validated() }
        #expect(throws: ValidationFailure.self) { try CriteriaWeights(weights: [:], languageRequired: false).validated() }
        #expect(try CriteriaWeights.standard.validated() == .standard)
    }

    @Test("time-zone gaps follow daylight saving, and weekly availability overlap is counted")
    func time() {
        #expect(CompatibilityModel.hoursBetween("Europe/Berlin", "America/New_York", at: january) == 6)
        #expect(CompatibilityModel.hoursBetween("Asia/Tokyo", "America/Los_Angeles", at: january) == 7, "the short way round the globe")
        #expect(CompatibilityModel.hoursBetween("Europe/London", "UTC", at: july) == 1)
        var a = mentee
        var b = mentor
        a.timeZone = "Europe/Berlin"
        b.timeZone = "America/New_York"
        // Monday 18:00–20:00 in Berlin is 12:00–14:00 in New York (January).
        a.availability = [WeeklyWindow(weekday: 1, startMinute: 18 * 60, endMinute: 20 * 60)]
        b.availability = [WeeklyWindow(weekday: 1, startMinute: 13 * 60, endMinute: 17 * 60)]
        let words = CompatibilityModel.evaluate(mentee: a, mentor: b, at: january).criteria.first { $0.criterion == .time }?.explanation
        #expect(words == "6 h time-zone difference; 1 h a week free at the same time")
    }
}
