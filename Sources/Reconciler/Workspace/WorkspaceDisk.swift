import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How `hardware.disk` bounds a workspace.
///
/// With `.loopback` each workspace that declares a disk size is its own ext4 filesystem: a sparse image
/// file of that size under the state directory, loop-mounted at the workspace path, so the container
/// sees `ENOSPC` at the limit and other Gitspaces and the host are untouched. That needs root, loop
/// devices and e2fsprogs; `detect()` says whether this host has them. With `.unenforced` the size is
/// only declared, and plans and status say so.
package enum DiskEnforcement: Sendable, Hashable {
    case loopback
    case unenforced(reason: String)

    /// `.loopback` when this process can make and mount loop filesystems, else why not.
    package static func detect() -> DiskEnforcement {
        guard geteuid() == 0 else { return .unenforced(reason: "it needs root (loop-mounted filesystems)") }
        guard FileManager.default.fileExists(atPath: "/dev/loop-control") else {
            return .unenforced(reason: "this host has no loop devices (/dev/loop-control)")
        }
        for tool in [WorkspaceDisk.mkfs, WorkspaceDisk.mountTool, WorkspaceDisk.umountTool]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return .unenforced(reason: "\(tool) is missing (Debian: e2fsprogs, mount)")
        }
        return .loopback
    }

    package var isEnforced: Bool { self == .loopback }
}

