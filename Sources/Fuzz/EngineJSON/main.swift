import FuzzTargets

#if canImport(Glibc)
    import Glibc
#endif

// libFuzzer calls this with each input; see FuzzTarget.engineJSON.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    FuzzTarget.engineJSON.run(data, count: count)
    return 0
}

// libFuzzer's driver (linked by -sanitize=fuzzer) parses the command line and runs the inputs.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(runDriver(&argc, &argv, testOneInput))
