/* Reads a GTFS feed for one service date (src/scenario/gtfs.h) and prints what the tests
   compare: the summary, the vehicles in service at the times given, the most vehicles in
   service over the day and, with -dump, every trip with its stop times.

     -feed PATH -source folder|zip -date YYYYMMDD [-at H:MM:SS,...] [-max] [-dump] [-timing]

   Rank 0 reads and prints; the other ranks only take part in raising the feed's problems, so
   the output is the same on every rank count. -timing prints the read time to stderr (not
   compared). The counts in the expected outputs were checked independently of the reader: see
   CMakeLists.txt next to this file. */
#include <gtfs.h>
#include <ocparse.h>

static PetscErrorCode print_vehicles(const OcGtfsFeed *feed, PetscInt nat, char *at[])
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < nat; i++) {
    PetscReal t;
    PetscInt  n;
    PetscCheck(OcParseClock(at[i], &t), PETSC_COMM_SELF, PETSC_ERR_ARG_WRONG, "-at: '%s' is not a time H:MM:SS", at[i]);
    PetscCall(OcGtfsFeedVehiclesInService(feed, t, &n));
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "vehicles in service at %s: %" PetscInt_FMT "\n", at[i], n));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode print_max(const OcGtfsFeed *feed)
{
  PetscInt  n;
  PetscReal t;
  char      clock[32];

  PetscFunctionBegin;
  PetscCall(OcGtfsFeedMaxVehiclesInService(feed, &n, &t));
  OcFormatClock(t, clock, sizeof clock);
  PetscCall(PetscPrintf(PETSC_COMM_SELF, "most vehicles in service: %" PetscInt_FMT " from %s\n", n, clock));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const char *or_dash(const char *s)
{
  return s[0] ? s : "-";
}

static PetscErrorCode dump(const OcGtfsFeed *f)
{
  PetscFunctionBegin;
  for (PetscInt i = 0; i < f->nstops; i++) PetscCall(PetscPrintf(PETSC_COMM_SELF, "stop %s '%s' %.6f %.6f\n", f->stop_id[i], f->stop_name[i], (double)f->stop_lat[i], (double)f->stop_lon[i]));
  for (PetscInt i = 0; i < f->nroutes; i++) PetscCall(PetscPrintf(PETSC_COMM_SELF, "route %s '%s' '%s' type %" PetscInt_FMT "\n", f->route_id[i], f->route_short_name[i], f->route_long_name[i], f->route_type[i]));
  for (PetscInt i = 0; i < f->nservices; i++) PetscCall(PetscPrintf(PETSC_COMM_SELF, "service %s %s\n", f->service_id[i], f->service_active[i] ? "runs" : "does not run"));
  for (PetscInt i = 0; i < f->nshapes; i++) {
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "shape %s:", f->shape_id[i]));
    for (PetscInt p = f->shape_start[i]; p < f->shape_start[i + 1]; p++) PetscCall(PetscPrintf(PETSC_COMM_SELF, " (%.4f %.4f %.4f)", (double)f->shape_lat[p], (double)f->shape_lon[p], (double)f->shape_dist[p]));
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "\n"));
  }
  for (PetscInt i = 0; i < f->nblocks; i++) PetscCall(PetscPrintf(PETSC_COMM_SELF, "block %s from %.1f s to %.1f s\n", f->block_id[i], (double)f->block_start_s[i], (double)f->block_end_s[i]));
  for (PetscInt k = 0; k < f->ntrips; k++) {
    PetscCall(PetscPrintf(PETSC_COMM_SELF, "trip %s route %s service %s block %s shape %s direction %" PetscInt_FMT " headway %" PetscInt_FMT " headsign '%s' departs %.1f s\n", f->trip_id[k], f->route_id[f->trip_route[k]], f->service_id[f->trip_service[k]], f->trip_block[k] < 0 ? "-" : f->block_id[f->trip_block[k]], f->trip_shape[k] < 0 ? "-" : f->shape_id[f->trip_shape[k]], f->trip_direction[k], f->trip_headway_s[k], or_dash(f->trip_headsign[k]),
                          (double)f->trip_departure_s[k]));
    for (PetscInt s = f->trip_stop_start[k]; s < f->trip_stop_start[k + 1]; s++) {
      char dist[32] = "-";
      if (!PetscIsNanReal(f->stop_time_dist[s])) PetscCall(PetscSNPrintf(dist, sizeof dist, "%.4f", (double)f->stop_time_dist[s]));
      PetscCall(PetscPrintf(PETSC_COMM_SELF, "  %s arrives %.1f s departs %.1f s dist %s\n", f->stop_id[f->stop_time_stop[s]], (double)f->stop_time_arrival_s[s], (double)f->stop_time_departure_s[s], dist));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  char         path[PETSC_MAX_PATH_LEN] = "", date[32] = "", *at[32];
  PetscInt     nat  = 32;
  OcGtfsSource kind = OC_GTFS_SOURCE_FOLDER;
  PetscBool    set, max = PETSC_FALSE, do_dump = PETSC_FALSE, timing = PETSC_FALSE;
  PetscMPIInt  rank;
  OcDiag       diag;
  OcGtfsFeed   feed;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCallMPI(MPI_Comm_rank(PETSC_COMM_WORLD, &rank));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-feed", path, sizeof path, &set));
  PetscCheck(set, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "give the feed with -feed PATH");
  PetscCall(PetscOptionsGetEnum(NULL, NULL, "-source", OcGtfsSources, (PetscEnum *)&kind, NULL));
  PetscCall(PetscOptionsGetString(NULL, NULL, "-date", date, sizeof date, &set));
  PetscCheck(set, PETSC_COMM_WORLD, PETSC_ERR_USER_INPUT, "give the service date with -date YYYYMMDD");
  PetscCall(PetscOptionsGetStringArray(NULL, NULL, "-at", at, &nat, &set));
  if (!set) nat = 0;
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-max", &max, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-dump", &do_dump, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-timing", &timing, NULL));

  PetscCall(OcDiagCreate(&diag));
  PetscCall(PetscMemzero(&feed, sizeof feed));
  if (rank == 0) {
    PetscLogDouble t0, t1;
    PetscCall(PetscTime(&t0));
    PetscCall(OcGtfsFeedRead(path, kind, date, diag, &feed));
    PetscCall(PetscTime(&t1));
    if (timing) PetscCall(PetscFPrintf(PETSC_COMM_SELF, PETSC_STDERR, "read %s in %.3f s\n", path, (double)(t1 - t0)));
  }
  PetscCall(OcDiagRaise(diag, PETSC_COMM_WORLD, "the GTFS feed"));
  if (rank == 0) {
    PetscCall(OcGtfsFeedView(&feed, PETSC_VIEWER_STDOUT_SELF));
    PetscCall(print_vehicles(&feed, nat, at));
    if (max) PetscCall(print_max(&feed));
    if (do_dump) PetscCall(dump(&feed));
  }
  for (PetscInt i = 0; i < nat; i++) PetscCall(PetscFree(at[i]));
  PetscCall(OcGtfsFeedFree(&feed));
  PetscCall(OcDiagDestroy(&diag));
  PetscCall(PetscFinalize());
  return 0;
}
