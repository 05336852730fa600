// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "worldpop-dhis2",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "worldpop-dhis2", targets: ["worldpop-dhis2"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // GDAL's C API through pkg-config; only `Raster` imports it.
        .systemLibrary(
            name: "CGDAL",
            pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"]), .brew(["gdal"])]
        ),
        .target(name: "Raster", dependencies: ["CGDAL"]),
        .target(name: "Zonal", dependencies: ["Raster"]),
        .target(
            name: "CLI",
            dependencies: [
                "Raster", "Zonal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "worldpop-dhis2", dependencies: ["CLI"]),
        .testTarget(name: "RasterTests", dependencies: ["Raster"]),
        .testTarget(name: "ZonalTests", dependencies: ["Zonal", "Raster"]),
        .testTarget(name: "CLITests", dependencies: ["CLI"]),
    ]
)
