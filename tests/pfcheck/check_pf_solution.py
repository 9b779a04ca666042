#!/usr/bin/env python3
"""Independent check of a solved AC power flow against MATPOWER's equations.

    check_pf_solution.py ORIGINAL.m SOLVED.m [--name NAME] [--tol PU] [--vtol PU] [--atol-deg DEG]
                         [--strict-qshare]

ORIGINAL.m is the case as given to the solver; SOLVED.m is the case the solver wrote (bus VM, VA and
generator PG, QG hold the solution, as MATPOWER's runpf would write them). Nothing is taken from the
solver except those four columns: the network, loads, set points and bus types all come from
ORIGINAL.m, following MATPOWER's conventions:

  makeYbus  branch pi model, series y = 1/(r + jx), charging jb/2 at each end, ideal transformer on
            the from side with tap t = ratio * exp(j*shift*pi/180) (ratio 0 means 1): Yff = (y + jb/2)/|t|^2,
            Yft = -y/conj(t), Ytf = -y/t, Ytt = y + jb/2; bus shunt (Gs + jBs)/baseMVA (MW, Mvar at 1 pu);
            out-of-service branches ignored.
  makeSbus  Sbus = sum of in-service generators' (Pg + jQg) - (Pd + jQd), all over baseMVA.
  bustypes  a PV or reference bus needs an in-service generator, else it is a PQ bus; with no
            reference bus left, the first PV bus becomes the reference.
  ext2int   isolated buses (type 4), their generators and the branches that touch them are left out.
  runpf     the voltage at PV and reference buses is the generators' VG; the reference angle is the
            case's VA; generators keep their PG except the first in-service one at each reference bus,
            which takes the bus's balance; generators at PQ buses keep their QG.

Checks (each must hold): |P mismatch| <= tol at every bus; |Q mismatch| <= tol at PQ buses and, with
the written QG, at PV and reference buses; |Vm - VG| <= vtol at PV and reference buses; reference VA
unchanged; PG of every generator except the slack ones unchanged; QG of generators at PQ buses
unchanged; the network data copied into SOLVED.m unchanged. The default tol is MATPOWER's own
convergence tolerance (pf.tol = 1e-8 pu of the largest mismatch component).

Also reported (not judged unless asked): how MATPOWER (7.1 pfsoln) would split a bus's reactive
generation among several generators, and, when scipy is importable, one Newton step from the written
solution: its size bounds how far the written voltages are from the exact solution.

Prints one verdict line per case (PASS/FAIL), the reasons for a failure, and exits 0 on PASS, 1 on
FAIL, 2 when a file cannot be read.
"""
import argparse
import math
import re
import sys
import time

import numpy as np

# MATPOWER column indices (0-based)
BUS_I, BUS_TYPE, PD, QD, GS, BS, BUS_AREA, VM, VA = range(9)
GEN_BUS, PG, QG, QMAX, QMIN, VG, MBASE, GEN_STATUS, PMAX, PMIN = range(10)
F_BUS, T_BUS, BR_R, BR_X, BR_B, RATE_A, RATE_B, RATE_C, TAP, SHIFT, BR_STATUS = range(11)
PQ, PV, REF, NONE = 1, 2, 3, 4


class CaseError(Exception):
    pass


_START = re.compile(r'^\s*mpc\.(\w+)\s*=\s*\[(.*)$')
_SCALAR = re.compile(r'^\s*mpc\.baseMVA\s*=\s*([^;%]+)')


