#include <math.h>
#include "fleet_impl.h"

/* Trips from the headway services, ordered by departure (then service): the order, and so every
   trip's index, is the same on every rank. */

typedef struct {
  PetscReal departure_s;
  PetscInt  service, k;
} Key;

static int compare(const void *a, const void *b)
{
  const Key *x = (const Key *)a, *y = (const Key *)b;
  if (x->departure_s != y->departure_s) return x->departure_s < y->departure_s ? -1 : 1;
  if (x->service != y->service) return x->service < y->service ? -1 : 1;
  return (x->k > y->k) - (x->k < y->k);
}

PetscErrorCode OcFleetBuildTrips(OcFleet f)
{
  const OcScenarioData *d = f->sc;
  Key                  *key;
  PetscInt              n = 0;

  PetscFunctionBegin;
  for (PetscInt s = 0; s < d->nservices; s++) n += (PetscInt)floor((d->service[s].last_s - d->service[s].first_s) / d->service[s].headway_s + 1e-9) + 1;
  PetscCall(PetscMalloc1(n, &key));
  n = 0;
  for (PetscInt s = 0; s < d->nservices; s++) {
    const OcService *sv = &d->service[s];
    for (PetscInt k = 0; sv->first_s + k * sv->headway_s <= sv->last_s + 1e-9 * sv->headway_s; k++) key[n++] = (Key){sv->first_s + k * sv->headway_s, s, k};
  }
  qsort(key, (size_t)n, sizeof *key, compare);
  f->ntrips = n;
  PetscCall(PetscMalloc1(n, &f->trip));
  for (PetscInt i = 0; i < n; i++) {
    const OcService *sv = &d->service[key[i].service];
    f->trip[i]          = (OcFleetTrip){sv->route, sv->vehicle_type, key[i].service, key[i].departure_s};
  }
  PetscCall(PetscFree(key));
  PetscFunctionReturn(PETSC_SUCCESS);
}
