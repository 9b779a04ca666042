#ifndef OCMATPOWER_H
#define OCMATPOWER_H
/* MATPOWER case files (format version 2): the bus, gen and branch matrices of a power-flow
   case, read from and written to the MATLAB function files MATPOWER ships (caseN.m).
   Only the standard power-flow columns are kept (MATPOWER's idx_bus, idx_gen, idx_brch names
   BUS_I..VMIN, GEN_BUS..PMIN, F_BUS..ANGMAX); result and OPF columns and every other field
   (gencost, bus_name, areas, ...) are skipped. Values keep MATPOWER's units and meanings. */
#include <ocsys.h>
#include <ocdiag.h>

typedef struct {
  PetscInt  id, type; /* type: 1 PQ, 2 PV, 3 reference, 4 isolated */
  PetscReal pd_mw, qd_mvar, gs_mw, bs_mvar;
  PetscInt  area;
  PetscReal vm_pu, va_deg, base_kv;
  PetscInt  zone;
  PetscReal vmax_pu, vmin_pu;
  PetscInt  line; /* line of the row in the file read (0 when not read from a file) */
} OcMpBus;

typedef struct {
  PetscInt  bus;
  PetscReal pg_mw, qg_mvar, qmax_mvar, qmin_mvar; /* qmax/qmin may be +-Inf: no limit */
  PetscReal vg_pu, mbase_mva;
  PetscInt  status;           /* > 0 in service */
  PetscReal pmax_mw, pmin_mw; /* may be +-Inf: no limit */
  PetscInt  line;
} OcMpGen;

typedef struct {
  PetscInt  f_bus, t_bus;
  PetscReal r_pu, x_pu, b_pu;
  PetscReal rate_a_mva, rate_b_mva, rate_c_mva; /* 0: unlimited (an Inf in the file reads as 0) */
  PetscReal ratio;                              /* raw TAP column: 0 means a line (ratio 1) */
  PetscReal angle_deg;
  PetscInt  status; /* 0 or 1 */
  PetscReal angmin_deg, angmax_deg;
  PetscInt  line;
} OcMpBranch;

typedef struct {
  char        name[OC_NAME_LEN]; /* the function name (caseN), else the file name without .m */
  PetscReal   base_mva;
  PetscInt    nbus, ngen, nbranch;
  OcMpBus    *bus;
  OcMpGen    *gen;
  OcMpBranch *branch;
  PetscInt   *bus_by_id; /* bus indices in increasing id order, built by OcMpCaseRead for
                            OcMpCaseFindBus; NULL in a case built by hand (linear search) */
} OcMpCase;

/* Serial. Reads a case file into mpc. Every problem in the file
   is recorded in diag as "file:line: mpc.MATRIX row R, column NAME: ..." and the function
   returns 0 with mpc left zeroed; errors are returned only for failures of the machine. */
PETSC_EXTERN PetscErrorCode OcMpCaseRead(const char *path, OcDiag diag, OcMpCase *mpc);
/* Serial. Writes a MATPOWER version 2 function file that OcMpCaseRead (and MATPOWER) reads
   back to the same values, bit for bit. */
PETSC_EXTERN PetscErrorCode OcMpCaseWrite(const OcMpCase *mpc, const char *path);
/* Frees the arrays and zeroes mpc; fine on a zeroed case. */
PETSC_EXTERN PetscErrorCode OcMpCaseFree(OcMpCase *mpc);
/* The index in mpc->bus of the bus with this id, or -1. */
PETSC_EXTERN PetscErrorCode OcMpCaseFindBus(const OcMpCase *mpc, PetscInt bus_id, PetscInt *index);

#endif
