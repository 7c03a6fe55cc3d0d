/// One line of the engine's JSON progress stream while pulling or building an image.
public struct ProgressMessage: Sendable, Hashable, Decodable {
    /// Byte counts of a download or extraction.
    public struct Detail: Sendable, Hashable, Decodable {
        /// Bytes done.
        public var current: Int64?
        /// Bytes in all.
        public var total: Int64?
    }

    /// An error the engine reports inside a `200 OK` stream.
    public struct ErrorDetail: Sendable, Hashable, Decodable {
        /// The engine's message.
        public var message: String?
        /// An exit code (a failed `RUN` step's), when there is one.
        public var code: Int?
    }

    /// Auxiliary data; `ID` carries the built image's ID.
    public struct Aux: Sendable, Hashable, Decodable {
        /// The image ID (`sha256:…`).
        public var id: String?

        enum CodingKeys: String, CodingKey {
            case id = "ID"
        }
    }

    /// Pull status, such as `Pulling fs layer` or `Download complete`.
    public var status: String?
    /// The layer the status is about.
    public var id: String?
    /// A rendered progress bar.
    public var progress: String?
    /// Byte counts.
    public var progressDetail: Detail?
    /// Build output text (with its own line breaks).
    public var stream: String?
    /// The error, when this line reports one.
    public var error: String?
    /// The error in detail.
    public var errorDetail: ErrorDetail?
    /// Auxiliary data.
    public var aux: Aux?

    enum CodingKeys: String, CodingKey {
        case status, id, progress, progressDetail, stream, error, errorDetail, aux
    }

    /// Reads a line leniently: parts of unexpected shape (BuildKit's `aux` traces) are left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try? container.decodeIfPresent(String.self, forKey: .status)
        id = try? container.decodeIfPresent(String.self, forKey: .id)
        progress = try? container.decodeIfPresent(String.self, forKey: .progress)
        progressDetail = try? container.decodeIfPresent(Detail.self, forKey: .progressDetail)
        stream = try? container.decodeIfPresent(String.self, forKey: .stream)
        error = try? container.decodeIfPresent(String.self, forKey: .error)
        errorDetail = try? container.decodeIfPresent(ErrorDetail.self, forKey: .errorDetail)
        aux = try? container.decodeIfPresent(Aux.self, forKey: .aux)
    }

    /// The error message when this line reports a failure.
    public var failure: String? {
        errorDetail?.message ?? error
    }
}
