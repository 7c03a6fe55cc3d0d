import DockerEngine
import Foundation

/// A host folder as a tar archive (folders, regular files with their permission bits, symbolic links), for the
/// engine's archive API: how a workspace cloned on this host reaches a volume on a swarm node.
enum FolderArchive {
    /// The archive of everything under `root`, with paths relative to it. Blocking.
    static func archive(_ root: String) throws -> [UInt8] {
        let fileManager = FileManager.default
        var tar = TarArchive()
        var pending = [""]
        while let relative = pending.popLast() {
            let absolute = relative.isEmpty ? root : root + "/" + relative
            for entry in try fileManager.contentsOfDirectory(atPath: absolute).sorted() {
                let path = relative.isEmpty ? entry : relative + "/" + entry
                let full = root + "/" + path
                let attributes = try fileManager.attributesOfItem(atPath: full)
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
                switch attributes[.type] as? FileAttributeType {
                case .typeDirectory?:
                    tar.addDirectory(path, mode: mode)
                    pending.append(path)
                case .typeSymbolicLink?:
                    tar.addSymlink(path, target: try fileManager.destinationOfSymbolicLink(atPath: full))
                case .typeRegular?:
                    let contents = try Data(contentsOf: URL(fileURLWithPath: full))
                    tar.addFile(path, contents: [UInt8](contents), mode: mode)
                default:
                    continue
                }
            }
        }
        return tar.bytes
    }
}
