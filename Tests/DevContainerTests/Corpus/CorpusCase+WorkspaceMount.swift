extension CorpusCase {
    static let workspaceMount = CorpusCase(
        name: "workspace-mount",
        path: ".devcontainer/devcontainer.json",
        config: #"""
            {
              "image": "gitspaces/devbase:bookworm",
              "workspaceMount": "source=${localWorkspaceFolder},target=/code,type=bind,consistency=cached",
              "workspaceFolder": "/code",
              "appPort": 4000,
            }
            """#,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [
                  "4000:4000"
                ],
                "capAdd": [],
                "configFile": ".devcontainer/devcontainer.json",
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
                "workspaceFolder": "/code",
                "workspaceMount": {
                  "options": [
                    "consistency=cached"
                  ],
                  "source": "/var/lib/gitspaces/workspaces/alice-payments",
                  "target": "/code",
                  "type": "bind"
                }
              },
              "warnings": []
            }
            """#
    )
}
