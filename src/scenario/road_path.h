#ifndef ROAD_PATH_H
#define ROAD_PATH_H
/* Road routes laid along GTFS shapes (docs/scenario.md, fleet.routes): a road route without
   length_m takes its length and its stops' chainages from the shape of the first GTFS trip
   mapped onto it. Private to the scenario module. */
#include "scenario_impl.h"
#include "gtfs.h"

/* Great-circle distance (m) between two points given in degrees, on a sphere of the Earth's
   mean radius (IUGG, 6371008.8 m). */
PETSC_EXTERN PetscReal OcGeoDistance(PetscReal lat1, PetscReal lon1, PetscReal lat2, PetscReal lon2);
/* Lays road route rt along the shape of feed trip i: stop_time[k] is the trip's stop time at
   route stop k, or -1 where the trip skips it. Sets the route's length_m, shape and its stops'
   chainages, or records why it cannot (stop_times names stop_times.txt in messages). */
PETSC_EXTERN PetscErrorCode OcScenarioLayRoadPath(const OcGtfsFeed *, PetscInt i, const PetscInt stop_time[], PetscInt rt, const char *stop_times, OcDiag, OcScenarioData *);

#endif
