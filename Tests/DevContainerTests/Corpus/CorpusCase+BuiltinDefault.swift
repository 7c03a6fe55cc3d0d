extension CorpusCase {
    static let builtinDefault = CorpusCase(
        name: "builtin-default",
        path: ".devcontainer/devcontainer.json",
        config: nil,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [],
                "capAdd": [],
                "configFile": "(built-in default devcontainer.json)",
                "containerEnv": {},
                "customizations": {},
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [],
                "features": {},
                "forwardPorts": [],
                "image": "gitspaces/devbase:bookworm",
                "init": false,
                "lifecycle": {},
                "mounts": [],
                "overrideCommand": true,
                "pendingContainerEnv": [],
                "portsAttributes": {},
                "privileged": false,
                "remoteEnv": {},
                "runArgs": {},
                "securityOpt": [],
                "workspaceFolder": "/workspaces/payments",
                "workspaceMount": {
                  "source": "/var/lib/gitspaces/workspaces/alice-payments",
                  "target": "/workspaces/payments",
                  "type": "bind"
                }
              },
              "warnings": []
            }
            """#
    )
}
