#include <math.h>
#include <ocparse.h>
#include "run_vehicles.h"

static const char *const series_meta[OC_FLEET_NSERIES][3] = {
  {"chainage_m",   "m",   "position along the route, from its first stop"                                                                      },
  {"speed_mps",    "m/s", "speed"                                                                                                              },
  {"u_v",          "V",   "pantograph (line) voltage of the step's power flow; NaN off the DC network"                                         },
  {"i_a",          "A",   "line current, > 0 drawn"                                                                                            },
  {"p_req_w",      "W",   "electrical power requested for the step (traction, braking and auxiliaries)"                                        },
  {"p_line_w",     "W",   "power exchanged with the line, > 0 drawn, < 0 regenerated and fed back"                                             },
  {"p_rheostat_w", "W",   "braking power the line could not take, burnt in the on-board rheostat"                                              },
  {"soc",          "1",   "battery state of charge (battery vehicles; NaN for others)"                                                         },
  {"p_battery_w",  "W",   "mean power at the battery terminals over the step, > 0 discharging, < 0 charging (battery vehicles; NaN for others)"},
};

static const char *const summary_meta[OC_FLEET_NSUMMARY][3] = {
  {"route",                 "",  "index of the trip's route in the scenario (0-based, routes table order); -1 for a trace placed by section"},
  {"departure_s",           "s", "scheduled departure from the first stop (seconds after midnight)"                                         },
  {"u_min_v",               "V", "lowest pantograph voltage"                                                                                },
  {"t_u_min_s",             "s", "time of the lowest pantograph voltage (first occurrence)"                                                 },
  {"u_max_v",               "V", "highest pantograph voltage"                                                                               },
  {"time_below_umin1_s",    "s", "time below the system's Umin1 (EN 50163)"                                                                 },
  {"time_below_umin2_s",    "s", "time below the system's Umin2 (EN 50163)"                                                                 },
  {"longest_below_umin1_s", "s", "longest spell below Umin1"                                                                                },
  {"u_mean_useful_v",       "V", "mean useful voltage (EN 50388, train level): mean pantograph voltage while the vehicle exerts traction"   },
  {"energy_drawn_j",        "J", "energy drawn from the line"                                                                               },
  {"energy_fed_back_j",     "J", "regenerated braking energy fed back into the line"                                                        },
  {"energy_burnt_j",        "J", "regenerated braking energy the line could not take, burnt on board"                                       },
  {"energy_aux_j",          "J", "auxiliary energy"                                                                                         },
};

/* "<route> <departure>", the trip's name in the file, with a timetabled trip's id after it (as
   much of it as fits); a replayed trace: "trace <vehicle>". */
static void trip_name(const OcScenarioData *d, const OcFleetTrip *t, char name[OC_NAME_LEN])
{
  char clock[32];
  OcFormatClock(t->departure_s, clock, sizeof clock);
  if (t->trace >= 0) PetscCallAbort(PETSC_COMM_SELF, PetscSNPrintf(name, OC_NAME_LEN, "trace %.50s", d->trace[t->trace].id));
  else if (t->timed >= 0) PetscCallAbort(PETSC_COMM_SELF, PetscSNPrintf(name, OC_NAME_LEN, "%.20s %s %.30s", d->route[t->route].id, clock, d->timed_trip[t->timed].id));
  else PetscCallAbort(PETSC_COMM_SELF, PetscSNPrintf(name, OC_NAME_LEN, "%.40s %s", d->route[t->route].id, clock));
}

