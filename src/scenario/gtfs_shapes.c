/* shapes.txt (optional): the path of each shape as points in shape_pt_sequence order, shapes
   in order of first appearance. A shape needs two points to be a path. */
#include "gtfs_impl.h"

enum {
  SHAPE_ID,
  SHAPE_LAT,
  SHAPE_LON,
  SHAPE_SEQUENCE,
  SHAPE_DIST,
  NSHAPE
};

/* Each row's shape (new ids are added in order of first appearance), -1 for a bad row. */
static PetscErrorCode shape_of_rows(GtfsBuild *b, const OcCsv *t, const PetscInt c[], PetscInt row_shape[])
{
  PetscFunctionBegin;
  for (PetscInt r = 0; r < t->nrows; r++) {
    const char *id;
    PetscInt    s, existing;
    size_t      off;

    PetscCall(GtfsGetId(b, t, r, c[SHAPE_ID], "shape_id", &id));
    row_shape[r] = -1;
    if (!id) continue;
    s = GtfsIdMapFind(&b->shape_map, id);
    if (s < 0) {
      PetscCall(GtfsPoolAdd(&b->pool, id, &off));
      s = b->nshapes++;
      PetscCall(GtfsIdMapInsert(&b->shape_map, off, s, &existing));
      b->shape_id[s] = off;
    }
    row_shape[r] = s;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The points of shape s, rows[0..n) in file order: sorted, checked, stored from b->npoints. */
static PetscErrorCode store_shape(GtfsBuild *b, const OcCsv *t, PetscInt s, PetscInt n, PetscInt rows[], const PetscReal seq[], const PetscReal lat[], const PetscReal lon[], const PetscReal dist[])
{
  const char *id = b->pool.buf + b->shape_id[s];

  PetscFunctionBegin;
  PetscCall(GtfsSortByKey(n, seq, rows));
  if (n < 2) PetscCall(GtfsFieldError(b, t, rows[0], "shape_id", "shape '%s' has only 1 point, a shape needs at least 2", id));
  for (PetscInt k = 0; k < n; k++) {
    PetscInt r = rows[k], p = b->npoints++;
    if (k > 0 && seq[r] == seq[rows[k - 1]]) PetscCall(GtfsFieldError(b, t, r, "shape_pt_sequence", "shape '%s' already has point %g (line %" PetscInt_FMT ")", id, (double)seq[r], t->line[rows[k - 1]]));
    if (k > 0 && dist[r] < dist[rows[k - 1]])
      PetscCall(GtfsFieldError(b, t, r, "shape_dist_traveled", "%g is less than %g at the previous point of shape '%s' (line %" PetscInt_FMT "), distances must not decrease", (double)dist[r], (double)dist[rows[k - 1]], id, t->line[rows[k - 1]]));
    b->shape_lat[p]  = lat[r];
    b->shape_lon[p]  = lon[r];
    b->shape_dist[p] = dist[r];
  }
  b->shape_start[s + 1] = b->npoints;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsReadShapes(GtfsBuild *b)
{
  static const OcCsvColumn cols[NSHAPE] = {
    {"shape_id",            PETSC_TRUE },
    {"shape_pt_lat",        PETSC_TRUE },
    {"shape_pt_lon",        PETSC_TRUE },
    {"shape_pt_sequence",   PETSC_TRUE },
    {"shape_dist_traveled", PETSC_FALSE},
  };
  OcCsv      t;
  PetscInt   c[NSHAPE], n, *row_shape, *start, *order;
  PetscReal *seq, *lat, *lon, *dist;
  PetscBool  found;

  PetscFunctionBegin;
  PetscCall(GtfsTableLoad(b, "shapes.txt", PETSC_FALSE, &t, &found));
  PetscCall(OcCsvBindIgnoreUnknown(&t, b->diag, cols, NSHAPE, c, &b->have_shapes));
  /* Absent is fine (trips then name no shape); unreadable is reported and not used. */
  b->have_shapes = found ? b->have_shapes : PETSC_TRUE;
  n              = found && b->have_shapes ? t.nrows : 0;
  PetscCall(PetscMalloc1(n, &b->shape_id));
  PetscCall(PetscMalloc4(n + 1, &b->shape_start, n, &b->shape_lat, n, &b->shape_lon, n, &b->shape_dist));
  PetscCall(PetscMalloc5(n, &row_shape, n, &seq, n, &lat, n, &lon, n, &dist));
  b->shape_start[0] = 0;
  for (PetscInt r = 0; r < n; r++) {
    PetscInt sequence = 0;
    PetscCall(GtfsGetReal(b, &t, r, c[SHAPE_LAT], "shape_pt_lat", PETSC_TRUE, -90, 90, "a latitude in degrees from -90 to 90", &lat[r]));
    PetscCall(GtfsGetReal(b, &t, r, c[SHAPE_LON], "shape_pt_lon", PETSC_TRUE, -180, 180, "a longitude in degrees from -180 to 180", &lon[r]));
    PetscCall(GtfsGetInt(b, &t, r, c[SHAPE_SEQUENCE], "shape_pt_sequence", PETSC_TRUE, 0, PETSC_MAX_INT, &sequence));
    PetscCall(GtfsGetReal(b, &t, r, c[SHAPE_DIST], "shape_dist_traveled", PETSC_FALSE, 0, PETSC_MAX_REAL, "a distance >= 0", &dist[r]));
    seq[r] = (PetscReal)sequence;
  }
  if (n) PetscCall(shape_of_rows(b, &t, c, row_shape));
  PetscCall(GtfsGroupRows(n, row_shape, b->nshapes, &start, &order));
  for (PetscInt s = 0; s < b->nshapes; s++) PetscCall(store_shape(b, &t, s, start[s + 1] - start[s], order + start[s], seq, lat, lon, dist));
  PetscCall(PetscFree(start));
  PetscCall(PetscFree(order));
  PetscCall(PetscFree5(row_shape, seq, lat, lon, dist));
  PetscCall(OcCsvFree(&t));
  PetscFunctionReturn(PETSC_SUCCESS);
}
