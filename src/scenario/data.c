#include <stdint.h>
#include "scenario_impl.h"

PetscErrorCode OcScenarioDataFree(OcScenarioData *d)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(d->dc_system));
  PetscCall(PetscFree(d->dc_node));
  PetscCall(PetscFree(d->dc_section));
  PetscCall(PetscFree(d->substation));
  PetscCall(OcMpCaseFree(&d->ac));
  PetscCall(PetscFree(d->profile));
  PetscCall(PetscFree(d->profile_t_s));
  PetscCall(PetscFree(d->profile_value));
  PetscCall(PetscFree(d->temperature_t_s));
  PetscCall(PetscFree(d->temperature_c));
  PetscCall(PetscFree(d->ac_load));
  PetscCall(PetscFree(d->vehicle_type));
  PetscCall(PetscFree(d->route));
  PetscCall(PetscFree(d->service));
  PetscCall(PetscFree(d->charger));
  /* Each array is its own allocation on every rank (see OcScenarioDataBcast). */
  PetscCall(PetscFree(d->route_section));
  PetscCall(PetscFree(d->route_section_reverse));
  PetscCall(PetscFree(d->route_section_start_m));
  PetscCall(PetscFree(d->grade_start_m));
  PetscCall(PetscFree(d->grade));
  PetscCall(PetscFree(d->curve_start_m));
  PetscCall(PetscFree(d->curve_radius_m));
  PetscCall(PetscFree(d->limit_start_m));
  PetscCall(PetscFree(d->limit_mps));
  PetscCall(PetscFree(d->stop_m));
  PetscCall(PetscFree(d->stop_dwell_s));
  PetscCall(PetscFree(d->stop_lat));
  PetscCall(PetscFree(d->stop_lon));
  PetscCall(PetscFree(d->stop_name));
  PetscCall(PetscFree(d->timed_trip));
  PetscCall(PetscFree(d->timed_departure_s));
  PetscCall(PetscFree(d->unmapped));
  PetscCall(PetscFree(d->trace));
  PetscCall(PetscFree(d->trace_t_s));
  PetscCall(PetscFree(d->trace_power_w));
  PetscCall(PetscFree(d->trace_pos_m));
  PetscCall(PetscFree(d->trace_section));
  PetscCall(PetscMemzero(d, sizeof *d));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Broadcasts n records of size bytes each from rank 0, allocating them elsewhere. The records
   are plain data and every rank runs the same binary, so bytes are the exact copy. */
