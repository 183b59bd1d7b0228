import Foundation

/// One field of a form, described in Swift and drawn by `partials/field.leaf`: long forms (the
/// charter, a goal) stay one list instead of pages of repeated markup, and every field gets the
/// same label, hint, inline error and ARIA wiring.
struct FormField: Encodable {
    enum Kind: String, Encodable {
        case text, textarea, number, date, url, checkbox, select, checkboxes
    }

    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
        /// For a group of checkboxes, each has its own name.
        let name: String
    }

    let name: String
    let label: String
    let kind: Kind
    let value: String
    let hint: String?
    let error: String?
    let options: [Option]
    let required: Bool
    let describedBy: String

    init(_ name: String, _ label: String, _ kind: Kind = .text, hint: String? = nil, options: [(value: String, label: String)] = [],
         required: Bool = false, form: FormState) {
        self.name = name
        self.label = label
        self.kind = kind
        self.value = form.values[name] ?? ""
        self.hint = hint
        self.error = form.errors[name]
        self.required = required
        self.options = options.map { option in
            let groupName = "\(name)_\(option.value)"
            let selected = kind == .checkboxes ? form.values[groupName] == "on" : form.values[name] == option.value
            return Option(value: option.value, label: option.label, selected: selected, name: groupName)
        }
        self.describedBy = [hint == nil ? nil : "\(name)-hint", error == nil ? nil : "\(name)-error"].compactMap { $0 }.joined(separator: " ")
    }
}

/// A titled group of fields.
struct FormSection: Encodable {
    let id: String
    let heading: String
    let fields: [FormField]
}
