#include <math.h>
#include <string.h>
#include "scenario_impl.h"

/* Vehicle blocks of a timetable's trips by battery vehicles, e-buses and battery trolleybuses
   (docs/scenario.md, "E-bus blocks").

   Given blocks (GTFS block_id, the csv's block column) are taken as they are, after checks that
   one bus can run them: the same vehicle type throughout, each trip starting where the one
   before ended (the same stop name), not before its scheduled arrival there. Trips without one
   are chained from the schedule like a planner's greedy blocking: in departure order, each trip
   takes the bus of the same type that has been ready at its first stop longest (ready: the
   scheduled arrival of its last trip plus the minimum layover; ties: the lower block), or a new
   bus when none is. Blocks are then numbered by the departure of their first trips. */

typedef struct {
  PetscReal   departure_s;
  PetscInt    trip, day;
  const char *block; /* given block on its service day, "" when none (or ignored) */
} Item;

static int by_departure(const void *a, const void *b)
{
  const Item *x = (const Item *)a, *y = (const Item *)b;
  if (x->departure_s != y->departure_s) return x->departure_s < y->departure_s ? -1 : 1;
  return (x->trip > y->trip) - (x->trip < y->trip);
}

static int by_block(const void *a, const void *b)
{
  const Item *x = (const Item *)a, *y = (const Item *)b;
  int         c = strcmp(x->block, y->block);
  if (c) return c;
  return x->day != y->day ? (x->day < y->day ? -1 : 1) : by_departure(a, b);
}

static PetscBool same_block(const Item *x, const Item *y)
{
  return (PetscBool)(!strcmp(x->block, y->block) && x->day == y->day);
}

static const char *first_stop(const OcScenarioData *d, const OcTimedTrip *t)
{
  return d->stop_name[d->route[t->route].first_stop];
}

static const char *last_stop(const OcScenarioData *d, const OcTimedTrip *t)
{
  return d->stop_name[d->route[t->route].first_stop + d->route[t->route].nstops - 1];
}

static PetscReal departure(const OcScenarioData *d, const OcTimedTrip *t)
{
  return d->timed_departure_s[t->first];
}

