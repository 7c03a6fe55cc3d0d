import Testing

@testable import GitspacesCore

/// Exact output of the three formats for one mixed plan, and for none.
@Suite struct PlanRenderTests {
    /// create, start, update, replace, stop and two deletes (one per deletion policy).
    static func mixedPlan() -> Plan {
        let repo = "https://git.example.com/acme/payments.git"
        func gitspace(_ name: String, _ change: (inout Gitspace) -> Void = { _ in }) -> Gitspace {
            var gitspace = Gitspace(name: name, repo: repo, branch: "main", hardware: PlanFixtures.hardware())
            change(&gitspace)
            return gitspace
        }
        let desired = PlanFixtures.desired([
            gitspace("alice-payments") {
                $0.hardware = PlanFixtures.hardware(cpus: 4, memory: 8, disk: 32)
                $0.env = ["TZ": "Europe/Berlin"]
                $0.authorizedKeys = [PlanFixtures.aliceKey]
                $0.credentials = "acme-git-token"
            },
            gitspace("bob-api"),
            gitspace("carol-web") {
                $0.hardware.cpus = CPUs(millis: 4000)
                $0.branch = "feature/login"
            },
            gitspace("dave-ml") {
                $0.env = ["TZ": "Europe/Berlin"]
                $0.hardware.gpus = 1
            },
            gitspace("erin-docs") { $0.state = .stopped },
        ])
        let observed = [
            ObservedGitspace(desired: gitspace("bob-api"), running: false),
            ObservedGitspace(desired: gitspace("carol-web")),
            ObservedGitspace(desired: gitspace("dave-ml") { $0.env = ["TZ": "UTC"] }),
            ObservedGitspace(desired: gitspace("erin-docs")),
            ObservedGitspace(desired: gitspace("frank-old")),
            ObservedGitspace(
                desired: gitspace("gina-tmp") {
                    $0.deletionPolicy = .delete
                    $0.hardware = PlanFixtures.hardware(cpus: 1, memory: 2, disk: nil)
                }, running: false),
        ]
        return plan(desired: desired, observed: observed)
    }

    static let goldenText = """
          + create alice-payments
              repo: https://git.example.com/acme/payments.git
              branch: main
              hardware.cpus: 4
              hardware.memory: 8Gi
              hardware.disk: 32Gi
              env.TZ: Europe/Berlin
              ssh.authorizedKeys: ssh-ed25519 …lice0001 alice@laptop
              credentials: acme-git-token
          > start bob-api
          ~ update carol-web
              branch: main → feature/login
              hardware.cpus: 2 → 4
        -/+ replace dave-ml
              hardware.gpus: 0 → 1
              env.TZ: UTC → Europe/Berlin
          . stop erin-docs
          - delete frank-old (workspace kept)
          - delete gina-tmp (workspace removed if clean)

        Plan: 1 to create, 1 to start, 1 to update, 1 to replace, 1 to stop, 2 to delete.  Reserved hardware: +3 cpus, +2Gi memory, +16Gi disk, +1 gpus.
        """

    static let goldenMarkdown = """
        **Plan: 1 to create, 1 to start, 1 to update, 1 to replace, 1 to stop, 2 to delete.**

        Reserved hardware: +3 cpus, +2Gi memory, +16Gi disk, +1 gpus.

        #### + create `alice-payments`

        - `repo`: `https://git.example.com/acme/payments.git`
        - `branch`: `main`
        - `hardware.cpus`: `4`
        - `hardware.memory`: `8Gi`
        - `hardware.disk`: `32Gi`
        - `env.TZ`: `Europe/Berlin`
        - `ssh.authorizedKeys`: `ssh-ed25519 …lice0001 alice@laptop`
        - `credentials`: `acme-git-token`

        #### > start `bob-api`

        #### ~ update `carol-web`

        - `branch`: `main` → `feature/login`
        - `hardware.cpus`: `2` → `4`

        #### -/+ replace `dave-ml`

        - `hardware.gpus`: `0` → `1`
        - `env.TZ`: `UTC` → `Europe/Berlin`

        #### . stop `erin-docs`

        #### - delete `frank-old`

        - workspace kept

        #### - delete `gina-tmp`

        - workspace removed if clean
        """

