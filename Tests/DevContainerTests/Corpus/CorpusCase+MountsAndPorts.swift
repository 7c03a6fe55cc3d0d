extension CorpusCase {
    static let mountsAndPorts = CorpusCase(
        name: "mounts-and-ports",
        path: ".devcontainer/devcontainer.json",
        config: #"""
            {
              "image": "gitspaces/devbase:bookworm",
              "workspaceFolder": "/workspaces/payments/services/api",
              "mounts": [
                "source=payments-node-modules-${devcontainerId},target=${containerWorkspaceFolder}/node_modules,type=volume",
                { "type": "volume", "source": "payments-cache", "target": "/home/vscode/.cache" },
                "type=tmpfs,target=/tmp/scratch,tmpfs-size=64m",
                "type=bind,src=${localWorkspaceFolder},dst=/src,readonly",
                { "type": "volume", "target": "/anonymous" },
              ],
              "forwardPorts": [3000, "db:5432", "localhost:8080", 3000],
              "appPort": [8000, "9000:9001", "127.0.0.1:5353:53/udp"],
              "portsAttributes": { "3000": { "label": "API", "onAutoForward": "notify" } },
              "otherPortsAttributes": { "onAutoForward": "silent" },
            }
            """#,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [
                  "8000:8000",
                  "9000:9001",
                  "127.0.0.1:5353:53/udp"
                ],
                "capAdd": [],
                "configFile": ".devcontainer/devcontainer.json",
                "containerEnv": {},
                "customizations": {},
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [],
                "features": {},
                "forwardPorts": [
                  3000,
                  "db:5432",
                  8080
                ],
                "image": "gitspaces/devbase:bookworm",
                "init": false,
                "lifecycle": {},
                "mounts": [
                  {
                    "source": "payments-node-modules-191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                    "target": "/workspaces/payments/services/api/node_modules",
                    "type": "volume"
                  },
                  {
                    "source": "payments-cache",
                    "target": "/home/vscode/.cache",
                    "type": "volume"
                  },
                  {
                    "options": [
                      "tmpfs-size=64m"
                    ],
                    "target": "/tmp/scratch",
                    "type": "tmpfs"
                  },
                  {
                    "readonly": true,
                    "source": "/var/lib/gitspaces/workspaces/alice-payments",
                    "target": "/src",
                    "type": "bind"
                  },
                  {
                    "target": "/anonymous",
                    "type": "volume"
                  }
                ],
                "otherPortsAttributes": {
                  "onAutoForward": "silent"
                },
                "overrideCommand": true,
                "pendingContainerEnv": [],
                "portsAttributes": {
                  "3000": {
                    "label": "API",
                    "onAutoForward": "notify"
                  }
                },
                "privileged": false,
                "remoteEnv": {},
                "runArgs": {},
                "securityOpt": [],
                "workspaceFolder": "/workspaces/payments/services/api",
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
