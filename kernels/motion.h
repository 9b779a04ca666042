/* Motion of vehicles along their routes for one fixed time step (running-time simulation), all
 * vehicles in one call. Point-mass model, SI units, chainage x along the track (m), speed v >= 0.
 *
 * Equation of motion (forces at the wheel, N):
 *   m_eff dv/dt = F_t - F_b - R(v) - F_g - F_c,        m_eff = m (1 + rotating_mass_factor)
 *   Davis       R(v) = A + B v + C v^2
 *   grade       F_g  = m g sin(theta),  sin(theta) = i / sqrt(1 + i^2),  i = rise per unit of
 *                      horizontal distance (fraction, positive uphill in the direction of travel),
 *                      g = OC_MOTION_G; chainage is measured along the track, so the height gained
 *                      over dx is dx sin(theta)
 *   curve       F_c  = m g w_c / 1000,  w_c in N/kN of weight, by the vehicle's curve model:
 *                      OC_MOTION_CURVE_ROECKL (rail, standard gauge): Roeckl's formula, the one
 *                      of German-language railway textbooks (e.g. D. Wende, Fahrdynamik des
 *                      Schienenverkehrs, Teubner 2003; quoted in Wikipedia "Curve resistance
 *                      (railroad)"), a rough estimate (it jumps by 30 % at 300 m):
 *                        w_c = 650 / (r - 55) for r >= 300 m,  w_c = 500 / (r - 30) for r < 300 m;
 *                      OC_MOTION_CURVE_NONE (trolleybuses, e-buses: road vehicles have no curve
 *                      term). Radius 0 or INFINITY = straight track.
 *   traction    F_t <= min(F_max, eta_t P_avail / v),   P_avail = lag * p_max_w
 *   braking     F_b = F_eb + F_mb >= 0: electric first, F_eb <= min(f_brake_max_n,
 *                      (p_regen_max_w / eta_b) / v_avg) with v_avg the sub-step's mean speed (so the
 *                      mean regenerated power stays within p_regen_max_w), mechanical F_mb the rest.
 * Power ratings are ELECTRICAL, at the drive's line terminals, without auxiliaries: p_max_w is the
 * most the drive draws for traction (wheel power <= eta_t p_max_w), p_regen_max_w the most it
 * feeds back (wheel power <= p_regen_max_w / eta_b).
 *
 * Explicit lag: the step's motion is computed first; the caller then solves the power flow with
 * the powers requested here and passes, for the next step, lag[i] in [0, 1] = power received /
 * power requested in that solve (1 when the vehicle got all it asked for). It scales the traction
 * power available, P_avail = lag p_max_w; it does not change braking (regeneration the line cannot
 * take goes to the rheostat on the electrical side, see dc_vehicle.h, and the braking effort is
 * unchanged). The requested power of a step is therefore computed with the lag of the previous
 * step: state this one-step lag in the output metadata.
 *
 * Sub-steps with forces held constant: a step is split at events -- reaching a speed limit, the
 * corner speed v_c = eta_t P_avail / F_max, a speed of 0, the start of a grade, curve or speed-limit
 * segment, meeting a braking curve, arriving at a target of a braking curve, departing -- and within
 * each sub-step of duration tau all forces are constant, evaluated with v0 = the sub-step's start
 * speed (Davis R(v0), explicit: first order in dt while motoring; exact while cruising or braking).
 * Then, exactly:
 *   a = F_net / m_eff,  v1 = v0 + a tau,  dx = (v0 + v1) tau / 2,  F_net dx = m_eff (v1^2 - v0^2) / 2,
 * so every step's energy account closes to rounding (see OcMotionStepOutput).
 * Power-limited traction: the force is chosen so that the MEAN wheel power over the sub-step, F v_avg
 * with v_avg = v0 + a tau / 2, does not exceed eta_t P_avail: F solves F (v0 + (F - R_tot) tau /
 * (2 m_eff)) = eta_t P_avail (the positive root), with tau first the rest of the step and then,
 * when an event ends the sub-step earlier, refined (at most OC_MOTION_POWER_REFINE times) with the
 * shorter tau; each refinement keeps F v_avg <= eta_t P_avail. Where that force would decelerate,
 * F = eta_t P_avail / v0 instead (v_avg <= v0 then). Kinetic energy therefore grows exactly by the
 * mean power times tau in a power-limited sub-step that runs to the end of the step.
 *
 * Driver (one decision per sub-step, in this order):
 *   - targets: the next stop (speed 0 at its chainage) and every speed-limit segment ahead (before
 *     that stop, within reach this sub-step) whose limit is lower than the current one (speed =
 *     that limit at its start). A limit applies when the FRONT of the vehicle is in the segment: it
 *     rises as soon as the front passes the start of a higher limit (no train-length delay; a
 *     simplification). The limit used is min(segment limit, v_max_mps); no segment: v_max_mps only.
 *   - BRAKE when on or above the braking curve of a target, v0^2 >= v_t^2 + 2 b D - tol (D = distance
 *     to the target, b = b_service_mps2, tol = OC_MOTION_CURVE_RTOL (v0^2 + 2 b |x0|), the rounding
 *     scale of the terms: about 7 um of position at x = 7 km), or above the limit:
 *     constant deceleration a = (v_t^2 - v0^2) / (2 D) of the most demanding target, which lands
 *     exactly on (x_t, v_t) (the final sub-step of a stop sets x = stop chainage, v = 0). Since the
 *     curve is met exactly (a sub-step ends there), this is b to rounding. The brakes supply
 *     whatever the resistances do not; where the resistances exceed m_eff b (steep uphill) traction
 *     holds the deceleration at b, and where even full traction cannot, the vehicle decelerates
 *     faster (and may stop short, then motor on).
 *   - CRUISE at the limit (v0 == limit): hold the limit exactly, F_t - F_b = R(v) + F_g + F_c
 *     (no coasting band; traction or electric-first braking as the sign requires). If the traction
 *     available cannot hold it, MOTOR with all of it and lose speed.
 *   - MOTOR otherwise: full available traction until the limit or the braking curve is met.
 *   - TIMED RUNNING (trip arrival_s given, a target at the next stop): the limit is lowered, each
 *     sub-step, to the speed v_c at which the vehicle would reach the stop at its target arrival
 *     (accelerating from v0 at the traction available at v0, holding v_c, braking at b: a closed
 *     form, motion.c timed_speed), never below v0: a vehicle ahead of time holds its speed rather
 *     than braking, one late (or with no such profile) runs as fast as it can. Used by e-buses
 *     that follow a timetable: they arrive on time instead of running flat out and waiting. With
 *     no resistance and no power limit the arrival is exact (tests/kernels/test_motion); otherwise
 *     the re-evaluation from the actual state makes up for the optimistic acceleration.
 *   - STALLED: standing (v0 = 0, not at a stop) with traction unable to overcome A + grade + curve
 *     over the rest of the step: it stays.
 *   - DWELL at a stop: arrival at stop k at t_a sets the departure to max(t_a + dwell_s[k],
 *     departure_s[k]) (never early); arriving at the last stop ends the trip (FINISHED).
 * Stop positions are hit exactly (no overshoot) and the step in which a vehicle arrives ends with
 * v = 0 at the stop unless its dwell ends within the same step.
 *
 * Electrical power requested for the step (mean over dt_s, W, negative = offered to the line):
 *   p_req = (E_t / eta_t - E_eb eta_b + p_aux_w t_service) / dt_s,
 * t_service = the part of the step before the trip finished.
 *
 * Efficiencies: constants, or curves eta(v) by speed (OcMotionEtaCurve: piecewise linear between
 * its points, its end values outside them). A curve is evaluated once per sub-step at v0 and held
 * there, like the forces: the sub-step's line energy is E_t / eta_t(v0) and E_eb eta_b(v0), the
 * traction limit uses eta_t(v0) P_avail (so the mean line power of a power-limited sub-step is
 * exactly P_avail) and electric braking p_regen_max_w / eta_b(v0). Hence the wheel-side balance
 * and the line energies close per sub-step as with constants, and a curve with every value equal
 * to the constant gives the same results bit for bit. Error against eta varying within a sub-step:
 * first order in the speed change of the sub-step, like Davis at v0. The corner speed event uses
 * eta_t(v0) (the next sub-step re-evaluates). A map eta(v, F) by force plugs in the same
 * way (v0 and F are constant within a sub-step), except in the power limit, where F depends on
 * eta: it needs eta at the force found, a fixed point per sub-step (below).
 *
 * Efficiency maps eta(v, x), x = F / F_max the effort fraction (OcMotionEtaMap; traction: F_t /
 * f_max_n, braking: F_eb / f_brake_max_n), bilinear between the grid points, held at the edge
 * values outside them; they replace the constant and the curve where given. Evaluated at v0 and
 * at the sub-step's force, held for the sub-step like a curve: line energy F dx / eta_t(v0, x_t)
 * and F_eb dx eta_b(v0, x_eb), so every balance closes per sub-step as before. The corner-speed
 * event uses eta_t(v0, 1). Where a limit binds, the force is the fixed point F = F(eta(v0, F)):
 *   traction (power limit, over the sub-step):  F v_avg(F) = eta_t(v0, F / f_max_n) P_avail,
 *   electric braking (regeneration limit):      F v_avg eta_b(v0, F / f_brake_max_n) = p_regen_max_w.
 * Both sides are monotone when the map is physical -- the line power of traction, F v_avg / eta_t,
 * and the regenerated power, F v_avg eta_b, grow with F -- which callers validate on the grid
 * (x_j / eta_t(x_j) strictly increasing along each speed row; d(x eta_b)/dx > 0 at both ends of
 * every effort cell; bilinear interpolation in v keeps both). The fixed point is then unique and is
 * found without iterating to a tolerance: the grid efforts are scanned in increasing order (at most
 * OC_MOTION_ETA_MAP_MAX evaluations, monotone) for the effort cell where the limit is crossed;
 * inside it eta is linear in F, eta = a + b F, so the fixed point is the root of a quadratic,
 * solved in closed form (cancellation-free) and clamped to the cell: exact to rounding (the
 * residual of the fixed point is about 1e-14 relative in tests/kernels/test_motion), the limit
 * never exceeded by more than rounding. Maps cost
 * two interpolations per sub-step plus the scan when a limit binds; vehicles without maps take
 * exactly the paths of constants and curves (bit for bit as before).
 *
 * Callers validate (kernels cannot fail): mass_kg > 0, rotating_mass_factor >= 0, Davis terms >= 0,
 * f_max_n >= 0, p_max_w >= 0 (INFINITY: unlimited), p_regen_max_w >= 0, f_brake_max_n >= 0,
 * b_service_mps2 > 0, 0 < eta <= 1 (also every curve value; curve speeds >= 0 and strictly
 * increasing, 0 or 2..OC_MOTION_ETA_MAX_POINTS points; maps physical as above, efforts in [0, 1]
 * and speeds >= 0 strictly increasing, 1..OC_MOTION_ETA_MAP_MAX each, f_max_n > 0 with a traction
 * map), p_aux_w >= 0, v_max_mps > 0 (INFINITY allowed); lag in [0, 1];
 * dt_s > 0; segment starts strictly increasing (segment k covers [start[k], start[k+1]), the first
 * also everything before it, the last everything after), limits > 0, curve radii > 30 m or 0/INF
 * for Roeckl; at least two stops, chainages strictly increasing; departure_s NULL (no timetable)
 * or n_stop times (-INFINITY: none at that stop); the state from OcKernelMotionStart or a previous
 * step. A step is split into at most OC_MOTION_MAX_SUBSTEPS sub-steps (a guard against a route with
 * thousands of segments per step; beyond it the vehicle stands for the rest of the step).
 *
 * Hot path: no allocation, no I/O; segment look-ups by bisection. Cost: about 50 ns per vehicle-step
 * (10,000 trams on a 10-stop route, tests/kernels/bench_motion). */
