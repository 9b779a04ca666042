/* frequencies.txt (optional): the headway windows of template trips, grouped by trip and in
   order of start time; the windows of one trip must not overlap. The expansion into concrete
   trips is done when the feed is assembled (gtfs_assemble.c). */
#include "gtfs_impl.h"

enum {
  FQ_TRIP,
  FQ_START,
  FQ_END,
  FQ_HEADWAY,
  FQ_EXACT,
  NFQ
};

/* Each row's window; trip[r] is -1 for a row that cannot be used. */
static PetscErrorCode parse_rows(GtfsBuild *b, const OcCsv *t, const PetscInt c[], PetscInt trip[], PetscReal begin[], PetscReal end[], PetscReal headway[])
{
  PetscFunctionBegin;
  for (PetscInt r = 0; r < t->nrows; r++) {
    PetscInt before, after, h = 0, exact = 0;
    char     s1[32], s2[32];

    PetscCall(OcDiagCount(b->diag, &before));
    PetscCall(GtfsLookup(b, t, r, c[FQ_TRIP], "trip_id", &b->trip_map, b->have_trips, "trip", "trips.txt", &trip[r]));
    PetscCall(GtfsGetTime(b, t, r, c[FQ_START], "start_time", PETSC_TRUE, &begin[r]));
    PetscCall(GtfsGetTime(b, t, r, c[FQ_END], "end_time", PETSC_TRUE, &end[r]));
    PetscCall(GtfsGetInt(b, t, r, c[FQ_HEADWAY], "headway_secs", PETSC_TRUE, 1, PETSC_MAX_INT, &h));
    /* exact_times only says whether the operator keeps to the times or to the headway; both
       are expanded the same way (gtfs.h). */
    PetscCall(GtfsGetInt(b, t, r, c[FQ_EXACT], "exact_times", PETSC_FALSE, 0, 1, &exact));
    headway[r] = (PetscReal)h;
    if (end[r] <= begin[r]) {
      OcFormatClock(begin[r], s1, sizeof s1);
      OcFormatClock(end[r], s2, sizeof s2);
      PetscCall(GtfsFieldError(b, t, r, "end_time", "%s is not after start_time %s", s2, s1));
    }
    PetscCall(OcDiagCount(b->diag, &after));
    if (after > before) trip[r] = -1;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Stores the windows of trip i (rows[0..n) in file order) by start time. */
static PetscErrorCode store_windows(GtfsBuild *b, const OcCsv *t, PetscInt i, PetscInt n, PetscInt rows[], const PetscReal begin[], const PetscReal end[], const PetscReal headway[])
{
  PetscFunctionBegin;
  PetscCall(GtfsSortByKey(n, begin, rows));
  for (PetscInt k = 0; k < n; k++) {
    PetscInt r = rows[k], w = b->fq_start[i] + k;
    if (k > 0 && begin[r] < end[rows[k - 1]]) {
      char s1[32], s2[32];
      OcFormatClock(begin[r], s1, sizeof s1);
      OcFormatClock(end[rows[k - 1]], s2, sizeof s2);
      PetscCall(GtfsFieldError(b, t, r, "start_time", "%s is before %s, the end of the window on line %" PetscInt_FMT " for trip '%s', windows must not overlap", s1, s2, t->line[rows[k - 1]], b->pool.buf + b->trip_id[i]));
    }
    b->fq_begin[w]   = begin[r];
    b->fq_end[w]     = end[r];
    b->fq_headway[w] = headway[r];
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsReadFrequencies(GtfsBuild *b)
{
  static const OcCsvColumn cols[NFQ] = {
    {"trip_id",      PETSC_TRUE },
    {"start_time",   PETSC_TRUE },
    {"end_time",     PETSC_TRUE },
    {"headway_secs", PETSC_TRUE },
    {"exact_times",  PETSC_FALSE},
  };
  OcCsv      t;
  PetscInt   c[NFQ], n, *trip, *order;
  PetscReal *begin, *end, *headway;
  PetscBool  found, ok;

  PetscFunctionBegin;
  PetscCall(GtfsTableLoad(b, "frequencies.txt", PETSC_FALSE, &t, &found));
  PetscCall(OcCsvBindIgnoreUnknown(&t, b->diag, cols, NFQ, c, &ok));
  n = ok ? t.nrows : 0;
  PetscCall(PetscMalloc4(n, &trip, n, &begin, n, &end, n, &headway));
  PetscCall(PetscMalloc3(n, &b->fq_begin, n, &b->fq_end, n, &b->fq_headway));
  if (n) PetscCall(parse_rows(b, &t, c, trip, begin, end, headway));
  PetscCall(GtfsGroupRows(n, trip, b->ntrips, &b->fq_start, &order));
  for (PetscInt i = 0; i < b->ntrips; i++) PetscCall(store_windows(b, &t, i, b->fq_start[i + 1] - b->fq_start[i], order + b->fq_start[i], begin, end, headway));
  PetscCall(PetscFree(order));
  PetscCall(PetscFree4(trip, begin, end, headway));
  PetscCall(OcCsvFree(&t));
  PetscFunctionReturn(PETSC_SUCCESS);
}