/// A workspace's own filesystem: `<state>/instances/<instance>/disks/<name>.ext4`, mounted at the workspace.
/// Nothing here removes files from a mounted workspace; data only leaves it by `copyOut`.
package struct WorkspaceDisk {
    static let mkfs = "/sbin/mkfs.ext4"
    static let mountTool = "/bin/mount"
    static let umountTool = "/bin/umount"
    static let resizeTool = "/sbin/resize2fs"

    let image: String
    let mountPoint: String

    var exists: Bool { FileManager.default.fileExists(atPath: image) }

    /// Creates the image (sparse) and its filesystem when missing, and mounts it at the workspace path.
    ///
    /// An unmounted workspace path that already holds files is never mounted over (that would hide them):
    /// it is an error to resolve by hand.
    func ensureMounted(bytes: Int64) throws {
        if Self.isMountPoint(mountPoint) {
            try grow(to: bytes)
            return
        }
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let present = (try? FileManager.default.contentsOfDirectory(atPath: mountPoint)) ?? []
        guard present.isEmpty else {
            throw ApplyError(
                .workspace,
                "the workspace \(mountPoint) holds files but its disk image is not mounted over it: "
                    + "gitspaces does not hide them; move them aside or mount \(image) there, then apply again")
        }
        if !exists {
            try FileManager.default.createDirectory(
                atPath: (image as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: image, contents: nil) else {
                throw ApplyError(.workspace, "cannot create the disk image \(image)")
            }
            guard truncate(image, off_t(bytes)) == 0 else {
                throw ApplyError(.workspace, "cannot size the disk image \(image): \(String(cString: strerror(errno)))")
            }
            // No blocks reserved for root: the container's root may use the whole size, and no more.
            try Self.tool(
                Self.mkfs, ["-q", "-F", "-m", "0", "-L", "gitspace", image], failing: "making a filesystem in \(image)")
        }
        try Self.tool(Self.mountTool, ["-o", "loop,noatime", image, mountPoint], failing: "mounting \(image)")
        // A fresh filesystem has an empty lost+found; the workspace must start empty for the clone.
        let lostAndFound = mountPoint + "/lost+found"
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: lostAndFound), entries.isEmpty {
            try? FileManager.default.removeItem(atPath: lostAndFound)
        }
    }

    /// Grows the mounted filesystem to `bytes` while it is in use: the image file, then its loop device
    /// (`losetup -c`), then `resize2fs` online. False when the kernel refuses online resizing (it needs
    /// CAP_SYS_RESOURCE, which some sandboxes lack): `grow(to:)` then has to unmount it. A smaller size is kept
    /// as it is (shrinking could lose data).
    func growOnline(to bytes: Int64) throws -> Bool {
        let attributes = try FileManager.default.attributesOfItem(atPath: image)
        let current = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        if bytes > current {
            guard truncate(image, off_t(bytes)) == 0 else {
                throw ApplyError(.workspace, "cannot grow the disk image \(image): \(String(cString: strerror(errno)))")
            }
        }
        guard let device = Self.loopDevice(for: mountPoint) else { return false }
        try Self.tool("/sbin/losetup", ["-c", device], failing: "refreshing \(device)")
        // resize2fs on a filesystem already of the image's size changes nothing and succeeds.
        return (try? Self.tool(Self.resizeTool, [device], failing: "growing \(mountPoint)")) != nil
    }

    /// Grows a mounted filesystem to `bytes`: online where the kernel allows it, else unmounted, which needs
    /// every container using it stopped or gone. A smaller size is kept as it is.
    func grow(to bytes: Int64) throws {
        if try growOnline(to: bytes) { return }
        try Self.tool(Self.umountTool, [mountPoint], failing: "unmounting \(mountPoint) to grow it")
        // The filesystem may still be mounted elsewhere (a container's namespace being torn down): its loop
        // device stays attached until then (seconds on a loaded machine). Never touch an image in use; wait up to
        // 10 s, else try next time.
        var attached = true
        for _ in 0..<200 {
            attached = Self.loopDevices(backing: image).isEmpty == false
            if !attached { break }
            usleep(50_000)
        }
        let grown = Result { () throws -> Void in
            guard !attached else {
                throw ApplyError(
                    .workspace, "\(image) is still in use elsewhere: its filesystem is grown on the next pass")
            }
            // e2fsck exits 1 when it fixed something harmless; resize2fs insists on a freshly checked filesystem.
            _ = try? Self.tool("/sbin/e2fsck", ["-f", "-p", image], failing: "checking \(image)")
            try Self.tool(Self.resizeTool, [image], failing: "growing the filesystem of \(mountPoint)")
        }
        // Mounted again whatever happened: the workspace must never be used unmounted.
        try Self.tool(Self.mountTool, ["-o", "loop,noatime", image, mountPoint], failing: "mounting \(image) again")
        try grown.get()
    }

    /// The loop devices backed by `image` (`/sys/block/loop*/loop/backing_file`).
    static func loopDevices(backing image: String) -> [String] {
        let devices = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []
        return devices.filter { $0.hasPrefix("loop") }.filter { device in
            let backing = readProcFile("/sys/block/\(device)/loop/backing_file")?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            return backing == image
        }.map { "/dev/" + $0 }
    }

    /// Copies everything in the mounted workspace to `target` (a new folder), keeping modes, owners,
    /// links and times; the workspace itself is not touched. The copy is made in `target.partial` and renamed
    /// only once `cp` succeeded: a folder named `target` is always complete, and an interrupted copy is
    /// recognisable (see `WorkspaceStore.finishInterruptedDeletes`).
    func copyOut(to target: String) throws {
        let partial = target + Self.partialSuffix
        try? FileManager.default.removeItem(atPath: partial)
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        try Self.tool(
            "/bin/cp", ["-a", "--", mountPoint + "/.", partial], failing: "copying \(mountPoint) to \(target)")
        try FileManager.default.moveItem(atPath: partial, toPath: target)
    }

    /// The suffix of a copy under way (or cut short).
    static let partialSuffix = ".partial"

    /// Unmounts the workspace (when mounted) and deletes its image and the empty mount point.
    func destroy() throws {
        if Self.isMountPoint(mountPoint) {
            try Self.tool(Self.umountTool, [mountPoint], failing: "unmounting \(mountPoint)")
        }
        try? FileManager.default.removeItem(atPath: image)
        try? FileManager.default.removeItem(atPath: mountPoint)
    }

    /// Whether `path` is a mount point of this mount namespace (`/proc/self/mountinfo`).
    package static func isMountPoint(_ path: String) -> Bool {
        mounts().contains { $0.point == path }
    }

    /// The loop device mounted at `path`, if any.
    static func loopDevice(for path: String) -> String? {
        mounts().first { $0.point == path && $0.source.hasPrefix("/dev/loop") }?.source
    }

    /// Mount points and their sources; the kernel escapes space, tab, newline and backslash as octal.
    static func mounts() -> [(point: String, source: String)] {
        guard let text = readProcFile("/proc/self/mountinfo") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 10, let dash = fields.firstIndex(of: "-"), dash + 2 < fields.count else { return nil }
            return (unescape(fields[4]), unescape(fields[dash + 2]))
        }
    }

    /// The whole of a /proc file. Foundation's file readers trust the size stat reports, which is 0 for
    /// /proc, and stop after the first page: with a few dozen containers mountinfo is longer than that.
    private static func readProcFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func unescape(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var index = field.utf8.startIndex
        let utf8 = field.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\\"), utf8.distance(from: index, to: utf8.endIndex) >= 4,
                let value = UInt8(
                    String(decoding: utf8[utf8.index(after: index)..<utf8.index(index, offsetBy: 4)], as: UTF8.self),
                    radix: 8)
            {
                bytes.append(value)
                index = utf8.index(index, offsetBy: 4)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs a tool and waits for it (see `ProcessRunner`).
    private static func tool(_ path: String, _ arguments: [String], failing what: String) throws {
        try ProcessRunner.run(path, arguments, failing: what)
    }
}
