#include <math.h>
#include "fleet_impl.h"

/* Trips from the headway services, the timetable and the traces, ordered by departure (then
   source, index, direction, number): the order, and so every trip's index, is the same on every
   rank.

   Services of battery vehicles (e-buses, battery trolleybuses) run in blocks, one vehicle each.
   Without a return route every trip is its own block. With one, outbound trip k departs at first + k headway and its return trip
   turnaround_s later; the bus is back, ready to leave again, turnaround_s after the return
   departure. Services of the same line (route, return route, vehicle type: the periods of one
   timetable) share their buses. Outbound trips are handed out in departure order, each to the
   bus that has been ready at the first terminal longest (ties: the lower block), or to a new bus
   when none is ready: the greedy chaining of a planner, deterministic. Timetabled battery trips
   come with their blocks from the scenario (src/scenario/timed_blocks.c), numbered after the
   services' blocks. */

typedef enum {
  FROM_SERVICE,
  FROM_TIMETABLE,
  FROM_TRACE
} Source;

typedef struct {
  PetscReal departure_s;
  Source    source;
  PetscInt  index;  /* service, timed trip or trace */
  PetscInt  ret, k; /* a service's direction (1: return) and its k-th trip */
  PetscInt  block;  /* battery vehicle block, or -1 */
} Key;

static int compare(const void *a, const void *b)
{
  const Key *x = (const Key *)a, *y = (const Key *)b;
  if (x->departure_s != y->departure_s) return x->departure_s < y->departure_s ? -1 : 1;
  if (x->source != y->source) return x->source < y->source ? -1 : 1;
  if (x->index != y->index) return x->index < y->index ? -1 : 1;
  if (x->ret != y->ret) return x->ret < y->ret ? -1 : 1;
  return (x->k > y->k) - (x->k < y->k);
}

static OcFleetTrip trip_of(const OcScenarioData *d, const Key *k)
{
  if (k->source == FROM_SERVICE) {
    const OcService *sv = &d->service[k->index];
    return (OcFleetTrip){k->ret ? sv->return_route : sv->route, sv->vehicle_type, k->index, k->departure_s, -1, -1, k->block, -1};
  }
  if (k->source == FROM_TIMETABLE) return (OcFleetTrip){d->timed_trip[k->index].route, d->timed_trip[k->index].vehicle_type, -1, k->departure_s, k->index, -1, k->block, -1};
  return (OcFleetTrip){d->trace[k->index].route, d->trace[k->index].vehicle_type, -1, k->departure_s, -1, k->index, -1, -1};
}

static PetscInt outbound_trips(const OcService *sv)
{
  return (PetscInt)floor((sv->last_s - sv->first_s) / sv->headway_s + 1e-9) + 1;
}

/* Services whose buses are shared: the same route, return route and vehicle type. */
static PetscBool same_line(const OcService *a, const OcService *b)
{
  return a->route == b->route && a->return_route == b->return_route && a->vehicle_type == b->vehicle_type;
}

/* The keys of service s (and, for a battery vehicles' line with a return route, of every later service of
   the same line: the periods of one timetable share their buses), from key[n] on, with blocks
   numbered from *nblocks. done[] marks the services handled. */
