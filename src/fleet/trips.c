#include <math.h>
#include "fleet_impl.h"

/* Trips from the headway services, ordered by departure (then service, direction, number): the
   order, and so every trip's index, is the same on every rank.

   Battery e-bus services run in blocks, one bus each. Without a return route every trip is its
   own block. With one, outbound trip k departs at first + k headway and its return trip
   turnaround_s later; the bus is back, ready to leave again, turnaround_s after the return
   departure. Outbound trips are handed out in order, each to the bus that has been ready at the
   first terminal longest (ties: the lower block), or to a new bus when none is ready: the
   greedy chaining of a planner, deterministic. */

typedef struct {
  PetscReal departure_s;
  PetscInt  service, ret, k, block;
} Key;

static int compare(const void *a, const void *b)
{
  const Key *x = (const Key *)a, *y = (const Key *)b;
  if (x->departure_s != y->departure_s) return x->departure_s < y->departure_s ? -1 : 1;
  if (x->service != y->service) return x->service < y->service ? -1 : 1;
  if (x->ret != y->ret) return x->ret < y->ret ? -1 : 1;
  return (x->k > y->k) - (x->k < y->k);
}

static PetscInt outbound_trips(const OcService *sv)
{
  return (PetscInt)floor((sv->last_s - sv->first_s) / sv->headway_s + 1e-9) + 1;
}

/* The service's keys from key[n] on, with blocks numbered from *nblocks (-1: not an e-bus). */
static PetscErrorCode service_keys(OcFleet f, PetscInt s, Key key[], PetscInt *n, PetscInt *nblocks)
{
  const OcService *sv   = &f->sc->service[s];
  PetscBool        ebus = f->sc->vehicle_type[sv->vehicle_type].kind == OC_VEHICLE_EBUS;
  PetscInt         nout = outbound_trips(sv), first_block = *nblocks, nb = 0;
  PetscReal       *ready = NULL; /* per block of this service: ready at the first terminal */

  PetscFunctionBegin;
  if (sv->return_route >= 0) PetscCall(PetscMalloc1(nout, &ready));
  for (PetscInt k = 0; k < nout; k++) {
    PetscReal dep = sv->first_s + k * sv->headway_s;
    PetscInt  b   = -1;
    if (ebus && sv->return_route < 0) b = first_block + nb++;
    else if (ebus) {
      for (PetscInt j = 0; j < nb; j++)
        if (ready[j] <= dep && (b < 0 || ready[j] < ready[b])) b = j;
      if (b < 0) b = nb++;
      ready[b] = dep + 2 * sv->turnaround_s;
      b += first_block;
    }
    key[(*n)++] = (Key){dep, s, 0, k, b};
    if (sv->return_route >= 0) key[(*n)++] = (Key){dep + sv->turnaround_s, s, 1, k, b};
  }
  *nblocks += nb;
  PetscCall(PetscFree(ready));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcFleetBuildTrips(OcFleet f)
{
  const OcScenarioData *d = f->sc;
  Key                  *key;
  PetscInt              n = 0, *last;

  PetscFunctionBegin;
  for (PetscInt s = 0; s < d->nservices; s++) n += outbound_trips(&d->service[s]) * (d->service[s].return_route >= 0 ? 2 : 1);
  PetscCall(PetscMalloc1(n, &key));
  n          = 0;
  f->nblocks = 0;
  for (PetscInt s = 0; s < d->nservices; s++) PetscCall(service_keys(f, s, key, &n, &f->nblocks));
  qsort(key, (size_t)n, sizeof *key, compare);
  f->ntrips = n;
  PetscCall(PetscMalloc1(n, &f->trip));
  PetscCall(PetscCalloc1(f->nblocks, &f->block_started));
  PetscCall(PetscMalloc1(f->nblocks, &last));
  for (PetscInt b = 0; b < f->nblocks; b++) last[b] = -1;
  /* A block's trips follow each other in departure order: link each to the next. */
  for (PetscInt i = 0; i < n; i++) {
    const OcService *sv = &d->service[key[i].service];
    PetscInt         b  = key[i].block;
    f->trip[i]          = (OcFleetTrip){key[i].ret ? sv->return_route : sv->route, sv->vehicle_type, key[i].service, key[i].departure_s, b, -1};
    if (b < 0) continue;
    if (last[b] >= 0) f->trip[last[b]].next = i;
    last[b] = i;
  }
  PetscCall(PetscFree(last));
  PetscCall(PetscFree(key));
  PetscFunctionReturn(PETSC_SUCCESS);
}
