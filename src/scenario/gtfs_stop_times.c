/* stop_times.txt: the rows of each trip in stop_sequence order, checked (sequence numbers
   unique, times that never go back), with the times of untimed stops interpolated between the
   timed stops around them (see gtfs.h). */
#include <math.h>
#include "gtfs_impl.h"

enum {
  ST_TRIP,
  ST_ARRIVAL,
  ST_DEPARTURE,
  ST_STOP,
  ST_SEQUENCE,
  ST_DIST,
  NST
};

/* The fields of every row; trip is -1 for a row that cannot be placed. */
typedef struct {
  PetscInt  *trip, *stop;
  PetscReal *seq, *arr, *dep, *dist;
  PetscBool *trip_bad; /* per trip: one of its rows has a bad field */
} Rows;

static PetscErrorCode parse_rows(GtfsBuild *b, const OcCsv *t, PetscInt nrows, const PetscInt c[], Rows *rows)
{
  PetscFunctionBegin;
  for (PetscInt r = 0; r < nrows; r++) {
    PetscInt before, after, seq = -1;

    PetscCall(OcDiagCount(b->diag, &before));
    PetscCall(GtfsLookup(b, t, r, c[ST_TRIP], "trip_id", &b->trip_map, b->have_trips, "trip", "trips.txt", &rows->trip[r]));
    PetscCall(GtfsLookup(b, t, r, c[ST_STOP], "stop_id", &b->stop_map, b->have_stops, "stop", "stops.txt", &rows->stop[r]));
    PetscCall(GtfsGetInt(b, t, r, c[ST_SEQUENCE], "stop_sequence", PETSC_TRUE, 0, PETSC_MAX_INT, &seq));
    PetscCall(GtfsGetTime(b, t, r, c[ST_ARRIVAL], "arrival_time", PETSC_FALSE, &rows->arr[r]));
    PetscCall(GtfsGetTime(b, t, r, c[ST_DEPARTURE], "departure_time", PETSC_FALSE, &rows->dep[r]));
    PetscCall(GtfsGetReal(b, t, r, c[ST_DIST], "shape_dist_traveled", PETSC_FALSE, 0, PETSC_MAX_REAL, "a distance >= 0", &rows->dist[r]));
    PetscCall(OcDiagCount(b->diag, &after));
    rows->seq[r] = (PetscReal)seq;
    if (after > before && rows->trip[r] >= 0) rows->trip_bad[rows->trip[r]] = PETSC_TRUE;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The rows of trip i (row[0..n) in stop_sequence order): sequence numbers unique, a time at
   both ends, and times that never go back. Fills arrival from departure and back. */
static PetscErrorCode check_trip(GtfsBuild *b, const OcCsv *t, PetscInt i, PetscInt n, const PetscInt row[], const Rows *rows, PetscReal arr[], PetscReal dep[], PetscBool *ok)
{
  const char *id   = b->pool.buf + b->trip_id[i];
  PetscInt    prev = -1;
  char        s1[32], s2[32];

  PetscFunctionBegin;
  *ok = PETSC_TRUE;
  if (n < 2) {
    PetscCall(OcDiagAdd(b->diag, "trips.txt", b->trip_line[i], "field 'trip_id': trip '%s' has %" PetscInt_FMT " stop time%s in stop_times.txt, a trip needs at least 2", id, n, n == 1 ? "" : "s"));
    *ok = PETSC_FALSE;
  }
  for (PetscInt k = 1; k < n; k++)
    if (rows->seq[row[k]] == rows->seq[row[k - 1]]) {
      PetscCall(GtfsFieldError(b, t, row[k], "stop_sequence", "trip '%s' already has stop_sequence %g (line %" PetscInt_FMT "), the sequence must increase along a trip", id, (double)rows->seq[row[k]], t->line[row[k - 1]]));
      *ok = PETSC_FALSE;
    }
  for (PetscInt k = 0; k < n && *ok; k++) {
    if (isnan(arr[k])) arr[k] = dep[k];
    if (isnan(dep[k])) dep[k] = arr[k];
    if (isnan(arr[k])) {
      if (k == 0 || k == n - 1) {
        PetscCall(GtfsFieldError(b, t, row[k], "arrival_time", "the %s stop of trip '%s' needs a time", k ? "last" : "first", id));
        *ok = PETSC_FALSE;
      }
      continue;
    }
    OcFormatClock(arr[k], s1, sizeof s1);
    if (dep[k] < arr[k]) {
      OcFormatClock(dep[k], s2, sizeof s2);
      PetscCall(GtfsFieldError(b, t, row[k], "departure_time", "%s is before arrival_time %s", s2, s1));
      *ok = PETSC_FALSE;
    }
    if (prev >= 0 && arr[k] < dep[prev]) {
      OcFormatClock(dep[prev], s2, sizeof s2);
      PetscCall(GtfsFieldError(b, t, row[k], "arrival_time", "%s is before the departure at %s from the previous stop (line %" PetscInt_FMT "), times must not decrease along a trip", s1, s2, t->line[row[prev]]));
      *ok = PETSC_FALSE;
    }
    prev = k;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Times for the untimed stops between timed stops i and j. */
static void interpolate_gap(PetscInt i, PetscInt j, PetscReal arr[], PetscReal dep[], const PetscReal dist[])
{
  PetscBool by_dist = dist[j] > dist[i] ? PETSC_TRUE : PETSC_FALSE; /* false when either is NaN */

  for (PetscInt k = i + 1; k <= j && by_dist; k++) by_dist = dist[k] >= dist[k - 1] ? PETSC_TRUE : PETSC_FALSE;
  for (PetscInt k = i + 1; k < j; k++) {
    PetscReal f = by_dist ? (dist[k] - dist[i]) / (dist[j] - dist[i]) : (PetscReal)(k - i) / (PetscReal)(j - i);
    arr[k] = dep[k] = dep[i] + f * (arr[j] - dep[i]);
  }
}

static void interpolate_trip(PetscInt n, PetscReal arr[], PetscReal dep[], const PetscReal dist[])
{
  PetscInt i = 0;
  for (PetscInt j = 1; j < n; j++)
    if (!isnan(arr[j])) {
      if (j > i + 1) interpolate_gap(i, j, arr, dep, dist);
      i = j;
    }
}

/* Groups, sorts, checks and stores the rows trip by trip. */
static PetscErrorCode store_trips(GtfsBuild *b, const OcCsv *t, PetscInt nrows, const Rows *rows)
{
  PetscInt *order, total;

  PetscFunctionBegin;
  PetscCall(GtfsGroupRows(nrows, rows->trip, b->ntrips, &b->st_start, &order));
  total = b->st_start[b->ntrips];
  PetscCall(PetscMalloc5(total, &b->st_stop, total, &b->st_arr, total, &b->st_dep, total, &b->st_dist, total, &b->st_line));
  for (PetscInt i = 0; i < b->ntrips; i++) {
    PetscInt  s = b->st_start[i], n = b->st_start[i + 1] - s, *row = order + s;
    PetscBool ok;

    if (rows->trip_bad[i] || !b->trip_id[i]) continue; /* reported already */
    PetscCall(GtfsSortByKey(n, rows->seq, row));
    for (PetscInt k = 0; k < n; k++) {
      b->st_stop[s + k] = rows->stop[row[k]];
      b->st_arr[s + k]  = rows->arr[row[k]];
      b->st_dep[s + k]  = rows->dep[row[k]];
      b->st_dist[s + k] = rows->dist[row[k]];
      b->st_line[s + k] = t->line[row[k]];
    }
    PetscCall(check_trip(b, t, i, n, row, rows, b->st_arr + s, b->st_dep + s, &ok));
    if (ok) interpolate_trip(n, b->st_arr + s, b->st_dep + s, b->st_dist + s);
  }
  PetscCall(PetscFree(order));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsReadStopTimes(GtfsBuild *b)
{
  static const OcCsvColumn cols[NST] = {
    {"trip_id",             PETSC_TRUE },
    {"arrival_time",        PETSC_TRUE },
    {"departure_time",      PETSC_TRUE },
    {"stop_id",             PETSC_TRUE },
    {"stop_sequence",       PETSC_TRUE },
    {"shape_dist_traveled", PETSC_FALSE},
  };
  OcCsv     t;
  PetscInt  c[NST], n;
  PetscBool found;
  Rows      rows;

  PetscFunctionBegin;
  PetscCall(GtfsTableLoad(b, "stop_times.txt", PETSC_TRUE, &t, &found));
  PetscCall(OcCsvBindIgnoreUnknown(&t, b->diag, cols, NST, c, &b->have_stop_times));
  n = b->have_stop_times ? t.nrows : 0;
  PetscCall(PetscMalloc6(n, &rows.trip, n, &rows.stop, n, &rows.seq, n, &rows.arr, n, &rows.dep, n, &rows.dist));
  PetscCall(PetscCalloc1(b->ntrips, &rows.trip_bad));
  PetscCall(parse_rows(b, &t, n, c, &rows));
  /* Without a readable stop_times.txt no trip can be checked: its problem was reported. */
  if (b->have_stop_times) PetscCall(store_trips(b, &t, n, &rows));
  PetscCall(PetscFree6(rows.trip, rows.stop, rows.seq, rows.arr, rows.dep, rows.dist));
  PetscCall(PetscFree(rows.trip_bad));
  PetscCall(OcCsvFree(&t));
  PetscFunctionReturn(PETSC_SUCCESS);
}
