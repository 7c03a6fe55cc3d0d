import DockerEngine
import Foundation
import Reconciler
import Testing

/// Whether the engine sees the state directory at the same path, decided from a container's mounts.
@Suite struct StateDirectoryMountTests {
    static func mounts(_ json: String) throws -> [ContainerDetails.MountPoint] {
        try JSONDecoder().decode([ContainerDetails.MountPoint].self, from: Data(json.utf8))
    }

    static let id = String(repeating: "3f9c", count: 16)

    @Test func theContainerIdComesFromTheEnginesHostnameMount() {
        let table = """
            612 540 0:53 / / rw,relatime master:300 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X
            613 612 0:57 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw
            620 612 8:1 /var/lib/docker/containers/\(Self.id)/resolv.conf /etc/resolv.conf \
            rw,relatime - ext4 /dev/sda1 rw
            621 612 8:1 /var/lib/docker/containers/\(Self.id)/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw
            622 612 8:1 /srv/gitspaces /srv/gitspaces rw,relatime - ext4 /dev/sda1 rw
            """
        #expect(StateDirectoryMount.containerID(mountinfo: table) == Self.id)
        let host = """
            22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            23 22 8:1 /var/lib/docker/containers /mnt/containers rw - ext4 /dev/sda1 rw
            24 22 8:1 /var/lib/docker/containers/\(Self.id)/hostname \
            /var/lib/docker/overlay2/X/merged/etc/hostname rw - ext4 /dev/sda1 rw
            """
        #expect(
            StateDirectoryMount.containerID(mountinfo: host) == nil,
            "a container's file mounted elsewhere than this process's /etc is another container's")
    }

    @Test(arguments: [
        ("/var/lib/gitspaces", "/var/lib/gitspaces"), ("/var/lib", "/var/lib"), ("/", "/"),
    ])
    func aBindMountOfTheSameHostPathIsVisible(_ source: String, _ destination: String) throws {
        let mounts = try Self.mounts(
            """
            [{"Type": "bind", "Source": "/var/run/docker.sock", "Destination": "/var/run/docker.sock", "RW": true},
             {"Type": "bind", "Source": "\(source)", "Destination": "\(destination)", "RW": true}]
            """)
        #expect(StateDirectoryMount.problem(stateDirectory: "/var/lib/gitspaces", mounts: mounts) == nil)
    }

    @Test func aStateDirectoryFromAnotherHostPathIsRefusedNamingBoth() throws {
        let mounts = try Self.mounts(
            #"[{"Type": "bind", "Source": "/srv/data", "Destination": "/var/lib", "RW": true}]"#)
        let problem = try #require(StateDirectoryMount.problem(stateDirectory: "/var/lib/gitspaces", mounts: mounts))
        #expect(problem.contains("is the host's /srv/data/gitspaces"), "\(problem)")
        #expect(problem.contains("-v /srv/data/gitspaces:/srv/data/gitspaces --state-dir /srv/data/gitspaces"))
    }

    @Test func aStateDirectoryOnAVolumeIsRefused() throws {
        let mounts = try Self.mounts(
            """
            [{"Type": "volume", "Name": "gitspaces-state", "Source": "/var/lib/docker/volumes/gitspaces-state/_data",
              "Destination": "/var/lib/gitspaces", "RW": true}]
            """)
        let problem = try #require(StateDirectoryMount.problem(stateDirectory: "/var/lib/gitspaces", mounts: mounts))
        #expect(problem.contains("the volume gitspaces-state"), "\(problem)")
        #expect(problem.contains("-v /var/lib/gitspaces:/var/lib/gitspaces"), "\(problem)")
    }

    @Test func aStateDirectoryInTheContainersOwnFilesystemIsRefused() throws {
        let mounts = try Self.mounts(
            """
            [{"Type": "bind", "Source": "/var/run/docker.sock", "Destination": "/var/run/docker.sock", "RW": true},
             {"Type": "bind", "Source": "/var/lib/gitspaces-other", "Destination": "/var/lib/gitspaces-other"}]
            """)
        let problem = try #require(StateDirectoryMount.problem(stateDirectory: "/var/lib/gitspaces", mounts: mounts))
        #expect(problem.contains("in this container's own filesystem"), "\(problem)")
    }
}
