/* trips.txt: every trip with its references to routes, services, shapes and blocks. Trips of
   every service are kept here: stop_times.txt and frequencies.txt may name any of them. */
#include "gtfs_impl.h"

enum {
  TRIP_ROUTE,
  TRIP_SERVICE,
  TRIP_ID,
  TRIP_HEADSIGN,
  TRIP_DIRECTION,
  TRIP_BLOCK,
  TRIP_SHAPE,
  NTRIP
};

/* The block of a trip, added when new; -1 when the field is empty. */
static PetscErrorCode block_of(GtfsBuild *b, const char *id, PetscInt *block)
{
  size_t   off;
  PetscInt existing;

  PetscFunctionBegin;
  *block = -1;
  if (!id[0]) PetscFunctionReturn(PETSC_SUCCESS);
  *block = GtfsIdMapFind(&b->block_map, id);
  if (*block >= 0) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(GtfsPoolAdd(&b->pool, id, &off));
  *block = b->nblocks++;
  PetscCall(GtfsIdMapInsert(&b->block_map, off, *block, &existing));
  b->block_id[*block] = off;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode read_trip(GtfsBuild *b, const OcCsv *t, const PetscInt c[], PetscInt r)
{
  PetscFunctionBegin;
  b->trip_line[r]      = t->line[r];
  b->trip_direction[r] = -1;
  b->trip_shape[r]     = -1;
  PetscCall(GtfsDefineId(b, &b->trip_map, t, r, c[TRIP_ID], "trip_id", &b->trip_id[r]));
  PetscCall(GtfsLookup(b, t, r, c[TRIP_ROUTE], "route_id", &b->route_map, b->have_routes, "route", "routes.txt", &b->trip_route[r]));
  PetscCall(GtfsLookup(b, t, r, c[TRIP_SERVICE], "service_id", &b->service_map, b->have_services, "service", "calendar.txt or calendar_dates.txt", &b->trip_service[r]));
  if (OcCsvField(t, r, c[TRIP_SHAPE])[0]) PetscCall(GtfsLookup(b, t, r, c[TRIP_SHAPE], "shape_id", &b->shape_map, b->have_shapes, "shape", "shapes.txt", &b->trip_shape[r]));
  PetscCall(GtfsGetInt(b, t, r, c[TRIP_DIRECTION], "direction_id", PETSC_FALSE, 0, 1, &b->trip_direction[r]));
  PetscCall(GtfsAddText(b, t, r, c[TRIP_HEADSIGN], &b->trip_headsign[r]));
  PetscCall(block_of(b, OcCsvField(t, r, c[TRIP_BLOCK]), &b->trip_block[r]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsReadTrips(GtfsBuild *b)
{
  static const OcCsvColumn cols[NTRIP] = {
    {"route_id",      PETSC_TRUE },
    {"service_id",    PETSC_TRUE },
    {"trip_id",       PETSC_TRUE },
    {"trip_headsign", PETSC_FALSE},
    {"direction_id",  PETSC_FALSE},
    {"block_id",      PETSC_FALSE},
    {"shape_id",      PETSC_FALSE},
  };
  OcCsv     t;
  PetscInt  c[NTRIP], n;
  PetscBool found;

  PetscFunctionBegin;
  PetscCall(GtfsTableLoad(b, "trips.txt", PETSC_TRUE, &t, &found));
  PetscCall(OcCsvBindIgnoreUnknown(&t, b->diag, cols, NTRIP, c, &b->have_trips));
  n = b->have_trips ? t.nrows : 0;
  PetscCall(PetscMalloc2(n, &b->trip_id, n, &b->trip_headsign));
  PetscCall(PetscMalloc6(n, &b->trip_route, n, &b->trip_service, n, &b->trip_block, n, &b->trip_shape, n, &b->trip_direction, n, &b->trip_line));
  PetscCall(PetscMalloc1(n, &b->block_id));
  b->ntrips = n;
  for (PetscInt r = 0; r < n; r++) PetscCall(read_trip(b, &t, c, r));
  PetscCall(OcCsvFree(&t));
  PetscFunctionReturn(PETSC_SUCCESS);
}
