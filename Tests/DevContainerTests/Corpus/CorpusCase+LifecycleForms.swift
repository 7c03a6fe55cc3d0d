extension CorpusCase {
    static let lifecycleForms = CorpusCase(
        name: "lifecycle-forms",
        path: ".devcontainer/devcontainer.json",
        config: #"""
            {
              "image": "gitspaces/devbase:bookworm",
              "initializeCommand": "echo on the host",
              "onCreateCommand": "apt-get update && apt-get install -y jq",
              "updateContentCommand": ["npm", "ci"],
              "postCreateCommand": {
                "server": "npm run build",
                "db": ["sh", "-c", "createdb payments || true"],
              },
              "postStartCommand": "git -C ${containerWorkspaceFolder} status",
              "postAttachCommand": ["echo", "attached to ${devcontainerId}"],
              "waitFor": "postCreateCommand",
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
                "customizations": {},
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [],
                "features": {},
                "forwardPorts": [],
                "image": "gitspaces/devbase:bookworm",
                "init": false,
                "lifecycle": {
                  "initializeCommand": [
                    {
                      "command": "echo on the host",
                      "origin": "devcontainer.json"
                    }
                  ],
                  "onCreateCommand": [
                    {
                      "command": "apt-get update && apt-get install -y jq",
                      "origin": "devcontainer.json"
                    }
                  ],
                  "postAttachCommand": [
                    {
                      "command": [
                        "echo",
                        "attached to 191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2"
                      ],
                      "origin": "devcontainer.json"
                    }
                  ],
                  "postCreateCommand": [
                    {
                      "command": {
                        "db": [
                          "sh",
                          "-c",
                          "createdb payments || true"
                        ],
                        "server": "npm run build"
                      },
                      "origin": "devcontainer.json"
                    }
                  ],
                  "postStartCommand": [
                    {
                      "command": "git -C /workspaces/payments status",
                      "origin": "devcontainer.json"
                    }
                  ],
                  "updateContentCommand": [
                    {
                      "command": [
                        "npm",
                        "ci"
                      ],
                      "origin": "devcontainer.json"
                    }
                  ]
                },
                "mounts": [],
                "overrideCommand": true,
                "pendingContainerEnv": [],
                "portsAttributes": {},
                "privileged": false,
                "remoteEnv": {},
                "runArgs": {},
                "securityOpt": [],
                "waitFor": "postCreateCommand",
                "workspaceFolder": "/workspaces/payments",
                "workspaceMount": {
                  "source": "/var/lib/gitspaces/workspaces/alice-payments",
                  "target": "/workspaces/payments",
                  "type": "bind"
                }
              },
              "warnings": [
                ".devcontainer/devcontainer.json:3:3: warning: \"initializeCommand\" runs on the host and is not run by Gitspaces"
              ]
            }
            """#
    )
}
