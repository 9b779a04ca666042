#ifndef OCNET_H
#define OCNET_H
/* The electrical network of a scenario as a PETSc DMNetwork: AC buses and DC nodes are
   vertices; AC branches, DC sections and AC-fed traction substations are edges. Built on rank 0
   from the scenario and distributed (PTScotch by default); each rank then owns part of it.

   One DMNetwork subnetwork holds every element kind. DMNetwork (3.18) wants each subnetwork's
   topology set on its own rank and the coupling (shared-vertex) information on every rank;
   a city has more DC systems than a small run has ranks, so separate subnetworks per system
   would tie the network's layout to the rank count. The systems stay separate electrically:
   they are disconnected parts of the graph, joined only through substation edges to the AC
   grid. */
#include <petscdmnetwork.h>
#include <ocscenario.h>
#include <ac_branch.h>
#include <dc_substation.h>

typedef struct _p_OcNet *OcNet;

/* Effective bus types (MATPOWER's numbers). */
typedef enum {
  OC_BUS_PQ       = 1,
  OC_BUS_PV       = 2,
  OC_BUS_REF      = 3,
  OC_BUS_ISOLATED = 4
} OcBusType;

/* Vertex component of an AC bus: 2 unknowns (Va in rad, Vm in pu). */
typedef struct {
  PetscInt  index;           /* in the scenario's ac.bus (its global id) */
  PetscInt  type;            /* OcBusType; a PV bus without generators in service is PQ */
  PetscInt  profile;         /* load profile (index) or -1 */
  PetscReal vm0_pu, va0_rad; /* set point (PV, REF) and initial guess */
  PetscReal pd_pu, qd_pu;    /* base load */
  PetscReal pg_pu, qg_pu;    /* generation in service */
  PetscReal gs_pu, bs_pu;    /* shunt */
} OcNetAcBus;

/* Edge component of an AC branch. */
typedef struct {
  PetscInt             index; /* in the scenario's ac.branch */
  PetscInt             in_service;
  OcAcBranchAdmittance y;
} OcNetAcBranch;

/* Vertex component of a DC node: 1 unknown (voltage in pu of u_nominal_v). */
typedef struct {
  PetscInt  index;  /* in the scenario's dc_node */
  PetscInt  system; /* in the scenario's dc_system */
  PetscReal u_nominal_v;
  PetscReal v0_v; /* initial guess: the system's highest substation no-load voltage */
} OcNetDcNode;

/* Edge component of a DC section. */
typedef struct {
  PetscInt  index; /* in the scenario's dc_section */
  PetscReal r_ohm;
} OcNetDcSection;

/* A traction substation: an edge (AC bus -> DC node) when fed from the AC grid, else a vertex
   component on its DC node (an ideal source, U0 fixed). */
typedef struct {
  PetscInt             index; /* in the scenario's substation */
  OcDcSubstationParams par;
} OcNetSubstation;

typedef struct {
  PetscInt ac_bus, ac_branch, dc_node, dc_section, substation;
} OcNetKeys;

PETSC_EXTERN PetscErrorCode OcNetCreate(MPI_Comm, OcNet *);
/* The scenario must outlive the network's set-up; it is not copied. */
PETSC_EXTERN PetscErrorCode OcNetSetScenario(OcNet, const OcScenarioData *);
PETSC_EXTERN PetscErrorCode OcNetSetFromOptions(OcNet);
/* Collective: lays out the network, adds the components and distributes it. */
PETSC_EXTERN PetscErrorCode OcNetSetUp(OcNet);
PETSC_EXTERN PetscErrorCode OcNetGetDM(OcNet, DM *);
PETSC_EXTERN PetscErrorCode OcNetGetKeys(OcNet, const OcNetKeys **);
PETSC_EXTERN PetscErrorCode OcNetGetBaseMVA(OcNet, PetscReal *);
PETSC_EXTERN PetscErrorCode OcNetGetScenario(OcNet, const OcScenarioData **);
/* The kernel parameters of scenario substation `index`. */
PETSC_EXTERN PetscErrorCode OcNetGetSubstationParams(OcNet, PetscInt index, OcDcSubstationParams *);
/* The local edge holding scenario section `index`, or -1 where another rank owns it. */
PETSC_EXTERN PetscErrorCode OcNetFindSection(OcNet, PetscInt index, PetscInt *edge);
PETSC_EXTERN PetscErrorCode OcNetView(OcNet, PetscViewer);
PETSC_EXTERN PetscErrorCode OcNetDestroy(OcNet *);

/* The first component of a point with the given key, or NULL. */
PETSC_EXTERN PetscErrorCode OcNetGetComponent(DM, PetscInt point, PetscInt key, void **comp, PetscInt *offset);

#endif
