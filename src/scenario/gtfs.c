/* The GTFS reader: opens the feed, runs the reader of each file in the order their references
   need, and assembles the feed for the date only when no problem was found. The helpers shared
   by the readers (tables, fields, sorting) live here too. */
#include <math.h>
#include <stdarg.h>
#include "gtfs_impl.h"

PetscErrorCode GtfsTableLoad(GtfsBuild *b, const char *file, PetscBool required, OcCsv *t, PetscBool *found)
{
  char  *buf;
  size_t len;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(t, sizeof *t));
  t->name = file;
  PetscCall(GtfsSourceLoad(&b->src, file, b->diag, &buf, &len, found));
  if (!*found) {
    if (required) PetscCall(OcDiagAdd(b->diag, file, 0, "required file is missing from the feed"));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(OcCsvReadMemory(buf, len, file, OC_CSV_SHORT_RECORDS_PAD, b->diag, t));
  PetscCall(PetscFree(buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsFieldError(GtfsBuild *b, const OcCsv *t, PetscInt row, const char *field, const char *fmt, ...)
{
  char    msg[512];
  va_list ap;

  PetscFunctionBegin;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  PetscCall(OcDiagAdd(b->diag, t->name, t->line[row], "field '%s': %s", field, msg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsGetId(GtfsBuild *b, const OcCsv *t, PetscInt row, PetscInt col, const char *field, const char **id)
{
  PetscFunctionBegin;
  *id = OcCsvField(t, row, col);
  if (!(*id)[0]) {
    PetscCall(GtfsFieldError(b, t, row, field, "expected an identifier, found an empty field"));
    *id = NULL;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsDefineId(GtfsBuild *b, GtfsIdMap *map, const OcCsv *t, PetscInt row, PetscInt col, const char *field, size_t *offset)
{
  const char *id;
  PetscInt    first;

  PetscFunctionBegin;
  *offset = 0;
  PetscCall(GtfsGetId(b, t, row, col, field, &id));
  if (!id) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(GtfsPoolAdd(&b->pool, id, offset));
  PetscCall(GtfsIdMapInsert(map, *offset, row, &first));
  if (first >= 0) {
    PetscCall(GtfsFieldError(b, t, row, field, "duplicate id '%s' (first on line %" PetscInt_FMT ")", id, t->line[first]));
    *offset = 0; /* not defined: references go to the first */
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsLookup(GtfsBuild *b, const OcCsv *t, PetscInt row, PetscInt col, const char *field, const GtfsIdMap *map, PetscBool checked, const char *noun, const char *file, PetscInt *index)
{
  const char *id;

  PetscFunctionBegin;
  *index = -1;
  PetscCall(GtfsGetId(b, t, row, col, field, &id));
  if (!id) PetscFunctionReturn(PETSC_SUCCESS);
  *index = GtfsIdMapFind(map, id);
  if (*index < 0 && checked) PetscCall(GtfsFieldError(b, t, row, field, "no %s '%s' in %s", noun, id, file));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsAddText(GtfsBuild *b, const OcCsv *t, PetscInt row, PetscInt col, size_t *offset)
{
  const char *s = OcCsvField(t, row, col);

  PetscFunctionBegin;
  *offset = 0;
  if (s[0]) PetscCall(GtfsPoolAdd(&b->pool, s, offset));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* "an integer from lo to hi" and its variants, for messages. */
static PetscErrorCode int_phrase(PetscInt lo, PetscInt hi, char *buf, size_t len)
{
  PetscFunctionBegin;
  if (hi == lo + 1) PetscCall(PetscSNPrintf(buf, len, "%" PetscInt_FMT " or %" PetscInt_FMT, lo, hi));
  else if (hi == PETSC_MAX_INT) PetscCall(PetscSNPrintf(buf, len, "an integer >= %" PetscInt_FMT, lo));
  else PetscCall(PetscSNPrintf(buf, len, "an integer from %" PetscInt_FMT " to %" PetscInt_FMT, lo, hi));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsGetInt(GtfsBuild *b, const OcCsv *t, PetscInt row, PetscInt col, const char *field, PetscBool required, PetscInt lo, PetscInt hi, PetscInt *value)
{
  const char *s = OcCsvField(t, row, col);
  char        expected[64];
  PetscInt    v;

  PetscFunctionBegin;
  if (s[0] && OcParseInt(s, &v) && v >= lo && v <= hi) *value = v;
  else if (s[0] || required) {
    PetscCall(int_phrase(lo, hi, expected, sizeof expected));
    if (!s[0]) PetscCall(GtfsFieldError(b, t, row, field, "expected %s, found an empty field", expected));
    else PetscCall(GtfsFieldError(b, t, row, field, "expected %s, got '%s'", expected, s));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsGetReal(GtfsBuild *b, const OcCsv *t, PetscInt row, PetscInt col, const char *field, PetscBool required, PetscReal lo, PetscReal hi, const char *what, PetscReal *value)
{
  const char *s = OcCsvField(t, row, col);
  PetscReal   v;

  PetscFunctionBegin;
  *value = NAN;
  if (!s[0]) {
    if (required) PetscCall(GtfsFieldError(b, t, row, field, "expected %s, found an empty field", what));
  } else if (OcParseReal(s, &v) && v >= lo && v <= hi) *value = v;
  else PetscCall(GtfsFieldError(b, t, row, field, "expected %s, got '%s'", what, s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsGetTime(GtfsBuild *b, const OcCsv *t, PetscInt row, PetscInt col, const char *field, PetscBool required, PetscReal *seconds)
{
  const char *s = OcCsvField(t, row, col);

  PetscFunctionBegin;
  *seconds = NAN;
  if (!s[0]) {
    if (required) PetscCall(GtfsFieldError(b, t, row, field, "expected a time H:MM:SS, found an empty field"));
  } else if (!OcParseClock(s, seconds)) {
    *seconds = NAN;
    PetscCall(GtfsFieldError(b, t, row, field, "expected a time H:MM:SS (hours may pass 24, minutes and seconds below 60), got '%s'", s));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void merge_sort(const PetscReal key[], PetscInt *a, PetscInt *tmp, PetscInt n)
{
  PetscInt h = n / 2, i = 0, j = h, k = 0;

  if (n < 2) return;
  merge_sort(key, a, tmp, h);
  merge_sort(key, a + h, tmp, n - h);
  while (i < h && j < n) tmp[k++] = key[a[j]] < key[a[i]] ? a[j++] : a[i++];
  while (i < h) tmp[k++] = a[i++];
  while (j < n) tmp[k++] = a[j++];
  for (k = 0; k < n; k++) a[k] = tmp[k];
}

PetscErrorCode GtfsSortByKey(PetscInt n, const PetscReal key[], PetscInt idx[])
{
  PetscInt *tmp;
  PetscBool sorted = PETSC_TRUE;

  PetscFunctionBegin;
  /* Feeds are nearly always written in order: check before sorting. */
  for (PetscInt i = 1; i < n && sorted; i++) sorted = key[idx[i]] >= key[idx[i - 1]] ? PETSC_TRUE : PETSC_FALSE;
  if (sorted) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscMalloc1(n, &tmp));
  merge_sort(key, idx, tmp, n);
  PetscCall(PetscFree(tmp));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsGroupRows(PetscInt nrows, const PetscInt group[], PetscInt ngroups, PetscInt **start, PetscInt **order)
{
  PetscInt *next;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(ngroups + 1, start));
  PetscCall(PetscMalloc1(nrows, order));
  for (PetscInt r = 0; r < nrows; r++)
    if (group[r] >= 0) (*start)[group[r] + 1]++;
  for (PetscInt g = 0; g < ngroups; g++) (*start)[g + 1] += (*start)[g];
  PetscCall(PetscMalloc1(ngroups, &next));
  PetscCall(PetscArraycpy(next, *start, ngroups));
  for (PetscInt r = 0; r < nrows; r++)
    if (group[r] >= 0) (*order)[next[group[r]]++] = r;
  PetscCall(PetscFree(next));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsBuildFree(GtfsBuild *b)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(b->pool.buf));
  PetscCall(PetscFree2(b->service_id, b->service_active));
  PetscCall(PetscFree4(b->stop_id, b->stop_name, b->stop_lat, b->stop_lon));
  PetscCall(PetscFree4(b->route_id, b->route_short_name, b->route_long_name, b->route_type));
  PetscCall(PetscFree(b->shape_id));
  PetscCall(PetscFree4(b->shape_start, b->shape_lat, b->shape_lon, b->shape_dist));
  PetscCall(PetscFree2(b->trip_id, b->trip_headsign));
  PetscCall(PetscFree6(b->trip_route, b->trip_service, b->trip_block, b->trip_shape, b->trip_direction, b->trip_line));
  PetscCall(PetscFree(b->block_id));
  PetscCall(PetscFree(b->st_start));
  PetscCall(PetscFree5(b->st_stop, b->st_arr, b->st_dep, b->st_dist, b->st_line));
  PetscCall(PetscFree(b->fq_start));
  PetscCall(PetscFree3(b->fq_begin, b->fq_end, b->fq_headway));
  PetscCall(GtfsIdMapFree(&b->service_map));
  PetscCall(GtfsIdMapFree(&b->stop_map));
  PetscCall(GtfsIdMapFree(&b->route_map));
  PetscCall(GtfsIdMapFree(&b->shape_map));
  PetscCall(GtfsIdMapFree(&b->trip_map));
  PetscCall(GtfsIdMapFree(&b->block_map));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The readers of each file; each skips the checks whose reference table failed, so that one
   broken file does not bury the report under its consequences. */
static PetscErrorCode read_files(GtfsBuild *b)
{
  PetscFunctionBegin;
  PetscCall(GtfsReadCalendar(b));
  PetscCall(GtfsReadStops(b));
  PetscCall(GtfsReadRoutes(b));
  PetscCall(GtfsReadShapes(b));
  PetscCall(GtfsReadTrips(b));
  PetscCall(GtfsReadStopTimes(b));
  PetscCall(GtfsReadFrequencies(b));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcGtfsFeedRead(const char *path, OcGtfsSource kind, const char *service_date, OcDiag diag, OcGtfsFeed *feed)
{
  GtfsBuild b;
  PetscBool ok;
  PetscInt  before, after;
  size_t    empty;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(feed, sizeof *feed));
  PetscCall(PetscMemzero(&b, sizeof b));
  b.diag = diag;
  PetscCall(OcDiagCount(diag, &before));
  if (!GtfsParseDate(service_date, &b.date, &b.weekday)) {
    PetscCall(OcDiagAdd(diag, path, 0, "service date '%s': expected a date YYYYMMDD", service_date));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCall(GtfsPoolAdd(&b.pool, "", &empty)); /* offset 0: the empty string */
  PetscCall(GtfsIdMapInit(&b.service_map, &b.pool));
  PetscCall(GtfsIdMapInit(&b.stop_map, &b.pool));
  PetscCall(GtfsIdMapInit(&b.route_map, &b.pool));
  PetscCall(GtfsIdMapInit(&b.shape_map, &b.pool));
  PetscCall(GtfsIdMapInit(&b.trip_map, &b.pool));
  PetscCall(GtfsIdMapInit(&b.block_map, &b.pool));
  PetscCall(GtfsSourceOpen(path, kind, diag, &b.src, &ok));
  if (ok) PetscCall(read_files(&b));
  PetscCall(GtfsSourceClose(&b.src));
  PetscCall(OcDiagCount(diag, &after));
  if (ok && after == before) {
    PetscCall(PetscStrncpy(feed->service_date, service_date, sizeof feed->service_date));
    PetscCall(GtfsAssemble(&b, feed));
  }
  PetscCall(GtfsBuildFree(&b));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcGtfsFeedFree(OcGtfsFeed *f)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(f->strings));
  PetscCall(PetscFree4(f->stop_id, f->stop_name, f->stop_lat, f->stop_lon));
  PetscCall(PetscFree4(f->route_id, f->route_short_name, f->route_long_name, f->route_type));
  PetscCall(PetscFree2(f->service_id, f->service_active));
  PetscCall(PetscFree(f->shape_id));
  PetscCall(PetscFree4(f->shape_start, f->shape_lat, f->shape_lon, f->shape_dist));
  PetscCall(PetscFree3(f->block_id, f->block_start_s, f->block_end_s));
  PetscCall(PetscFree3(f->trip_id, f->trip_headsign, f->trip_line));
  PetscCall(PetscFree6(f->trip_route, f->trip_service, f->trip_block, f->trip_shape, f->trip_direction, f->trip_headway_s));
  PetscCall(PetscFree2(f->trip_departure_s, f->trip_stop_start));
  PetscCall(PetscFree5(f->stop_time_stop, f->stop_time_arrival_s, f->stop_time_departure_s, f->stop_time_dist, f->stop_time_line));
  PetscCall(PetscMemzero(f, sizeof *f));
  PetscFunctionReturn(PETSC_SUCCESS);
}
