/* What a feed means for the fleet: the vehicles in service over the day, and a summary. */
#include "gtfs_impl.h"

/* The span of trip k: departure from the first stop to arrival at the last. */
static PetscReal trip_end(const OcGtfsFeed *f, PetscInt k)
{
  return f->stop_time_arrival_s[f->trip_stop_start[k + 1] - 1];
}

PetscErrorCode OcGtfsFeedVehiclesInService(const OcGtfsFeed *f, PetscReal t_s, PetscInt *n)
{
  PetscFunctionBegin;
  *n = 0;
  for (PetscInt k = 0; k < f->ntrips; k++)
    if (f->trip_block[k] < 0 && f->trip_departure_s[k] <= t_s && t_s < trip_end(f, k)) (*n)++;
  for (PetscInt k = 0; k < f->nblocks; k++)
    if (f->block_start_s[k] <= t_s && t_s < f->block_end_s[k]) (*n)++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcGtfsFeedMaxVehiclesInService(const OcGtfsFeed *f, PetscInt *n, PetscReal *t_s)
{
  PetscReal *time;
  PetscInt  *delta, m = 0, count = 0;

  PetscFunctionBegin;
  /* A sweep over the starts (+1) and ends (-1) of every vehicle's span. */
  PetscCall(PetscMalloc2(2 * (f->ntrips + f->nblocks), &time, 2 * (f->ntrips + f->nblocks), &delta));
  for (PetscInt k = 0; k < f->ntrips; k++)
    if (f->trip_block[k] < 0) {
      time[m] = f->trip_departure_s[k], delta[m++] = 1;
      time[m] = trip_end(f, k), delta[m++] = -1;
    }
  for (PetscInt k = 0; k < f->nblocks; k++) {
    time[m] = f->block_start_s[k], delta[m++] = 1;
    time[m] = f->block_end_s[k], delta[m++] = -1;
  }
  PetscCall(PetscSortRealWithArrayInt(m, time, delta));
  *n   = 0;
  *t_s = 0;
  /* Spans are half-open: all the changes at one time apply before it is counted. */
  for (PetscInt i = 0; i < m;) {
    PetscInt j = i;
    for (; j < m && time[j] == time[i]; j++) count += delta[j];
    if (count > *n) {
      *n   = count;
      *t_s = time[i];
    }
    i = j;
  }
  PetscCall(PetscFree2(time, delta));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcGtfsFeedView(const OcGtfsFeed *f, PetscViewer viewer)
{
  PetscInt  active = 0;
  PetscReal first = PETSC_MAX_REAL, last = PETSC_MIN_REAL;
  char      s1[32] = "-", s2[32] = "-";

  PetscFunctionBegin;
  for (PetscInt i = 0; i < f->nservices; i++) active += f->service_active[i] ? 1 : 0;
  for (PetscInt k = 0; k < f->ntrips; k++) {
    first = PetscMin(first, f->trip_departure_s[k]);
    last  = PetscMax(last, trip_end(f, k));
  }
  if (f->ntrips) {
    OcFormatClock(first, s1, sizeof s1);
    OcFormatClock(last, s2, sizeof s2);
  }
  PetscCall(PetscViewerASCIIPrintf(viewer, "GTFS feed for service date %s\n", f->service_date));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  stops %" PetscInt_FMT ", routes %" PetscInt_FMT ", services %" PetscInt_FMT " (%" PetscInt_FMT " running)\n", f->nstops, f->nroutes, f->nservices, active));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  trips %" PetscInt_FMT " (%" PetscInt_FMT " from frequencies.txt), stop times %" PetscInt_FMT "\n", f->ntrips, f->nfrequency_trips, f->nstop_times));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  blocks %" PetscInt_FMT ", shapes %" PetscInt_FMT " with %" PetscInt_FMT " points\n", f->nblocks, f->nshapes, f->npoints));
  PetscCall(PetscViewerASCIIPrintf(viewer, "  first departure %s, last arrival %s\n", s1, s2));
  PetscFunctionReturn(PETSC_SUCCESS);
}
