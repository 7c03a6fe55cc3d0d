extension ResolvedSpec {
    /// The dotfiles as plan fields, each in place: a change installs them again at the next start, never a replace.
    var dotfilesFields: [SpecField] {
        guard let dotfiles else { return [] }
        let values: [(String, String?)] = [
            ("dotfiles.repo", dotfiles.repo), ("dotfiles.branch", dotfiles.branch),
            ("dotfiles.installCommand", dotfiles.installCommand), ("dotfiles.credentials", dotfiles.credentials),
        ]
        return values.enumerated().compactMap { offset, entry in
            entry.1.map { SpecField(rank: 30 + offset, element: "", path: entry.0, value: $0, effect: .inPlace) }
        }
    }
}
