#include <math.h>
#include "fleet_impl.h"

/* Trips from the headway services, the timetable and the traces, ordered by departure (then
   source, then index): the order, and so every trip's index, is the same on every rank. */

typedef enum {
  FROM_SERVICE,
  FROM_TIMETABLE,
  FROM_TRACE
} Source;

typedef struct {
  PetscReal departure_s;
  Source    source;
  PetscInt  index, k; /* service, timed trip or trace; k: the service's k-th trip */
} Key;

static int compare(const void *a, const void *b)
{
  const Key *x = (const Key *)a, *y = (const Key *)b;
  if (x->departure_s != y->departure_s) return x->departure_s < y->departure_s ? -1 : 1;
  if (x->source != y->source) return x->source < y->source ? -1 : 1;
  if (x->index != y->index) return x->index < y->index ? -1 : 1;
  return (x->k > y->k) - (x->k < y->k);
}

static OcFleetTrip trip_of(const OcScenarioData *d, const Key *k)
{
  if (k->source == FROM_SERVICE) {
    const OcService *sv = &d->service[k->index];
    return (OcFleetTrip){sv->route, sv->vehicle_type, k->index, k->departure_s, -1, -1};
  }
  if (k->source == FROM_TIMETABLE) return (OcFleetTrip){d->timed_trip[k->index].route, d->timed_trip[k->index].vehicle_type, -1, k->departure_s, k->index, -1};
  return (OcFleetTrip){d->trace[k->index].route, d->trace[k->index].vehicle_type, -1, k->departure_s, -1, k->index};
}

PetscErrorCode OcFleetBuildTrips(OcFleet f)
{
  const OcScenarioData *d = f->sc;
  Key                  *key;
  PetscInt              n = d->ntimed_trips + d->ntraces;

  PetscFunctionBegin;
  for (PetscInt s = 0; s < d->nservices; s++) n += (PetscInt)floor((d->service[s].last_s - d->service[s].first_s) / d->service[s].headway_s + 1e-9) + 1;
  PetscCall(PetscMalloc1(n, &key));
  n = 0;
  for (PetscInt s = 0; s < d->nservices; s++) {
    const OcService *sv = &d->service[s];
    for (PetscInt k = 0; sv->first_s + k * sv->headway_s <= sv->last_s + 1e-9 * sv->headway_s; k++) key[n++] = (Key){sv->first_s + k * sv->headway_s, FROM_SERVICE, s, k};
  }
  for (PetscInt i = 0; i < d->ntimed_trips; i++) key[n++] = (Key){d->timed_departure_s[d->timed_trip[i].first], FROM_TIMETABLE, i, 0};
  for (PetscInt i = 0; i < d->ntraces; i++) key[n++] = (Key){d->trace_t_s[d->trace[i].first], FROM_TRACE, i, 0};
  qsort(key, (size_t)n, sizeof *key, compare);
  f->ntrips = n;
  PetscCall(PetscMalloc1(n, &f->trip));
  for (PetscInt i = 0; i < n; i++) f->trip[i] = trip_of(d, &key[i]);
  PetscCall(PetscFree(key));
  PetscFunctionReturn(PETSC_SUCCESS);
}

OcMotionTrip OcFleetMotionTrip(OcFleet f, PetscInt trip)
{
  const OcFleetTrip *t = &f->trip[trip];
  return (OcMotionTrip){&f->route[t->route], t->timed >= 0 ? f->sc->timed_departure_s + f->sc->timed_trip[t->timed].first : NULL};
}
