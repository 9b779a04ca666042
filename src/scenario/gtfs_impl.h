#ifndef GTFS_IMPL_H
#define GTFS_IMPL_H
/* Private to the GTFS reader (gtfs_*.c): the string pool, the id maps, the feed's storage and
   the state shared by the readers of each file while a feed is built. */
#include "gtfs.h"
#include "occsv.h"

/* Every string kept from the feed, NUL-terminated, addressed by offset while it grows. */
typedef struct {
  char  *buf;
  size_t len, cap;
} GtfsPool;

/* String id -> index, open addressing over ids stored in a pool. */
typedef struct {
  const GtfsPool *pool;
  size_t         *key;   /* pool offset of each slot's id */
  PetscInt       *value; /* -1: empty slot */
  PetscInt        n, cap;
} GtfsIdMap;

PETSC_INTERN PetscErrorCode GtfsPoolAdd(GtfsPool *, const char *s, size_t *offset);
PETSC_INTERN PetscErrorCode GtfsIdMapInit(GtfsIdMap *, const GtfsPool *);
/* Adds id (already in the pool at offset) -> value; *existing is the value already mapped to
   the same id (and nothing is added), or -1. */
PETSC_INTERN PetscErrorCode GtfsIdMapInsert(GtfsIdMap *, size_t offset, PetscInt value, PetscInt *existing);
PETSC_INTERN PetscInt       GtfsIdMapFind(const GtfsIdMap *, const char *id);
PETSC_INTERN PetscErrorCode GtfsIdMapFree(GtfsIdMap *);

/* An open feed: a folder or a zip archive. */
typedef struct {
  OcGtfsSource kind;
  const char  *path;
  void        *zip; /* zip_t * */
} GtfsSource;

/* ok is false (and the reason recorded) when path cannot be opened as kind says. */
PETSC_INTERN PetscErrorCode GtfsSourceOpen(const char *path, OcGtfsSource, OcDiag, GtfsSource *, PetscBool *ok);
/* The whole member file into *buf (PetscFree it); found is false when the feed has none. */
PETSC_INTERN PetscErrorCode GtfsSourceLoad(GtfsSource *, const char *file, OcDiag, char **buf, size_t *len, PetscBool *found);
PETSC_INTERN PetscErrorCode GtfsSourceClose(GtfsSource *);

/* Everything read so far. Arrays are sized by the rows of their file; strings are offsets
   into pool until the feed is assembled. */
typedef struct {
  OcDiag     diag;
  GtfsSource src;
  GtfsPool   pool;
  PetscInt   date, weekday; /* the service date as YYYYMMDD, and 0 Monday .. 6 Sunday */
  /* which tables could be read: references into a table that failed are not checked */
  PetscBool have_services, have_stops, have_routes, have_shapes, have_trips, have_stop_times;

  PetscInt   nservices;
  size_t    *service_id;
  PetscBool *service_active;
  GtfsIdMap  service_map;

  PetscInt   nstops;
  size_t    *stop_id, *stop_name;
  PetscReal *stop_lat, *stop_lon;
  GtfsIdMap  stop_map;

  PetscInt  nroutes;
  size_t   *route_id, *route_short_name, *route_long_name;
  PetscInt *route_type;
  GtfsIdMap route_map;

  PetscInt   nshapes, npoints;
  size_t    *shape_id;
  PetscInt  *shape_start;
  PetscReal *shape_lat, *shape_lon, *shape_dist;
  GtfsIdMap  shape_map;

  /* every row of trips.txt */
  PetscInt  ntrips;
  size_t   *trip_id, *trip_headsign;
  PetscInt *trip_route, *trip_service, *trip_block, *trip_shape, *trip_direction, *trip_line;
  GtfsIdMap trip_map;

  /* block ids as they appear in trips.txt */
  PetscInt  nblocks;
  size_t   *block_id;
  GtfsIdMap block_map;

  /* stop times grouped by trips.txt row, in stop_sequence order, times filled in */
  PetscInt  *st_start;
  PetscInt  *st_stop;
  PetscReal *st_arr, *st_dep, *st_dist;
  PetscInt  *st_line; /* line in stop_times.txt */

  /* frequency windows grouped by trips.txt row, by start time */
  PetscInt  *fq_start;
  PetscReal *fq_begin, *fq_end, *fq_headway;
} GtfsBuild;

/* The table file of the feed; found says whether the feed has it (its absence is recorded as
   a problem when required). A table that cannot be read comes back empty (no header) after
   its problems are recorded: binding it then fails quietly. */
