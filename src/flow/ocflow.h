#ifndef OCFLOW_H
#define OCFLOW_H
/* The coupled AC/DC power flow: one Newton system over the AC buses' (Va, Vm) and the DC nodes'
   voltages, with vehicles condensed into their sections (kernels/dc_section.h). Residuals are
   in per unit of the AC base power on both sides (a DC current times the node's nominal voltage
   over the base), so one tolerance means the same everywhere: -oc_flow_tol (default 1e-9 pu,
   0.1 W at 100 MVA). The matrix pattern is fixed when the network is built; vehicles move
   without changing it, so orderings and symbolic factorizations are reused for the whole run,
   and each solve starts from the last solution. */
#include <petscsnes.h>
#include <ocnet.h>
#include <dc_vehicle.h>
#include <occheckpoint.h>

typedef struct _p_OcFlow *OcFlow;

/* A vehicle on a DC section, as the fleet reports it for one solve. */
typedef struct {
  PetscInt          id;      /* the caller's id, returned with the results */
  PetscInt          section; /* scenario index of the DC section */
  PetscReal         s;       /* position in the section, 0 at from_node, 1 at to_node */
  PetscReal         p_req_w; /* requested electrical power: > 0 motoring, < 0 braking */
  OcDcVehicleParams par;
} OcFlowVehicle;

/* What the solve gave a vehicle. */
typedef struct {
  PetscInt          id;
  PetscReal         u_v, i_a, p_line_w, p_rheostat_w;
  OcDcVehicleRegime regime;
} OcFlowVehicleState;

/* A converged state with a DC node above twice its system's Umax2 is not physical (no line
   or vehicle would be there): braking power with nowhere to go, held only by the blocked
   rectifiers' leakage. It is reported as a failure. */
typedef enum {
  OC_FLOW_CONVERGED = 0,
  OC_FLOW_DIVERGED  = 1
} OcFlowStatus;

/* Where and why a solve failed, the same on every rank. */
typedef struct {
  OcFlowStatus status;
  PetscInt     iterations;
  PetscReal    residual_pu;   /* infinity norm of the last residual */
  PetscInt     dc_system;     /* system of the lowest DC voltage, -1 without DC */
  PetscInt     dc_node;       /* scenario index of the lowest DC node voltage */
  PetscReal    dc_node_v;     /* its voltage at the last iterate */
  PetscReal    system_load_w; /* vehicles' requested power in that system */
  PetscInt     section;       /* a section without solution at the last iterate, or -1 */
  PetscInt     vehicle;       /* the vehicle with the lowest voltage there, or -1 */
  PetscInt     dc_high_node;  /* scenario index of the DC node highest above its Umax2 */
  PetscReal    dc_high_v;     /* its voltage */
  PetscBool    unphysical;    /* converged, but that node is above twice its Umax2 */
} OcFlowReport;

PETSC_EXTERN PetscErrorCode OcFlowCreate(OcNet, OcFlow *);
PETSC_EXTERN PetscErrorCode OcFlowSetFromOptions(OcFlow);
PETSC_EXTERN PetscErrorCode OcFlowSetUp(OcFlow);
/* Clock time for the AC load profiles. */
PETSC_EXTERN PetscErrorCode OcFlowSetTime(OcFlow, PetscReal t_s);
/* A factor on every AC load (after its profile), e.g. load growth to the study year; 1 by
   default, -oc_flow_load_scale. */
PETSC_EXTERN PetscErrorCode OcFlowSetLoadScale(OcFlow, PetscReal scale);
/* AC loads set by the caller each step (e-bus chargers): collective. SetAcLoadPoints names the
   buses (scenario indices) of this rank's n loads once; SetAcLoads then gives their powers (W,
   var, drawn), summed into each bus's balance on the rank that owns the bus (a PetscSF built by
   SetAcLoadPoints: the per-step traffic is the loads' values only). */
PETSC_EXTERN PetscErrorCode OcFlowSetAcLoadPoints(OcFlow, PetscInt n, const PetscInt bus[]);
PETSC_EXTERN PetscErrorCode OcFlowSetAcLoads(OcFlow, const PetscReal p_w[], const PetscReal q_var[]);
/* Each rank passes any vehicles; it keeps those on the sections it owns (not collective). */
PETSC_EXTERN PetscErrorCode OcFlowSetVehicles(OcFlow, PetscInt n, const OcFlowVehicle[]);
/* Collective. Returns normally when the network has no solution: the report says where. */
PETSC_EXTERN PetscErrorCode OcFlowSolve(OcFlow, OcFlowReport *);
/* Raises a clear error from a failed report; does nothing on success. Collective. */
PETSC_EXTERN PetscErrorCode OcFlowCheckReport(OcFlow, const OcFlowReport *);
PETSC_EXTERN PetscErrorCode OcFlowGetSNES(OcFlow, SNES *);

