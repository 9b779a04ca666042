/* The feed for the service date from the checked tables: stops, routes, services and shapes
   as read; the trips whose service runs on the date, frequency templates expanded; the blocks
   of those trips with the span of their vehicle. */
#include "gtfs_impl.h"

static PetscErrorCode assemble_tables(GtfsBuild *b, OcGtfsFeed *f)
{
  const char *s = f->strings;
  PetscInt    n;

  PetscFunctionBegin;
  n = f->nstops = b->nstops;
  PetscCall(PetscMalloc4(n, &f->stop_id, n, &f->stop_name, n, &f->stop_lat, n, &f->stop_lon));
  for (PetscInt i = 0; i < n; i++) {
    f->stop_id[i]   = s + b->stop_id[i];
    f->stop_name[i] = s + b->stop_name[i];
    f->stop_lat[i]  = b->stop_lat[i];
    f->stop_lon[i]  = b->stop_lon[i];
  }
  n = f->nroutes = b->nroutes;
  PetscCall(PetscMalloc4(n, &f->route_id, n, &f->route_short_name, n, &f->route_long_name, n, &f->route_type));
  for (PetscInt i = 0; i < n; i++) {
    f->route_id[i]         = s + b->route_id[i];
    f->route_short_name[i] = s + b->route_short_name[i];
    f->route_long_name[i]  = s + b->route_long_name[i];
    f->route_type[i]       = b->route_type[i];
  }
  n = f->nservices = b->nservices;
  PetscCall(PetscMalloc2(n, &f->service_id, n, &f->service_active));
  for (PetscInt i = 0; i < n; i++) {
    f->service_id[i]     = s + b->service_id[i];
    f->service_active[i] = b->service_active[i];
  }
  n = f->nshapes = b->nshapes;
  f->npoints     = b->npoints;
  PetscCall(PetscMalloc1(n, &f->shape_id));
  PetscCall(PetscMalloc4(n + 1, &f->shape_start, f->npoints, &f->shape_lat, f->npoints, &f->shape_lon, f->npoints, &f->shape_dist));
  for (PetscInt i = 0; i < n; i++) f->shape_id[i] = s + b->shape_id[i];
  PetscCall(PetscArraycpy(f->shape_start, b->shape_start, n + 1));
  PetscCall(PetscArraycpy(f->shape_lat, b->shape_lat, f->npoints));
  PetscCall(PetscArraycpy(f->shape_lon, b->shape_lon, f->npoints));
  PetscCall(PetscArraycpy(f->shape_dist, b->shape_dist, f->npoints));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Calls add(trip i of trips.txt, shift, headway) for each trip running on the date: the
   timetabled ones as they are, each frequency template once per departure of its windows. */
typedef PetscErrorCode (*TripVisitor)(GtfsBuild *, OcGtfsFeed *, PetscInt i, PetscReal shift_s, PetscReal headway_s);

static PetscErrorCode visit_trips(GtfsBuild *b, OcGtfsFeed *f, TripVisitor add)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < b->ntrips; i++) {
    PetscReal first;
    if (!b->service_active[b->trip_service[i]]) continue;
    first = b->st_dep[b->st_start[i]]; /* every trip has two stop times or more */
    if (b->fq_start[i] == b->fq_start[i + 1]) PetscCall(add(b, f, i, 0, 0));
    for (PetscInt w = b->fq_start[i]; w < b->fq_start[i + 1]; w++)
      for (PetscReal t = b->fq_begin[w]; t < b->fq_end[w]; t += b->fq_headway[w]) PetscCall(add(b, f, i, t - first, b->fq_headway[w]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode count_trip(GtfsBuild *b, OcGtfsFeed *f, PetscInt i, PetscReal shift_s, PetscReal headway_s)
{
  PetscFunctionBegin;
  f->ntrips++;
  f->nstop_times += b->st_start[i + 1] - b->st_start[i];
  if (headway_s > 0) f->nfrequency_trips++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode add_trip(GtfsBuild *b, OcGtfsFeed *f, PetscInt i, PetscReal shift_s, PetscReal headway_s)
{
  PetscInt k = f->ntrips++, s = f->trip_stop_start[k];

  PetscFunctionBegin;
  f->trip_id[k]          = f->strings + b->trip_id[i];
  f->trip_headsign[k]    = f->strings + b->trip_headsign[i];
  f->trip_route[k]       = b->trip_route[i];
  f->trip_service[k]     = b->trip_service[i];
  f->trip_block[k]       = headway_s > 0 ? -1 : b->trip_block[i];
  f->trip_shape[k]       = b->trip_shape[i];
  f->trip_direction[k]   = b->trip_direction[i];
  f->trip_headway_s[k]   = (PetscInt)headway_s;
  f->trip_departure_s[k] = b->st_dep[b->st_start[i]] + shift_s;
  f->trip_line[k]        = b->trip_line[i];
  for (PetscInt j = b->st_start[i]; j < b->st_start[i + 1]; j++, s++) {
    f->stop_time_stop[s]        = b->st_stop[j];
    f->stop_time_arrival_s[s]   = b->st_arr[j] + shift_s;
    f->stop_time_departure_s[s] = b->st_dep[j] + shift_s;
    f->stop_time_dist[s]        = b->st_dist[j];
    f->stop_time_line[s]        = b->st_line[j];
  }
  f->trip_stop_start[k + 1] = s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The blocks of the trips on the date, in order of first appearance, with their spans. */
static PetscErrorCode assemble_blocks(GtfsBuild *b, OcGtfsFeed *f)
{
  PetscInt *renumber, n = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(b->nblocks, &renumber));
  for (PetscInt i = 0; i < b->nblocks; i++) renumber[i] = -1;
  for (PetscInt k = 0; k < f->ntrips; k++)
    if (f->trip_block[k] >= 0 && renumber[f->trip_block[k]] < 0) renumber[f->trip_block[k]] = n++;
  f->nblocks = n;
  PetscCall(PetscMalloc3(n, &f->block_id, n, &f->block_start_s, n, &f->block_end_s));
  for (PetscInt i = 0; i < b->nblocks; i++)
    if (renumber[i] >= 0) {
      f->block_id[renumber[i]]      = f->strings + b->block_id[i];
      f->block_start_s[renumber[i]] = PETSC_MAX_REAL;
      f->block_end_s[renumber[i]]   = PETSC_MIN_REAL;
    }
  for (PetscInt k = 0; k < f->ntrips; k++) {
    PetscInt bl = f->trip_block[k];
    if (bl < 0) continue;
    bl                   = renumber[bl];
    f->trip_block[k]     = bl;
    f->block_start_s[bl] = PetscMin(f->block_start_s[bl], f->trip_departure_s[k]);
    f->block_end_s[bl]   = PetscMax(f->block_end_s[bl], f->stop_time_arrival_s[f->trip_stop_start[k + 1] - 1]);
  }
  PetscCall(PetscFree(renumber));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsAssemble(GtfsBuild *b, OcGtfsFeed *f)
{
  PetscInt n, m;

  PetscFunctionBegin;
  f->strings  = b->pool.buf; /* the pool no longer grows: strings can point into it */
  b->pool.buf = NULL;
  PetscCall(assemble_tables(b, f));
  PetscCall(visit_trips(b, f, count_trip));
  n = f->ntrips;
  m = f->nstop_times;
  PetscCall(PetscMalloc3(n, &f->trip_id, n, &f->trip_headsign, n, &f->trip_line));
  PetscCall(PetscMalloc6(n, &f->trip_route, n, &f->trip_service, n, &f->trip_block, n, &f->trip_shape, n, &f->trip_direction, n, &f->trip_headway_s));
  PetscCall(PetscMalloc2(n, &f->trip_departure_s, n + 1, &f->trip_stop_start));
  PetscCall(PetscMalloc5(m, &f->stop_time_stop, m, &f->stop_time_arrival_s, m, &f->stop_time_departure_s, m, &f->stop_time_dist, m, &f->stop_time_line));
  f->ntrips             = 0;
  f->trip_stop_start[0] = 0;
  PetscCall(visit_trips(b, f, add_trip));
  PetscCall(assemble_blocks(b, f));
  PetscFunctionReturn(PETSC_SUCCESS);
}
