extension CorpusCase {
    static let envAndUsers = CorpusCase(
        name: "env-and-users",
        path: ".devcontainer/devcontainer.json",
        config: #"""
            {
              "image": "gitspaces/devbase:bookworm",
              "containerEnv": {
                "TZ": "${localEnv:TZ}",
                "HOME_ON_HOST": "${localEnv:HOME}",
                "EDITOR": "${localEnv:EDITOR:vim}",
                "WORKSPACE": "${containerWorkspaceFolder}",
                "PROJECT": "${containerWorkspaceFolderBasename}",
                "ID": "${devcontainerId}",
                "ESCAPED": "tab\there \"quoted\" \u00e9 \ud83d\ude80",
              },
              "remoteEnv": {
                "PATH": "${containerEnv:PATH}:/home/vscode/.local/bin",
                "LOCAL_WS": "${localWorkspaceFolder}",
                "LOCAL_NAME": "${localWorkspaceFolderBasename}",
                "UNSET_ME": null,
              },
              "containerUser": "vscode",
              "remoteUser": "vscode",
              "updateRemoteUserUID": false,
              "userEnvProbe": "loginShell",
            }
            """#,
        metadataLabel: nil,
        expected: #"""
            {
              "resolved": {
                "appPort": [],
                "capAdd": [],
                "configFile": ".devcontainer/devcontainer.json",
                "containerEnv": {
                  "EDITOR": "vim",
                  "ESCAPED": "tab\there \"quoted\" é 🚀",
                  "HOME_ON_HOST": "",
                  "ID": "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2",
                  "PROJECT": "payments",
                  "TZ": "Europe/Berlin",
                  "WORKSPACE": "/workspaces/payments"
                },
                "containerUser": "vscode",
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
                "pendingContainerEnv": [
                  "PATH"
                ],
                "portsAttributes": {},
                "privileged": false,
                "remoteEnv": {
                  "LOCAL_NAME": "alice-payments",
                  "LOCAL_WS": "/var/lib/gitspaces/workspaces/alice-payments",
                  "PATH": "${containerEnv:PATH}:/home/vscode/.local/bin",
                  "UNSET_ME": null
                },
                "remoteUser": "vscode",
                "runArgs": {},
                "securityOpt": [],
                "updateRemoteUserUID": false,
                "userEnvProbe": "loginShell",
                "workspaceFolder": "/workspaces/payments",
                "workspaceMount": {
                  "source": "/var/lib/gitspaces/workspaces/alice-payments",
                  "target": "/workspaces/payments",
                  "type": "bind"
                }
              },
              "warnings": [
                ".devcontainer/devcontainer.json:5:21: warning: ${localEnv:HOME} in \"containerEnv.HOME_ON_HOST\": HOME is not in the allow-list of local variables, so it is replaced by an empty string",
                ".devcontainer/devcontainer.json:6:15: warning: ${localEnv:EDITOR:vim} in \"containerEnv.EDITOR\": EDITOR is not in the allow-list of local variables, so its default \"vim\" is used"
              ]
            }
            """#
    )
}
