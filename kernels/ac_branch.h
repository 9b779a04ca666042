/* AC element stamps in polar form, per unit, MATPOWER's conventions (makeYbus.m).
 *
 * Every kernel returns the power flowing from the bus INTO the element, so the mismatch of a bus
 * is the sum over its elements and vanishes at a solution (MATPOWER: V .* conj(Ybus V) - Sbus).
 *
 * Pi branch (MATPOWER's branch model): series impedance r + jx, total charging susceptance b
 * (half at each end), complex tap t = tau e^(j shift) on the from side (tau = 0 means 1):
 *   ys = 1 / (r + jx),  Ytt = ys + j b/2,  Yff = Ytt / tau^2,
 *   Yft = -ys / conj(t),  Ytf = -ys / t
 *   S_f = V_f conj(Yff V_f + Yft V_t),   S_t = V_t conj(Ytf V_f + Ytt V_t)
 * With Y = G + jB and theta = Va_f - Va_t:
 *   P_f =  Vm_f^2 Gff + Vm_f Vm_t ( Gft cos(theta) + Bft sin(theta))
 *   Q_f = -Vm_f^2 Bff + Vm_f Vm_t ( Gft sin(theta) - Bft cos(theta))
 *   P_t =  Vm_t^2 Gtt + Vm_t Vm_f ( Gtf cos(theta) - Btf sin(theta))
 *   Q_t = -Vm_t^2 Btt + Vm_t Vm_f (-Gtf sin(theta) - Btf cos(theta))
 * Angles in radians (MATPOWER's case files give the shift in degrees). The admittances are
 * constant, so they are computed once per branch (OcKernelAcBranchAdmittance) and the stamp
 * (OcKernelAcBranchFlow) is evaluated each Newton iteration.
 *
 * Bus shunt gs + j bs (pu at 1 pu voltage, i.e. MATPOWER's GS, BS divided by baseMVA):
 *   P = gs Vm^2, Q = -bs Vm^2 (a capacitor, bs > 0, supplies reactive power).
 * Constant-power injection p_inj + j q_inj (generation minus load): P = -p_inj, Q = -q_inj.
 *
 * Callers validate: r and x not both zero. */
#ifndef OC_KERNELS_AC_BRANCH_H
#define OC_KERNELS_AC_BRANCH_H

/* Indices of the branch stamp: rows (outputs) and columns (variables). */
enum {
  OC_AC_P_F = 0,
  OC_AC_Q_F,
  OC_AC_P_T,
  OC_AC_Q_T
};
enum {
  OC_AC_VA_F = 0,
  OC_AC_VM_F,
  OC_AC_VA_T,
  OC_AC_VM_T
};

typedef struct {
  double r_pu, x_pu, b_pu; /* series resistance, reactance, total charging susceptance */
  double tap;              /* off-nominal turns ratio tau on the from side; 0 means 1 */
  double shift_rad;        /* phase shift, rad (positive: from-side voltage leads) */
} OcAcBranchParams;

typedef struct {
  double g_ff, b_ff, g_ft, b_ft, g_tf, b_tf, g_tt, b_tt;
} OcAcBranchAdmittance;

typedef struct {
  double s[4];      /* P_f, Q_f, P_t, Q_t (index with OC_AC_P_F ...) */
  double jac[4][4]; /* jac[k][l] = d s[k] / d x[l], x = (Va_f, Vm_f, Va_t, Vm_t) */
} OcAcBranchFlow;

/* Power into a one-bus element and its derivatives (those with respect to Va are zero). */
typedef struct {
  double p, q, dp_dvm, dq_dvm;
} OcAcBusFlow;

void OcKernelAcBranchAdmittance(const OcAcBranchParams *par, OcAcBranchAdmittance *y);

void OcKernelAcBranchFlow(const OcAcBranchAdmittance *y, double va_f, double vm_f, double va_t, double vm_t, OcAcBranchFlow *fl);

void OcKernelAcShuntFlow(double gs_pu, double bs_pu, double vm, OcAcBusFlow *fl);

void OcKernelAcInjectionFlow(double p_inj_pu, double q_inj_pu, OcAcBusFlow *fl);

#endif