def parse_case(path):
    """baseMVA and the bus, gen and branch matrices of a MATPOWER case file (version 2)."""
    try:
        with open(path) as f:
            lines = f.read().split('\n')
    except OSError as e:
        raise CaseError(f'{path}: {e.strerror}')
    mats, base, name, rows = {}, None, None, None
    for lineno, raw in enumerate(lines, 1):
        line = raw.split('%', 1)[0]
        if name is None:
            m = _SCALAR.match(line)
            if m:
                base = float(m.group(1))
                continue
            m = _START.match(line)
            if not m or m.group(1) not in ('bus', 'gen', 'branch'):
                continue
            name, rows, line = m.group(1), [], m.group(2)
        end = line.find(']')
        body = line if end < 0 else line[:end]
        for r in body.split(';'):
            r = r.replace(',', ' ').split()
            if r:
                try:
                    rows.append([float(x) for x in r])
                except ValueError:
                    raise CaseError(f'{path}:{lineno}: not a number in mpc.{name}: {raw.strip()[:60]}')
        if end >= 0:
            width = {len(r) for r in rows}
            if len(width) != 1:
                raise CaseError(f'{path}: mpc.{name} rows have {sorted(width)} columns')
            mats[name] = np.array(rows, dtype=float)
            name = None
    if name is not None:
        raise CaseError(f'{path}: mpc.{name} has no closing ]')
    if base is None or not base > 0:
        raise CaseError(f'{path}: no positive mpc.baseMVA')
    for k, ncol in (('bus', 13), ('gen', 10), ('branch', 11)):
        if k not in mats:
            raise CaseError(f'{path}: no mpc.{k}')
        if mats[k].shape[1] < ncol:
            raise CaseError(f'{path}: mpc.{k} has {mats[k].shape[1]} columns, MATPOWER needs {ncol}')
    return base, mats['bus'], mats['gen'], mats['branch']


def bus_index(ids, wanted, what):
    order = np.argsort(ids, kind='stable')
    pos = np.searchsorted(ids[order], wanted)
    pos = np.minimum(pos, len(ids) - 1)
    bad = ids[order][pos] != wanted
    if bad.any():
        raise CaseError(f'{what} names bus {wanted[bad][0]:g}, which is not in mpc.bus')
    return order[pos]


def ybus_times(base, bus, branch, f, t, live_br, V):
    """Ybus*V (MATPOWER's makeYbus), without forming Ybus, and the branch admittances used."""
    br = branch[live_br]
    f, t = f[live_br], t[live_br]
    ys = 1.0 / (br[:, BR_R] + 1j * br[:, BR_X])
    bc = br[:, BR_B]
    ratio = np.where(br[:, TAP] == 0, 1.0, br[:, TAP])
    tap = ratio * np.exp(1j * np.pi / 180 * br[:, SHIFT])
    ytt = ys + 0.5j * bc
    yff = ytt / (tap * np.conj(tap))
    yft = -ys / np.conj(tap)
    ytf = -ys / tap
    ysh = (bus[:, GS] + 1j * bus[:, BS]) / base
    I = ysh * V
    np.add.at(I, f, yff * V[f] + yft * V[t])
    np.add.at(I, t, ytf * V[f] + ytt * V[t])
    return I, (f, t, yff, yft, ytf, ytt, ysh)


def newton_step(V, I, Y, mis, pvpq, pq):
    """One Newton step of MATPOWER's polar formulation from V: the correction (dVa rad, dVm pu)."""
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla
    f, t, yff, yft, ytf, ytt, ysh = Y
    n = len(V)
    rows = np.concatenate([f, f, t, t, np.arange(n)])
    cols = np.concatenate([f, t, f, t, np.arange(n)])
    Ybus = sp.csr_matrix((np.concatenate([yff, yft, ytf, ytt, ysh]), (rows, cols)), shape=(n, n))
    dV = sp.diags(V)
    Vn = V / np.abs(V)
    dS_dVa = 1j * dV @ np.conj(sp.diags(I) - Ybus @ dV)
    dS_dVm = dV @ np.conj(Ybus @ sp.diags(Vn)) + np.conj(sp.diags(I)) @ sp.diags(Vn)
    J = sp.vstack([sp.hstack([dS_dVa.real[pvpq][:, pvpq], dS_dVm.real[pvpq][:, pq]]),
                   sp.hstack([dS_dVa.imag[pq][:, pvpq], dS_dVm.imag[pq][:, pq]])]).tocsc()
    F = np.concatenate([mis.real[pvpq], mis.imag[pq]])
    dx = spla.spsolve(J, -F)
    return dx[:len(pvpq)], dx[len(pvpq):]


