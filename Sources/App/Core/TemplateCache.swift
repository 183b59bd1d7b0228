import Leaf
import LeafKit
import NIOCore

/// The parsed templates, kept for the life of the process.
///
/// Vapor's Leaf provider switches its cache off whenever the app runs in the development
/// environment (the default for `tandem serve`), so every page was lexed and parsed again on
/// every request — a fifth of a page's time. This cache ignores that switch: templates are
/// reloaded only when TANDEM_RELOAD_TEMPLATES=true.
final class TemplateCache: LeafCache, @unchecked Sendable {
    // DefaultLeafCache guards its dictionary with a lock; `enabled` never changes after init.
    private let stored = DefaultLeafCache()
    private let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled
        stored.isEnabled = enabled
    }

    var isEnabled: Bool {
        get { enabled }
        set {} // Leaf's development default must not turn it off.
    }

    var count: Int { stored.count }

    func insert(_ document: LeafAST, on loop: any EventLoop, replace: Bool) -> EventLoopFuture<LeafAST> {
        stored.insert(document, on: loop, replace: replace)
    }

    func retrieve(documentName: String, on loop: any EventLoop) -> EventLoopFuture<LeafAST?> {
        stored.retrieve(documentName: documentName, on: loop)
    }

    func remove(_ documentName: String, on loop: any EventLoop) -> EventLoopFuture<Bool?> {
        stored.remove(documentName, on: loop)
    }
}
