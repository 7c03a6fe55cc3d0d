extension CorpusCase {
    static let imageBasic = CorpusCase(
        name: "image-basic",
        path: ".devcontainer.json",
        config: #"""
            // A minimal image-based config, written the way people write them.
            {
                "name": "Payments", // line comments after values
                /* block
                   comments */
                "image": "mcr.microsoft.com/devcontainers/base:bookworm",
                "forwardPorts": [3000,], // trailing comma in an array
            } // and in the object
            """#,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [],
                "capAdd": [],
                "configFile": ".devcontainer.json",
                "containerEnv": {},
                "customizations": {},
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [],
                "features": {},
                "forwardPorts": [
                  3000
                ],
                "image": "mcr.microsoft.com/devcontainers/base:bookworm",
                "init": false,
                "lifecycle": {},
                "mounts": [],
                "name": "Payments",
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
