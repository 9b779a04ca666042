/* Strings kept from a GTFS feed and the lookup of ids. A feed references ids across files
   (stop_times -> trips and stops) once per row, so lookups are hashed: O(1) per row. */
#include <string.h>
#include "gtfs_impl.h"

PetscErrorCode GtfsPoolAdd(GtfsPool *pool, const char *s, size_t *offset)
{
  size_t n = strlen(s);

  PetscFunctionBegin;
  if (pool->len + n + 1 > pool->cap) {
    pool->cap = PetscMax(2 * pool->cap, pool->len + n + 4096);
    PetscCall(PetscRealloc(pool->cap, &pool->buf));
  }
  PetscCall(PetscMemcpy(pool->buf + pool->len, s, n + 1));
  *offset = pool->len;
  pool->len += n + 1;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* FNV-1a: short keys, good spread, no tables. */
static size_t hash(const char *s)
{
  size_t h = 1469598103934665603ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

PetscErrorCode GtfsIdMapInit(GtfsIdMap *map, const GtfsPool *pool)
{
  PetscFunctionBegin;
  PetscCall(PetscMemzero(map, sizeof *map));
  map->pool = pool;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The slot holding id, or the empty slot where it would go. cap is a power of two. */
static PetscInt slot_of(const GtfsIdMap *map, const char *id)
{
  PetscInt i = (PetscInt)(hash(id) & (size_t)(map->cap - 1));
  while (map->value[i] >= 0 && strcmp(map->pool->buf + map->key[i], id)) i = (i + 1) & (map->cap - 1);
  return i;
}

/* Keeps the table at most half full. */
static PetscErrorCode grow(GtfsIdMap *map)
{
  size_t   *key   = map->key;
  PetscInt *value = map->value, cap = map->cap;

  PetscFunctionBegin;
  map->cap = cap ? 2 * cap : 64;
  PetscCall(PetscMalloc2(map->cap, &map->key, map->cap, &map->value));
  for (PetscInt i = 0; i < map->cap; i++) map->value[i] = -1;
  for (PetscInt i = 0; i < cap; i++)
    if (value[i] >= 0) {
      PetscInt j    = slot_of(map, map->pool->buf + key[i]);
      map->key[j]   = key[i];
      map->value[j] = value[i];
    }
  PetscCall(PetscFree2(key, value));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode GtfsIdMapInsert(GtfsIdMap *map, size_t offset, PetscInt value, PetscInt *existing)
{
  PetscInt i;

  PetscFunctionBegin;
  if (2 * (map->n + 1) > map->cap) PetscCall(grow(map));
  i         = slot_of(map, map->pool->buf + offset);
  *existing = map->value[i];
  if (*existing < 0) {
    map->key[i]   = offset;
    map->value[i] = value;
    map->n++;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt GtfsIdMapFind(const GtfsIdMap *map, const char *id)
{
  return map->cap ? map->value[slot_of(map, id)] : -1;
}

PetscErrorCode GtfsIdMapFree(GtfsIdMap *map)
{
  PetscFunctionBegin;
  PetscCall(PetscFree2(map->key, map->value));
  PetscCall(PetscMemzero(map, sizeof *map));
  PetscFunctionReturn(PETSC_SUCCESS);
}
