import Testing

@testable import GitspacesCore

/// The mass-deletion guards: refused unless `allowMassDelete`.
@Suite struct PlanGuardTests {
    static func existing(_ count: Int) -> [ObservedGitspace] {
        (0..<count).map { ObservedGitspace(desired: PlanFixtures.gitspace("old-\($0)")) }
    }

    static let keeper = PlanFixtures.gitspace("keeper")

    @Test func emptyDesiredStateAgainstExistingGitspacesIsRefused() {
        let result = plan(desired: PlanFixtures.desired([]), observed: Self.existing(1))
        #expect(result.refusal?.reason == .emptyDesired(existing: 1))
        #expect(
            result.refusal?.message
                == "the configuration declares no Gitspaces, so this plan deletes the 1 existing Gitspace "
                + "(a wrong path or branch?); pass --allow-mass-delete to apply it")
        #expect(result.actions.map(\.kind) == [.delete])
    }

    @Test func emptyDesiredStateAgainstNothingIsNoChange() {
        let result = plan(desired: PlanFixtures.desired([]), observed: [])
        #expect(result.refusal == nil)
        #expect(!result.hasChanges)
    }

    @Test func moreDeletionsThanThePolicyAllowsAreRefused() {
        let observed = Self.existing(12) + [ObservedGitspace(desired: Self.keeper)]
        let result = plan(desired: PlanFixtures.desired([Self.keeper]), observed: observed)
        #expect(result.isRefused)
        #expect(result.refusal?.reason == .tooManyDeletions(count: 12, maxDeletions: 10))
        #expect(
            result.refusal?.message
                == "this plan deletes 12 Gitspaces, more than the policy's maxDeletions of 10; pass --allow-mass-delete to apply it"
        )
        #expect(result.summary.delete == 12)
    }

    @Test(arguments: [0, 1, 5, Policy.defaultMaxDeletions])
    func exactlyMaxDeletionsIsAllowed(maxDeletions: Int) {
        let observed = Self.existing(maxDeletions) + [ObservedGitspace(desired: Self.keeper)]
        let allowed = plan(desired: PlanFixtures.desired([Self.keeper], maxDeletions: maxDeletions), observed: observed)
        #expect(allowed.refusal == nil)
        #expect(allowed.summary.delete == maxDeletions)
        let oneMore = Self.existing(maxDeletions + 1) + [ObservedGitspace(desired: Self.keeper)]
        let refused = plan(desired: PlanFixtures.desired([Self.keeper], maxDeletions: maxDeletions), observed: oneMore)
        #expect(refused.refusal?.reason == .tooManyDeletions(count: maxDeletions + 1, maxDeletions: maxDeletions))
    }

    @Test func replacesAndRenamesCountOnlyTheirDeletes() {
        var changed = PlanFixtures.gitspace("old-0")
        changed.repo = "https://git.example.com/acme/other.git"
        let observed = Self.existing(3)
        let result = plan(
            desired: PlanFixtures.desired([changed, PlanFixtures.gitspace("new-name")], maxDeletions: 2),
            observed: observed)
        #expect(result.actions.map(\.kind) == [.create, .replace, .delete, .delete])
        #expect(result.refusal == nil)
    }

    @Test func allowMassDeleteLiftsBothGuards() {
        let options = PlanOptions(allowMassDelete: true)
        let emptied = plan(desired: PlanFixtures.desired([]), observed: Self.existing(3), options: options)
        #expect(emptied.refusal == nil)
        #expect(emptied.summary.delete == 3)
        let many = plan(
            desired: PlanFixtures.desired([Self.keeper]),
            observed: Self.existing(40) + [ObservedGitspace(desired: Self.keeper)],
            options: options)
        #expect(many.refusal == nil)
        #expect(many.summary.delete == 40)
    }

    @Test func emptyDesiredIsRefusedEvenWithinMaxDeletions() {
        let result = plan(desired: PlanFixtures.desired([], maxDeletions: 100), observed: Self.existing(2))
        #expect(result.refusal?.reason == .emptyDesired(existing: 2))
    }

    @Test func aRefusedPlanSaysSoInEveryFormat() {
        let result = plan(desired: PlanFixtures.desired([], maxDeletions: 100), observed: Self.existing(2))
        #expect(
            result.renderText() == """
                  - delete old-0 (workspace kept)
                  - delete old-1 (workspace kept)

                Refused: the configuration declares no Gitspaces, so this plan deletes all 2 existing Gitspaces \
                (a wrong path or branch?); pass --allow-mass-delete to apply it.
                Plan: 0 to create, 0 to start, 0 to update, 0 to replace, 0 to stop, 2 to delete.  \
                Reserved hardware: -4 cpus, -8Gi memory, -32Gi disk.
                """)
        #expect(
            result.renderMarkdown() == """
                **Plan: 0 to create, 0 to start, 0 to update, 0 to replace, 0 to stop, 2 to delete.**

                Reserved hardware: -4 cpus, -8Gi memory, -32Gi disk.

                > [!CAUTION]
                > **Refused:** the configuration declares no Gitspaces, so this plan deletes all 2 existing Gitspaces \
                (a wrong path or branch?); pass --allow-mass-delete to apply it.

                #### - delete `old-0`

                - workspace kept

                #### - delete `old-1`

                - workspace kept
                """)
        #expect(
            result.renderJSON(pretty: false).contains(
                #""refused":"the configuration declares no Gitspaces, so this plan deletes all 2 existing Gitspaces (a wrong path or branch?); pass --allow-mass-delete to apply it""#
            ))
    }
}
