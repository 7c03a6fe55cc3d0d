/// One field of a Gitspace that an action changes, as display strings.
///
/// `field` is the manifest path (`repo`, `branch`, `hardware.cpus`, `env.TZ`, `ssh.authorizedKeys`,
/// `labels.team`, `state`, …). `old`/`new` are nil when the field is unset on that side (a create has no
/// old values; an env variable added has no old value). Several changes may share the path
/// `ssh.authorizedKeys`: keys are compared as a set, each removed key (old only) and added key (new only)
/// shown abbreviated (`ssh-ed25519 …Xz0aB1cD alice@laptop`).
package struct FieldChange: Sendable, Hashable {
    package var field: String
    package var old: String?
    package var new: String?

    package init(field: String, old: String?, new: String?) {
        self.field = field
        self.old = old
        self.new = new
    }
}