#ifndef OC_KERNELS_MOTION_H
#define OC_KERNELS_MOTION_H

#define OC_MOTION_G            9.80665 /* standard gravity, m/s^2 */
#define OC_MOTION_CURVE_RTOL   1e-9    /* "on the braking curve": relative to v0^2 + 2 b |x0| */
#define OC_MOTION_POWER_REFINE 3
#define OC_MOTION_MAX_SUBSTEPS 1000

typedef enum {
  OC_MOTION_CURVE_NONE = 0, /* road vehicles */
  OC_MOTION_CURVE_ROECKL    /* rail, standard gauge */
} OcMotionCurveModel;

typedef enum {
  OC_MOTION_DWELL = 0, /* standing at a stop, waiting to depart */
  OC_MOTION_MOTOR,     /* full available traction */
  OC_MOTION_CRUISE,    /* holding the speed limit */
  OC_MOTION_BRAKE,     /* on a braking curve */
  OC_MOTION_STALLED,   /* standing between stops, traction too weak to move */
  OC_MOTION_FINISHED   /* arrived at the last stop */
} OcMotionMode;

/* An efficiency by speed: n points (v_mps strictly increasing); n = 0: use the constant. Plain
 * values, so that a vehicle's parameters can be copied or sent as bytes. */
#define OC_MOTION_ETA_MAX_POINTS 8
typedef struct {
  int    n;
  double v_mps[OC_MOTION_ETA_MAX_POINTS], eta[OC_MOTION_ETA_MAX_POINTS];
} OcMotionEtaCurve;

