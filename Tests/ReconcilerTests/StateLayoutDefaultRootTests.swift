import Reconciler
import Testing

/// One default state directory for the CLI's `--state-dir` and the commands the dashboard shows.
@Suite struct StateLayoutDefaultRootTests {
    @Test func rootGetsTheSystemFolderOthersTheirXDGStateHome() {
        #expect(StateLayout.defaultRoot(uid: 0, environment: ["XDG_STATE_HOME": "/x"]) == "/var/lib/gitspaces")
        #expect(StateLayout.defaultRoot(uid: 1000, environment: ["XDG_STATE_HOME": "/x/state"]) == "/x/state/gitspaces")
        #expect(
            StateLayout.defaultRoot(uid: 1000, environment: ["XDG_STATE_HOME": "", "HOME": "/home/a"])
                == "/home/a/.local/state/gitspaces")
    }
}
