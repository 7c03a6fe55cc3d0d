extension CorpusCase {
    static let hostRequirementsFeatures = CorpusCase(
        name: "host-requirements-features",
        path: ".devcontainer/devcontainer.json",
        config: #"""
            {
              "$schema": "https://raw.githubusercontent.com/devcontainers/spec/main/schemas/devContainer.schema.json",
              "image": "gitspaces/devbase:bookworm",
              "hostRequirements": { "cpus": 4, "memory": "8gb", "storage": "32GB", "gpu": "optional" },
              "features": {
                "ghcr.io/devcontainers/features/node:1": { "version": "20" },
                "ghcr.io/devcontainers/features/github-cli:1": {},
              },
              "customizations": {
                "vscode": { "extensions": ["dbaeumer.vscode-eslint"], "settings": { "editor.tabSize": 2 } },
              },
              "remotEnv": { "X": "1" }, // a typo: kept, ignored and reported
              "image": "gitspaces/devbase:bookworm", // repeated: the last one wins
            }
            """#,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [],
                "capAdd": [],
                "configFile": ".devcontainer/devcontainer.json",
                "containerEnv": {},
                "customizations": {
                  "vscode": [
                    {
                      "extensions": [
                        "dbaeumer.vscode-eslint"
                      ],
                      "settings": {
                        "editor.tabSize": 2
                      }
                    }
                  ]
                },
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [],
                "features": {
                  "ghcr.io/devcontainers/features/github-cli:1": {},
                  "ghcr.io/devcontainers/features/node:1": {
                    "version": "20"
                  }
                },
                "forwardPorts": [],
                "hostRequirements": {
                  "cpus": 4,
                  "gpu": "optional",
                  "memory": "8gb",
                  "storage": "32gb"
                },
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
              "warnings": [
                ".devcontainer/devcontainer.json:3:3: warning: \"image\" is set more than once; the value at 13:3 wins",
                ".devcontainer/devcontainer.json:12:3: warning: unknown property 'remotEnv' is ignored (did you mean 'remoteEnv'?)"
              ]
            }
            """#
    )
}
