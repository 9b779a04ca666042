#ifndef GTFS_H
#define GTFS_H
/* A GTFS static feed (https://gtfs.org/schedule/reference/) read for one service date into
   plain arrays: stops, routes, the trips that run on that date with their stop times, shapes
   and vehicle blocks.

   What is read: stops.txt, routes.txt, trips.txt, stop_times.txt and at least one of
   calendar.txt and calendar_dates.txt are required; frequencies.txt and shapes.txt are
   optional; every other file (agency.txt, fares, transfers, vendor extensions) and every
   unknown column are ignored. Records shorter than the header get empty trailing fields.

   Time: seconds since midnight of the service date. GTFS counts from "noon minus 12 h", which
   differs from midnight by one hour on the two days a year the clocks change; the feed's
   time zone is not applied, so on those days times stay as the feed writes them.

   Missing times: a stop time may leave arrival and departure empty between two timed stops
   (timepoints). Its times are interpolated linearly between the timed stops before and after,
   by shape_dist_traveled when the whole stretch has it and it increases strictly, otherwise
   evenly by the number of stops. One given time is used for both arrival and departure.

   Frequencies: a trip named in frequencies.txt is a template. It is replaced by concrete
   trips departing from its first stop at start_time + k * headway_secs for every k with
   start_time + k * headway_secs < end_time (the end is excluded, as the reference says);
   the template's stop times are shifted by the same amount. exact_times = 0 (headway-based
   service) is expanded the same way: the nominal schedule a planning study needs. Generated
   trips keep the template's trip_id and get no block (each one is a vehicle).

   Validation does not depend on the date: every row of every file is checked, including trips
   that do not run on the date chosen, so a feed is either valid or not. */
#include <petscviewer.h>
#include "ocdiag.h"

/* How the feed is stored; chosen by the caller, never guessed from the name. */
typedef enum {
  OC_GTFS_SOURCE_FOLDER, /* a folder holding the .txt files */
  OC_GTFS_SOURCE_ZIP     /* a zip archive with the .txt files at its root */
} OcGtfsSource;
/* Names for PetscOptionsEnum: "folder", "zip". */
PETSC_EXTERN const char *const OcGtfsSources[];

/* The feed for one service date. Every string points into strings[]. Indices are 0-based
   positions in the arrays of this struct; -1 stands for "none". */
typedef struct {
  char service_date[9]; /* YYYYMMDD */

  /* stops.txt, every row in file order */
  PetscInt     nstops;
  const char **stop_id, **stop_name;
  PetscReal   *stop_lat, *stop_lon; /* degrees; NaN when location_type 3 or 4 leaves them empty */

  /* routes.txt, every row in file order */
  PetscInt     nroutes;
  const char **route_id, **route_short_name, **route_long_name;
  PetscInt    *route_type; /* 0 tram, 1 metro, 2 rail, 3 bus, 11 trolleybus, ... */

  /* service ids from calendar.txt and calendar_dates.txt; active: runs on the date */
  PetscInt     nservices;
  const char **service_id;
  PetscBool   *service_active;

  /* shapes.txt (absent file: none). Points of shape s: shape_start[s] .. shape_start[s+1]-1,
     in shape_pt_sequence order; shape_dist is NaN where the feed leaves it empty. */
  PetscInt     nshapes, npoints;
  const char **shape_id;
  PetscInt    *shape_start;
  PetscReal   *shape_lat, *shape_lon, *shape_dist;

  /* block_id values of the trips running on the date; one vehicle each, out from the first
     departure of its first trip to the last arrival of its last trip */
  PetscInt     nblocks;
  const char **block_id;
  PetscReal   *block_start_s, *block_end_s;

  /* Trips running on the date: timetabled trips in trips.txt order, each frequency template
     replaced in place by the trips it generates in departure order. (trip_id,
     trip_departure_s) is unique. */
  PetscInt     ntrips, nfrequency_trips; /* all, and those generated from frequencies.txt */
  const char **trip_id, **trip_headsign;
  PetscInt    *trip_route, *trip_service, *trip_block, *trip_shape;
  PetscInt    *trip_direction;   /* direction_id 0 or 1, -1 when empty */
  PetscInt    *trip_headway_s;   /* 0 for a timetabled trip, the headway for a generated one */
  PetscReal   *trip_departure_s; /* departure from the first stop */
  PetscInt    *trip_line;        /* line in trips.txt (the template's, for a generated trip) */

  /* Stop times of trip i: trip_stop_start[i] .. trip_stop_start[i+1]-1, in stop_sequence
     order; stop_time_dist is shape_dist_traveled (NaN when empty); stop_time_line is the
     row's line in stop_times.txt (the template's, for a generated trip), for messages. */
  PetscInt  *trip_stop_start;
  PetscInt   nstop_times;
  PetscInt  *stop_time_stop, *stop_time_line;
  PetscReal *stop_time_arrival_s, *stop_time_departure_s, *stop_time_dist;

  char *strings;
} OcGtfsFeed;

/* Reads the feed at path (a folder or a zip, as kind says) for service_date (YYYYMMDD).
   Every problem found in the feed is recorded in diag with its file, line and field, and the
   feed comes back empty; the caller raises them with OcDiagRaise(). Not collective: one rank
   reads. */
PETSC_EXTERN PetscErrorCode OcGtfsFeedRead(const char *path, OcGtfsSource kind, const char *service_date, OcDiag, OcGtfsFeed *);
PETSC_EXTERN PetscErrorCode OcGtfsFeedFree(OcGtfsFeed *);
/* The date days after YYYYMMDD (days < 0: before), as YYYYMMDD; false for an invalid date. */
PETSC_EXTERN PetscBool OcGtfsShiftDate(const char *yyyymmdd, PetscInt days, char out[9]);
/* Vehicles in service at t_s: each block counts once over its span (a vehicle waiting at a
   terminal between two trips of its block is in service), each trip without a block over
   [departure from the first stop, arrival at the last stop). */
PETSC_EXTERN PetscErrorCode OcGtfsFeedVehiclesInService(const OcGtfsFeed *, PetscReal t_s, PetscInt *n);
/* The most vehicles in service at once over the day, and the first time it is reached. */
PETSC_EXTERN PetscErrorCode OcGtfsFeedMaxVehiclesInService(const OcGtfsFeed *, PetscInt *n, PetscReal *t_s);
/* Counts (stops, routes, services, shapes, blocks, trips, stop times) and the time span. */
PETSC_EXTERN PetscErrorCode OcGtfsFeedView(const OcGtfsFeed *, PetscViewer);

#endif
