import GitspacesCLI

await GitspacesCommand.main(arguments: nil)