def matpower_q_split(gen_on, gbus_on, qtot_bus, nb):
    """MATPOWER 7.1 pfsoln: a bus's reactive generation split among its in-service generators."""
    ng = len(gbus_on)
    cnt = np.bincount(gbus_on, minlength=nb).astype(float)
    q = qtot_bus[gbus_on] / cnt[gbus_on]              # equal shares first
    qmin, qmax = gen_on[:, QMIN].copy(), gen_on[:, QMAX].copy()
    M = np.abs(q)
    M[~np.isinf(qmax)] += np.abs(qmax[~np.isinf(qmax)])
    M[~np.isinf(qmin)] += np.abs(qmin[~np.isinf(qmin)])
    M = np.bincount(gbus_on, weights=M, minlength=nb)[gbus_on]
    qmin[qmin == np.inf], qmin[qmin == -np.inf] = M[qmin == np.inf], -M[qmin == -np.inf]
    qmax[qmax == np.inf], qmax[qmax == -np.inf] = M[qmax == np.inf], -M[qmax == -np.inf]
    tot = np.bincount(gbus_on, weights=q, minlength=nb)
    tmin = np.bincount(gbus_on, weights=qmin, minlength=nb)
    tmax = np.bincount(gbus_on, weights=qmax, minlength=nb)
    eps = np.finfo(float).eps
    out = qmin + ((tot - tmin) / (tmax - tmin + eps))[gbus_on] * (qmax - qmin)
    ig = np.abs(tmin - tmax)[gbus_on] < 10 * eps
    out[ig] = qmin[ig] + ((tot - tmin) / np.maximum(cnt, 1))[gbus_on][ig]
    return out if ng > 1 else qtot_bus[gbus_on]


def read_voltages(path, sbus):
    """Replaces the solved VM, VA with the 'bus Vm Va' lines of PATH (e.g. MATPOWER's own solution)."""
    try:
        data = np.loadtxt(path, ndmin=2)
    except (OSError, ValueError) as e:
        raise CaseError(f'{path}: {e}')
    if data.shape[1] != 3:
        raise CaseError(f'{path}: want lines "bus Vm Va"')
    k = bus_index(sbus[:, BUS_I], data[:, 0], path)
    if len(np.unique(k)) != len(sbus):
        raise CaseError(f'{path}: {len(np.unique(k))} of {len(sbus)} buses')
    sbus[k, VM], sbus[k, VA] = data[:, 1], data[:, 2]


