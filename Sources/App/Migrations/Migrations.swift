import Fluent
import Vapor

extension Application {
    /// Every migration, in the order it shipped. Never edit one that shipped: add a new one.
    func registerMigrations() {
        migrations.add(SessionRecord.migration)     // web sessions, shared by all instances
        migrations.add(CreateUsers())               // accounts
        migrations.add(CreateAccessTokens())        // personal API tokens (digests only)
        migrations.add(CreatePasswordResetTokens()) // one-time reset links
        migrations.add(CreateSignInAttempts())      // sign-in rate limit
        migrations.add(CreatePrograms())            // programs and memberships
        migrations.add(CreateInvitations())         // e-mail invitations
        migrations.add(CreateMentorships())         // mentorships, notes, coordinator access audit
        migrations.add(CreateNotifications())       // in-app notifications and the e-mail outbox
        migrations.add(CreateProfiles())            // mentor and mentee profiles
        migrations.add(CreateMentorshipRequests())  // introductions; request rules per program; mentor slots
        migrations.add(UpdateProgramsAddCriteriaWeights()) // how much each compatibility criterion counts
        migrations.add(CreatePairRules())           // coordinators' forbidden and locked pairs
        migrations.add(CreateMentorWishes())        // mentees' ranked wishes for bulk matching
        migrations.add(UpdateProgramsAddOptionLists()) // the program's lists of career challenges and values
        migrations.add(CreateCharterVersions())     // the pair's commitment charter, versioned and signed
        migrations.add(CreateGoals())               // SMART goals, sharing per mentorship, milestones, progress, feedback
        migrations.add(CreateMeetings())            // meetings, their change history, calendar feed tokens
        migrations.add(CreateTalkFlowAndFollowUp()) // agendas, meeting notes, action items, messages, journal, resources
        migrations.add(CreateReminders())           // reminders sent (claimed once), reminder preferences
        migrations.add(UpdateOutboxAddCalendar())   // meeting e-mails carry their iCalendar invitation
        migrations.add(UpdateUsersAddClock())       // a person's 12- or 24-hour habit
        migrations.add(CreateFeedback())            // feedback asked for and given between the pair
        migrations.add(CreateCheckIns())            // check-ins at the charter's rhythm, blind until both answer
        migrations.add(UpdateProgramsAddPrivacyThreshold()) // the smallest group a coordinator sees (k)
        migrations.add(CreateConcerns())            // concerns and mediation; code of conduct; response time; safety pause
        migrations.add(CreateEndings())             // proposals to end, reflections and gratitude at the close
        migrations.add(CreateMatchPreferences())    // "not with this person again", private to its author
        migrations.add(UpdateForSecondMentors())    // a second mentor alongside, for named goals, up to a limit
        migrations.add(CreateClosingChoices())      // private self-checks, staying in touch, testimonials
        migrations.add(AddIndexesForScale())        // lists and counts of a 10,000-person program
        migrations.add(CreateDirectoryGeneration()) // a counter the database moves when the directory's data changes
        migrations.add(UpdateUsersAddNameKey())     // names folded for sorting and searching long lists in the database
    }
}
