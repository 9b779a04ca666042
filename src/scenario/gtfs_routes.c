/* routes.txt: every route in file order, with the mode of transport (route_type). */
#include "gtfs_impl.h"

enum {
  ROUTE_ID,
  ROUTE_SHORT_NAME,
  ROUTE_LONG_NAME,
  ROUTE_TYPE,
  NROUTE
};

PetscErrorCode GtfsReadRoutes(GtfsBuild *b)
{
  static const OcCsvColumn cols[NROUTE] = {
    {"route_id",         PETSC_TRUE },
    {"route_short_name", PETSC_FALSE},
    {"route_long_name",  PETSC_FALSE},
    {"route_type",       PETSC_TRUE },
  };
  OcCsv     t;
  PetscInt  c[NROUTE], n;
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(GtfsTableLoad(b, "routes.txt", PETSC_TRUE, &t, &found));
  PetscCall(OcCsvBindIgnoreUnknown(&t, b->diag, cols, NROUTE, c, &b->have_routes));
  n = b->have_routes ? t.nrows : 0;
  PetscCall(PetscMalloc4(n, &b->route_id, n, &b->route_short_name, n, &b->route_long_name, n, &b->route_type));
  b->nroutes = n;
  for (PetscInt r = 0; r < n; r++) {
    b->route_type[r] = -1;
    PetscCall(GtfsDefineId(b, &b->route_map, &t, r, c[ROUTE_ID], "route_id", &b->route_id[r]));
    PetscCall(GtfsAddText(b, &t, r, c[ROUTE_SHORT_NAME], &b->route_short_name[r]));
    PetscCall(GtfsAddText(b, &t, r, c[ROUTE_LONG_NAME], &b->route_long_name[r]));
    /* The basic types are 0..12; the extended ones (Google) run from 100 to 1702. */
    PetscCall(GtfsGetInt(b, &t, r, c[ROUTE_TYPE], "route_type", PETSC_TRUE, 0, 1702, &b->route_type[r]));
  }
  PetscCall(OcCsvFree(&t));
  PetscFunctionReturn(PETSC_SUCCESS);
}
