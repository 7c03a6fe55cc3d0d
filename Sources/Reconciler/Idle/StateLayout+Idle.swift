extension StateLayout {
    /// Gitspaces the daemon stopped for being idle (`IdleRecords`): `<instance>/idle/<name>.json`.
    package var idle: String { instanceDirectory + "/idle" }
    /// What the manifests last applied asked of each Gitspace (`RunIntents`): `<instance>/intents/<name>.json`.
    package var intents: String { instanceDirectory + "/intents" }
    /// Open `ssh` and `exec` sessions (`SessionRecords`): `<instance>/sessions/<name>/<pid>-<id>.json`.
    package var sessions: String { instanceDirectory + "/sessions" }
}