/* Results, each a global-size array filled on every rank (for reports and tests; not for the
   time loop): AC buses by scenario index, DC nodes, substations (DC current, AC P and Q). */
PETSC_EXTERN PetscErrorCode OcFlowGetAcVoltages(OcFlow, PetscReal vm_pu[], PetscReal va_deg[]);
PETSC_EXTERN PetscErrorCode OcFlowGetDcVoltages(OcFlow, PetscReal v_v[]);
PETSC_EXTERN PetscErrorCode OcFlowGetSubstations(OcFlow, PetscReal i_a[], PetscReal p_ac_w[], PetscReal q_ac_var[]);
/* Generation at each bus (MW, Mvar) at the solution: what balances its loads, shunt, branches
   and substations (zero at a bus without generators, to the tolerance). */
PETSC_EXTERN PetscErrorCode OcFlowGetAcGeneration(OcFlow, PetscReal p_mw[], PetscReal q_mvar[]);
/* The elements this rank owns (scenario indices; each element has one owner) and their values
   at the last solution, in the same order: for the results file, without any gathering. */
typedef enum {
  OC_FLOW_AC_BUSES,
  OC_FLOW_DC_NODES,
  OC_FLOW_SUBSTATIONS,
  OC_FLOW_DC_SECTIONS,
  OC_FLOW_AC_BRANCHES
} OcFlowElements;
PETSC_EXTERN PetscErrorCode OcFlowGetOwned(OcFlow, OcFlowElements, PetscInt *n, const PetscInt **index);
/* AC buses: a = Vm (pu), b = Va (deg); DC nodes: a = voltage (V); substations: a = DC current
   (A), b = AC active power drawn (W), c = reactive power (var).
   DC sections, currents in the direction from_node -> to_node (A): a = at the from end, b = at
   the to end, c = the largest magnitude anywhere along the section. With vehicles on it the
   current changes at each vehicle (a and b differ by the vehicles' currents), and the largest
   may be between two vehicles (one feeding back to one drawing power): c is what a feeder
   cable or contact wire must carry. From the vehicles' currents of the last solve.
   AC branches: a = current magnitude at the from end (A; NaN where the from bus has no base
   kV), b = active and c = reactive power into the branch at the from end (W, var); 0 for a
   branch out of service. Unused arrays may be NULL. Collective (a ghost update), except for DC
   nodes. */
PETSC_EXTERN PetscErrorCode OcFlowGetOwnedValues(OcFlow, OcFlowElements, PetscReal a[], PetscReal b[], PetscReal c[]);
/* The owned AC branches' loading: the larger apparent power of the two ends in % of the
   branch's rate_a (MATPOWER's long-term rating; NaN where rate_a is 0, i.e. unrated). Collective. */
PETSC_EXTERN PetscErrorCode OcFlowGetOwnedBranchLoading(OcFlow, PetscReal loading_pct[]);
/* The states of this rank's vehicles after the last solve. */
PETSC_EXTERN PetscErrorCode OcFlowGetVehicleStates(OcFlow, PetscInt *n, const OcFlowVehicleState **);
/* The power balance of the last solution, summed over ranks (W). */
typedef struct {
  PetscReal vehicles_w;      /* drawn from the line by the vehicles (negative: fed back) */
  PetscReal rheostat_w;      /* braking power burnt on board */
  PetscReal dc_line_w;       /* resistive losses of the DC sections */
  PetscReal substation_w;    /* conversion, no-load and r_eq losses of the substations */
  PetscReal substation_ac_w; /* active power the substations draw from the AC side */
  PetscReal ac_w;            /* losses of the AC branches and shunts */
} OcFlowBalance;
PETSC_EXTERN PetscErrorCode OcFlowGetBalance(OcFlow, OcFlowBalance *);
/* Checkpoint and restart of the warm start (the last solution), by element, for any partition.
   Collective. Every unknown of the solution vector is an AC bus's or a DC node's. */
PETSC_EXTERN PetscErrorCode OcFlowCheckpointWrite(OcFlow, OcCheckpoint);
PETSC_EXTERN PetscErrorCode OcFlowCheckpointRead(OcFlow, OcCheckpoint);
PETSC_EXTERN PetscErrorCode OcFlowDestroy(OcFlow *);

#endif
