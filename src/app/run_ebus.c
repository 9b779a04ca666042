#include <math.h>
#include <ocparse.h>
#include "run_ebus.h"

/* Names of the blocks in the results: the first route of the block and its number. */
static PetscErrorCode add_ebus_group(OcRunEbus *e, const OcScenarioData *d, const OcFleetBlock blk[], OcOutput out)
{
  PetscInt n = e->nblocks, nown = 0, *index;
  char(*name)[OC_NAME_LEN];
  const char **names;

  PetscFunctionBegin;
  PetscCall(PetscMalloc3(n, &index, n, &name, n, &names));
  for (PetscInt b = e->rank; b < n; b += e->size) {
    PetscCall(PetscSNPrintf(name[nown], sizeof name[nown], "%s:%" PetscInt_FMT, d->route[blk[b].route].id, b));
    names[nown]   = name[nown];
    index[nown++] = b;
  }
  PetscCall(OcOutputAddGroup(out, "ebuses", n, nown, index, NULL, names, &e->ebuses));
  PetscCall(PetscFree3(index, name, names));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode add_charger_group(OcRunEbus *e, const OcScenarioData *d, OcFleet fleet, OcOutput out)
{
  static const char *const s[4][3] = {
    {"p_ac_w",          "W",   "mean active power drawn from the AC grid over the step"  },
    {"q_ac_var",        "var", "mean reactive power drawn from the AC grid over the step"},
    {"occupied_points", "1",   "charging points with a bus connected"                    },
    {"queue_length",    "1",   "buses waiting for a free point"                          }
  };
  PetscInt        n;
  const PetscInt *site;
  const char    **names;

  PetscFunctionBegin;
  PetscCall(OcFleetGetChargers(fleet, &n, &site, NULL, NULL, NULL));
  PetscCall(PetscMalloc1(n, &names));
  PetscCall(PetscMalloc1(PetscMax(n, 1), &e->buf));
  for (PetscInt k = 0; k < n; k++) names[k] = d->charger[site[k]].id;
  PetscCall(OcOutputAddGroup(out, "chargers", d->nchargers, n, site, NULL, names, &e->chargers));
  for (PetscInt k = 0; k < 4; k++) PetscCall(OcOutputAddSeries(out, e->chargers, s[k][0], s[k][1], s[k][2], &e->series[k]));
  PetscCall(PetscFree(names));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunEbusCreate(MPI_Comm comm, OcRunEbus *e, const OcScenarioData *d, OcFleet fleet, OcFlow flow, OcOutput out)
{
  PetscInt            n;
  const PetscInt     *site;
  PetscInt           *bus;
  const OcFleetBlock *blk;

  PetscFunctionBegin;
  PetscCall(PetscMemzero(e, sizeof *e));
  e->comm = comm;
  PetscCallMPI(MPI_Comm_rank(comm, &e->rank));
  PetscCallMPI(MPI_Comm_size(comm, &e->size));
  e->nchargers = d->nchargers;
  PetscCall(OcFleetGetBlocks(fleet, &e->nblocks, &blk));
  if (!e->nblocks) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(add_ebus_group(e, d, blk, out));
  if (!e->nchargers) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(add_charger_group(e, d, fleet, out));
  /* Each site is one load at its AC bus, set by the rank that runs the site. */
  PetscCall(OcFleetGetChargers(fleet, &n, &site, NULL, NULL, NULL));
  PetscCall(PetscMalloc1(n, &bus));
  for (PetscInt k = 0; k < n; k++) bus[k] = d->charger[site[k]].ac_bus;
  PetscCall(OcFlowSetAcLoadPoints(flow, n, bus));
  PetscCall(PetscFree(bus));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunEbusStep(OcRunEbus *e, OcFleet fleet, OcFlow flow, PetscReal t_s, PetscReal dt_s)
{
  PetscInt         n;
  const PetscReal *p, *q;

  PetscFunctionBegin;
  if (!e->nblocks) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFleetCharge(fleet, t_s, dt_s));
  e->elapsed_s += dt_s;
  if (!e->nchargers) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFleetGetChargers(fleet, &n, NULL, NULL, &p, &q));
  PetscCall(OcFlowSetAcLoads(flow, p, q));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunEbusRecord(OcRunEbus *e, OcFleet fleet, OcOutput out)
{
  PetscInt              n;
  const OcFleetCharger *c;
  const PetscReal      *p, *q;

  PetscFunctionBegin;
  if (!e->nblocks || !e->nchargers) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFleetGetChargers(fleet, &n, NULL, &c, &p, &q));
  PetscCall(OcOutputSetValues(out, e->series[0], p));
  PetscCall(OcOutputSetValues(out, e->series[1], q));
  for (PetscInt k = 0; k < n; k++) e->buf[k] = c[k].occupied;
  PetscCall(OcOutputSetValues(out, e->series[2], e->buf));
  for (PetscInt k = 0; k < n; k++) e->buf[k] = c[k].queue;
  PetscCall(OcOutputSetValues(out, e->series[3], e->buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode write_chargers(OcRunEbus *e, const OcScenarioData *d, OcFleet fleet, OcOutput out)
{
  PetscInt              n;
  const PetscInt       *site;
  const OcFleetCharger *c;
  PetscReal            *v = e->buf;

  PetscFunctionBegin;
  PetscCall(OcFleetGetChargers(fleet, &n, &site, &c, NULL, NULL));
  e->e_ac_j = 0;
  for (PetscInt k = 0; k < n; k++) v[k] = c[k].e_ac_j, e->e_ac_j += c[k].e_ac_j;
  PetscCall(OcOutputWriteSummary(out, e->chargers, "energy_j", "J", "energy drawn from the AC grid", v));
  for (PetscInt k = 0; k < n; k++) v[k] = c[k].peak_p_w;
  PetscCall(OcOutputWriteSummary(out, e->chargers, "peak_p_w", "W", "largest mean active power over a step", v));
  for (PetscInt k = 0; k < n; k++) v[k] = e->elapsed_s > 0 ? c[k].busy_s / (d->charger[site[k]].points * e->elapsed_s) : 0;
  PetscCall(OcOutputWriteSummary(out, e->chargers, "utilisation", "1", "share of the point-time with a bus connected (at the step ends)", v));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &e->e_ac_j, 1, MPIU_REAL, MPI_SUM, e->comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Value k of the summary of a block, in the order of OcRunEbusWriteSummary's table. */
static PetscReal block_value(const OcFleetBlock *o, PetscInt k)
{
  const PetscReal v[] = {o->min_soc, o->e_charged_j, o->stranded_t_s, (PetscReal)o->stranded_route, o->stranded_m, o->e_wire_j};
  return v[k];
}

PetscErrorCode OcRunEbusWriteSummary(OcRunEbus *e, const OcScenarioData *d, OcFleet fleet, OcOutput out)
{
  enum {
    NS = 6
  };
  static const char *const s[NS][3] = {
    {"min_soc",             "1", "lowest state of charge (-1: did not run)"                            },
    {"e_charged_j",         "J", "energy into the battery from chargers"                               },
    {"stranded_time_s",     "s", "when it ran out of charge (-1: it did not)"                          },
    {"stranded_route",      "1", "index of the route where it ran out of charge (-1: none)"            },
    {"stranded_chainage_m", "m", "where along that route (-1: none)"                                   },
    {"e_wire_j",            "J", "energy into the battery from the contact line (battery trolleybuses)"},
  };
  const OcFleetBlock *blk;
  PetscInt            n, nown = 0;
  PetscReal          *v;

  PetscFunctionBegin;
  if (!e->nblocks) PetscFunctionReturn(PETSC_SUCCESS);
  if (e->nchargers) PetscCall(write_chargers(e, d, fleet, out));
  PetscCall(OcFleetGetBlocks(fleet, &n, &blk));
  PetscCall(PetscMalloc1(n, &v));
  for (PetscInt k = 0; k < NS; k++) {
    nown = 0;
    for (PetscInt b = e->rank; b < n; b += e->size) v[nown++] = block_value(&blk[b], k);
    PetscCall(OcOutputWriteSummary(out, e->ebuses, s[k][0], s[k][1], s[k][2], v));
  }
  PetscCall(PetscFree(v));
  e->e_dc_j = e->e_wire_j = 0;
  e->min_soc              = PETSC_MAX_REAL;
  e->min_block            = -1;
  e->stranded = e->nwired = 0;
  for (PetscInt b = 0; b < n; b++) {
    e->e_dc_j += blk[b].e_charged_j;
    e->e_wire_j += blk[b].e_wire_j;
    e->nwired += d->route[blk[b].route].system >= 0;
    e->stranded += blk[b].stranded_t_s >= 0;
    if (blk[b].min_soc >= 0 && blk[b].min_soc < e->min_soc) {
      e->min_soc   = blk[b].min_soc;
      e->min_block = b;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunEbusView(OcRunEbus *e, const OcScenarioData *d, OcFleet fleet)
{
  const OcFleetBlock *blk;
  PetscInt            n;
  MPI_Comm            comm = e->comm;

  PetscFunctionBegin;
  if (!e->nblocks) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(OcFleetGetBlocks(fleet, &n, &blk));
  if (n > e->nwired)
    PetscCall(PetscPrintf(comm, "e-buses: %" PetscInt_FMT " blocks; energy from the chargers %.3f kWh (AC) = %.3f kWh into the batteries + %.3f kWh charger losses\n", n - e->nwired, (double)(e->e_ac_j / 3.6e6), (double)(e->e_dc_j / 3.6e6), (double)((e->e_ac_j - e->e_dc_j) / 3.6e6)));
  if (e->nwired) PetscCall(PetscPrintf(comm, "battery trolleybuses: %" PetscInt_FMT " blocks; %.3f kWh into the batteries from the contact line\n", e->nwired, (double)(e->e_wire_j / 3.6e6)));
  if (e->min_block >= 0)
    PetscCall(PetscPrintf(comm, "lowest battery state of charge %.2f %% (block %" PetscInt_FMT " of route %s); %" PetscInt_FMT " stranded\n", (double)(100 * e->min_soc), e->min_block, d->route[blk[e->min_block].route].id, e->stranded));
  for (PetscInt b = 0; b < n; b++) {
    char clock[32];
    if (blk[b].stranded_t_s < 0) continue;
    OcFormatClock(blk[b].stranded_t_s, clock, sizeof clock);
    PetscCall(PetscPrintf(comm, "block %" PetscInt_FMT " ran out of charge at %s on route %s, %.0f m from its start: it stopped there and its remaining trips were cancelled\n", b, clock, d->route[(PetscInt)blk[b].stranded_route].id, (double)blk[b].stranded_m));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcRunEbusDestroy(OcRunEbus *e)
{
  PetscFunctionBegin;
  PetscCall(PetscFree(e->buf));
  PetscFunctionReturn(PETSC_SUCCESS);
}
