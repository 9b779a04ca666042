#ifndef OCCHECKPOINT_H
#define OCCHECKPOINT_H
/* A checkpoint file: the state of a run, one parallel HDF5 file written collectively and laid
   out by global index (never by rank), so that a run can continue from it on any number of
   ranks. Each module writes and reads its own state through these helpers (OcFleetCheckpoint*,
   OcStatsCheckpoint*, OcFlowCheckpoint*); the layout is documented in docs/output.md.

   Writing goes to <path>.tmp, renamed to <path> by OcCheckpointClose once every rank has closed
   it: a run killed at any moment leaves the previous checkpoint intact.

   Names are HDF5 paths ("fleet/vehicles"): groups are created as needed. Three kinds of data:
     values  - the same on every rank (run totals, counters): rank 0's are written, every rank
               reads them all;
     fields  - per element, "fields of n" as the statistics kernels keep them (s[f * n + i] for
               field f of local element i), placed by global index into a [n_global][nf]
               dataset; read back to whichever rank owns each element now;
     records - plain-data structs of a fixed size, any number per rank (vehicles): stored as
               [N][bytes] bytes with the size as an attribute; reading gives each rank a
               contiguous share, to be sent to the owners by the caller.
   Every function is collective. Reading checks the shapes: a dataset written by another build
   (another record size or number of fields) is refused with a clear error. */
#include <ocsys.h>

typedef struct _p_OcCheckpoint *OcCheckpoint;

/* Increased whenever a checkpoint of the previous version can no longer be read. */
#define OC_CHECKPOINT_FORMAT_VERSION 1

/* Opens <path>.tmp for writing (created anew). */
PETSC_EXTERN PetscErrorCode OcCheckpointCreate(MPI_Comm, const char path[], OcCheckpoint *);
/* Opens an existing checkpoint for reading; refuses a file of another format version. */
PETSC_EXTERN PetscErrorCode OcCheckpointOpen(MPI_Comm, const char path[], OcCheckpoint *);
PETSC_EXTERN PetscErrorCode OcCheckpointGetPath(OcCheckpoint, const char **path);
/* Closes the file; after writing, renames <path>.tmp to <path> (rank 0, after a barrier). */
PETSC_EXTERN PetscErrorCode OcCheckpointClose(OcCheckpoint *);

PETSC_EXTERN PetscErrorCode OcCheckpointWriteReals(OcCheckpoint, const char name[], PetscInt n, const PetscReal v[]);
PETSC_EXTERN PetscErrorCode OcCheckpointReadReals(OcCheckpoint, const char name[], PetscInt n, PetscReal v[]);
PETSC_EXTERN PetscErrorCode OcCheckpointWriteInts(OcCheckpoint, const char name[], PetscInt n, const PetscInt64 v[]);
PETSC_EXTERN PetscErrorCode OcCheckpointReadInts(OcCheckpoint, const char name[], PetscInt n, PetscInt64 v[]);
/* A string attribute of the root group (rank 0's value), and its value read back (len bytes). */
PETSC_EXTERN PetscErrorCode OcCheckpointWriteText(OcCheckpoint, const char name[], const char value[]);
PETSC_EXTERN PetscErrorCode OcCheckpointReadText(OcCheckpoint, const char name[], char value[], size_t len);

/* nf fields of n_local elements with global indices gidx[] (each of 0 .. n_global-1 owned by
   exactly one rank). */
PETSC_EXTERN PetscErrorCode OcCheckpointWriteFields(OcCheckpoint, const char name[], PetscInt nf, PetscInt n_global, PetscInt n_local, const PetscInt gidx[], const PetscReal s[]);
PETSC_EXTERN PetscErrorCode OcCheckpointReadFields(OcCheckpoint, const char name[], PetscInt nf, PetscInt n_global, PetscInt n_local, const PetscInt gidx[], PetscReal s[]);

/* n_local records of the given size. Read: *n_local records in *rec (PetscMalloc'd; the caller
   frees it with PetscFree). */
PETSC_EXTERN PetscErrorCode OcCheckpointWriteRecords(OcCheckpoint, const char name[], size_t bytes, PetscInt n_local, const void *rec);
PETSC_EXTERN PetscErrorCode OcCheckpointReadRecords(OcCheckpoint, const char name[], size_t bytes, PetscInt *n_local, void *rec);

#endif
