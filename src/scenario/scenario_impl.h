#ifndef SCENARIO_IMPL_H
#define SCENARIO_IMPL_H
/* Private to the scenario module: the object and the readers of each part of the file. */
#include "ocscenario.h"
#include "occsv.h"
#include "ocyaml.h"

struct _p_OcScenario {
  MPI_Comm       comm;
  OcScenarioData d;
  OcDiag         diag;
};

/* What every reader needs: the parsed YAML, where relative paths start, and the diag. */
typedef struct {
  OcYaml *yaml;
  char    dir[PETSC_MAX_PATH_LEN]; /* folder of the scenario file, "" for the current one */
  OcDiag  diag;
  char    dc_table[4][PETSC_MAX_PATH_LEN]; /* systems, nodes, sections, substations */
} OcReadCtx;

/* A table named by key under map, read relative to the scenario's folder. name receives the
   path used in messages. Absent optional tables give an empty csv. */
PETSC_EXTERN PetscErrorCode OcReadTable(OcReadCtx *, yaml_node_t *map, const char *where, const char *key, PetscBool required, char *name, size_t len, OcCsv *csv);
PETSC_EXTERN PetscErrorCode OcReadPath(OcReadCtx *, yaml_node_t *map, const char *where, const char *key, char *path, size_t len, PetscBool *given);

PETSC_EXTERN PetscErrorCode OcScenarioReadSimulation(OcReadCtx *, yaml_node_t *, OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcScenarioReadDc(OcReadCtx *, yaml_node_t *, OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcScenarioReadAc(OcReadCtx *, yaml_node_t *, OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcScenarioReadFleet(OcReadCtx *, yaml_node_t *, OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcScenarioReadVehicleTypes(const OcCsv *, OcDiag, OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcReadEtaMap(const OcCsv *, OcDiag, PetscInt row, PetscInt col, const char *name, PetscBool braking, OcEtaMap *);
/* t: routes, route_sections, route_profile, route_stops (absent tables have no header). */
PETSC_EXTERN PetscErrorCode OcScenarioReadRoutes(OcReadCtx *, const OcCsv t[4], OcScenarioData *);
/* Why a vehicle type cannot run on a route (for "cannot run on route 'R' (why)"), or NULL:
   battery e-buses run on road routes, every other kind on a DC system, and a route with
   stretches without contact wire needs a traction battery. */
PETSC_EXTERN const char *OcRouteRefusal(const OcScenarioData *, PetscInt route, PetscInt type);
/* fleet.timetable (a GTFS feed mapped onto the routes) and fleet.traces (replayed vehicles). */
PETSC_EXTERN PetscErrorCode OcScenarioReadTimetable(OcReadCtx *, yaml_node_t *, OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcScenarioReadTraces(OcReadCtx *, yaml_node_t *, OcScenarioData *);
/* fleet.timetable.blocks and min_layover_s: how e-bus trips become vehicle blocks. */
typedef struct {
  OcBlockMode mode;
  PetscReal   min_layover_s;
} OcBlockRule;
/* fleet.timetable.csv: a plain timetable (trip, route, stop, departure) instead of a feed. */
PETSC_EXTERN PetscErrorCode OcScenarioReadTimetableCsv(OcReadCtx *, yaml_node_t *, OcBlockRule, OcScenarioData *);
/* What the source says of timed trip i for its block: the block it names ("" none) on its
   service day (-1, 0, 1: the service date before, the date, the date after; a GTFS block is one
   vehicle on one day), and the file, line and field name of its record, for messages. */
typedef struct {
  const char *block, *file, *field;
  PetscInt    line, day;
} OcTimedTripSource;
/* Sets every timed trip's block and ntimed_blocks (timed_blocks.c); problems go to diag. */
PETSC_EXTERN PetscErrorCode OcScenarioBuildTimedBlocks(OcDiag, OcBlockRule, const OcTimedTripSource src[], OcScenarioData *);
/* After the timetable: a road route still without a length (no GTFS trip with a shape laid it,
   road_path.h) is an error naming its line; route_profile rows are checked against the length.
   t: routes, route_sections, route_profile, route_stops, as for OcScenarioReadRoutes. */
PETSC_EXTERN PetscErrorCode OcScenarioCheckRoadPaths(const OcCsv t[4], OcDiag, const OcScenarioData *);
/* Cross-references that need both parts: substations to AC buses, DC connectivity. */
/* An AC bus by its MATPOWER number in field col of row r; empty gives -1. */
PETSC_EXTERN PetscErrorCode OcScenarioResolveAcBus(const OcCsv *, OcDiag, PetscInt r, PetscInt col, const OcScenarioData *, PetscInt *bus);
/* fleet.chargers, after the routes and services. */
PETSC_EXTERN PetscErrorCode OcScenarioReadChargers(const OcCsv *, OcDiag, OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcScenarioCheckDc(OcReadCtx *, OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcScenarioDataFree(OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcScenarioDataBcast(OcScenarioData *, MPI_Comm);
PETSC_EXTERN PetscErrorCode OcScenarioDataCheckSame(const OcScenarioData *, MPI_Comm);

/* Lookup of string ids: a sorted permutation of an array of records whose first member is
   char id[OC_NAME_LEN]. */
typedef struct {
  PetscInt    n;
  size_t      stride;
  const char *base;
  PetscInt   *order;
} OcIdIndex;
PETSC_EXTERN PetscErrorCode OcIdIndexBuild(const void *records, PetscInt n, size_t stride, OcIdIndex *);
PETSC_EXTERN PetscInt       OcIdIndexFind(const OcIdIndex *, const char *id);
PETSC_EXTERN PetscErrorCode OcIdIndexFree(OcIdIndex *);
/* Records "duplicate id" for each repeated id, naming the table's lines. */
PETSC_EXTERN PetscErrorCode OcIdIndexCheckUnique(const OcIdIndex *, const OcCsv *, OcDiag);

#endif