static PetscErrorCode service_keys(OcFleet f, PetscInt s, PetscBool done[], Key key[], PetscInt *n, PetscInt *nblocks)
{
  const OcService *sv      = f->sc->service;
  PetscBool        battery = OcVehicleHasBattery(&f->sc->vehicle_type[sv[s].vehicle_type]);
  PetscInt         nout = 0, first = *n, nb = 0;
  PetscReal       *ready = NULL; /* per bus of the line: ready at the first terminal */

  PetscFunctionBegin;
  for (PetscInt r = s; r < f->sc->nservices; r++) {
    if (done[r] || (r > s && (sv[s].return_route < 0 || !same_line(&sv[s], &sv[r])))) continue;
    done[r] = PETSC_TRUE;
    for (PetscInt k = 0; k < outbound_trips(&sv[r]); k++) key[first + nout++] = (Key){sv[r].first_s + k * sv[r].headway_s, FROM_SERVICE, r, 0, k, -1};
  }
  qsort(key + first, (size_t)nout, sizeof *key, compare);
  if (sv[s].return_route >= 0) PetscCall(PetscMalloc1(nout, &ready));
  for (PetscInt i = 0; i < nout; i++) {
    Key             *o  = &key[first + i];
    const OcService *so = &sv[o->index];
    PetscInt         b  = -1;
    if (battery && so->return_route < 0) b = nb++;
    else if (battery) {
      for (PetscInt j = 0; j < nb; j++)
        if (ready[j] <= o->departure_s && (b < 0 || ready[j] < ready[b])) b = j;
      if (b < 0) b = nb++;
      ready[b] = o->departure_s + 2 * so->turnaround_s;
    }
    o->block = b < 0 ? -1 : *nblocks + b;
  }
  *n = first + nout;
  for (PetscInt i = 0; i < nout; i++) {
    const Key *o = &key[first + i];
    if (sv[o->index].return_route >= 0) key[(*n)++] = (Key){o->departure_s + sv[o->index].turnaround_s, FROM_SERVICE, o->index, 1, o->k, o->block};
  }
  *nblocks += nb;
  PetscCall(PetscFree(ready));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetBuildTrips(OcFleet f)
{
  const OcScenarioData *d = f->sc;
  Key                  *key;
  PetscInt              n = d->ntimed_trips + d->ntraces, *last;
  PetscBool            *done;

  PetscFunctionBegin;
  for (PetscInt s = 0; s < d->nservices; s++) n += outbound_trips(&d->service[s]) * (d->service[s].return_route >= 0 ? 2 : 1);
  PetscCall(PetscMalloc1(n, &key));
  n          = 0;
  f->nblocks = 0;
  PetscCall(PetscCalloc1(d->nservices, &done));
  for (PetscInt s = 0; s < d->nservices; s++)
    if (!done[s]) PetscCall(service_keys(f, s, done, key, &n, &f->nblocks));
  PetscCall(PetscFree(done));
  for (PetscInt i = 0; i < d->ntimed_trips; i++) {
    const OcTimedTrip *tt = &d->timed_trip[i];
    key[n++]              = (Key){d->timed_departure_s[tt->first], FROM_TIMETABLE, i, 0, 0, tt->block < 0 ? -1 : f->nblocks + tt->block};
  }
  f->nblocks += d->ntimed_blocks;
  for (PetscInt i = 0; i < d->ntraces; i++) key[n++] = (Key){d->trace_t_s[d->trace[i].first], FROM_TRACE, i, 0, 0, -1};
  qsort(key, (size_t)n, sizeof *key, compare);
  f->ntrips = n;
  PetscCall(PetscMalloc1(n, &f->trip));
  PetscCall(PetscCalloc1(f->nblocks, &f->block_started));
  PetscCall(PetscMalloc1(f->nblocks, &last));
  for (PetscInt b = 0; b < f->nblocks; b++) last[b] = -1;
  /* A block's trips follow each other in departure order: link each to the next. */
  for (PetscInt i = 0; i < n; i++) {
    PetscInt b = key[i].block;
    f->trip[i] = trip_of(d, &key[i]);
    if (b < 0) continue;
    if (last[b] >= 0) f->trip[last[b]].next = i;
    last[b] = i;
  }
  PetscCall(PetscFree(last));
  PetscCall(PetscFree(key));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Timetabled battery e-buses run timed (kernels/motion.h): they aim to reach each stop at its
   scheduled departure less the stop's minimum dwell, and the last stop at the scheduled arrival,
   instead of running flat out and waiting. Other vehicles keep the fastest run: rail timetables
   are tight, and -closed_form tests rely on it. */
PetscErrorCode OcFleetSetUpTimedRunning(OcFleet f)
{
  const OcScenarioData *d = f->sc;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(d->ntimed_departures, &f->timed_arrival_s));
  for (PetscInt i = 0; i < d->ntimed_trips; i++) {
    const OcTimedTrip *tt  = &d->timed_trip[i];
    const OcRoute     *rt  = &d->route[tt->route];
    const PetscReal   *dep = d->timed_departure_s + tt->first;
    PetscReal         *arr = f->timed_arrival_s + tt->first;
    for (PetscInt k = 0; k < rt->nstops - 1; k++) arr[k] = dep[k] > -PETSC_INFINITY ? dep[k] - d->stop_dwell_s[rt->first_stop + k] : -PETSC_INFINITY;
    arr[rt->nstops - 1] = PetscIsNanReal(tt->arrival_s) ? -PETSC_INFINITY : tt->arrival_s;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

OcMotionTrip OcFleetMotionTrip(OcFleet f, PetscInt trip)
{
  const OcFleetTrip *t     = &f->trip[trip];
  const PetscInt     first = t->timed >= 0 ? f->sc->timed_trip[t->timed].first : -1;
  const PetscBool    timed = (PetscBool)(first >= 0 && f->sc->vehicle_type[t->vehicle_type].kind == OC_VEHICLE_EBUS);
  return (OcMotionTrip){&f->route[t->route], first >= 0 ? f->sc->timed_departure_s + first : NULL, timed ? f->timed_arrival_s + first : NULL};
}
