#!/usr/bin/env python3
"""Package.swift against the imports: every module a target's files import is one of its declared
dependencies, and every declared dependency is imported somewhere in the target. Exits 1 listing
the disagreements. Run by `make lint`."""
import glob
import json
import re
import subprocess
import sys

# The toolchain's own modules, which no Package.swift declares.
SYSTEM = {"Foundation", "FoundationNetworking", "FoundationEssentials", "Testing", "Synchronization", "Dispatch",
          "Glibc", "Musl", "Darwin", "XCTest", "os", "_Concurrency", "CoreFoundation"}
IMPORT = re.compile(r"^\s*(?:@testable\s+)?(?:@preconcurrency\s+)?import\s+(?:(?:struct|class|enum|func|protocol)\s+)?(\w+)")

package = json.loads(subprocess.check_output(["swift", "package", "dump-package"], stderr=subprocess.DEVNULL))
problems = []
for target in package["targets"]:
    if target["type"] == "system":
        continue
    declared = set()
    for dependency in target.get("dependencies", []):
        kind = next(iter(dependency))
        declared.add(dependency[kind][0])
    folder = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + target["name"]
    imported = set()
    for path in glob.glob(folder + "/**/*.swift", recursive=True):
        in_string = False
        for line in open(path, encoding="utf-8"):
            # Multi-line string literals (a Python script inside a Swift file) hold no imports.
            if line.count('"""') % 2 == 1:
                in_string = not in_string
                continue
            match = None if in_string else IMPORT.match(line)
            if match:
                imported.add(match.group(1))
    imported -= SYSTEM | {target["name"]}
    if imported - declared:
        problems.append(f"{target['name']} imports {sorted(imported - declared)} without declaring them in Package.swift")
    if declared - imported:
        problems.append(f"{target['name']} declares {sorted(declared - imported)} in Package.swift without importing them")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
