// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "worldpop-dhis2",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "worldpop-dhis2", targets: ["worldpop-dhis2"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // Graceful shutdown of `serve` on SIGTERM/SIGINT (already a dependency of Hummingbird).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
        // Zip archives: the DHIS2 app's package (written by `app install`, read by the stand-in's App Management).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // Declared for what the servers import of it themselves (ByteBuffer, SocketAddress); Hummingbird brings it.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.70.0"),
    ],
    targets: [
        // GDAL's C API through pkg-config; only `GDALBinding` imports it (and, for tests, `GDALTesting`).
        .systemLibrary(
            name: "CGDAL",
            pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"]), .brew(["gdal"])]
        ),
        // Grids, their transforms, cell types and the `RasterSource` protocol, a raster in memory (pure Swift, no GDAL).
        .target(name: "Grid"),
        // The one parallel map over plain threads (the zonal engine's tasks, the boundary checks).
        .target(name: "Parallel"),
        // Everything that goes through GDAL: GeoTIFFs (a `RasterSource`), vector boundary files, and GEOS's
        // validity check and repair of boundaries.
        .target(name: "GDALBinding", dependencies: ["CGDAL", "Grid", "Geometry", "Parallel"]),
        // Test support through GDAL: GeoTIFF fixtures written, PNG screenshots read (never in the shipped binary).
        .target(name: "GDALTesting", dependencies: ["CGDAL", "Grid", "GDALBinding"]),
        // libcurl's easy API through pkg-config: FTP with REST resume and HTTPS for `WorldPop` downloads.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        // libarchive through pkg-config: reads WorldPop's zip and 7z packs; only `Archive` imports it.
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]
        ),
        // Zip and 7z unpacked only after every header is checked (names, links, sizes, ratio), into one folder.
        .target(name: "Archive", dependencies: ["CArchive"]),
        // Test support: zip and 7z written with libarchive, hostile ones included.
        .target(name: "ArchiveTesting", dependencies: ["CArchive"]),
        // Positions, polygons and zones, and reading them from GeoJSON (pure Swift, no GDAL).
        .target(name: "Geometry", dependencies: ["Parallel"]),
        // Exact cell coverage of polygons and zonal sums over any `RasterSource` (Swift and the C sum kernel: builds
        // without GDAL).
        .target(name: "Zonal", dependencies: ["Geometry", "Grid", "Parallel", "SumKernels"]),
        // The Float32 sum kernel in C, built for baseline x86-64 and for AVX2 and picked at run time
        // (Swift's SIMD types compile to the baseline only).
        .target(name: "SumKernels"),
        // The program's name and version, defined once (--version, User-Agent, openapi.yaml).
        .target(name: "ProgramInfo"),
        // The one markup escaper (HTML, XML) and the one CSV writer (RFC 4180, formula guard).
        .target(name: "TextFormats"),
        // The one HTTP retry policy (attempts, backoff, which answers retry) of the DHIS2 client and the downloads.
        .target(name: "HTTPRetry"),
        // The WorldPop catalogue (products, URL layout) and the verified, resumable download cache.
        .target(name: "WorldPop", dependencies: ["Archive", "CCurl", "HTTPRetry", "ProgramInfo"]),
        // The one start-up of an HTTP server (serve and the stand-ins): Hummingbird under a ServiceGroup,
        // graceful shutdown on signals, a port in use as one clear error.
        .target(
            name: "HTTPServing",
            dependencies: [
                "Parallel", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // A local data.worldpop.org (Hummingbird) with Range requests and dropped connections: for tests.
        .target(
            name: "WorldPopStandIn",
            dependencies: [
                "HTTPServing", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        // Facility catchments (Voronoi within the parent, geodesic radius) and access circles (pure Swift).
        .target(name: "Catchments", dependencies: ["Geometry"]),
        // Age/sex bands, derived groups (under-1, under-5, WRA …) and checks on totals (pure Swift).
        .target(name: "Denominators"),
        // The message catalogues, one JSON file per language (`Catalogues/en.json`, `fr.json` …), shared by
        // the report, the serve page, the DHIS2 app and the metadata translations; locale-aware numbers.
        .target(name: "Localization", resources: [.copy("Catalogues")]),
        // The DHIS2 Web API client (Foundation networking): org units, metadata, data values. It speaks the API only;
        // what worldpop-dhis2 writes is `DenominatorMetadata`'s.
        .target(name: "DHIS2", dependencies: ["Geometry", "HTTPRetry", "TextFormats"]),
        // What worldpop-dhis2 writes into DHIS2: the population metadata (data elements, categories, combos, the data
        // set) with stable UIDs, codes and translations, which element each value goes to, and ensuring it over the client.
        .target(name: "DenominatorMetadata", dependencies: ["DHIS2", "Denominators", "Localization"]),
        // An in-process DHIS2 (Hummingbird) that follows the API contract: for tests and the demo.
        .target(
            name: "DHIS2StandIn",
            dependencies: [
                "DHIS2", "Geometry", "HTTPRetry", "HTTPServing", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The DHIS2 app "WorldPop population" (plain HTML, CSS and JavaScript in `Public`), packed into
        // the zip DHIS2's App Management installs, and its installation with the Route that reaches `serve`.
        .target(
            name: "DHIS2App",
            dependencies: ["DHIS2", "Localization", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.copy("Public")]
        ),
        // Test support: the repository's root, temporary folders and polling with a message (Foundation only).
        .target(name: "TestSupport"),
        // Test support: Debian's headless Chromium renders a page and returns its pixels.
        .target(name: "BrowserTesting", dependencies: ["GDALTesting", "TestSupport"]),
        // Self-contained HTML reports with SVG maps (pure Swift).
        .target(name: "Report", dependencies: ["Geometry", "TextFormats"]),
        // The main job: WorldPop rasters to verified DHIS2 denominators, with report and audit.
        .target(
            name: "Sync",
            dependencies: [
                "DenominatorMetadata",
                "WorldPop", "GDALBinding", "Grid", "Parallel", "Geometry", "Zonal", "Catchments", "Denominators", "DHIS2", "Report",
                "Audit", "TextFormats", "Localization",
                .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The local record of every run: what was read, what was sent, what it replaced (SQLite).
        .target(
            name: "Audit",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `serve`: web page, REST API and scheduled sync over one job queue (Hummingbird).
        .target(
            name: "Server",
            dependencies: [
                "DenominatorMetadata",
                "Sync", "Audit", "DHIS2", "Denominators", "HTTPServing", "HTTPRetry", "TextFormats", "Localization",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            // openapi.yaml and the page's script and style, served as they are (PublicFiles).
            resources: [.copy("Public")]
        ),
        // The command line. It links the DHIS2 stand-in on purpose: `demo` (the README's first command, offline, no
        // DHIS2 needed) and `bench-serve` run against it. It costs about 1,300 lines and no dependency the binary does not
        // already have (Hummingbird, for `serve`); a separate demo executable would be a second binary to build and ship.
        .target(
            name: "CLI",
            dependencies: [
                "DenominatorMetadata",
                "WorldPop", "GDALBinding", "Parallel", "Geometry", "Zonal", "Catchments", "Denominators", "DHIS2", "Audit",
                "Sync", "Server",
                "DHIS2StandIn", "DHIS2App", "TextFormats", "ProgramInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "worldpop-dhis2", dependencies: ["CLI"]),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"]),
        .testTarget(name: "GDALBindingTests", dependencies: ["TestSupport", "GDALBinding", "GDALTesting", "Grid", "Geometry"]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
        .testTarget(name: "ParallelTests", dependencies: ["Parallel"]),
        .testTarget(name: "ZonalTests", dependencies: ["Zonal", "Geometry", "Grid", "GDALBinding", "GDALTesting", "SumKernels"]),
        .testTarget(name: "AuditTests", dependencies: ["Audit", "TestSupport"]),
        .testTarget(
            name: "SyncTests",
            dependencies: [
                "Localization",
                "DenominatorMetadata",
                "TestSupport", "Sync", "Catchments", "BrowserTesting", "DHIS2", "DHIS2StandIn", "WorldPop", "WorldPopStandIn", "Geometry",
                "Zonal", "GDALBinding", "GDALTesting", "Grid", "Audit", "ArchiveTesting", "Denominators", "Parallel",
            ]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "DenominatorMetadata",
                "TestSupport", "Server", "HTTPServing", "BrowserTesting", "Sync", "Audit", "DHIS2", "DHIS2StandIn", "WorldPop",
                "GDALBinding",
                "Geometry", "Parallel", "Zonal",
                .product(name: "Yams", package: "Yams"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"), "ProgramInfo", "DHIS2App",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .testTarget(
            name: "HTTPServingTests",
            dependencies: ["HTTPServing", "Parallel", "TestSupport", .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "CatchmentsTests", dependencies: ["Catchments", "Geometry", "Zonal", "Grid"]),
        .testTarget(name: "WorldPopTests", dependencies: ["TestSupport", "WorldPop", "WorldPopStandIn", "GDALBinding", "Grid"]),
        .testTarget(
            name: "DHIS2Tests",
            dependencies: ["DenominatorMetadata", "DHIS2", "DHIS2StandIn", "Geometry", "HTTPRetry", "Denominators", "Localization"]),
        .testTarget(name: "HTTPRetryTests", dependencies: ["HTTPRetry"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "ArchiveTesting", "TestSupport"]),
        .testTarget(name: "TextFormatsTests", dependencies: ["TextFormats"]),
        .testTarget(name: "LocalizationTests", dependencies: ["Localization"]),
        .testTarget(name: "DenominatorsTests", dependencies: ["Denominators"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Geometry"]),
        .testTarget(
            name: "CLITests",
            dependencies: [
                "DenominatorMetadata",
                "TestSupport", "CLI", "Catchments", "DHIS2", "DHIS2StandIn", "Denominators", "Geometry", "GDALBinding", "GDALTesting",
                "Grid", "WorldPop", "Sync", "ArchiveTesting",
                "Server", "Audit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ]
)
