// libarchive's read and write API, as Debian's libarchive-dev installs it (pkg-config: libarchive).
// Only the `Archive` module imports it: WorldPop's zip (under-18) and 7z (births, pregnancies) packs.
#include <archive.h>
#include <archive_entry.h>
