/// A Swarm service's spec, as `POST /services/create` and `/services/{id}/update` take it and `GET /services/{id}`
/// shows it (Engine API 1.41): the parts gitspaces sets. An update sends the whole spec again, so fields not
/// modelled here are reset by it: use it only on services gitspaces created.
package struct ServiceSpec: Sendable, Hashable, Codable {
    /// The service's name, unique in the swarm.
    package var name: String
    /// Labels on the service object.
    package var labels: [String: String]
    /// What each task runs and where.
    package var taskTemplate: TaskTemplate
    /// Replicated with this many replicas (`nil`: a global service, which gitspaces never creates).
    package var replicas: Int?
    /// How an update replaces the task.
    package var updateConfig: UpdateConfig?

    package init(
        name: String, labels: [String: String], taskTemplate: TaskTemplate, replicas: Int?,
        updateConfig: UpdateConfig? = nil
    ) {
        self.name = name
        self.labels = labels
        self.taskTemplate = taskTemplate
        self.replicas = replicas
        self.updateConfig = updateConfig
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case labels = "Labels"
        case taskTemplate = "TaskTemplate"
        case mode = "Mode"
        case updateConfig = "UpdateConfig"
    }

    private struct Mode: Codable {
        struct Replicated: Codable {
            var replicas: Int?

            enum CodingKeys: String, CodingKey {
                case replicas = "Replicas"
            }
        }

        var replicated: Replicated?

        enum CodingKeys: String, CodingKey {
            case replicated = "Replicated"
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        taskTemplate = try container.decode(TaskTemplate.self, forKey: .taskTemplate)
        let mode = try container.decodeIfPresent(Mode.self, forKey: .mode)
        replicas = mode?.replicated.map { $0.replicas ?? 1 }
        updateConfig = try container.decodeIfPresent(UpdateConfig.self, forKey: .updateConfig)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(labels, forKey: .labels)
        try container.encode(taskTemplate, forKey: .taskTemplate)
        try container.encode(Mode(replicated: .init(replicas: replicas ?? 1)), forKey: .mode)
        try container.encodeIfPresent(updateConfig, forKey: .updateConfig)
    }

    /// `TaskTemplate`: the container, its resources, restart policy and placement.
    package struct TaskTemplate: Sendable, Hashable, Codable {
        package var containerSpec: ServiceContainerSpec
        package var resources: ServiceResources?
        package var restartPolicy: RestartPolicy?
        /// Placement constraints such as `node.id==abc`.
        package var constraints: [String]
        /// Bumped to make the swarm replace the task although nothing else changed.
        package var forceUpdate: Int?

        package init(
            containerSpec: ServiceContainerSpec, resources: ServiceResources? = nil,
            restartPolicy: RestartPolicy? = nil, constraints: [String] = [], forceUpdate: Int? = nil
        ) {
            self.containerSpec = containerSpec
            self.resources = resources
            self.restartPolicy = restartPolicy
            self.constraints = constraints
            self.forceUpdate = forceUpdate
        }

        enum CodingKeys: String, CodingKey {
            case containerSpec = "ContainerSpec"
            case resources = "Resources"
            case restartPolicy = "RestartPolicy"
            case placement = "Placement"
            case forceUpdate = "ForceUpdate"
        }

        private struct Placement: Codable {
            var constraints: [String]?

            enum CodingKeys: String, CodingKey {
                case constraints = "Constraints"
            }
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            containerSpec = try container.decode(ServiceContainerSpec.self, forKey: .containerSpec)
            resources = try container.decodeIfPresent(ServiceResources.self, forKey: .resources)
            restartPolicy = try container.decodeIfPresent(RestartPolicy.self, forKey: .restartPolicy)
            constraints = try container.decodeIfPresent(Placement.self, forKey: .placement)?.constraints ?? []
            forceUpdate = try container.decodeIfPresent(Int.self, forKey: .forceUpdate)
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(containerSpec, forKey: .containerSpec)
            try container.encodeIfPresent(resources, forKey: .resources)
            try container.encodeIfPresent(restartPolicy, forKey: .restartPolicy)
            if !constraints.isEmpty {
                try container.encode(Placement(constraints: constraints), forKey: .placement)
            }
            try container.encodeIfPresent(forceUpdate, forKey: .forceUpdate)
        }
    }

    /// `RestartPolicy`: when the swarm restarts a task that ended.
    package struct RestartPolicy: Sendable, Hashable, Codable {
        /// `none`, `on-failure` or `any`.
        package var condition: String
        /// Nanoseconds between restarts.
        package var delay: Int64?

        package init(condition: String, delay: Int64? = nil) {
            self.condition = condition
            self.delay = delay
        }

        enum CodingKeys: String, CodingKey {
            case condition = "Condition"
            case delay = "Delay"
        }
    }

    /// `UpdateConfig`: gitspaces replaces a task `stop-first`, so two containers never share a workspace.
    package struct UpdateConfig: Sendable, Hashable, Codable {
        package var parallelism: Int
        /// `stop-first` or `start-first`.
        package var order: String
        /// `pause`, `continue` or `rollback`.
        package var failureAction: String?

        package init(parallelism: Int = 1, order: String = "stop-first", failureAction: String? = "pause") {
            self.parallelism = parallelism
            self.order = order
            self.failureAction = failureAction
        }

        enum CodingKeys: String, CodingKey {
            case parallelism = "Parallelism"
            case order = "Order"
            case failureAction = "FailureAction"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            parallelism = try container.decodeIfPresent(Int.self, forKey: .parallelism) ?? 1
            order = try container.decodeIfPresent(String.self, forKey: .order) ?? "stop-first"
            failureAction = try container.decodeIfPresent(String.self, forKey: .failureAction)
        }
    }
}
