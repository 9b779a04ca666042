#ifndef GTFS_MAP_H
#define GTFS_MAP_H
/* A GTFS feed's trips mapped onto the scenario's routes (fleet.timetable, docs/scenario.md).
   Private to the scenario module. */
#include "scenario_impl.h"
#include "gtfs.h"

/* A row of the mapping table: GTFS route (route_id, short or long name), direction (-1: any),
   the scenario route and vehicle type its trips run as, and its line in the table. */
typedef struct {
  const char *gtfs_route;
  PetscInt    direction, route, vehicle_type, line;
} OcGtfsMapRow;

/* What matching trips onto routes needs, and where messages point. */
typedef struct {
  OcDiag                diag;
  const OcGtfsFeed     *feed;
  const OcScenarioData *d;
  char                  stop_times[PETSC_MAX_PATH_LEN]; /* stop_times.txt as named in messages */
  char                  trips[PETSC_MAX_PATH_LEN];      /* trips.txt */
  PetscBool            *laid;                           /* per route: laid along a shape */
  PetscReal             tolerance_m;
} OcGtfsMatcher;

/* A service day of the feed: the date (day 0) or the one before or after (day -1, 1), whose
   times are shifted by -24 h or 24 h; trips of the other days are kept only where they overlap
   [lo_s, hi_s). */
typedef struct {
  PetscInt   day;
  char       date[9];
  PetscReal  lo_s, hi_s;
  OcGtfsFeed feed;
} OcGtfsDay;

/* Reads the mapping table (recording problems in diag); *map is NULL when its columns are wrong. */
PETSC_EXTERN PetscErrorCode OcGtfsReadMap(const OcCsv *, OcDiag, const OcGtfsFeed *, const OcScenarioData *, OcGtfsMapRow **map);
/* Appends the mapped trips of one service day (m->feed: that day's feed) to the timed trips and
   their sources to *src (grown); with given blocks, checks that e-bus blocks are run whole. */
PETSC_EXTERN PetscErrorCode OcGtfsMapTrips(const OcGtfsMatcher *m, const OcGtfsMapRow map[], PetscInt nmap, OcBlockMode, const OcGtfsDay *, OcTimedTripSource **src, OcScenarioData *);

#endif
