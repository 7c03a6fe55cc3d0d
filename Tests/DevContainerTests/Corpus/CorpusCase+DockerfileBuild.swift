extension CorpusCase {
    static let dockerfileBuild = CorpusCase(
        name: "dockerfile-build",
        path: ".devcontainer/devcontainer.json",
        config: #"""
            {
              "name": "Build from a Dockerfile",
              "build": {
                "dockerfile": "Dockerfile",
                "context": "..",
                "args": {
                  "NODE_VERSION": "20",
                  "TZ": "${localEnv:TZ}",
                  "REGISTRY": "${localEnv:NPM_REGISTRY:https://registry.npmjs.org}",
                },
                "target": "dev",
                "cacheFrom": "ghcr.io/acme/payments-dev:cache",
              },
              "remoteUser": "node",
            }
            """#,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [],
                "build": {
                  "args": {
                    "NODE_VERSION": "20",
                    "REGISTRY": "https://npm.example.com",
                    "TZ": "Europe/Berlin"
                  },
                  "cacheFrom": [
                    "ghcr.io/acme/payments-dev:cache"
                  ],
                  "context": ".",
                  "dockerfile": ".devcontainer/Dockerfile",
                  "target": "dev"
                },
                "capAdd": [],
                "configFile": ".devcontainer/devcontainer.json",
                "containerEnv": {},
                "customizations": {},
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [],
                "features": {},
                "forwardPorts": [],
                "init": false,
                "lifecycle": {},
                "mounts": [],
                "name": "Build from a Dockerfile",
                "overrideCommand": true,
                "pendingContainerEnv": [],
                "portsAttributes": {},
                "privileged": false,
                "remoteEnv": {},
                "remoteUser": "node",
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
