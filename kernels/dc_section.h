/* A DC section with vehicles inside it, condensed onto its two end nodes ("nonlinear static
 * condensation"): the vehicles are not network nodes, so the global pattern never changes.
 *
 * Section between nodes a and b, loop resistance R = r_ohm (> 0; positive conductor and return
 * together). n vehicles at fractions s_i in [0, 1] measured from a (any order; coincident
 * vehicles and vehicles exactly on a node allowed) draw line currents I_i (positive = drawn).
 * For a uniform resistive line these relations are exact:
 *   current out of node a into the section   I_a = (V_a - V_b) / R + sum_i (1 - s_i) I_i
 *   current out of node b into the section   I_b = (V_b - V_a) / R + sum_i s_i I_i
 *   vehicle voltage   U_i = Ubar_i - R sum_j K_ij I_j,   Ubar_i = (1 - s_i) V_a + s_i V_b,
 *                     K_ij = min(s_i, s_j) (1 - max(s_i, s_j))   (symmetric, positive semidefinite)
 * With I_i = phi_i(U_i) from dc_vehicle.h, the kernel solves for U the n x n system
 *   F(U) = U - Ubar + R K phi(U) = 0,   Jacobian J = Id + R K D,  D = diag(phi_i'(U_i))
 * by semismooth Newton: dense Gaussian elimination with partial pivoting; a backtracking line
 * search (Armijo on |F|_2) that only accepts admissible points -- det J > 0 and every vehicle
 * above its floor -- and that steps just across a kink of a characteristic rather than stall in
 * front of it; converged when max_i |F_i| <= OC_DC_SECTION_RTOL * max(|V_a|, |V_b|, 1 V).
 * det J > 0 keeps the iterates on the side of the nose curve connected to no load: the low-
 * voltage roots of constant-power loads (det J < 0) are unstable operating points, not answers.
 * Attempts, each made only if the one before fails:
 *   1. Newton from the caller's u_v[] (warm_start != 0), e.g. the last solve's voltages;
 *   2. Newton from the no-load voltages Ubar;
 *   3. natural continuation in the demand, lambda * p_req with lambda from 0 to 1 (at most
 *      OC_DC_SECTION_MAX_STEPS Newton runs): follows the branch connected to no load where a
 *      single Newton run stalls, and stops where it folds. With current limitation the branch
 *      passes into the limited regime before it can fold (when u_lim_zero_v lies above the
 *      fold, about half the no-load voltage), so the limited operating point is found.
 * Almost every solve ends in attempt 1 or 2; 3 costs more (up to a few hundred iterations) but
 * only runs near or beyond collapse.
 * At convergence the Newton step already solved for at the last iterate is applied as well (no
 * extra factorization), so U is accurate far below the tolerance unless J is nearly singular.
 * Terminal derivatives (implicit function theorem, with J and D of the last iterate):
 *   dU/dV_a = J^-1 (1 - s),  dU/dV_b = J^-1 s,  dI_i/dV = D_i dU_i/dV
 *   (equivalently dI/dV = (Id + D R K)^-1 D dUbar/dV)
 *   dI_a/dV_a = 1/R + sum (1 - s_i) dI_i/dV_a,   dI_a/dV_b = -1/R + sum (1 - s_i) dI_i/dV_b,
 *   dI_b/dV_a = -1/R + sum s_i dI_i/dV_a,        dI_b/dV_b = 1/R + sum s_i dI_i/dV_b.
 *   The 2 x 2 matrix is symmetric (reciprocity). With n = 0 the section is the resistor R.
 *
 * No solution (OC_DC_SECTION_NO_SOLUTION): no attempt converged to an admissible root. This is
 * voltage collapse: the constant-power demand is more than the section can deliver at these
 * terminal voltages (the branch from no load folds before the full demand). worst_vehicle is then the vehicle with the lowest voltage at the last iterate. Inside
 * a global Newton this can also happen at a transient iterate with too low terminal voltages;
 * the caller then shortens its step (e.g. a SNES domain error). On no solution the outputs hold
 * the last iterate: finite, but not a solution, and the derivatives are those of R alone.
 * The accuracy of U is tol_v / (smallest singular value of J): it degrades near the nose.
 *
 * Hot path: no allocation. The caller passes work[] of OcKernelDcSectionWorkspaceSize(n) doubles
 * (2 n^2 + 7 n). Cost: about 250 ns for 3 vehicles warm-started (tests/kernels/bench_kernels). */
#ifndef OC_KERNELS_DC_SECTION_H
#define OC_KERNELS_DC_SECTION_H

#include <stddef.h>

#include "dc_vehicle.h"

#define OC_DC_SECTION_RTOL          1e-12
#define OC_DC_SECTION_MAX_IT        50
#define OC_DC_SECTION_MAX_BACKTRACK 30
#define OC_DC_SECTION_MAX_STEPS     40 /* continuation steps (attempt 3) */

typedef enum {
  OC_DC_SECTION_CONVERGED   = 0,
  OC_DC_SECTION_NO_SOLUTION = 1
} OcDcSectionStatus;

typedef struct {
  double i_a_a;                                              /* current out of node a into the section, A */
  double i_b_a;                                              /* current out of node b into the section, A */
  double di_a_dv_a_s, di_a_dv_b_s, di_b_dv_a_s, di_b_dv_b_s; /* S */
  int    iterations;                                         /* Newton iterations, all starts together */
  int    worst_vehicle;                                      /* on NO_SOLUTION: index of the lowest-voltage vehicle; else -1 */
} OcDcSectionResult;

/* Number of doubles work[] must hold for n vehicles. */
size_t OcKernelDcSectionWorkspaceSize(int n);

/* Solves the section at terminal voltages (v_a_v, v_b_v).
 * In:  r_ohm, n, s[n], p_req_w[n], par[n] (one parameter set per vehicle), warm_start and,
 *      if warm_start != 0, u_v[n] = initial vehicle voltages (e.g. those of the last solve).
 * Out: u_v[n] vehicle voltages, veh[n] their currents, powers and regimes, *res. */
OcDcSectionStatus OcKernelDcSectionSolve(double r_ohm, int n, const double s[], const double p_req_w[], const OcDcVehicleParams par[], double v_a_v, double v_b_v, int warm_start, double u_v[], OcDcVehicleEval veh[], double work[], OcDcSectionResult *res);

#endif
