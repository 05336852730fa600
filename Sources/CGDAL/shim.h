// The GDAL C API, as Debian's libgdal-dev installs it (pkg-config: gdal).
#include <gdal.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <cpl_string.h>
#include <ogr_srs_api.h>
#include <ogr_api.h>
