import DockerEngine
import Foundation
import Testing

@Suite("container spec JSON")
struct ContainerSpecEncodingTests {
    static func json(_ spec: ContainerSpec) throws -> [String: Any] {
        let data = try JSONEncoder().encode(spec)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func encodesTheEnginesCapitalisedKeys() throws {
        let spec = ContainerSpec(
            image: "busybox", cmd: ["sleep", "1"], entrypoint: ["/init"], env: ["A=1"], labels: ["k": "v"],
            user: "1000:1000", workingDir: "/w", tty: true, openStdin: true, exposedPorts: ["22/tcp"],
            hostConfig: HostConfig(
                nanoCPUs: 2_000_000_000, memory: 1024, memorySwap: 2048, pidsLimit: 50, binds: ["/h:/c:ro"],
                mounts: [Mount(type: .bind, source: "/src", target: "/dst", readOnly: true)], initProcess: true,
                privileged: true, capAdd: ["NET_ADMIN"], securityOpt: ["seccomp=unconfined"],
                portBindings: ["22/tcp": [PortBinding(hostIP: "127.0.0.1", hostPort: "2222")]],
                deviceRequests: [.gpus(count: 2)], restartPolicy: .unlessStopped))
        let object = try Self.json(spec)
        #expect(object["Image"] as? String == "busybox")
        #expect(object["Cmd"] as? [String] == ["sleep", "1"])
        #expect(object["Entrypoint"] as? [String] == ["/init"])
        #expect(object["Env"] as? [String] == ["A=1"])
        #expect(object["Labels"] as? [String: String] == ["k": "v"])
        #expect(object["User"] as? String == "1000:1000")
        #expect(object["WorkingDir"] as? String == "/w")
        #expect(object["Tty"] as? Bool == true)
        #expect(object["OpenStdin"] as? Bool == true)
        #expect((object["ExposedPorts"] as? [String: Any])?.keys.sorted() == ["22/tcp"])
        let host = try #require(object["HostConfig"] as? [String: Any])
        #expect(host["NanoCpus"] as? Int == 2_000_000_000)
        #expect(host["Memory"] as? Int == 1024)
        #expect(host["MemorySwap"] as? Int == 2048)
        #expect(host["PidsLimit"] as? Int == 50)
        #expect(host["Binds"] as? [String] == ["/h:/c:ro"])
        #expect(host["Init"] as? Bool == true)
        #expect(host["Privileged"] as? Bool == true)
        #expect(host["CapAdd"] as? [String] == ["NET_ADMIN"])
        #expect(host["SecurityOpt"] as? [String] == ["seccomp=unconfined"])
        let mount = try #require((host["Mounts"] as? [[String: Any]])?.first)
        #expect(mount["Type"] as? String == "bind")
        #expect(mount["Source"] as? String == "/src")
        #expect(mount["Target"] as? String == "/dst")
        #expect(mount["ReadOnly"] as? Bool == true)
        let binding = try #require((host["PortBindings"] as? [String: [[String: String]]])?["22/tcp"]?.first)
        #expect(binding == ["HostIp": "127.0.0.1", "HostPort": "2222"])
        let device = try #require((host["DeviceRequests"] as? [[String: Any]])?.first)
        #expect(device["Count"] as? Int == 2)
        #expect(device["Capabilities"] as? [[String]] == [["gpu"]])
        #expect((host["RestartPolicy"] as? [String: Any])?["Name"] as? String == "unless-stopped")
    }

    @Test func leavesUnsetPartsOutSoTheImageDefaultsApply() throws {
        let object = try Self.json(ContainerSpec(image: "busybox"))
        #expect(Set(object.keys) == ["Image", "Tty", "OpenStdin", "HostConfig"])
        let host = try #require(object["HostConfig"] as? [String: Any])
        #expect(host["Init"] == nil)
        #expect(host["PidsLimit"] == nil)
        #expect(host["Binds"] == nil)
        for key in ["CapDrop", "ExtraHosts", "ShmSize", "Ulimits", "Dns"] { #expect(host[key] == nil, "\(key)") }
    }

    @Test func runArgsFieldsUseTheEnginesNames() throws {
        let spec = ContainerSpec(
            image: "busybox",
            hostConfig: HostConfig(
                capDrop: ["NET_RAW"], extraHosts: ["db:10.0.0.2"], shmSize: 1 << 27,
                ulimits: [HostConfig.Ulimit(name: "nofile", soft: 1024, hard: 2048)], dns: ["10.0.0.53"]))
        let host = try #require(try Self.json(spec)["HostConfig"] as? [String: Any])
        #expect(host["CapDrop"] as? [String] == ["NET_RAW"])
        #expect(host["ExtraHosts"] as? [String] == ["db:10.0.0.2"])
        #expect(host["ShmSize"] as? Int == 1 << 27)
        #expect(host["Dns"] as? [String] == ["10.0.0.53"])
        let ulimits = try #require(host["Ulimits"] as? [[String: Any]])
        #expect(ulimits.first?["Name"] as? String == "nofile")
        #expect(ulimits.first?["Soft"] as? Int == 1024)
        #expect(ulimits.first?["Hard"] as? Int == 2048)
        // The engine reports the default /dev/shm size as 0: read back as no size set.
        let fromEngine = try JSONDecoder().decode(HostConfig.self, from: Data(#"{"ShmSize":0,"Ulimits":null}"#.utf8))
        #expect(fromEngine.shmSize == nil)
        #expect(fromEngine.ulimits.isEmpty)
    }

    @Test func hostConfigRoundTripsThroughTheEnginesForm() throws {
        let config = HostConfig(
            nanoCPUs: 1, memory: 2, memorySwap: 3, pidsLimit: 4, binds: ["/a:/b"],
            mounts: [Mount(type: .volume, source: "v", target: "/v")], initProcess: false,
            portBindings: ["80/tcp": [PortBinding(hostPort: "8080")]], deviceRequests: [.gpus()])
        let decoded = try JSONDecoder().decode(HostConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded == config)
        // The engine writes `null` for absent lists and port bindings.
        let fromEngine = try JSONDecoder().decode(
            HostConfig.self,
            from: Data(#"{"Binds":null,"Mounts":null,"PortBindings":{"22/tcp":null},"CapAdd":null,"NanoCpus":0}"#.utf8))
        #expect(fromEngine.binds.isEmpty)
        #expect(fromEngine.portBindings == ["22/tcp": []])
    }
}
