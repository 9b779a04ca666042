/* Rectifier substation feeding a DC traction node from an AC bus.
 *
 * DC side: ideal source U0 = u0_v * vm_pu (u0_v: no-load DC voltage at 1.0 pu AC voltage, vm_pu:
 * AC bus voltage magnitude) behind r_eq_ohm. Current injected into the DC node at voltage V:
 *   reversible:          I = (U0 - V) / r_eq                         (both directions)
 *   diode, V <= U0:      I = (U0 - V) / r_eq                         (rectifying)
 *   diode, V >  U0:      I = g_off_s (U0 - V)  <  0                  (blocked)
 * g_off_s is the reverse conductance of a blocked rectifier: physically its voltage-measurement
 * and bleeder path. It keeps I continuous at V = U0 and gives a diode-fed DC network a defined
 * voltage when every substation is blocked, e.g. a line with braking vehicles only: then the
 * vehicles' regeneration cut-back settles just below u_regen_cut_v, and without cut-back the
 * voltage grows until g_off absorbs the braking power (far outside any validity range: the caller
 * must report it). The value is the caller's choice; 1e-6 S (a 1 Mohm bleeder) changes the
 * results of a conducting network by far less than any tolerance of interest.
 * At the kink V = U0 the rectifying piece is used (derivatives from the conducting side): a
 * Newton started at the no-load voltage, where every rectifier sits exactly on its kink, then
 * sees the substations' conductance 1/r_eq; with the blocked slope g_off the network would be
 * nearly floating there and the first step enormous.
 *
 * AC side, active power drawn from the bus (W), with P_conv the converter's share:
 *   rectifying (I > 0):               P_conv = U0 I / eta
 *   inverting  (I < 0, reversible):   P_conv = U0 I * eta_inv     (negative: fed to the AC grid)
 *   blocked diode:                    P_conv = 0  (the leakage is dissipated in the bleeder)
 *   P_ac = P_conv + p_noload_w        (no-load losses are drawn in every state)
 * Reactive power drawn (var): Q = |P_conv| tan(acos(power_factor)), i.e. only the converter's
 * power carries reactive power (line-commutated converters draw Q in both directions; the
 * no-load losses are taken as purely active).
 * Energy balance: P_ac = V I + conversion loss + resistive loss, with
 *   conversion loss = P_ac - U0 I  (rectifier/inverter losses and no-load losses)
 *   resistive loss  = (U0 - V) I   (r_eq I^2 when conducting, g_off (U0 - V)^2 when blocked).
 *
 * Callers validate: u0_v > 0, r_eq_ohm > 0, g_off_s >= 0, eta and eta_inv in (0, 1],
 * power_factor in (0, 1], p_noload_w >= 0. */
#ifndef OC_KERNELS_DC_SUBSTATION_H
#define OC_KERNELS_DC_SUBSTATION_H

typedef enum {
  OC_DC_SUBSTATION_RECTIFYING = 0, /* V <= U0: I >= 0 */
  OC_DC_SUBSTATION_INVERTING,      /* reversible, V > U0: I < 0 */
  OC_DC_SUBSTATION_BLOCKED         /* diode, V > U0 */
} OcDcSubstationRegime;

typedef struct {
  double u0_v;         /* no-load DC voltage at vm = 1 pu, V */
  double r_eq_ohm;     /* internal resistance, ohm */
  int    reversible;   /* 0: diode rectifier, 1: reversible converter */
  double g_off_s;      /* reverse conductance of a blocked diode rectifier, S */
  double eta;          /* rectifier efficiency */
  double eta_inv;      /* inverter efficiency (reversible) */
  double p_noload_w;   /* no-load losses, W */
  double power_factor; /* AC power factor of the converter */
} OcDcSubstationParams;

typedef struct {
  double               i_a, di_dv_s, di_dvm_a;        /* DC current into the DC node and its derivatives */
  double               p_ac_w, dp_dv_a, dp_dvm_w;     /* AC active power drawn; dP/dV is in W/V = A */
  double               q_ac_var, dq_dv_a, dq_dvm_var; /* AC reactive power drawn */
  OcDcSubstationRegime regime;
} OcDcSubstationEval;

/* Evaluates the substation at DC node voltage v_v and AC voltage magnitude vm_pu. */
void OcKernelDcSubstationEvaluate(const OcDcSubstationParams *par, double v_v, double vm_pu, OcDcSubstationEval *ev);

/* Splits the losses of an evaluated state (same par, v_v, vm_pu) so that
 * P_ac = v_v * I + *p_conv_loss_w + *p_res_loss_w. */
void OcKernelDcSubstationLosses(const OcDcSubstationParams *par, double v_v, double vm_pu, const OcDcSubstationEval *ev, double *p_conv_loss_w, double *p_res_loss_w);

#endif
