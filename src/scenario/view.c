#include "scenario_impl.h"
#include "ocparse.h"

static PetscErrorCode view_dc_system(const OcScenarioData *d, PetscInt s, PetscViewer v)
{
  const OcDcSystem *sys    = &d->dc_system[s];
  PetscInt          nnodes = 0, nsections = 0, nsub = 0, nrev = 0;
  PetscReal         length_m = 0, rated_w = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < d->ndc_nodes; i++) nnodes += d->dc_node[i].system == s;
  for (PetscInt i = 0; i < d->ndc_sections; i++) {
    if (d->dc_section[i].system != s) continue;
    nsections++;
    length_m += d->dc_section[i].length_m;
  }
  for (PetscInt i = 0; i < d->nsubstations; i++) {
    if (d->dc_node[d->substation[i].node].system != s) continue;
    nsub++;
    nrev += d->substation[i].kind == OC_RECTIFIER_REVERSIBLE;
    rated_w += d->substation[i].rated_power_w;
  }
  PetscCall(PetscViewerASCIIPrintf(v, "%s: %.6g V (Umin2 %.6g, Umin1 %.6g, Umax1 %.6g, Umax2 %.6g V), %" PetscInt_FMT " nodes, %" PetscInt_FMT " sections, %.3f km\n", sys->id, (double)sys->u_nominal_v, (double)sys->umin2_v, (double)sys->umin1_v,
                                   (double)sys->umax1_v, (double)sys->umax2_v, nnodes, nsections, (double)(length_m / 1000)));
  PetscCall(PetscViewerASCIIPrintf(v, "  %" PetscInt_FMT " substations (%" PetscInt_FMT " reversible), %.3f MW rated in total\n", nsub, nrev, (double)(rated_w / 1e6)));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode view_ac(const OcScenarioData *d, PetscViewer v)
{
  PetscReal pd = 0, qd = 0;
  PetscInt  ngen_on = 0;

  PetscFunctionBegin;
  for (PetscInt i = 0; i < d->ac.nbus; i++) {
    pd += d->ac.bus[i].pd_mw;
    qd += d->ac.bus[i].qd_mvar;
  }
  for (PetscInt i = 0; i < d->ac.ngen; i++) ngen_on += d->ac.gen[i].status > 0;
  PetscCall(
    PetscViewerASCIIPrintf(v, "AC grid '%s': %" PetscInt_FMT " buses, %" PetscInt_FMT " branches, %" PetscInt_FMT " generators (%" PetscInt_FMT " in service), base %.6g MVA\n", d->ac.name, d->ac.nbus, d->ac.nbranch, d->ac.ngen, ngen_on, (double)d->ac.base_mva));
  PetscCall(PetscViewerASCIIPrintf(v, "  base load %.4f MW, %.4f Mvar\n", (double)pd, (double)qd));
  if (d->nprofiles) {
    PetscCall(PetscViewerASCIIPrintf(v, "  %" PetscInt_FMT " daily load profiles (%s interpolation) on %" PetscInt_FMT " buses:", d->nprofiles, d->interpolation == OC_PROFILE_LINEAR ? "linear" : "step", d->nac_loads));
    PetscCall(PetscViewerASCIIUseTabs(v, PETSC_FALSE));
    for (PetscInt p = 0; p < d->nprofiles; p++) PetscCall(PetscViewerASCIIPrintf(v, " %s", d->profile[p].id));
    PetscCall(PetscViewerASCIIPrintf(v, "\n"));
    PetscCall(PetscViewerASCIIUseTabs(v, PETSC_TRUE));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Trips a service runs in a day: first, first + headway, ... up to last, and as many returns. */
static PetscInt service_trips(const OcService *s)
{
  return ((PetscInt)PetscFloorReal((s->last_s - s->first_s) / s->headway_s + 1e-9) + 1) * (s->return_route >= 0 ? 2 : 1);
}

/* The e-bus blocks of the timetable: how many, and the longest by trips. */
static PetscErrorCode view_timed_blocks(const OcScenarioData *d, PetscViewer v)
{
  PetscInt *ntrips, most = 0, n = 0;

  PetscFunctionBegin;
  PetscCall(PetscCalloc1(d->ntimed_blocks, &ntrips));
  for (PetscInt i = 0; i < d->ntimed_trips; i++)
    if (d->timed_trip[i].block >= 0) {
      PetscInt b = d->timed_trip[i].block;
      n++;
      ntrips[b]++;
      most = PetscMax(most, ntrips[b]);
    }
  PetscCall(PetscViewerASCIIPrintf(v, "blocks: %" PetscInt_FMT " vehicles run the %" PetscInt_FMT " trips of battery vehicles (up to %" PetscInt_FMT " trips a vehicle)\n", d->ntimed_blocks, n, most));
  PetscCall(PetscFree(ntrips));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Timetabled trips per route, and the GTFS routes left out (listed once, not an error). */
static PetscErrorCode view_timetable(const OcScenarioData *d, PetscViewer v)
{
  PetscFunctionBegin;
  PetscCall(PetscViewerASCIIPrintf(v, "timetable: %" PetscInt_FMT " timetabled trips on the scenario's routes\n", d->ntimed_trips));
  PetscCall(PetscViewerASCIIPushTab(v));
  if (d->ntimed_adjacent) PetscCall(PetscViewerASCIIPrintf(v, "%" PetscInt_FMT " of them from the service dates before and after, 24 h earlier or later (ids tagged @YYYYMMDD)\n", d->ntimed_adjacent));
  for (PetscInt r = 0; r < d->nroutes; r++) {
    PetscInt  n     = 0;
    PetscReal first = PETSC_MAX_REAL, last = -PETSC_MAX_REAL;
    char      a[32], b[32];
    for (PetscInt i = 0; i < d->ntimed_trips; i++) {
      if (d->timed_trip[i].route != r) continue;
      n++;
      first = PetscMin(first, d->timed_departure_s[d->timed_trip[i].first]);
      last  = PetscMax(last, d->timed_departure_s[d->timed_trip[i].first]);
    }
    if (!n) continue;
    OcFormatClock(first, a, sizeof a);
    OcFormatClock(last, b, sizeof b);
    PetscCall(PetscViewerASCIIPrintf(v, "route %s: %" PetscInt_FMT " trips departing %s to %s\n", d->route[r].id, n, a, b));
    if (d->route[r].shape[0]) PetscCall(PetscViewerASCIIPrintf(v, "  laid along GTFS shape %s: %.3f km\n", d->route[r].shape, (double)(d->route[r].length_m / 1000)));
  }
  for (PetscInt k = 0; k < d->nunmapped; k++) {
    char dir[32] = "";
    if (d->unmapped[k].direction >= 0) PetscCall(PetscSNPrintf(dir, sizeof dir, " direction %" PetscInt_FMT, d->unmapped[k].direction));
    PetscCall(PetscViewerASCIIPrintf(v, "not mapped: GTFS route %s%s (%" PetscInt_FMT " trips, not simulated)\n", d->unmapped[k].id, dir, d->unmapped[k].ntrips));
  }
  if (d->ntimed_blocks) PetscCall(view_timed_blocks(d, v));
  PetscCall(PetscViewerASCIIPopTab(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode view_traces(const OcScenarioData *d, PetscViewer v)
{
  PetscReal first = PETSC_MAX_REAL, last = -PETSC_MAX_REAL;
  char      a[32], b[32];

  PetscFunctionBegin;
  for (PetscInt k = 0; k < d->ntraces; k++) {
    first = PetscMin(first, d->trace_t_s[d->trace[k].first]);
    last  = PetscMax(last, d->trace_t_s[d->trace[k].first + d->trace[k].n - 1]);
  }
  OcFormatClock(first, a, sizeof a);
  OcFormatClock(last, b, sizeof b);
  PetscCall(PetscViewerASCIIPrintf(v, "traces: %" PetscInt_FMT " replayed vehicles, %" PetscInt_FMT " samples, %s to %s\n", d->ntraces, d->ntrace_samples, a, b));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Routes with stretches without contact wire, and their length. */
static PetscErrorCode view_off_wire(const OcScenarioData *d, PetscViewer v)
{
  PetscInt  n  = 0;
  PetscReal km = 0;

  PetscFunctionBegin;
  for (PetscInt r = 0; r < d->nroutes; r++) {
    const OcRoute *rt = &d->route[r];
    n += rt->noff_wire > 0;
    for (PetscInt k = rt->first_section; k < rt->first_section + rt->nsections && rt->noff_wire; k++) {
      PetscReal end = k + 1 < rt->first_section + rt->nsections ? d->route_section_start_m[k + 1] : rt->length_m;
      if (d->route_section[k] < 0) km += (end - d->route_section_start_m[k]) / 1000;
    }
  }
  if (n) PetscCall(PetscViewerASCIIPrintf(v, "  %" PetscInt_FMT " route%s with stretches without contact wire, %.3f km in all (run on the vehicles' batteries)\n", n, n == 1 ? "" : "s", (double)km));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode view_fleet(const OcScenarioData *d, PetscViewer v)
{
  PetscReal km    = 0;
  PetscInt  trips = 0;

  PetscFunctionBegin;
  for (PetscInt r = 0; r < d->nroutes; r++) km += d->route[r].length_m / 1000;
  for (PetscInt s = 0; s < d->nservices; s++) trips += service_trips(&d->service[s]);
  PetscCall(PetscViewerASCIIPrintf(v, "fleet: %" PetscInt_FMT " vehicle types, %" PetscInt_FMT " routes (%.3f km), %" PetscInt_FMT " stops, %" PetscInt_FMT " services with %" PetscInt_FMT " trips\n", d->nvehicle_types, d->nroutes, (double)km, d->nstops, d->nservices, trips));
  PetscCall(view_off_wire(d, v));
  if (d->nchargers) {
    PetscReal mw     = 0;
    PetscInt  points = 0;
    for (PetscInt k = 0; k < d->nchargers; k++) {
      points += d->charger[k].points;
      mw += d->charger[k].points * d->charger[k].p_point_w / 1e6;
    }
    PetscCall(PetscViewerASCIIPrintf(v, "  %" PetscInt_FMT " e-bus charger sites, %" PetscInt_FMT " points, %.3f MW rated in total\n", d->nchargers, points, (double)mw));
  }
  if (d->ntimed_trips || d->nunmapped) PetscCall(view_timetable(d, v));
  if (d->ntraces) PetscCall(view_traces(d, v));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioView(OcScenario sc, PetscViewer v)
{
  const OcScenarioData *d = &sc->d;
  char                  start[32], end[32];

  PetscFunctionBegin;
  OcFormatClock(d->start_s, start, sizeof start);
  OcFormatClock(d->end_s, end, sizeof end);
  PetscCall(PetscViewerASCIIPrintf(v, "Scenario '%s'\n", d->name));
  PetscCall(PetscViewerASCIIPushTab(v));
  PetscCall(PetscViewerASCIIPrintf(v, "simulated %s to %s, time step %.6g s, output every %.6g s\n", start, end, (double)d->time_step_s, (double)d->output_interval_s));
  PetscCall(PetscViewerASCIIPrintf(v, "%" PetscInt_FMT " DC system%s\n", d->ndc_systems, d->ndc_systems == 1 ? "" : "s"));
  PetscCall(PetscViewerASCIIPushTab(v));
  for (PetscInt s = 0; s < d->ndc_systems; s++) PetscCall(view_dc_system(d, s, v));
  PetscCall(PetscViewerASCIIPopTab(v));
  if (d->has_ac) PetscCall(view_ac(d, v));
  else PetscCall(PetscViewerASCIIPrintf(v, "no AC grid: substations are fed by ideal sources\n"));
  if (d->nroutes) PetscCall(view_fleet(d, v));
  PetscCall(PetscViewerASCIIPopTab(v));
  PetscFunctionReturn(PETSC_SUCCESS);
}