/* An efficiency map by speed and effort fraction x = F / F_max: eta[i][j] at (v_mps[i], x[j]),
 * both strictly increasing, 1..OC_MOTION_ETA_MAP_MAX each. */
#define OC_MOTION_ETA_MAP_MAX 8
typedef struct {
  int    n_v, n_x;
  double v_mps[OC_MOTION_ETA_MAP_MAX], x[OC_MOTION_ETA_MAP_MAX];
  double eta[OC_MOTION_ETA_MAP_MAX][OC_MOTION_ETA_MAP_MAX];
} OcMotionEtaMap;

typedef struct {
  double             mass_kg;              /* static mass m (tare + load) */
  double             rotating_mass_factor; /* m_eff = m (1 + factor) */
  double             davis_a_n, davis_b_n_per_mps, davis_c_n_per_mps2;
  double             f_max_n;        /* max tractive effort at the wheel */
  double             p_max_w;        /* max electrical traction power of the drive (no auxiliaries) */
  double             p_regen_max_w;  /* max electrical regenerative power of the drive */
  double             f_brake_max_n;  /* max electric braking effort at the wheel */
  double             b_service_mps2; /* service deceleration b > 0 */
  double             eta_traction;   /* line -> wheel, where eta_traction_curve.n == 0 */
  double             eta_braking;    /* wheel -> line, where eta_braking_curve.n == 0 */
  double             p_aux_w;        /* auxiliary power while in service */
  double             v_max_mps;      /* design speed of the vehicle */
  OcMotionCurveModel curve_model;
  OcMotionEtaCurve   eta_traction_curve, eta_braking_curve; /* efficiencies by speed, or n = 0 */
  /* Efficiency maps by speed and effort, replacing constant and curve; NULL: none. Pointers (to
     the caller's per-type storage) so that a vehicle stays small in the hot loop. */
  const OcMotionEtaMap *eta_traction_map, *eta_braking_map;
} OcMotionVehicle;

