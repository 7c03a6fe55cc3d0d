import Testing

@testable import Shared

@Suite struct HashingTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256MatchesKnownVectors(_ message: String, _ digest: String) {
        #expect(Hashing.sha256Hex(message) == digest)
        #expect(Hashing.sha256Hex(Array(message.utf8)) == digest)
        #expect(Hashing.hex(Hashing.sha256(message.utf8)) == digest)
    }

    @Test func sha256HandlesEveryPaddingBoundary() {
        // Lengths around the 55/56/64-byte padding edges, checked against hashlib.
        #expect(
            Hashing.sha256Hex(Array(repeating: 0x61, count: 55))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(
            Hashing.sha256Hex(Array(repeating: 0x61, count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(
            Hashing.sha256Hex(Array(repeating: 0x61, count: 64))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

    @Test func hexWritesTwoLowercaseDigitsPerByte() {
        #expect(Hashing.hex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(Hashing.hex([]) == "")
    }

    @Test func thePrefixNumberIsTheDigestsFirstEightBytesBigEndian() {
        // sha256("abc") starts ba7816bf8f01cfea.
        #expect(Hashing.sha256Prefix64("abc") == 0xba78_16bf_8f01_cfea)
    }
}