def check(orig_path, solved_path, name, tol, vtol, atol_deg, strict_qshare, voltages=None):
    t0 = time.time()
    base, bus, gen, branch = parse_case(orig_path)
    sbase, sbus, sgen, sbranch = parse_case(solved_path)
    fails, notes = [], []

    # The solved file must hold the same network.
    if (len(sbus), len(sgen), len(sbranch)) != (len(bus), len(gen), len(branch)):
        raise CaseError(f'{solved_path}: {len(sbus)} buses, {len(sgen)} generators, {len(sbranch)} branches;'
                        f' the case has {len(bus)}, {len(gen)}, {len(branch)}')
    def differs(a, b):
        with np.errstate(invalid='ignore'):
            return ~((a == b) | (np.abs(a - b) <= 1e-14 * np.maximum(np.abs(a), np.abs(b))))
    for what, a, b, cols in (('baseMVA', np.array([[base]]), np.array([[sbase]]), [0]),
                             ('bus', bus, sbus, [BUS_I, BUS_TYPE, PD, QD, GS, BS]),
                             ('gen', gen, sgen, [GEN_BUS, QMAX, QMIN, VG, GEN_STATUS]),
                             ('branch', branch, sbranch, [F_BUS, T_BUS, BR_R, BR_X, BR_B, TAP, SHIFT, BR_STATUS])):
        for c in cols:
            d = differs(a[:, c], b[:, c])
            if d.any():
                k = int(np.argmax(d))
                fails.append(f'{what} row {k + 1} column {c + 1} changed: {a[k, c]!r} -> {b[k, c]!r}')
    if voltages:
        read_voltages(voltages, sbus)

    nb = len(bus)
    ids = bus[:, BUS_I]
    if len(np.unique(ids)) != nb:
        raise CaseError(f'{orig_path}: repeated bus numbers')
    gb = bus_index(ids, gen[:, GEN_BUS], 'mpc.gen')
    f = bus_index(ids, branch[:, F_BUS], 'mpc.branch')
    t = bus_index(ids, branch[:, T_BUS], 'mpc.branch')
    btype = bus[:, BUS_TYPE].astype(int)
    live = btype != NONE                                       # ext2int drops isolated buses
    gon = (gen[:, GEN_STATUS] > 0) & live[gb]
    live_br = (branch[:, BR_STATUS] != 0) & live[f] & live[t]

    # bustypes
    has_gen = np.zeros(nb, bool)
    has_gen[gb[gon]] = True
    is_ref = (btype == REF) & has_gen
    is_pv = (btype == PV) & has_gen
    pv_to_pq = np.flatnonzero(live & (btype == PV) & ~has_gen)
    ref_to_pq = np.flatnonzero(live & (btype == REF) & ~has_gen)
    if not is_ref.any():
        if not is_pv.any():
            raise CaseError(f'{orig_path}: no reference bus and no PV bus with an in-service generator')
        k = np.flatnonzero(is_pv)[0]
        is_ref[k], is_pv[k] = True, False
        notes.append(f'bus {ids[k]:g} made the reference')
    is_pq = live & ~is_ref & ~is_pv
    ref, pv, pq = np.flatnonzero(is_ref), np.flatnonzero(is_pv), np.flatnonzero(is_pq)

    # The solution: voltages from the solved file, in-service generation from the solved file.
    vm, va = sbus[:, VM], sbus[:, VA]
    if not (np.all(np.isfinite(vm[live])) and np.all(np.isfinite(va[live]))):
        fails.append('non-finite voltage')
    V = vm * np.exp(1j * np.pi / 180 * va)
    I, Y = ybus_times(base, bus, branch, f, t, live_br, V)
    Sg = np.zeros(nb, complex)
    np.add.at(Sg, gb[gon], sgen[gon, PG] + 1j * sgen[gon, QG])
    Sbus = (Sg - (bus[:, PD] + 1j * bus[:, QD])) / base
    mis = V * np.conj(I) - Sbus
    mis[~live] = 0

    def worst(vals, idx):
        if len(idx) == 0:
            return 0.0, '-'
        k = idx[int(np.argmax(np.abs(vals[idx])))]
        return float(abs(vals[k])), f'{ids[k]:g}'

    p_max, p_bus = worst(mis.real, np.flatnonzero(live))
    qpq_max, qpq_bus = worst(mis.imag, pq)
    qg_max, qg_bus = worst(mis.imag, np.concatenate([pv, ref]))
    if not p_max <= tol:
        fails.append(f'P mismatch {p_max:.3e} pu at bus {p_bus} > {tol:g}')
    if not qpq_max <= tol:
        fails.append(f'Q mismatch {qpq_max:.3e} pu at PQ bus {qpq_bus} > {tol:g}')
    if not qg_max <= tol:
        fails.append(f'Q mismatch with the written QG {qg_max:.3e} pu at PV/ref bus {qg_bus} > {tol:g}')
    if len(pv_to_pq) + len(ref_to_pq):
        q2, b2 = worst(mis.imag, np.concatenate([pv_to_pq, ref_to_pq]))
        notes.append(f'{len(pv_to_pq) + len(ref_to_pq)} PV/ref buses without in-service generators solved as PQ'
                     f' (largest Q mismatch {q2:.1e} at bus {b2})')

    # Voltage set points: every in-service generator at a PV or reference bus holds its VG.
    at_vc = gon & (is_pv | is_ref)[gb]
    dvg = np.abs(vm[gb[at_vc]] - gen[at_vc, VG])
    dvg_max = float(dvg.max()) if len(dvg) else 0.0
    if not dvg_max <= vtol:
        k = np.flatnonzero(at_vc)[int(np.argmax(dvg))]
        fails.append(f'Vm {vm[gb[k]]!r} at bus {ids[gb[k]]:g} is not generator {k + 1}\'s VG {gen[k, VG]!r}')
    dva = np.abs(va[ref] - bus[ref, VA])
    if len(ref) and not dva.max() <= atol_deg:
        k = ref[int(np.argmax(dva))]
        fails.append(f'reference bus {ids[k]:g} angle {va[k]!r} deg, the case says {bus[k, VA]!r}')

    # Generator dispatch: only the first in-service generator at each reference bus moves its PG.
    slack = np.zeros(len(gen), bool)
    for r in ref:
        slack[np.flatnonzero(gon & (gb == r))[0]] = True
    dpg = np.abs(sgen[:, PG] - gen[:, PG])
    dpg[slack] = 0
    bad = dpg > 1e-9 * np.maximum(1, np.abs(gen[:, PG]))
    dpg_max = float(dpg.max()) if len(dpg) else 0.0
    if bad.any():
        k = int(np.argmax(dpg))
        fails.append(f'{int(bad.sum())} non-slack PG changed, e.g. generator {k + 1}: {gen[k, PG]!r} -> {sgen[k, PG]!r} MW')
    at_pq = gon & is_pq[gb]
    dq = np.abs(sgen[at_pq, QG] - gen[at_pq, QG])
    if len(dq) and dq.max() > 1e-9 * max(1.0, float(np.abs(gen[at_pq, QG]).max())):
        k = np.flatnonzero(at_pq)[int(np.argmax(dq))]
        fails.append(f'generator {k + 1} at PQ bus {ids[gb[k]]:g} changed QG {gen[k, QG]!r} -> {sgen[k, QG]!r}')
    if at_pq.any():
        notes.append(f'{int(at_pq.sum())} in-service generators at PQ buses (fixed injections)')

    # Reactive sharing among several generators at one bus, as MATPOWER 7.1's pfsoln does it.
    vc = np.flatnonzero(at_vc)
    qshare = 0.0
    qshare_note = ''
    if len(vc):
        qtot = np.bincount(gb[vc], weights=sgen[vc, QG], minlength=nb)
        qmp = matpower_q_split(gen[vc], gb[vc], qtot, nb)
        d = np.abs(qmp - sgen[vc, QG])
        qshare = float(d.max())
        if qshare > 1e-6 * max(1.0, float(np.abs(qtot).max())):
            k = vc[int(np.argmax(d))]
            msg = (f'QG split differs from MATPOWER 7.1 pfsoln by up to {qshare:.3g} Mvar'
                   f' (generator {k + 1} at bus {ids[gb[k]]:g}: {sgen[k, QG]:.6g}, pfsoln {qmp[int(np.argmax(d))]:.6g})')
            (fails if strict_qshare else notes).append(msg)
        qshare_note = f' QGsplit-vs-pfsoln={qshare:.1e}Mvar'

    # Distance to the exact solution: one Newton step from the written voltages (needs scipy).
    step = ''
    try:
        dva_rad, dvm = newton_step(V, I, Y, mis, np.concatenate([pv, pq]), pq)
        step = f' newton_step |dVa|={np.max(np.abs(dva_rad), initial=0) * 180 / math.pi:.1e}deg |dVm|={np.max(np.abs(dvm), initial=0):.1e}pu'
    except ImportError:
        pass
    except Exception as e:  # a singular Jacobian is worth a note, not a verdict
        notes.append(f'Newton step not computed: {e}')

    verdict = 'FAIL' if fails else 'PASS'
    print(f'{verdict} {name}: {nb} buses ({len(ref)} ref, {len(pv)} PV, {len(pq)} PQ)'
          f' max|dP|={p_max:.1e} (bus {p_bus}) max|dQ|PQ={qpq_max:.1e} (bus {qpq_bus})'
          f' max|dQ|gen={qg_max:.1e} (bus {qg_bus}) max|Vm-VG|={dvg_max:.1e} max|dPg|={dpg_max:.1e}MW'
          f' Vm=[{vm[live].min():.4f},{vm[live].max():.4f}]{qshare_note}{step} tol={tol:g} ({time.time() - t0:.2f}s)')
    for n in notes:
        print(f'  note: {n}')
    for m in fails:
        print(f'  FAIL: {m}')
    return not fails


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('original')
    ap.add_argument('solved')
    ap.add_argument('--name', help='the case name printed in the verdict (default: the original file)')
    ap.add_argument('--tol', type=float, default=1e-8, help='largest power mismatch, pu (MATPOWER pf.tol: 1e-8)')
    ap.add_argument('--vtol', type=float, default=1e-9, help='largest |Vm - VG| at PV/ref buses, pu')
    ap.add_argument('--atol-deg', type=float, default=1e-9, help='largest change of a reference angle, degrees')
    ap.add_argument('--voltages', metavar='FILE', help='take Vm, Va from FILE\'s "bus Vm Va" lines instead')
    ap.add_argument('--strict-qshare', action='store_true', help='fail when QG is not split as MATPOWER 7.1 does')
    a = ap.parse_args()
    name = a.name or re.sub(r'\.m$', '', a.original.rsplit('/', 1)[-1])
    try:
        ok = check(a.original, a.solved, name, a.tol, a.vtol, a.atol_deg, a.strict_qshare, a.voltages)
    except CaseError as e:
        print(f'FAIL {name}: {e}')
        return 2
    except Exception as e:  # a bug here must not read as a judged failure (exit 1)
        print(f'FAIL {name}: checker error: {type(e).__name__}: {e}')
        return 2
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