    static let goldenJSON = """
        {
          "actions": [
            {
              "action": "create",
              "changes": [
                {
                  "field": "repo",
                  "new": "https://git.example.com/acme/payments.git",
                  "old": null
                },
                {
                  "field": "branch",
                  "new": "main",
                  "old": null
                },
                {
                  "field": "hardware.cpus",
                  "new": "4",
                  "old": null
                },
                {
                  "field": "hardware.memory",
                  "new": "8Gi",
                  "old": null
                },
                {
                  "field": "hardware.disk",
                  "new": "32Gi",
                  "old": null
                },
                {
                  "field": "env.TZ",
                  "new": "Europe/Berlin",
                  "old": null
                },
                {
                  "field": "ssh.authorizedKeys",
                  "new": "ssh-ed25519 …lice0001 alice@laptop",
                  "old": null
                },
                {
                  "field": "credentials",
                  "new": "acme-git-token",
                  "old": null
                }
              ],
              "data": null,
              "hardware": {
                "cpus": "+4",
                "disk": "+32Gi",
                "gpus": "0",
                "memory": "+8Gi"
              },
              "name": "alice-payments"
            },
            {
              "action": "start",
              "changes": [],
              "data": null,
              "hardware": {
                "cpus": "0",
                "disk": "0",
                "gpus": "0",
                "memory": "0"
              },
              "name": "bob-api"
            },
            {
              "action": "update",
              "changes": [
                {
                  "field": "branch",
                  "new": "feature/login",
                  "old": "main"
                },
                {
                  "field": "hardware.cpus",
                  "new": "4",
                  "old": "2"
                }
              ],
              "data": null,
              "hardware": {
                "cpus": "+2",
                "disk": "0",
                "gpus": "0",
                "memory": "0"
              },
              "name": "carol-web"
            },
            {
              "action": "replace",
              "changes": [
                {
                  "field": "hardware.gpus",
                  "new": "1",
                  "old": "0"
                },
                {
                  "field": "env.TZ",
                  "new": "Europe/Berlin",
                  "old": "UTC"
                }
              ],
              "data": null,
              "hardware": {
                "cpus": "0",
                "disk": "0",
                "gpus": "+1",
                "memory": "0"
              },
              "name": "dave-ml"
            },
            {
              "action": "stop",
              "changes": [],
              "data": null,
              "hardware": {
                "cpus": "0",
                "disk": "0",
                "gpus": "0",
                "memory": "0"
              },
              "name": "erin-docs"
            },
            {
              "action": "delete",
              "changes": [],
              "data": "workspace kept",
              "hardware": {
                "cpus": "-2",
                "disk": "-16Gi",
                "gpus": "0",
                "memory": "-4Gi"
              },
              "name": "frank-old"
            },
            {
              "action": "delete",
              "changes": [],
              "data": "workspace removed if clean",
              "hardware": {
                "cpus": "-1",
                "disk": "0",
                "gpus": "0",
                "memory": "-2Gi"
              },
              "name": "gina-tmp"
            }
          ],
          "refused": null,
          "summary": {
            "create": 1,
            "delete": 2,
            "hardware": {
              "cpus": "+3",
              "disk": "+16Gi",
              "gpus": "+1",
              "memory": "+2Gi"
            },
            "replace": 1,
            "start": 1,
            "stop": 1,
            "update": 1
          },
          "version": 1
        }
        """

    @Test func textIsTerraformLike() {
        #expect(Self.mixedPlan().renderText() == Self.goldenText)
    }

    @Test func markdownIsAPullRequestComment() {
        #expect(Self.mixedPlan().renderMarkdown() == Self.goldenMarkdown)
    }

    @Test func jsonFollowsTheDocumentedSchema() {
        #expect(Self.mixedPlan().renderJSON() == Self.goldenJSON)
    }

    @Test func compactJSONIsTheSameDocumentOnOneLine() {
        let compact = Self.mixedPlan().renderJSON(pretty: false)
        #expect(!compact.contains("\n"))
        let stripped = Self.goldenJSON.split(separator: "\n").map { $0.drop { $0 == " " } }.joined()
            .replacing("\": ", with: "\":")
        #expect(compact == stripped)
    }

    @Test(arguments: PlanFormat.allCases)
    func renderedPicksTheFormat(_ format: PlanFormat) {
        let plan = Self.mixedPlan()
        let expected = [PlanFormat.text: Self.goldenText, .markdown: Self.goldenMarkdown, .json: Self.goldenJSON][
            format]
        #expect(plan.rendered(as: format) == expected)
    }

    @Test func noChanges() {
        let gitspace = PlanFixtures.gitspace()
        let result = plan(desired: PlanFixtures.desired([gitspace]), observed: [ObservedGitspace(desired: gitspace)])
        #expect(result.renderText() == "No changes.")
        #expect(result.renderMarkdown() == "No changes.")
        #expect(
            result.renderJSON(pretty: false)
                == #"{"actions":[],"refused":null,"summary":{"create":0,"delete":0,"hardware":{"cpus":"0","disk":"0","gpus":"0","memory":"0"},"replace":0,"start":0,"stop":0,"update":0},"version":1}"#
        )
    }

    @Test func colorWrapsMarkersAndSummaryInANSI() {
        let colored = Self.mixedPlan().renderText(color: true)
        #expect(colored.contains("\u{1B}[32m  + create\u{1B}[0m \u{1B}[1malice-payments\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[31m  - delete\u{1B}[0m"))
        #expect(!Self.mixedPlan().renderText().contains("\u{1B}"))
        let withoutEscapes = colored.split(separator: "\u{1B}").map { $0.drop { $0 != "m" }.dropFirst() }.joined()
        #expect(withoutEscapes == Self.goldenText)
    }
}
