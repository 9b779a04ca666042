#include <string.h>
#include "gtfs_map.h"

/* fleet.timetable: the trips of a GTFS feed on its service date (and where the simulated window
   reaches into them, the dates before and after), mapped onto the scenario's routes by
   gtfs_map.c, or a csv timetable (read_timetable_csv.c); then the trips of battery vehicles form
   vehicle blocks (timed_blocks.c). */

/* The service dates next to the date whose trips reach into the simulated window: the one after
   when the window passes 24:00, the one before when it starts before noon (a trip of the day
   before would need times past 36:00 to reach later). Trips up to OC_TRIP_MAX_S before the start
   count: a run warms up with the trips under way (src/fleet/warm_up.c). */
static PetscErrorCode read_days(const char *path, OcGtfsSource kind, const char *date, const OcScenarioData *d, OcDiag diag, OcGtfsDay day[3], PetscInt *ndays)
{
  PetscFunctionBegin;
  *ndays = 1;
  for (PetscInt k = -1; k <= 1; k += 2) {
    OcGtfsDay *y = &day[*ndays];
    if ((k > 0 && d->end_s <= 86400) || (k < 0 && d->start_s >= 43200)) continue;
    if (!OcGtfsShiftDate(date, k, y->date)) continue;
    y->day  = k;
    y->lo_s = d->start_s - OC_TRIP_MAX_S;
    y->hi_s = d->end_s;
    PetscCall(OcGtfsFeedRead(path, kind, y->date, diag, &y->feed));
    (*ndays)++;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* fleet.timetable.blocks (given, chain or trip; default given) and min_layover_s (default 300 s,
   assumed: a usual minimum recovery time at a bus terminal). */
static PetscErrorCode read_block_rule(OcReadCtx *ctx, yaml_node_t *tt, OcBlockRule *rule)
{
  static const char *const modes[]  = {"given", "chain", "trip", NULL};
  char                     mode[16] = "given";
  PetscBool                known    = PETSC_FALSE;

  PetscFunctionBegin;
  rule->mode          = OC_BLOCKS_GIVEN;
  rule->min_layover_s = 300;
  PetscCall(OcYamlGetString(ctx->yaml, tt, "fleet.timetable", "blocks", PETSC_FALSE, mode, sizeof mode));
  PetscCall(OcYamlGetReal(ctx->yaml, tt, "fleet.timetable", "min_layover_s", PETSC_FALSE, OC_REAL_NONNEG, &rule->min_layover_s));
  for (PetscInt k = 0; modes[k] && !known; k++)
    if (!strcmp(mode, modes[k])) {
      rule->mode = (OcBlockMode)k;
      known      = PETSC_TRUE;
    }
  if (!known) {
    yaml_node_t *v;
    PetscCall(OcYamlGet(ctx->yaml, tt, "fleet.timetable", "blocks", PETSC_TRUE, &v));
    PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(v), "fleet.timetable.blocks: expected given, chain or trip, got '%s'", mode));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioReadTimetable(OcReadCtx *ctx, yaml_node_t *tt, OcScenarioData *d)
{
  static const char *const keys[] = {"gtfs", "service_date", "routes", "stop_tolerance_m", "csv", "vehicle_type", "blocks", "min_layover_s", NULL};
  char                     path[PETSC_MAX_PATH_LEN], given[PETSC_MAX_PATH_LEN] = "", date[32] = "", digits[9] = "", name[PETSC_MAX_PATH_LEN];
  PetscBool                ok, have_path, folder = PETSC_FALSE;
  PetscInt                 before, after, n      = 0;
  OcGtfsDay                day[3];
  PetscInt                 ndays = 1;
  OcTimedTripSource       *src   = NULL;
  OcCsv                    t;
  OcGtfsMapRow            *map = NULL;
  OcGtfsMatcher            m;
  OcBlockRule              rule;
  yaml_node_t             *csv, *type;

  PetscFunctionBegin;
  PetscCall(OcYamlCheckMapping(ctx->yaml, tt, "fleet.timetable", keys, &ok));
  if (!ok) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(read_block_rule(ctx, tt, &rule));
  PetscCall(OcYamlGet(ctx->yaml, tt, "fleet.timetable", "csv", PETSC_FALSE, &csv));
  if (csv) {
    PetscCall(OcScenarioReadTimetableCsv(ctx, tt, rule, d));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  /* With a feed, the mapping table names each trip's vehicle type. */
  PetscCall(OcYamlGet(ctx->yaml, tt, "fleet.timetable", "vehicle_type", PETSC_FALSE, &type));
  if (type) PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(type), "fleet.timetable.vehicle_type: only for a csv timetable; a GTFS mapping table names the vehicle type of each route"));
  PetscCall(PetscMemzero(day, sizeof day));
  PetscCall(PetscMemzero(&m, sizeof m));
  PetscCall(OcDiagCount(ctx->diag, &before));
  m.tolerance_m = 50;
  PetscCall(OcYamlGetString(ctx->yaml, tt, "fleet.timetable", "gtfs", PETSC_TRUE, given, sizeof given));
  PetscCall(OcReadPath(ctx, tt, "fleet.timetable", "gtfs", path, sizeof path, &have_path));
  PetscCall(OcYamlGetString(ctx->yaml, tt, "fleet.timetable", "service_date", PETSC_TRUE, date, sizeof date));
  PetscCall(OcYamlGetReal(ctx->yaml, tt, "fleet.timetable", "stop_tolerance_m", PETSC_FALSE, OC_REAL_POSITIVE, &m.tolerance_m));
  PetscCall(OcReadTable(ctx, tt, "fleet.timetable", "routes", PETSC_TRUE, name, sizeof name, &t));
  /* The date as YYYYMMDD or YYYY-MM-DD. */
  for (const char *c = date; *c && n < 9; c++)
    if (*c != '-') digits[n++] = *c;
  if (date[0] && n != 8) {
    yaml_node_t *v;
    PetscCall(OcYamlGet(ctx->yaml, tt, "fleet.timetable", "service_date", PETSC_TRUE, &v));
    PetscCall(OcDiagAdd(ctx->diag, ctx->yaml->path, OcYamlLine(v), "fleet.timetable.service_date: expected a date YYYYMMDD or YYYY-MM-DD, got '%s'", date));
  }
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after == before && have_path) {
    PetscCall(PetscTestDirectory(path, 'r', &folder));
    PetscCall(OcGtfsFeedRead(path, folder ? OC_GTFS_SOURCE_FOLDER : OC_GTFS_SOURCE_ZIP, digits, ctx->diag, &day[0].feed));
  }
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after == before) PetscCall(OcGtfsReadMap(&t, ctx->diag, &day[0].feed, d, &map));
  PetscCall(OcDiagCount(ctx->diag, &after));
  if (after == before) {
    m.diag = ctx->diag;
    m.d    = d;
    PetscCall(PetscSNPrintf(m.stop_times, sizeof m.stop_times, folder ? "%s/stop_times.txt" : "%s:stop_times.txt", given));
    PetscCall(PetscSNPrintf(m.trips, sizeof m.trips, folder ? "%s/trips.txt" : "%s:trips.txt", given));
    PetscCall(PetscStrncpy(day[0].date, digits, sizeof day[0].date));
    PetscCall(read_days(path, folder ? OC_GTFS_SOURCE_FOLDER : OC_GTFS_SOURCE_ZIP, digits, d, ctx->diag, day, &ndays));
    PetscCall(PetscCalloc1(d->nroutes, &m.laid));
    for (PetscInt k = 0; k < ndays; k++) {
      m.feed = &day[k].feed;
      PetscCall(OcGtfsMapTrips(&m, map, t.nrows, rule.mode, &day[k], &src, d));
    }
    PetscCall(OcScenarioBuildTimedBlocks(ctx->diag, rule, src, d));
    PetscCall(PetscFree(m.laid));
    PetscCall(PetscFree(src));
  }
  PetscCall(PetscFree(map));
  PetscCall(OcCsvFree(&t));
  for (PetscInt k = 0; k < 3; k++) PetscCall(OcGtfsFeedFree(&day[k].feed));
  PetscFunctionReturn(PETSC_SUCCESS);
}
