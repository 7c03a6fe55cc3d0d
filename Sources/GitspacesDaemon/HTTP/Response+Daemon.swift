import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension Response {
    /// A plain-text answer: `text` and a newline.
    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    /// A 200 with a JSON document and a newline.
    static func json(_ data: Data) -> Response {
        var buffer = ByteBuffer(bytes: data)
        buffer.writeString("\n")
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }
}