PETSC_INTERN PetscErrorCode GtfsTableLoad(GtfsBuild *, const char *file, PetscBool required, OcCsv *, PetscBool *found);
/* Records "FILE:LINE: field 'FIELD': message". */
PETSC_INTERN PetscErrorCode GtfsFieldError(GtfsBuild *, const OcCsv *, PetscInt row, const char *field, const char *fmt, ...) PETSC_ATTRIBUTE_FORMAT(5, 6);
/* A required identifier: its text, or NULL after recording that it is empty. */
PETSC_INTERN PetscErrorCode GtfsGetId(GtfsBuild *, const OcCsv *, PetscInt row, PetscInt col, const char *field, const char **id);
/* The id of a table's row: into the pool and map (id -> row), duplicates recorded. *offset
   is 0 (the empty string) for an empty field or a duplicate: the row defines nothing. */
PETSC_INTERN PetscErrorCode GtfsDefineId(GtfsBuild *, GtfsIdMap *, const OcCsv *, PetscInt row, PetscInt col, const char *field, size_t *offset);
/* A reference: the index the id in the field maps to, or -1. A dangling id is recorded as
   "no NOUN 'ID' in FILE" when checked (the table it points to was read). */
PETSC_INTERN PetscErrorCode GtfsLookup(GtfsBuild *, const OcCsv *, PetscInt row, PetscInt col, const char *field, const GtfsIdMap *, PetscBool checked, const char *noun, const char *file, PetscInt *index);
/* An optional text field into the pool; 0 (the empty string) when empty or absent. */
PETSC_INTERN PetscErrorCode GtfsAddText(GtfsBuild *, const OcCsv *, PetscInt row, PetscInt col, size_t *offset);
/* A real field in [lo, hi] named by what; an empty field gives NaN, recorded when required. */
PETSC_INTERN PetscErrorCode GtfsGetReal(GtfsBuild *, const OcCsv *, PetscInt row, PetscInt col, const char *field, PetscBool required, PetscReal lo, PetscReal hi, const char *what, PetscReal *value);
/* An integer field in [lo, hi]; an empty field leaves *value when optional. */
PETSC_INTERN PetscErrorCode GtfsGetInt(GtfsBuild *, const OcCsv *, PetscInt row, PetscInt col, const char *field, PetscBool required, PetscInt lo, PetscInt hi, PetscInt *value);
/* A clock time H:MM:SS (hours may pass 24); an empty field gives NaN when optional. */
PETSC_INTERN PetscErrorCode GtfsGetTime(GtfsBuild *, const OcCsv *, PetscInt row, PetscInt col, const char *field, PetscBool required, PetscReal *seconds);
/* Sorts idx[0..n) by key[idx[.]], keeping the order of equal keys (rows by a sequence). */
PETSC_INTERN PetscErrorCode GtfsSortByKey(PetscInt n, const PetscReal key[], PetscInt idx[]);
/* Rows by group (a counting sort, file order kept within each group): the rows of group g
   are order[start[g] .. start[g+1]-1]; rows with group < 0 are left out. */
PETSC_INTERN PetscErrorCode GtfsGroupRows(PetscInt nrows, const PetscInt group[], PetscInt ngroups, PetscInt **start, PetscInt **order);

/* The readers of each file, in the order the references between files need. */
PETSC_INTERN PetscBool      GtfsParseDate(const char *text, PetscInt *yyyymmdd, PetscInt *weekday);
PETSC_INTERN PetscErrorCode GtfsReadCalendar(GtfsBuild *);
PETSC_INTERN PetscErrorCode GtfsReadStops(GtfsBuild *);
PETSC_INTERN PetscErrorCode GtfsReadRoutes(GtfsBuild *);
PETSC_INTERN PetscErrorCode GtfsReadShapes(GtfsBuild *);
PETSC_INTERN PetscErrorCode GtfsReadTrips(GtfsBuild *);
PETSC_INTERN PetscErrorCode GtfsReadStopTimes(GtfsBuild *);
PETSC_INTERN PetscErrorCode GtfsReadFrequencies(GtfsBuild *);
/* The feed for the date from what was read: active trips, frequency expansion, blocks. */
PETSC_INTERN PetscErrorCode GtfsAssemble(GtfsBuild *, OcGtfsFeed *);
PETSC_INTERN PetscErrorCode GtfsBuildFree(GtfsBuild *);

#endif
