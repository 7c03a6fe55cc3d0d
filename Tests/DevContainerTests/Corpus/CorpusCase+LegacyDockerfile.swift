extension CorpusCase {
    static let legacyDockerfile = CorpusCase(
        name: "legacy-dockerfile",
        path: ".devcontainer/python/devcontainer.json",
        config: #"""
            {
              // The legacy top-level form, from a subfolder config (.devcontainer/python/devcontainer.json).
              "dockerFile": "../Dockerfile.python",
              "context": "../..",
              "build": { "args": { "PY": "3.12" }, "cacheFrom": ["ghcr.io/acme/py:cache", "ghcr.io/acme/py:main"] },
            }
            """#,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [],
                "build": {
                  "args": {
                    "PY": "3.12"
                  },
                  "cacheFrom": [
                    "ghcr.io/acme/py:cache",
                    "ghcr.io/acme/py:main"
                  ],
                  "context": ".",
                  "dockerfile": ".devcontainer/Dockerfile.python"
                },
                "capAdd": [],
                "configFile": ".devcontainer/python/devcontainer.json",
                "containerEnv": {},
                "customizations": {},
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [],
                "features": {},
                "forwardPorts": [],
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