/* Whether trip b can follow trip a in one bus's block; records why not. */
static PetscErrorCode check_follows(OcDiag diag, const OcScenarioData *d, const OcTimedTripSource src[], PetscInt a, PetscInt b, PetscBool *ok)
{
  const OcTimedTrip *x = &d->timed_trip[a], *y = &d->timed_trip[b];
  const char        *file = src[b].file, *field = src[b].field, *blk = src[b].block;
  char               arr[32], dep[32];

  PetscFunctionBegin;
  *ok = PETSC_FALSE;
  OcFormatClock(x->arrival_s, arr, sizeof arr);
  OcFormatClock(departure(d, y), dep, sizeof dep);
  if (y->vehicle_type != x->vehicle_type)
    PetscCall(OcDiagAdd(diag, file, src[b].line, "field '%s': trip '%s' of block '%s' runs as vehicle type '%s', but the trip before it in the block, '%s', as '%s'; one bus runs a block", field, y->id, blk, d->vehicle_type[y->vehicle_type].id, x->id,
                        d->vehicle_type[x->vehicle_type].id));
  else if (strcmp(first_stop(d, y), last_stop(d, x)))
    PetscCall(OcDiagAdd(diag, file, src[b].line, "field '%s': trip '%s' of block '%s' starts at stop '%s', but the trip before it in the block, '%s', ends at '%s'; runs between stops (deadheads) are not simulated, so a block's trips must meet at the same stop", field, y->id, blk, first_stop(d, y), x->id, last_stop(d, x)));
  else if (!PetscIsNanReal(x->arrival_s) && departure(d, y) < x->arrival_s)
    PetscCall(OcDiagAdd(diag, file, src[b].line, "field '%s': trip '%s' of block '%s' departs at %s, before the trip before it in the block, '%s', arrives at %s", field, y->id, blk, dep, x->id, arr));
  else *ok = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The given blocks: provisional numbers from 0 in name order into trip_block[]. */
static PetscErrorCode given_blocks(OcDiag diag, const OcScenarioData *d, const OcTimedTripSource src[], Item item[], PetscInt n, PetscInt trip_block[], PetscInt *nblocks)
{
  PetscFunctionBegin;
  qsort(item, (size_t)n, sizeof *item, by_block);
  for (PetscInt k = 0; k < n; k++) {
    PetscBool ok;
    if (!item[k].block[0]) continue;
    if (k > 0 && same_block(&item[k], &item[k - 1])) {
      trip_block[item[k].trip] = trip_block[item[k - 1].trip];
      PetscCall(check_follows(diag, d, src, item[k - 1].trip, item[k].trip, &ok));
    } else trip_block[item[k].trip] = (*nblocks)++;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  PetscInt    type, block;
  const char *stop;
  PetscReal   ready_s;
} Bus;

/* The trips without a block, chained in departure order; new blocks numbered from *nblocks. */
static PetscErrorCode chain(OcDiag diag, const OcScenarioData *d, const OcTimedTripSource src[], PetscReal layover_s, const Item item[], PetscInt n, PetscInt trip_block[], PetscInt *nblocks)
{
  Bus     *bus;
  PetscInt nbus = 0;

  PetscFunctionBegin;
  PetscCall(PetscMalloc1(n, &bus));
  for (PetscInt k = 0; k < n; k++) {
    const OcTimedTrip *t = &d->timed_trip[item[k].trip];
    PetscInt           b = -1;
    if (item[k].block[0]) continue;
    if (PetscIsNanReal(t->arrival_s)) {
      PetscCall(OcDiagAdd(diag, src[item[k].trip].file, src[item[k].trip].line, "trip '%s' of battery vehicle '%s' gives no time at its last stop '%s': its bus is chained into later trips by that scheduled arrival; give the time there, or a block (fleet.timetable.blocks: given)", t->id,
                          d->vehicle_type[t->vehicle_type].id, last_stop(d, t)));
      continue;
    }
    for (PetscInt j = 0; j < nbus; j++)
      if (bus[j].type == t->vehicle_type && bus[j].ready_s <= item[k].departure_s && !strcmp(bus[j].stop, first_stop(d, t)) && (b < 0 || bus[j].ready_s < bus[b].ready_s)) b = j;
    if (b < 0) {
      b      = nbus++;
      bus[b] = (Bus){t->vehicle_type, (*nblocks)++, NULL, 0};
    }
    trip_block[item[k].trip] = bus[b].block;
    bus[b].stop              = last_stop(d, t);
    bus[b].ready_s           = t->arrival_s + layover_s;
  }
  PetscCall(PetscFree(bus));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OcScenarioBuildTimedBlocks(OcDiag diag, OcBlockRule rule, const OcTimedTripSource src[], OcScenarioData *d)
{
  Item    *item;
  PetscInt n = 0, nprov = 0, *block, *renumber;

  PetscFunctionBegin;
  d->ntimed_blocks = 0;
  PetscCall(PetscMalloc2(d->ntimed_trips, &item, d->ntimed_trips, &block));
  for (PetscInt i = 0; i < d->ntimed_trips; i++) {
    OcTimedTrip *t = &d->timed_trip[i];
    t->block       = -1;
    block[i]       = -1;
    if (OcVehicleHasBattery(&d->vehicle_type[t->vehicle_type])) item[n++] = (Item){departure(d, t), i, src[i].day, rule.mode == OC_BLOCKS_GIVEN ? src[i].block : ""};
  }
  if (rule.mode == OC_BLOCKS_GIVEN) PetscCall(given_blocks(diag, d, src, item, n, block, &nprov));
  qsort(item, (size_t)n, sizeof *item, by_departure);
  if (rule.mode == OC_BLOCKS_TRIP)
    for (PetscInt k = 0; k < n; k++) block[item[k].trip] = nprov++;
  else PetscCall(chain(diag, d, src, rule.min_layover_s, item, n, block, &nprov));
  /* Final numbers by the first trip's departure: the trips in departure order. */
  PetscCall(PetscMalloc1(nprov, &renumber));
  for (PetscInt b = 0; b < nprov; b++) renumber[b] = -1;
  for (PetscInt k = 0; k < n; k++) {
    PetscInt i = item[k].trip;
    if (block[i] < 0) continue; /* a trip that could not be chained (recorded) */
    if (renumber[block[i]] < 0) renumber[block[i]] = d->ntimed_blocks++;
    d->timed_trip[i].block = renumber[block[i]];
  }
  PetscCall(PetscFree(renumber));
  PetscCall(PetscFree2(item, block));
  PetscFunctionReturn(PETSC_SUCCESS);
}
