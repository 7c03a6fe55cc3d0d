/// One line of the engine's JSON progress stream while pulling or building an image.
package struct ProgressMessage: Sendable, Hashable, Decodable {
    /// Byte counts of a download or extraction.
    package struct Detail: Sendable, Hashable, Decodable {
        /// Bytes done.
        package var current: Int64?
        /// Bytes in all.
        package var total: Int64?
    }

    /// An error the engine reports inside a `200 OK` stream.
    package struct ErrorDetail: Sendable, Hashable, Decodable {
        /// The engine's message.
        package var message: String?
        /// An exit code (a failed `RUN` step's), when there is one.
        package var code: Int?
    }

    /// Auxiliary data; `ID` carries the built image's ID.
    package struct Aux: Sendable, Hashable, Decodable {
        /// The image ID (`sha256:…`).
        package var id: String?

        enum CodingKeys: String, CodingKey {
            case id = "ID"
        }
    }

    /// Pull status, such as `Pulling fs layer` or `Download complete`.
    package var status: String?
    /// The layer the status is about.
    package var id: String?
    /// A rendered progress bar.
    package var progress: String?
    /// Byte counts.
    package var progressDetail: Detail?
    /// Build output text (with its own line breaks).
    package var stream: String?
    /// The error, when this line reports one.
    package var error: String?
    /// The error in detail.
    package var errorDetail: ErrorDetail?
    /// Auxiliary data.
    package var aux: Aux?

    enum CodingKeys: String, CodingKey {
        case status, id, progress, progressDetail, stream, error, errorDetail, aux
    }

    /// Reads a line leniently: parts of unexpected shape (BuildKit's `aux` traces) are left out.
    package init(from decoder: any Decoder) throws {
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
    package var failure: String? {
        errorDetail?.message ?? error
    }
}
