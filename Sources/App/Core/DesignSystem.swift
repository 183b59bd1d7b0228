import Leaf
import TandemCore
import Vapor

/// Initials and a colour for a person without a photo; the colour follows the name, so a person
/// looks the same on every page.
struct Avatar: Encodable {
    let initials: String
    let colour: Int

    init(name: String) {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "-" }).filter { !$0.isEmpty }
        let letters = (words.count > 1 ? [words.first!, words.last!] : Array(words.prefix(1))).compactMap(\.first)
        initials = letters.isEmpty ? "?" : String(letters).uppercased()
        // A stable hash (Swift's own is seeded per process).
        colour = Int(name.unicodeScalars.reduce(UInt32(7)) { ($0 &* 31) &+ $1.value } % 8)
    }
}

/// The components pages are built from, shown with their markup on /design so a new page reuses
/// them instead of writing its own.
enum DesignSystem {
    struct Sample: Encodable {
        let id: String
        let name: String
        let use: String
        let markup: String
    }

    static let samples: [Sample] = [
        Sample(id: "page-header", name: "Page header", use: "Every page starts with one: the title, a line of context, and the page's primary action on the right. One primary button per page; the rest are secondary.",
               markup: """
               <header class="page-header">
                 <div><h1>Spring circle</h1><p class="lede">12 mentors · 30 mentees · runs until 30 June</p></div>
                 <div class="page-actions"><a class="button" href="#">Match the cohort</a> <a class="button secondary" href="#">Invite people</a></div>
               </header>
               """),
        Sample(id: "buttons", name: "Buttons", use: "A primary button does the page's main thing; secondary ones don't compete; a danger button only on a confirmation step; a link-button for a small inline action.",
               markup: """
               <p class="confirm-actions"><button type="button">Send</button> <button type="button" class="secondary">Save as draft</button> <button type="button" class="danger">Delete the goal</button> <button type="button" class="link-button">Mark as read</button></p>
               """),
        Sample(id: "card", name: "Card", use: "A group of things that belong together, with a heading. Not every paragraph needs one.",
               markup: """
               <section class="card" aria-labelledby="sample-card"><h2 id="sample-card">Next meeting</h2><p>Thursday 6 December, 18:00 your time (12:00 for Maya).</p></section>
               """),
        Sample(id: "stats", name: "Stat tiles", use: "Numbers people scan: what the program or a pair adds up to. A tile that needs someone's attention is marked.",
               markup: """
               <ul class="stats"><li class="stat"><span class="stat-value">42</span><span class="stat-label">active mentorships</span></li><li class="stat attention"><span class="stat-value">7</span><span class="stat-label">mentees waiting for a mentor</span></li><li class="stat"><span class="stat-value">88 %</span><span class="stat-label">charters signed</span></li></ul>
               """),
        Sample(id: "progress", name: "Progress bar", use: "Wherever goals are listed. The words beside it say the same as the bar, for people who don't see it.",
               markup: """
               <div class="progress"><div class="meter" aria-hidden="true"><span class="meter-60"></span></div><span class="progress-label">6 of 10 rehearsals</span></div>
               """),
        Sample(id: "chips", name: "Chips", use: "Short facts or reasons, such as the strongest two reasons a mentor fits. Never buttons.",
               markup: """
               <ul class="chips"><li class="chip">Has faced a career switch</li><li class="chip">Both speak Spanish</li><li class="chip">1 h apart</li></ul>
               """),
        Sample(id: "avatar", name: "Avatar with initials", use: "A person without a photo: initials on a colour that follows their name (Avatar in Swift makes both).",
               markup: """
               <div class="person"><span class="avatar avatar-2" aria-hidden="true">MM</span><span>Maya Mentor <span class="muted">· Staff engineer</span></span></div>
               """),
        Sample(id: "tabs", name: "Tabs", use: "Sub-pages of one thing (a mentorship's overview, meetings, goals, …). Plain links: each tab is its own page, so it works without JavaScript and can be bookmarked.",
               markup: """
               <nav aria-label="Mentorship"><ul class="tabs"><li><a href="#" aria-current="page">Overview</a></li><li><a href="#">Meetings</a></li><li><a href="#">Goals</a></li><li><a href="#">Conversation</a></li></ul></nav>
               """),
        Sample(id: "pills", name: "Status pills", use: "Where a thing stands, in words people use, never a value as it is stored.",
               markup: """
               <p><span class="pill pill-ok">Signed by both</span> <span class="pill pill-wait">Waiting for Maya</span> <span class="pill pill-info">Planned</span> <span class="pill pill-muted">Cancelled</span> <span class="pill pill-danger">Overdue</span></p>
               """),
        Sample(id: "empty-state", name: "Empty state", use: "Says what the place is for, fits the reader's role, and offers the next step as a button.",
               markup: """
               <div class="empty-state"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><rect x="3" y="5" width="18" height="16" rx="2"/><path d="M16 3v4M8 3v4M3 11h18"/></svg><p>No meeting planned yet. The charter asks for one every two weeks.</p><a class="button" href="#">Plan a meeting</a></div>
               """),
        Sample(id: "pager", name: "Pager", use: "A long list in pages. In Swift: `Pager(total:page:perPage:path:query:noun:)` slices the list and builds links that keep its filters; the template includes `#with(data.pager):#extend(\"partials/pager\")#endwith`.",
               markup: """
               <nav class="pager" aria-label="Pages"><a href="#" rel="prev">← Previous</a><ul><li><a href="#" aria-label="Page 1">1</a></li><li><span aria-current="page">2</span></li><li><a href="#" aria-label="Page 3">3</a></li></ul><a href="#" rel="next">Next →</a></nav>
               """),
        Sample(id: "stack-table", name: "Table that stacks on a phone", use: "A table whose rows become labelled cards on a narrow screen: the class `stack-table` and a `data-label` on each cell.",
               markup: """
               <table class="stack-table"><thead><tr><th scope="col">Mentee</th><th scope="col">Mentor</th><th scope="col">Score</th></tr></thead><tbody><tr><td data-label="Mentee">Zoe Martin</td><td data-label="Mentor">Amara Okafor</td><td data-label="Score">59</td></tr></tbody></table>
               """),
        Sample(id: "thread", name: "Conversation thread", use: "Messages and notes in one list, newest first; a private note has a dashed edge.",
               markup: """
               <ul class="thread-list"><li class="thread-item"><span class="avatar small avatar-3" aria-hidden="true">AO</span><div class="bubble"><p class="thread-meta"><strong>Amara Okafor</strong> · message · yesterday at 18:45</p><p class="note-body">Here is the spreadsheet I mentioned.</p></div></li><li class="thread-item mine private"><span class="avatar small avatar-2" aria-hidden="true">ZM</span><div class="bubble"><p class="thread-meta"><strong>Zoe Martin</strong> · private note · only you · Friday at 20:06</p><p class="note-body">Prepare talking points for the promotion.</p></div></li></ul>
               """),
        Sample(id: "timeline", name: "Timeline", use: "Wins, setbacks and milestones over time; the dot says which.",
               markup: """
               <ul class="timeline"><li class="win"><strong>Win</strong> <span class="muted">· Sunday at 17:42</span><p class="note-body">My talk got three questions.</p></li><li class="milestone"><strong><a href="#">Reached “Search deployed”</a></strong> <span class="muted">· 22 Nov</span></li><li class="setback"><strong>Setback</strong> <span class="muted">· 25 Nov</span><p class="note-body">Froze in the standup.</p></li></ul>
               """),
        Sample(id: "confirm", name: "Confirmation step", use: "Before anything that cannot be undone. In Swift: `if let ask = try await Confirmation.ask(req, question:, consequence:, button:, back:) { return ask }` — the page below, whose button alone does it.",
               markup: """
               <section class="card narrow"><h2>Delete the goal “Give a ten-minute talk”?</h2><p>Its milestones and progress go too. This cannot be undone.</p><p class="confirm-actions"><button type="button" class="danger">Delete the goal</button> <a class="button secondary" href="#">Cancel</a></p></section>
               """),
        Sample(id: "error-summary", name: "Error summary", use: "At the top of a form that was refused (partials/form-summary): every problem at once, each linked to its field; it takes the focus.",
               markup: """
               <div class="error-summary" role="alert"><p>Please correct the 2 fields below.</p><ul><li><a href="#">Choose when the meeting starts.</a></li><li><a href="#">The video link must start with https://.</a></li></ul></div>
               """),
        Sample(id: "notice", name: "Notice and flash", use: "A notice says why the person is here (an invitation, a form that waited); a flash confirms what just happened.",
               markup: """
               <div class="notice" role="status"><p>You’re invited to “Spring circle”.</p></div><p class="flash" role="status">Sent. Maya gets it by e-mail too.</p>
               """),
    ]

