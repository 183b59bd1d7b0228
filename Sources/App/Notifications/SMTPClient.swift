import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) — just what the outbox needs: EHLO, STARTTLS when offered (or
/// TLS from the start with smtps://), AUTH PLAIN, one message per connection. No listed package
/// speaks SMTP, so it is written here.
struct SMTPClient: Sendable {
    let settings: TandemConfiguration.SMTPSettings
    let eventLoopGroup: any EventLoopGroup

    struct Failure: Error, CustomStringConvertible {
        let description: String
        /// A 5xx reply: trying again will not help.
        let permanent: Bool
    }

    struct Envelope: Sendable {
        let from: String
        let to: String
        let subject: String
        let body: String
        let messageID: String
        /// An iCalendar invitation sent along (RFC 6047), so mail clients offer "add to calendar".
        var calendar: String? = nil
    }

    func send(_ envelope: Envelope) async throws {
        let settings = settings
        let tls = try Self.tlsContext(settings)
        let serverHostname = Self.isIPAddress(settings.host) ? nil : settings.host
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.seconds(10))
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if settings.useTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                    }
                    // A server that stops answering is hung up on, so a worker never waits forever.
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: settings.timeout))
                    try channel.pipeline.syncOperations.addHandler(CloseWhenIdle())
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()

            func reply(expecting accepted: ClosedRange<Int>) async throws -> [String] {
                var text: [String] = []
                while true {
                    guard var line = try await lines.next(), let string = line.readString(length: line.readableBytes) else {
                        throw Failure(description: "the mail server closed the connection or did not answer in time", permanent: false)
                    }
                    text.append(string)
                    // "250-..." continues a reply; "250 ..." ends it.
                    if string.count < 4 || string[string.index(string.startIndex, offsetBy: 3)] != "-" { break }
                }
                let code = Int(text.last?.prefix(3) ?? "") ?? 0
                guard accepted.contains(code) else {
                    throw Failure(description: "the mail server answered “\(text.joined(separator: " "))”", permanent: code >= 500)
                }
                return text
            }
            func command(_ line: String, expecting accepted: ClosedRange<Int> = 250...250) async throws -> [String] {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await reply(expecting: accepted)
            }

            _ = try await reply(expecting: 220...220)
            var greeting = try await command("EHLO \(Self.hostname())")
            var encrypted = settings.useTLS
            if !encrypted, greeting.contains(where: { $0.uppercased().contains("STARTTLS") }) {
                _ = try await command("STARTTLS", expecting: 220...220)
                // The TLS handler goes below the line decoder, created on the channel's own loop.
                let raw = channel.channel
                try await raw.eventLoop.submit {
                    try raw.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: tls, serverHostname: serverHostname), position: .first)
                }.get()
                encrypted = true
                greeting = try await command("EHLO \(Self.hostname())")
            }
            if let username = settings.username, let password = settings.password {
                // A password never crosses the network in clear text; a server on this machine is fine.
                guard encrypted || Self.isLoopback(settings.host) else {
                    throw Failure(description: "the mail server offers no STARTTLS; refusing to send the password unencrypted (use smtps://)", permanent: false)
                }
                guard greeting.contains(where: { $0.uppercased().contains("AUTH") }) else {
                    throw Failure(description: "the mail server offers no authentication; use smtps:// or a server that supports AUTH", permanent: false)
                }
                let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                do {
                    _ = try await command("AUTH PLAIN \(token)", expecting: 235...235)
                } catch let failure as Failure {
                    // Wrong credentials are the operator's to fix; the message itself is fine.
                    throw Failure(description: "authentication failed: \(failure.description)", permanent: false)
                }
            }
            _ = try await command("MAIL FROM:<\(Self.address(in: envelope.from))>")
            _ = try await command("RCPT TO:<\(envelope.to)>", expecting: 250...251)
            _ = try await command("DATA", expecting: 354...354)
            try await outbound.write(ByteBuffer(string: Self.render(envelope) + "\r\n.\r\n"))
            _ = try await reply(expecting: 250...250)
            _ = try? await command("QUIT", expecting: 221...221)
        }
    }

    /// The message in RFC 5322 form; every part goes as base64 so any text survives any server.
    /// With a calendar, it is multipart/mixed: the text, then the invitation as text/calendar.
    static func render(_ envelope: Envelope) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var lines = [
            "From: \(envelope.from)",
            "To: <\(envelope.to)>",
            "Subject: \(encodedHeader(envelope.subject))",
            "Date: \(formatter.string(from: Date()))",
            "Message-ID: <\(envelope.messageID)>",
            "MIME-Version: 1.0",
        ]
        let text = base64(envelope.body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
        guard let calendar = envelope.calendar else {
            lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", text]
            return lines.joined(separator: "\r\n")
        }
        let boundary = "tandem-\(envelope.messageID.prefix(36))"
        let method = calendar.range(of: #"METHOD:([A-Z]+)"#, options: .regularExpression)
            .map { String(calendar[$0].dropFirst("METHOD:".count)) } ?? "PUBLISH"
        lines += [
            "Content-Type: multipart/mixed; boundary=\"\(boundary)\"", "",
            "--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", text,
            "--\(boundary)", "Content-Type: text/calendar; charset=utf-8; method=\(method); name=\"meeting.ics\"",
            "Content-Disposition: attachment; filename=\"meeting.ics\"", "Content-Transfer-Encoding: base64", "", base64(calendar),
            "--\(boundary)--",
        ]
        return lines.joined(separator: "\r\n")
    }

    static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }

    /// RFC 2047 for a subject that is not plain ASCII.
    static func encodedHeader(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.allSatisfy({ $0.isASCII }) { return clean }
        return "=?UTF-8?B?\(Data(clean.utf8).base64EncodedString())?="
    }

    /// "Tandem <tandem@example.org>" → "tandem@example.org".
    static func address(in mailbox: String) -> String {
        if let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close {
            return String(mailbox[mailbox.index(after: open)..<close])
        }
        return mailbox.trimmingCharacters(in: .whitespaces)
    }

    static func tlsContext(_ settings: TandemConfiguration.SMTPSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile {
            // An internal mail server signed by the organisation's own authority.
            configuration.trustRoots = .file(caFile)
        }
        return try NIOSSLContext(configuration: configuration)
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    private static func hostname() -> String {
        let name = ProcessInfo.processInfo.hostName
        return name.isEmpty ? "localhost" : name
    }
}

/// Closes the connection when `IdleStateHandler` reports that nothing was read for too long.
private final class CloseWhenIdle: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .read = event as? IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
