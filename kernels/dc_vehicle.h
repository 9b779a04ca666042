/* Line-current characteristic of a vehicle on a DC traction line.
 *
 * Given the electrical power the vehicle asks for, p_req_w (> 0 motoring, < 0 braking with
 * regeneration, 0 idle), and its pantograph voltage U (V, pantograph to return rail), the kernel
 * returns the line current I(U) (A, positive = drawn from the line) and dI/dU (S).
 *
 * Motoring (p_req > 0), current limitation in the style of EN 50388:
 *   i_cap(U) = i_max_a * clamp((U - u_lim_zero_v) / (u_lim_full_v - u_lim_zero_v), 0, 1)
 *   I(U)     = min(p_req / U, i_cap(U))
 *   i_max_a = INFINITY disables the limitation (pure constant power; the breakpoints are unused).
 * Braking (p_req < 0), regeneration cut-back:
 *   P_fb(U)  = -p_req * clamp((u_regen_cut_v - U) / (u_regen_cut_v - u_regen_start_v), 0, 1)
 *   I(U)     = -P_fb(U) / U            (negative: the vehicle feeds the line)
 *   the surplus -p_req - P_fb(U) is burnt in the on-board rheostat.
 *   u_regen_start_v = u_regen_cut_v = INFINITY disables the cut-back.
 *
 * Below the floor u_floor_v (> 0, the model's validity limit; 1 V is a sensible value) the
 * characteristic is continued so that nothing divides by zero and I stays continuous:
 *   motoring: I(U) = I(u_floor) * U / u_floor   (the vehicle becomes the resistance it presents
 *             at the floor; its power tends to 0 with U, dI/dU = I(u_floor) / u_floor >= 0)
 *   braking:  I(U) = I(u_floor)                 (constant current, dI/dU = 0)
 * Both continuations have dI/dU >= 0, which keeps a Newton Jacobian away from singularity; a
 * solution in which any vehicle sits below the floor is not physical (dc_section reports it).
 *
 * Kinks: at every breakpoint the derivative of the piece on the higher-voltage side is used (the
 * right derivative; an element of Clarke's generalized Jacobian, so semismooth Newton converges).
 * The regime reported is that of the same piece: e.g. U = u_regen_start_v is REGEN_CUT_BACK, and
 * p_req / U == i_cap(U) is CONSTANT_POWER.
 *
 * Callers validate: u_floor_v > 0; if i_max_a is finite, i_max_a >= 0 and
 * u_lim_full_v > u_lim_zero_v; if the cut-back is on, u_regen_cut_v > u_regen_start_v. */
#ifndef OC_KERNELS_DC_VEHICLE_H
#define OC_KERNELS_DC_VEHICLE_H

typedef enum {
  OC_DC_VEHICLE_IDLE = 0,        /* p_req == 0: I = 0 */
  OC_DC_VEHICLE_CONSTANT_POWER,  /* motoring, I = p_req / U */
  OC_DC_VEHICLE_CURRENT_LIMITED, /* motoring, I = i_cap(U) < p_req / U */
  OC_DC_VEHICLE_REGEN_FULL,      /* braking, all of -p_req fed back */
  OC_DC_VEHICLE_REGEN_CUT_BACK,  /* braking, part fed back, the rest burnt */
  OC_DC_VEHICLE_REGEN_BLOCKED,   /* braking, nothing fed back, all burnt */
  OC_DC_VEHICLE_BELOW_FLOOR,     /* U < u_floor_v: continuation, not a physical state */
  OC_DC_VEHICLE_NUM_REGIMES
} OcDcVehicleRegime;

typedef struct {
  double i_max_a;         /* current limit at full voltage, A; INFINITY: no limitation */
  double u_lim_full_v;    /* at and above: i_max_a available, V */
  double u_lim_zero_v;    /* at and below: no current available, V */
  double u_regen_start_v; /* regeneration cut-back starts, V; INFINITY: no cut-back */
  double u_regen_cut_v;   /* nothing fed back at and above, V; INFINITY: no cut-back */
  double u_floor_v;       /* validity floor of the model, V (> 0) */
} OcDcVehicleParams;

typedef struct {
  double            i_a;          /* line current, A (positive = drawn from the line) */
  double            di_du_s;      /* dI/dU, S (right derivative at kinks) */
  double            p_line_w;     /* U * I: power drawn from the line, W (negative = fed back) */
  double            p_rheostat_w; /* power burnt in the rheostat, W (>= 0; braking only) */
  OcDcVehicleRegime regime;
} OcDcVehicleEval;

/* Evaluates the characteristic at pantograph voltage u_v for requested power p_req_w. */
void OcKernelDcVehicleEvaluate(const OcDcVehicleParams *par, double p_req_w, double u_v, OcDcVehicleEval *ev);

#define OC_DC_VEHICLE_MAX_BREAKPOINTS 4

/* The voltages at which the characteristic for p_req_w has a kink (the floor, the limitation's
 * breakpoints and the point where p_req / U meets i_cap, or the cut-back's breakpoints; infinite
 * ones are left out), unsorted. Returns how many were written to bp_v. A Newton line search uses
 * them to step across a kink instead of stalling at it. */
int OcKernelDcVehicleBreakpoints(const OcDcVehicleParams *par, double p_req_w, double bp_v[OC_DC_VEHICLE_MAX_BREAKPOINTS]);

/* A short lower-case name of the regime for reports ("constant_power", ...). */
const char *OcKernelDcVehicleRegimeName(OcDcVehicleRegime regime);

#endif