    struct PageData: Encodable {
        let samples: [Sample]
    }

    static func register(public routes: any RoutesBuilder) {
        routes.get("design", use: show)
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try await req.render("design", title: "Design system", PageData(samples: samples))
    }
}

/// `#day(value)`: a stored calendar day ("2027-04-18") as people read it ("Sun 18 Apr" this
/// year, "18 Apr 2027" otherwise) — the one voice of `DateVoice`, for templates. Anything that is
/// not a day passes through unchanged.
struct CalendarDayTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let text = ctx.parameters.first?.string, !text.isEmpty else { return .string("") }
        guard let day = CalendarDate(text) else { return .string(text) }
        return .string(DateVoice.day(day, today: CalendarDate(Date())))
    }
}

/// Paging for a long list: which slice to show, and the links around it that keep the
/// list's filters. `page` is 1-based; one past the end shows the last page.
struct Pager: Encodable {
    struct PageLink: Encodable {
        let number: Int
        let link: String
        let current: Bool
    }

    let summary: String
    let previous: String?
    let next: String?
    let pages: [PageLink]
    let isNeeded: Bool
    /// The range of the whole list this page shows.
    let range: Range<Int>

    enum CodingKeys: String, CodingKey { case summary, previous, next, pages, isNeeded }

    /// `query` holds the list's other parameters (its filters), already without `page`.
    init(total: Int, page requested: Int?, perPage: Int, path: String, query: [String: String], noun: (String, String)) {
        let pageCount = max(1, (total + perPage - 1) / perPage)
        let page = min(max(requested ?? 1, 1), pageCount)
        let start = (page - 1) * perPage
        range = start..<min(total, start + perPage)
        let base = query.filter { $0.key != "page" }.map { "\(QueryString.encode($0.key))=\(QueryString.encode($0.value))" }.sorted()
        func link(_ number: Int) -> String {
            let items = number == 1 ? base : base + ["page=\(number)"]
            return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
        }
        let word = total == 1 ? noun.0 : noun.1
        summary = total <= perPage ? "\(total) \(word)" : "\(range.lowerBound + 1)–\(range.upperBound) of \(total) \(word)"
        previous = page > 1 ? link(page - 1) : nil
        next = page < pageCount ? link(page + 1) : nil
        // Around the current page, plus the first and the last: a short row even for long lists.
        let shown = Set([1, pageCount] + Array(max(1, page - 2)...min(pageCount, page + 2)))
        pages = shown.sorted().map { PageLink(number: $0, link: link($0), current: $0 == page) }
        isNeeded = pageCount > 1
    }
}