/* Geometry of one directed route; segments as described above; a segment array may be empty
 * (n = 0: flat, straight, no limit but v_max_mps). */
typedef struct {
  int           n_grade;
  const double *grade_start_m, *grade; /* rise / horizontal run, positive uphill */
  int           n_curve;
  const double *curve_start_m, *curve_radius_m;
  int           n_limit;
  const double *limit_start_m, *limit_mps;
  int           n_stop;
  const double *stop_m, *dwell_s; /* platform chainage (front of vehicle), minimum dwell */
} OcMotionRoute;

/* One run of a vehicle along a route. */
typedef struct {
  const OcMotionRoute *route;
  const double        *departure_s; /* scheduled departure per stop (absolute), or NULL */
  const double        *arrival_s;   /* timed running: target arrival per stop (absolute; -INFINITY
                                       or NAN: none, run as fast as possible), or NULL */
} OcMotionTrip;

typedef struct {
  double       chainage_m;
  double       speed_mps;
  int          next_stop; /* the stop it runs to, or dwells at */
  OcMotionMode mode;      /* mode of the last sub-step */
  double       depart_s;  /* while dwelling: departure time (absolute) */
} OcMotionState;

/* Per vehicle per step. Energies at the wheel are >= 0 except e_kinetic_j and e_potential_j; exactly
 * (to rounding) e_traction_j - e_brake_elec_j - e_brake_mech_j - e_resistance_j - e_potential_j
 * = e_kinetic_j. */
typedef struct {
  double       p_req_w;           /* mean electrical power requested from the line over the step */
  double       e_traction_j;      /* traction work at the wheel */
  double       e_brake_elec_j;    /* electric braking work at the wheel */
  double       e_brake_mech_j;    /* mechanical braking work */
  double       e_resistance_j;    /* Davis + curve */
  double       e_potential_j;     /* m g (change of height) */
  double       e_kinetic_j;       /* m_eff (v_end^2 - v_start^2) / 2 */
  double       e_line_traction_j; /* e_traction_j / eta_t, drawn */
  double       e_line_regen_j;    /* e_brake_elec_j * eta_b, offered (>= 0) */
  double       e_aux_j;           /* p_aux_w t_service */
  double       distance_m;
  int          arrived_stop;  /* stop arrived at in this step (the last one), or -1 */
  double       t_arrival_s;   /* its arrival time, or NAN */
  double       t_departure_s; /* time of a departure in this step (the last one), or NAN */
  OcMotionMode mode;          /* at the end of the step */
} OcMotionStepOutput;

/* Places a vehicle at the first stop of its trip, standing, departing at departure_s[0] (at once
 * if there is no timetable). */
void OcKernelMotionStart(const OcMotionTrip *trip, OcMotionState *state);

/* Advances n vehicles from t_s to t_s + dt_s. In: par[n], trip[n], lag[n]; in/out: state[n];
 * out: out[n]. */
void OcKernelMotionStep(int n, const OcMotionVehicle par[], const OcMotionTrip trip[], const double lag[], double t_s, double dt_s, OcMotionState state[], OcMotionStepOutput out[]);

#endif