PetscErrorCode OcRunVehiclesAdd(OcRunVehicles *rv, MPI_Comm comm, OcOutput out, OcFleet fleet)
{
  const OcScenarioData *d;
  const OcFleetTrip    *trip;
  const PetscInt       *held;
  PetscInt              ntrips, n, nsys_here, *sys_index;
  PetscBool             changed;
  char(*names)[OC_NAME_LEN];
  const char **name_ptr, **sys_names;
  PetscMPIInt  rank;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(rv, sizeof *rv));
  PetscCall(OcFleetGetScenario(fleet, &d));
  PetscCall(OcFleetGetTrips(fleet, &ntrips, &trip));
  PetscCall(OcFleetGetRecordTrips(fleet, &n, &held, &changed));
  PetscCall(PetscMalloc2(n, &names, n, &name_ptr));
  for (PetscInt k = 0; k < n; k++) {
    trip_name(d, &trip[held[k]], names[k]);
    name_ptr[k] = names[k];
  }
  PetscCall(OcOutputAddGroup(out, "vehicles", ntrips, n, held, NULL, name_ptr, &rv->group));
  PetscCall(PetscFree2(names, name_ptr));
  for (PetscInt s = 0; s < OC_FLEET_NSERIES; s++) PetscCall(OcOutputAddSeries(out, rv->group, series_meta[s][0], series_meta[s][1], series_meta[s][2], &rv->series[s]));
  /* The systems' figures are computed on every rank; rank 0 writes them. */
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  nsys_here = rank == 0 ? d->ndc_systems : 0;
  PetscCall(PetscMalloc2(nsys_here, &sys_index, nsys_here, &sys_names));
  for (PetscInt s = 0; s < nsys_here; s++) {
    sys_index[s] = s;
    sys_names[s] = d->dc_system[s].id;
  }
  PetscCall(OcOutputAddGroup(out, "dc_systems", d->ndc_systems, nsys_here, sys_index, NULL, sys_names, &rv->systems));
  PetscCall(PetscFree2(sys_index, sys_names));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode reserve(OcRunVehicles *rv, PetscInt n)
{
  PetscFunctionBegin;
  if (n > rv->cap) {
    PetscCall(PetscFree(rv->values));
    rv->cap = PetscMax(n, 2 * rv->cap);
    PetscCall(PetscMalloc1(rv->cap, &rv->values));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunVehiclesUpdateOwnership(OcRunVehicles *rv, MPI_Comm comm, OcOutput out, OcFleet fleet)
{
  const PetscInt *held;
  PetscInt        n;
  PetscBool       changed, any;

  PetscFunctionBegin;
  PetscCall(OcFleetGetRecordTrips(fleet, &n, &held, &changed));
  PetscCall(reserve(rv, n));
  PetscCallMPI(MPI_Allreduce(&changed, &any, 1, MPIU_BOOL, MPI_LOR, comm));
  if (any) PetscCall(OcOutputGroupSetOwnership(out, rv->group, n, held));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunVehiclesSetValues(OcRunVehicles *rv, OcOutput out, OcFleet fleet)
{
  PetscFunctionBegin;
  for (PetscInt s = 0; s < OC_FLEET_NSERIES; s++) {
    PetscBool kept;
    PetscCall(OcOutputSeriesIsKept(out, rv->series[s], &kept));
    if (!kept) continue;
    PetscCall(OcFleetGetRecordValues(fleet, (OcFleetSeries)s, rv->values));
    PetscCall(OcOutputSetValues(out, rv->series[s], rv->values));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode write_systems(OcRunVehicles *rv, MPI_Comm comm, OcOutput out, OcFleet fleet, PetscBool print)
{
  const OcScenarioData *d;
  OcFleetSystemStats   *sys;
  PetscReal            *v;
  PetscMPIInt           rank;
  PetscInt              nsys;
  const char *const     meta[7][3] = {
        {"u_min_v",            "V", "lowest pantograph voltage of any vehicle"                                                                                              },
        {"time_below_umin1_s", "s", "vehicle-time below Umin1 (EN 50163), summed over the vehicles"                                                                         },
        {"time_below_umin2_s", "s", "vehicle-time below Umin2 (EN 50163), summed over the vehicles"                                                                         },
        {"u_mean_useful_v",    "V", "mean useful voltage (EN 50388, zone = the system, period = the run): mean pantograph voltage over every vehicle and step with traction"},
        {"energy_drawn_j",     "J", "energy the vehicles drew from the line"                                                                                                },
        {"energy_fed_back_j",  "J", "regenerated braking energy the vehicles fed back into the line"                                                                        },
        {"energy_burnt_j",     "J", "regenerated braking energy burnt on board (the line could not take it)"                                                                },
  };

  PetscFunctionBegin;
  PetscCall(OcFleetGetScenario(fleet, &d));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  nsys = d->ndc_systems;
  PetscCall(PetscMalloc2(nsys, &sys, 7 * nsys, &v));
  PetscCall(OcFleetGetSystemStats(fleet, sys));
  for (PetscInt s = 0; s < nsys; s++) {
    const PetscReal x[7] = {sys[s].u_min_v, sys[s].below_umin1_s, sys[s].below_umin2_s, sys[s].u_mean_useful_v, sys[s].e_drawn_j, sys[s].e_fed_back_j, sys[s].e_burnt_j};
    for (PetscInt f = 0; f < 7; f++) v[f * nsys + s] = x[f];
  }
  /* rank 0 owns every system; the others pass empty arrays */
  for (PetscInt f = 0; f < 7; f++) PetscCall(OcOutputWriteSummary(out, rv->systems, meta[f][0], meta[f][1], meta[f][2], v + f * nsys));
  for (PetscInt s = 0; s < nsys && print; s++) {
    const OcFleetSystemStats *y = &sys[s];
    PetscCall(PetscPrintf(comm, "%s: lowest pantograph %.1f V, mean useful %.1f V (EN 50388), %.0f s below Umin1 %.0f V, %.0f s below Umin2 %.0f V; vehicles drew %.3f kWh, fed back %.3f kWh, burnt %.3f kWh\n", d->dc_system[s].id, (double)y->u_min_v,
                          (double)y->u_mean_useful_v, (double)y->below_umin1_s, (double)d->dc_system[s].umin1_v, (double)y->below_umin2_s, (double)d->dc_system[s].umin2_v, (double)(y->e_drawn_j / 3.6e6), (double)(y->e_fed_back_j / 3.6e6), (double)(y->e_burnt_j / 3.6e6)));
  }
  PetscCall(PetscFree2(sys, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunVehiclesWriteSummary(OcRunVehicles *rv, MPI_Comm comm, OcOutput out, OcFleet fleet, PetscBool print)
{
  PetscFunctionBegin;
  PetscCall(OcRunVehiclesUpdateOwnership(rv, comm, out, fleet));
  for (PetscInt s = 0; s < OC_FLEET_NSUMMARY; s++) {
    PetscCall(OcFleetGetRecordSummary(fleet, (OcFleetSummary)s, rv->values));
    PetscCall(OcOutputWriteSummary(out, rv->group, summary_meta[s][0], summary_meta[s][1], summary_meta[s][2], rv->values));
  }
  PetscCall(write_systems(rv, comm, out, fleet, print));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunVehiclesDestroy(OcRunVehicles *rv)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(rv->values));
  PetscFunctionReturn(PETSC_SUCCESS);
}