static PetscErrorCode bcast_array(void **a, PetscInt n, size_t size, PetscMPIInt rank, MPI_Comm comm)
{
  size_t bytes = (size_t)n * size;

  PetscFunctionBegin;
  if (rank != 0) *a = NULL;
  if (!n) PetscFunctionReturn(PETSC_SUCCESS);
  if (rank != 0) PetscCall(PetscMalloc(bytes, a));
  PetscCheck(bytes < (size_t)PETSC_MPI_INT_MAX, comm, PETSC_ERR_SUP, "a scenario table of %zu bytes is too large to broadcast in one message", bytes);
  PetscCallMPI(MPI_Bcast(*a, (PetscMPIInt)bytes, MPI_BYTE, 0, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define BCAST(field, n) bcast_array((void **)&(field), (n), sizeof *(field), rank, comm)

PetscErrorCode OcScenarioDataBcast(OcScenarioData *d, MPI_Comm comm)
{
  PetscMPIInt rank;

  PetscFunctionBegin;
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  /* The counts and settings first; the pointers in it are replaced below. */
  PetscCallMPI(MPI_Bcast(d, sizeof *d, MPI_BYTE, 0, comm));
  PetscCall(BCAST(d->dc_system, d->ndc_systems));
  PetscCall(BCAST(d->dc_node, d->ndc_nodes));
  PetscCall(BCAST(d->dc_section, d->ndc_sections));
  PetscCall(BCAST(d->substation, d->nsubstations));
  PetscCall(BCAST(d->ac.bus, d->ac.nbus));
  PetscCall(BCAST(d->ac.gen, d->ac.ngen));
  PetscCall(BCAST(d->ac.branch, d->ac.nbranch));
  PetscCall(BCAST(d->ac.bus_by_id, d->ac.bus_by_id ? d->ac.nbus : 0));
  PetscCall(BCAST(d->profile, d->nprofiles));
  PetscCall(BCAST(d->profile_t_s, d->nprofile_points));
  PetscCall(BCAST(d->profile_value, d->nprofile_points));
  PetscCall(BCAST(d->temperature_t_s, d->ntemperature));
  PetscCall(BCAST(d->temperature_c, d->ntemperature));
  PetscCall(BCAST(d->ac_load, d->nac_loads));
  PetscCall(BCAST(d->vehicle_type, d->nvehicle_types));
  PetscCall(BCAST(d->route, d->nroutes));
  PetscCall(BCAST(d->service, d->nservices));
  PetscCall(BCAST(d->charger, d->nchargers));
  PetscCall(BCAST(d->route_section, d->nroute_sections));
  PetscCall(BCAST(d->route_section_reverse, d->nroute_sections));
  PetscCall(BCAST(d->route_section_start_m, d->nroute_sections));
  PetscCall(BCAST(d->grade_start_m, d->ngrades));
  PetscCall(BCAST(d->grade, d->ngrades));
  PetscCall(BCAST(d->curve_start_m, d->ncurves));
  PetscCall(BCAST(d->curve_radius_m, d->ncurves));
  PetscCall(BCAST(d->limit_start_m, d->nlimits));
  PetscCall(BCAST(d->limit_mps, d->nlimits));
  PetscCall(BCAST(d->stop_m, d->nstops));
  PetscCall(BCAST(d->stop_dwell_s, d->nstops));
  PetscCall(BCAST(d->stop_lat, d->nstops));
  PetscCall(BCAST(d->stop_lon, d->nstops));
  PetscCall(BCAST(d->stop_name, d->nstops));
  PetscCall(BCAST(d->timed_trip, d->ntimed_trips));
  PetscCall(BCAST(d->timed_departure_s, d->ntimed_departures));
  PetscCall(BCAST(d->unmapped, d->nunmapped));
  PetscCall(BCAST(d->trace, d->ntraces));
  PetscCall(BCAST(d->trace_t_s, d->ntrace_samples));
  PetscCall(BCAST(d->trace_power_w, d->ntrace_samples));
  PetscCall(BCAST(d->trace_pos_m, d->ntrace_samples));
  PetscCall(BCAST(d->trace_section, d->ntrace_samples));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
  const unsigned char *b = (const unsigned char *)data;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ull;
  return h;
}

#define HASH(field, n) h = fnv1a(h, (field), (size_t)(n) * sizeof *(field))

/* A fingerprint of the scenario's tables (pointers in the header differ between ranks and runs,
   so the tables are hashed, not it). */
PetscErrorCode OcScenarioDataHash(const OcScenarioData *d, uint64_t *hash)
{
  uint64_t h = 14695981039346656037ull;

  PetscFunctionBegin;
  h = fnv1a(h, d->name, sizeof d->name);
  h = fnv1a(h, &d->start_s, 4 * sizeof(PetscReal));
  HASH(d->dc_system, d->ndc_systems);
  HASH(d->dc_node, d->ndc_nodes);
  HASH(d->dc_section, d->ndc_sections);
  HASH(d->substation, d->nsubstations);
  HASH(d->ac.bus, d->ac.nbus);
  HASH(d->ac.gen, d->ac.ngen);
  HASH(d->ac.branch, d->ac.nbranch);
  HASH(d->profile, d->nprofiles);
  HASH(d->profile_t_s, d->nprofile_points);
  HASH(d->profile_value, d->nprofile_points);
  HASH(d->temperature_t_s, d->ntemperature);
  HASH(d->temperature_c, d->ntemperature);
  HASH(d->ac_load, d->nac_loads);
  HASH(d->vehicle_type, d->nvehicle_types);
  HASH(d->route, d->nroutes);
  HASH(d->service, d->nservices);
  HASH(d->charger, d->nchargers);
  HASH(d->route_section, d->nroute_sections);
  HASH(d->route_section_reverse, d->nroute_sections);
  HASH(d->route_section_start_m, d->nroute_sections);
  HASH(d->grade_start_m, d->ngrades);
  HASH(d->grade, d->ngrades);
  HASH(d->curve_start_m, d->ncurves);
  HASH(d->curve_radius_m, d->ncurves);
  HASH(d->limit_start_m, d->nlimits);
  HASH(d->limit_mps, d->nlimits);
  HASH(d->stop_m, d->nstops);
  HASH(d->stop_dwell_s, d->nstops);
  HASH(d->stop_lat, d->nstops);
  HASH(d->stop_lon, d->nstops);
  HASH(d->stop_name, d->nstops);
  HASH(d->timed_trip, d->ntimed_trips);
  HASH(d->timed_departure_s, d->ntimed_departures);
  HASH(d->unmapped, d->nunmapped);
  HASH(d->trace, d->ntraces);
  HASH(d->trace_t_s, d->ntrace_samples);
  HASH(d->trace_power_w, d->ntrace_samples);
  HASH(d->trace_pos_m, d->ntrace_samples);
  HASH(d->trace_section, d->ntrace_samples);
  *hash = h;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Every rank must hold the same scenario: the hashes of each copy are compared across ranks. */
PetscErrorCode OcScenarioDataCheckSame(const OcScenarioData *d, MPI_Comm comm)
{
  uint64_t h, lo, hi;

  PetscFunctionBegin;
  PetscCall(OcScenarioDataHash(d, &h));
  PetscCallMPI(MPI_Allreduce(&h, &lo, 1, MPI_UINT64_T, MPI_MIN, comm));
  PetscCallMPI(MPI_Allreduce(&h, &hi, 1, MPI_UINT64_T, MPI_MAX, comm));
  PetscCheck(lo == hi, comm, PETSC_ERR_PLIB, "the scenario differs between ranks after its broadcast");
  PetscFunctionReturn(PETSC_SUCCESS);
}
