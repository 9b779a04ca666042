#ifndef OCOUTPUT_H
#define OCOUTPUT_H
/* The results file: one parallel HDF5 file per run, written collectively, laid out by element
   index and never by rank, so that the same values give the same file on any number of ranks.
   The layout is documented in docs/output.md.

   Life cycle (every call collective unless marked otherwise):
     OcOutputCreate(comm, &out); OcOutputSetFile(out, path); OcOutputSetFromOptions(out);
     OcOutputAddGroup(...); OcOutputAddSeries(...); ...          declare, before SetUp
     OcOutputSetUp(out);                                          creates <path>.part
                                                  (or continues it: OcOutputSetContinue)
     OcOutputAddText(...); OcOutputSetAttribute(...);             any time after SetUp
     loop: OcOutputRecordBegin(out, t); OcOutputSetValues(...) (not collective);
           OcOutputRecordEnd(out);                                flushes every B records
           OcOutputGroupSetOwnership(...) when elements change owner (vehicles migrate)
     OcOutputWriteSummary(...);                                   at the end, and at checkpoints
     OcOutputClose(out);                                          renames <path>.part to <path>
     OcOutputDestroy(&out);

   Options: -oc_output_file PATH, -oc_output_buffer_steps B (default 60), -oc_output_series LIST
   (comma-separated "group/series" or "group"; default: every series). */
#include <petscviewer.h>
#include <ocsys.h>

typedef struct _p_OcOutput *OcOutput;
/* Handles returned by OcOutputAddGroup/OcOutputAddSeries, valid for the object's lifetime. */
typedef PetscInt OcOutputGroup;
typedef PetscInt OcOutputSeries;

/* Increased whenever a reader must change; written as the root attribute "layout_version". */
#define OC_OUTPUT_LAYOUT_VERSION 1

PETSC_EXTERN PetscErrorCode OcOutputCreate(MPI_Comm, OcOutput *);
PETSC_EXTERN PetscErrorCode OcOutputSetFile(OcOutput, const char path[]);
/* The final path (NULL until set); while the run is open the file is <path>.part. */
PETSC_EXTERN PetscErrorCode OcOutputGetFile(OcOutput, const char **path);
PETSC_EXTERN PetscErrorCode OcOutputSetBufferSteps(OcOutput, PetscInt steps);
/* Keeps only these series: "group/series" names one series, "group" all of a group's. */
PETSC_EXTERN PetscErrorCode OcOutputSetSeriesSelection(OcOutput, PetscInt n, const char *const names[]);
PETSC_EXTERN PetscErrorCode OcOutputSetScenarioName(OcOutput, const char name[]);
PETSC_EXTERN PetscErrorCode OcOutputSetFromOptions(OcOutput);
/* Continue the file of an interrupted run instead of creating one (a restart from a
   checkpoint): SetUp opens <path>.part, checks that it has this object's groups and kept series,
   and truncates every series and /time back to the first `records` records, written before the
   checkpoint; the run then appends. Before SetUp. */
PETSC_EXTERN PetscErrorCode OcOutputSetContinue(OcOutput, PetscInt records);

/* A group of n_global elements placed by global index 0 .. n_global-1 (the order of the file).
   This rank owns n_owned of them: global_index[i], with the integer id ids[i] and the name
   names[i] (at most OC_NAME_LEN-1 characters). ids NULL: the id is the global index; names
   NULL: empty names. Every index must be owned by exactly one rank. Arrays are copied. */
PETSC_EXTERN PetscErrorCode OcOutputAddGroup(OcOutput, const char name[], PetscInt n_global, PetscInt n_owned, const PetscInt global_index[], const PetscInt ids[], const char *const names[], OcOutputGroup *);
/* A time series [time, element] of the group; unit and description become attributes. */
PETSC_EXTERN PetscErrorCode OcOutputAddSeries(OcOutput, OcOutputGroup, const char name[], const char unit[], const char description[], OcOutputSeries *);
PETSC_EXTERN PetscErrorCode OcOutputSetUp(OcOutput);
/* Whether the series is written (-oc_output_series); the caller may skip computing it. Not
   collective; after SetUp. */
PETSC_EXTERN PetscErrorCode OcOutputSeriesIsKept(OcOutput, OcOutputSeries, PetscBool *);

/* A new ownership of the group's elements (after a migration); same rules as OcOutputAddGroup.
   Outside a record. Values set afterwards follow the new order. */
PETSC_EXTERN PetscErrorCode OcOutputGroupSetOwnership(OcOutput, OcOutputGroup, PetscInt n_owned, const PetscInt global_index[]);

/* One record at time t_s (the same on every rank). Between Begin and End every kept series
   must get its values: values[i] for this rank's owned element i (SetValues is not collective
   and ignores series that are not kept). End writes the buffer every B records. */
PETSC_EXTERN PetscErrorCode OcOutputRecordBegin(OcOutput, PetscReal t_s);
PETSC_EXTERN PetscErrorCode OcOutputSetValues(OcOutput, OcOutputSeries, const PetscReal values[]);
PETSC_EXTERN PetscErrorCode OcOutputRecordEnd(OcOutput);
/* Writes the buffered records now and flushes the file (e.g. before a checkpoint). */
PETSC_EXTERN PetscErrorCode OcOutputFlush(OcOutput);
/* Records on disk (flushed) and flushes done so far. Not collective. */
PETSC_EXTERN PetscErrorCode OcOutputGetProgress(OcOutput, PetscInt *records, PetscInt *flushes);

/* /summary/<group>/<name>: one value per element of the group, values[i] for this rank's owned
   element i; written again (overwritten) when called again with the same name. */
PETSC_EXTERN PetscErrorCode OcOutputWriteSummary(OcOutput, OcOutputGroup, const char name[], const char unit[], const char description[], const PetscReal values[]);
/* /scenario/<name>: a text (the scenario YAML, a table), taken from rank 0; other ranks may
   pass NULL. */
PETSC_EXTERN PetscErrorCode OcOutputAddText(OcOutput, const char name[], const char text[]);
/* A string attribute of the root group, e.g. "vehicle_voltage_lag"; value taken from rank 0. */
PETSC_EXTERN PetscErrorCode OcOutputSetAttribute(OcOutput, const char name[], const char value[]);
/* Removes a root attribute if it is there. */
PETSC_EXTERN PetscErrorCode OcOutputRemoveAttribute(OcOutput, const char name[]);

PETSC_EXTERN PetscErrorCode OcOutputView(OcOutput, PetscViewer);
/* Writes what is buffered, closes the file and renames <path>.part to <path>. */
PETSC_EXTERN PetscErrorCode OcOutputClose(OcOutput);
/* Without a Close the file is closed but keeps its .part name: the run did not finish. */
PETSC_EXTERN PetscErrorCode OcOutputDestroy(OcOutput *);

#endif
