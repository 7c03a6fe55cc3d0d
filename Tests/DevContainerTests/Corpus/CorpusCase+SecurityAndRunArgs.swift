extension CorpusCase {
    static let securityAndRunArgs = CorpusCase(
        name: "security-and-runargs",
        path: ".devcontainer/devcontainer.json",
        config: #"""
            {
              "image": "gitspaces/devbase:bookworm",
              "runArgs": [
                "--cap-add=SYS_PTRACE",
                "--security-opt", "no-new-privileges",
                "--init",
                "-e", "LANG=C.UTF-8",
                "--env=DEBUG=1",
                "--label", "team=payments",
                "--add-host=db.local:10.0.0.5",
                "--shm-size=1g",
                "--ulimit", "nofile=1024:4096",
                "--tmpfs", "/run/cache:size=64m",
                "--dns", "10.0.0.2",
                "--hostname", "payments-dev",
                "--cap-drop", "NET_RAW",
                "--device=/dev/fuse",
              ],
              "capAdd": ["sys_admin", "CAP_NET_ADMIN", "SYS_PTRACE"],
              "securityOpt": ["seccomp=unconfined"],
              "privileged": true,
              "init": false,
              "overrideCommand": false,
              "shutdownAction": "none",
              "containerEnv": { "LANG": "en_US.UTF-8" },
            }
            """#,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [],
                "capAdd": [
                  "SYS_ADMIN",
                  "NET_ADMIN",
                  "SYS_PTRACE"
                ],
                "configFile": ".devcontainer/devcontainer.json",
                "containerEnv": {
                  "DEBUG": "1",
                  "LANG": "C.UTF-8"
                },
                "customizations": {},
                "devcontainerId": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                "entrypoints": [],
                "features": {},
                "forwardPorts": [],
                "image": "gitspaces/devbase:bookworm",
                "init": true,
                "lifecycle": {},
                "mounts": [],
                "overrideCommand": false,
                "pendingContainerEnv": [],
                "portsAttributes": {},
                "privileged": true,
                "remoteEnv": {},
                "runArgs": {
                  "capDrop": [
                    "NET_RAW"
                  ],
                  "devices": [
                    {
                      "containerPath": "/dev/fuse",
                      "hostPath": "/dev/fuse",
                      "permissions": "rwm"
                    }
                  ],
                  "dns": [
                    "10.0.0.2"
                  ],
                  "extraHosts": [
                    "db.local:10.0.0.5"
                  ],
                  "hostname": "payments-dev",
                  "labels": {
                    "team": "payments"
                  },
                  "shmSize": 1073741824,
                  "tmpfs": {
                    "/run/cache": "size=64m"
                  },
                  "ulimits": [
                    {
                      "hard": 4096,
                      "name": "nofile",
                      "soft": 1024
                    }
                  ]
                },
                "securityOpt": [
                  "seccomp=unconfined",
                  "no-new-privileges"
                ],
                "shutdownAction": "none",
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
