#ifndef OUTPUT_IMPL_H
#define OUTPUT_IMPL_H
#include <petscsf.h>
#include "ocoutput.h"

/* Longest group or series name, and the longest unit (with the NUL). */
#define OC_OUTPUT_NAME_LEN 64
#define OC_OUTPUT_UNIT_LEN 32
/* Target size of one chunk of a time series (bytes): a chunk is B records by as many elements
   as fit, so reading one element over the whole run touches T/B chunks of this size. */
#define OC_OUTPUT_CHUNK_BYTES (1 << 20)

/* Records given while one ownership held: values in owner order, one row per record
   ([cap][nown][w], w the group's kept series; rows 0 .. len-1 given). */
typedef struct {
  PetscSF    sf; /* a reference to the ownership of these records */
  PetscInt   nown;
  PetscInt   k0, len, cap; /* records k0 .. k0 + len - 1 of the buffer, room for cap */
  PetscReal *leaf;
} OcOutputSegment;

/* A group of elements. The file holds them by global index; this rank writes the contiguous
   block [rstart, rstart + nb) of a PetscLayout that depends only on n and the number of ranks.
   The star forest moves values from the owners (leaves, in the caller's order) to the block
   (roots), so no rank gathers more than its block. The buffered records wait on the owners'
   side, in segments, and move to the blocks once per flush. */
typedef struct {
  char             name[OC_OUTPUT_NAME_LEN];
  PetscInt         n;          /* elements in the file */
  PetscInt         nb, rstart; /* this rank's block */
  PetscLayout      block;
  PetscSF          sf;        /* the current ownership. leaves: owned elements, roots: block */
  PetscInt         nown;      /* owned elements (leaves) */
  PetscInt        *init_gidx; /* ownership, ids and names given to AddGroup, until SetUp */
  PetscInt64      *init_ids;
  char            *init_names; /* nown * OC_NAME_LEN */
  PetscInt         nkept;      /* kept series of this group: a record's width w */
  PetscInt         nseg;       /* segments of the buffered records (at most B) */
  OcOutputSegment *seg;
  hid_t            h5; /* /<name> */
} OcOutputGroupData;

typedef struct {
  OcOutputGroup group;
  char          name[OC_OUTPUT_NAME_LEN];
  char          unit[OC_OUTPUT_UNIT_LEN];
  char         *description;
  PetscBool     kept;
  PetscInt      slot; /* position among the group's kept series */
  PetscBool     set;  /* given in the current record */
  hid_t         dset;
} OcOutputSeriesData;

struct _p_OcOutput {
  MPI_Comm    comm;
  PetscMPIInt rank, size;
  char       *path, *part_path, *scenario;
  PetscInt    buffer_steps; /* B */
  PetscInt    compression;  /* deflate level of the series, 0 = none */
  PetscInt    nselect;      /* -oc_output_series; 0: every series */
  char      **select;

  PetscInt            ngroups, nseries;
  OcOutputGroupData  *groups;
  OcOutputSeriesData *series;

  PetscBool  setup, in_record, closed;
  hid_t      file, dxpl, time_dset;
  PetscReal *time_buf; /* [B] */
  PetscReal *pack;     /* scratch of a flush: one segment in element-major order, [nown][len][w] */
  size_t     pack_cap;
  PetscReal *block;    /* scratch of a flush: one group's records in block order, [nb][nbuf][w] per segment */
  PetscReal *wbuf;     /* scratch of a flush: one series' records in block order, [nbuf][nb] */
  PetscInt   nbuf;     /* records buffered */
  PetscInt   nrecords; /* records on disk */
  PetscInt   nflushes;
  PetscInt   continue_records; /* OcOutputSetContinue: records kept from the interrupted run, -1: a new file */
};

/* output_layout.c: placement by global index. */
PETSC_INTERN PetscErrorCode OcOutputGroupSetUp(OcOutput, OcOutputGroupData *);
PETSC_INTERN PetscErrorCode OcOutputGroupBuildSF(OcOutput, OcOutputGroupData *, PetscInt nown, const PetscInt gidx[]);
PETSC_INTERN PetscErrorCode OcOutputPlace(PetscSF, MPI_Datatype, const void *leafdata, void *rootdata);
PETSC_INTERN PetscErrorCode OcOutputGroupFree(OcOutputGroupData *);
PETSC_INTERN PetscErrorCode OcOutputSegmentOpen(OcOutput, OcOutputGroupData *);
PETSC_INTERN PetscErrorCode OcOutputSegmentClose(OcOutputSegment *, PetscInt w);
PETSC_INTERN PetscErrorCode OcOutputSegmentsRelease(OcOutputGroupData *);
PETSC_INTERN PetscErrorCode OcOutputSegmentsPlace(OcOutput, OcOutputGroupData *);
PETSC_INTERN PetscErrorCode OcOutputSegmentsExtract(OcOutput, const OcOutputGroupData *, PetscInt slot);

/* output_h5.c: HDF5 helpers. */
PETSC_INTERN PetscErrorCode OcOutputH5CreatePlist(hid_t cls, hid_t *);
PETSC_INTERN PetscErrorCode OcOutputH5CreateFile(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputH5OpenFile(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputH5OpenSeries(OcOutput, OcOutputSeriesData *);
PETSC_INTERN PetscErrorCode OcOutputH5OpenTime(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputH5WriteVector(OcOutput, hid_t parent, const char name[], hid_t filetype, hid_t memtype, PetscInt n, PetscInt rstart, PetscInt nb, const void *buf, hid_t *dset);
PETSC_INTERN PetscErrorCode OcOutputH5WriteStringAttr(hid_t obj, const char name[], const char value[]);
PETSC_INTERN PetscErrorCode OcOutputH5WriteRootAttributes(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputH5WriteElements(OcOutput, OcOutputGroupData *);
PETSC_INTERN PetscErrorCode OcOutputH5CreateSeries(OcOutput, OcOutputSeriesData *);
PETSC_INTERN PetscErrorCode OcOutputH5CreateTime(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputH5WriteBlock(OcOutput, hid_t dset, PetscInt n, PetscInt rstart, PetscInt nb, const PetscReal *buf);
PETSC_INTERN PetscErrorCode OcOutputH5WriteTime(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputH5Flush(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputH5CloseAll(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputH5OpenOrCreateGroup(hid_t parent, const char name[], hid_t *);

/* output_series.c, output_meta.c */
PETSC_INTERN PetscErrorCode OcOutputResolveSelection(OcOutput);
PETSC_INTERN PetscErrorCode OcOutputWriteRunAttributes(OcOutput);

/* output.c */
PETSC_INTERN PetscErrorCode OcOutputCheckName(OcOutput, const char what[], const char name[], size_t maxlen);

#endif
