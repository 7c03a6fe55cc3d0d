#if canImport(Glibc)
    import Glibc
#endif

/// Keeps the daemon's resident memory near what it holds: a long-lived process whose passes allocate and free a
/// lot (1,000 Gitspaces: the engine's list, the status, the plan) otherwise keeps the freed memory in glibc's
/// per-thread arenas. Measured with 1,000 Gitspaces declared (README, Benchmarks): the heap in use peaked near
/// 23 MiB while the resident set reached 178 MiB after creating them.
///
/// `mallopt` and `malloc_trim` are glibc's (`<malloc.h>`, which the Glibc module does not export): looked up by
/// name and called through C function pointers; elsewhere both do nothing.
enum HeapRelease {
    /// The most malloc arenas the process gets: two instead of glibc's eight per core, so that the cooperative
    /// pool's and NIO's threads share them instead of each keeping a heap of freed chunks. Call it first.
    static let arenas: Int32 = 2

    /// glibc's `M_ARENA_MAX` parameter of `mallopt`.
    private static let arenaMaxParameter: Int32 = -8

    /// Allocations from this size up get pages of their own, returned to the system when freed. glibc's default
    /// threshold (128 KiB) rises to the size of each such block freed, up to 32 MiB, after which a pass's large
    /// transient buffers (the engine's list, dictionaries over 1,000 Gitspaces) come from the arenas, where the
    /// small blocks that outlive the pass pin their pages. A fixed threshold keeps them out.
    static let mmapThreshold: Int32 = 64 * 1024

    /// glibc's `M_MMAP_THRESHOLD` parameter of `mallopt`.
    private static let mmapThresholdParameter: Int32 = -3

    static func limitArenas() {
        #if canImport(Glibc)
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(nil, "mallopt") else { return }
            let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
            _ = mallopt(arenaMaxParameter, arenas)
            _ = mallopt(mmapThresholdParameter, mmapThreshold)
        #endif
    }

    /// Returns the free memory of every arena to the system (glibc's `malloc_trim(0)`); after each pass, once
    /// what the pass used is freed.
    static func trim() {
        #if canImport(Glibc)
            typealias MallocTrim = @convention(c) (Int) -> Int32
            guard let symbol = dlsym(nil, "malloc_trim") else { return }
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
