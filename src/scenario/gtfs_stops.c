/* stops.txt: every stop, station, entrance and node, in file order. */
#include "gtfs_impl.h"

enum {
  STOP_ID,
  STOP_NAME,
  STOP_LAT,
  STOP_LON,
  STOP_LOCATION_TYPE,
  NSTOP
};

PetscErrorCode GtfsReadStops(GtfsBuild *b)
{
  static const OcCsvColumn cols[NSTOP] = {
    {"stop_id",       PETSC_TRUE },
    {"stop_name",     PETSC_FALSE},
    {"stop_lat",      PETSC_TRUE },
    {"stop_lon",      PETSC_TRUE },
    {"location_type", PETSC_FALSE},
  };
  OcCsv     t;
  PetscInt  c[NSTOP], n;
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(GtfsTableLoad(b, "stops.txt", PETSC_TRUE, &t, &found));
  PetscCall(OcCsvBindIgnoreUnknown(&t, b->diag, cols, NSTOP, c, &b->have_stops));
  n = b->have_stops ? t.nrows : 0;
  PetscCall(PetscMalloc4(n, &b->stop_id, n, &b->stop_name, n, &b->stop_lat, n, &b->stop_lon));
  b->nstops = n;
  for (PetscInt r = 0; r < n; r++) {
    PetscInt  type = 0;
    PetscBool located;

    PetscCall(GtfsDefineId(b, &b->stop_map, &t, r, c[STOP_ID], "stop_id", &b->stop_id[r]));
    PetscCall(GtfsAddText(b, &t, r, c[STOP_NAME], &b->stop_name[r]));
    PetscCall(GtfsGetInt(b, &t, r, c[STOP_LOCATION_TYPE], "location_type", PETSC_FALSE, 0, 4, &type));
    /* Generic nodes (3) and boarding areas (4) may leave their position empty. */
    located = type <= 2 ? PETSC_TRUE : PETSC_FALSE;
    PetscCall(GtfsGetReal(b, &t, r, c[STOP_LAT], "stop_lat", located, -90, 90, "a latitude in degrees from -90 to 90", &b->stop_lat[r]));
    PetscCall(GtfsGetReal(b, &t, r, c[STOP_LON], "stop_lon", located, -180, 180, "a longitude in degrees from -180 to 180", &b->stop_lon[r]));
  }
  PetscCall(OcCsvFree(&t));
  PetscFunctionReturn(PETSC_SUCCESS);
}
