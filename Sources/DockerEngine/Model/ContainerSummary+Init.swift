package import Foundation

extension ContainerSummary {
    /// A summary made by a backend that has no container list of its own (a Swarm service stands for one).
    package init(
        id: String, names: [String], image: String, state: String, status: String, labels: [String: String],
        created: Date = Date(timeIntervalSince1970: 0)
    ) {
        self.id = id
        self.names = names
        self.image = image
        self.imageID = ""
        self.command = ""
        self.created = created
        self.state = state
        self.status = status
        self.labels = labels
    }
}
