extension CorpusCase {
    static let imageMetadataMerge = CorpusCase(
        name: "image-metadata-merge",
        path: ".devcontainer/devcontainer.json",
        config: #"""
            {
              "image": "ghcr.io/acme/payments-dev:latest",
              "remoteUser": "alice",
              "containerEnv": { "LANG": "en_US.UTF-8" },
              "remoteEnv": { "A": "config", "B": "config" },
              "capAdd": ["SYS_PTRACE", "NET_ADMIN"],
              "forwardPorts": [3000, 8080],
              "postCreateCommand": "npm ci",
              "hostRequirements": { "cpus": 4, "memory": "8gb" },
              "mounts": ["type=volume,source=config-cache,target=/cache/"],
              "portsAttributes": { "3000": { "label": "API" } },
              "init": false,
            }
            """#,
        metadataLabel: #"""
            [
              {
                "id": "ghcr.io/devcontainers/features/docker-in-docker:2",
                "privileged": true,
                "init": true,
                "entrypoint": "/usr/local/share/docker-init.sh",
                "mounts": [{ "source": "dind-var-lib-docker-${devcontainerId}", "target": "/var/lib/docker", "type": "volume" }],
                "customizations": { "vscode": { "extensions": ["ms-azuretools.vscode-docker"] } }
              },
              {
                "remoteUser": "vscode",
                "containerUser": "vscode",
                "containerEnv": { "LANG": "C.UTF-8", "IMAGE_ONLY": "yes" },
                "remoteEnv": { "A": "image" },
                "capAdd": ["SYS_PTRACE"],
                "securityOpt": ["seccomp=unconfined"],
                "forwardPorts": [3000, 5432],
                "onCreateCommand": ["echo", "image on-create"],
                "postCreateCommand": "echo image post-create",
                "hostRequirements": { "cpus": 2, "memory": "16gb", "gpu": { "cores": 2 } },
                "overrideCommand": false,
                "mounts": ["type=volume,source=image-cache,target=/cache"],
                "portsAttributes": { "3000": { "label": "from image" }, "5432": { "label": "postgres" } },
                "customizations": { "vscode": { "settings": { "a": 1 } } }
              }
            ]
            """#,
        expected: #"""
            {
              "resolved": {
                "appPort": [],
                "capAdd": [
                  "SYS_PTRACE",
                  "NET_ADMIN"
                ],
                "configFile": ".devcontainer/devcontainer.json",
                "containerEnv": {
                  "IMAGE_ONLY": "yes",
                  "LANG": "en_US.UTF-8"
                },
                "containerUser": "vscode",
                "customizations": {
                  "vscode": [
                    {
                      "extensions": [
                        "ms-azuretools.vscode-docker"
                      ]
                    },
                    {
                      "settings": {
                        "a": 1
                      }
                    }
                  ]
                },
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [
                  "/usr/local/share/docker-init.sh"
                ],
                "features": {},
                "forwardPorts": [
                  3000,
                  5432,
                  8080
                ],
                "hostRequirements": {
                  "cpus": 4,
                  "gpu": {
                    "cores": 2
                  },
                  "memory": "16gb"
                },
                "image": "ghcr.io/acme/payments-dev:latest",
                "init": true,
                "lifecycle": {
                  "onCreateCommand": [
                    {
                      "command": [
                        "echo",
                        "image on-create"
                      ],
                      "origin": "image metadata[1]"
                    }
                  ],
                  "postCreateCommand": [
                    {
                      "command": "echo image post-create",
                      "origin": "image metadata[1]"
                    },
                    {
                      "command": "npm ci",
                      "origin": "devcontainer.json"
                    }
                  ]
                },
                "mounts": [
                  {
                    "source": "dind-var-lib-docker-191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                    "target": "/var/lib/docker",
                    "type": "volume"
                  },
                  {
                    "source": "config-cache",
                    "target": "/cache/",
                    "type": "volume"
                  }
                ],
                "overrideCommand": false,
                "pendingContainerEnv": [],
                "portsAttributes": {
                  "3000": {
                    "label": "API"
                  },
                  "5432": {
                    "label": "postgres"
                  }
                },
                "privileged": true,
                "remoteEnv": {
                  "A": "config",
                  "B": "config"
                },
                "remoteUser": "alice",
                "runArgs": {},
                "securityOpt": [
                  "seccomp=unconfined"
                ],
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
