#!/usr/bin/env python3
"""Independent reference check: forced import-limit violations are the minimum possible.

Usage: python3 scripts/check_forced_violations.py BINARY WORKDIR

Where uncontrollable base load alone exceeds a site's or feeder's import limit, the spec
(../shared/spec/dispatch.md §2) says violations must be the minimum possible: a charge-only EV never
charges on top of a forced overload whatever the penalties or prices, and V2G discharge may lower a
forced violation, and then no other EV may take that room. This script builds problems without PV
or demand charge and solves the spec's §2 LP literally with HiGHS, LEXICOGRAPHICALLY (stage 1:
minimise Σ Δh·(vs + vf), each violation at most what uncontrollable load forces in its interval
(base − limit: only uncontrollable load may cause one, spec §1, so no EV may charge on top of a
forced overload even to make room for a later discharge); stage 2: keep that optimum and minimise
the spec's cost objective). The
model covers V2G sessions ("v2g": true on a charger with maxDischargeKw > 0): pd ≤ min(charger,
session maxDischargeKw), energy per interval boundary e[a] = initial,
e[t+1] = e[t] + Δh·(η_c·pc − pd/η_d), min(minKwh, initial) ≤ e ≤ battery, e[b] + unmet ≥ required;
site balance gi − ge = base + Σ pc − Σ pd with 0 ≤ ge ≤ site exportLimitKw (default 0), feeder
Σ (gi − ge) ≤ importLimitKw + vf and Σ (ge − gi) ≤ exportLimitKw (default 0); cost adds
degradationCostPerKwh·Δh·pd and subtracts exportPerKwh·Δh·ge. It runs
`BINARY dispatch --problem FILE --out FILE --quiet` (waiting up to 90 s for BINARY if it is missing
mid-rebuild) and checks:
  - objective.total equals the reference cost (1e-6 relative + 1e-5 per kWh charged or discharged,
    for the engine's ≤ 1e-6/kWh tie-breaker). V2G cases use positive import prices and
    export ≤ import, so the LP optimum needs no MIP; if the reference still charges and discharges
    one car in one interval (min(pc, pd) > 1e-6 kW) the objective is not compared (a SKIP line);
  - every sites[].limitViolationKw and feeders[].limitViolationKw equals the reference's vs / vf
    within 1e-6 kW. With V2G the per-interval vector need not be unique, so a different engine
    vector also passes when it is equally optimal: pinned into the reference LP it is feasible, has
    the same Σ Δh·(vs + vf) (1e-6) and the same stage-2 cost (the objective tolerance) (a NOTE line);
  - status is "optimalWithViolations" exactly when the reference's stage-1 optimum is > 1e-9;
  - hand-computed numbers for the bug-report cases (charge-only; limit on the feeder, and on the
    site): violation [1, 0, 0], chargeKw [0, 1, 1], unmetKwh 18 and the objective total; and for the
    reviewer's V2G case (e2 discharging 7 kW covers the overload, e1 charges 6 kW; limit on the
    site, and on the feeder): status optimal, violation [0, 0, 0], e1 chargeKw [6, 6, 6],
    e2 dischargeKw [7, 7, 7], total 64000.3. Each hand total is also checked against the reference.
Cases: 3 bug-report variants × {feeder, site limit}, the V2G reviewer case × {site, feeder limit},
30 seeded random charge-only problems and 20 seeded random problems with at least one V2G session
(base-load spikes, random penalties: violation and unmet 1–2000, degradation 0–0.2).
Prints one `FAIL: case: what, expected X got Y` line per failure, then `N passed, M failed`;
exits non-zero on any failure.
"""
import json, os, random, subprocess, sys, time
from datetime import datetime, timedelta, timezone

import numpy as np
import highspy

INF = highspy.kHighsInf
START = datetime(2026, 3, 2, 0, 0, tzinfo=timezone.utc)


def ts(hours):
    return (START + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def series(v, T, default=0.0):
    if v is None:
        v = default
    return [float(x) for x in v] if isinstance(v, list) else [float(v)] * T


def reference(p, fix=None):
    """Spec §2 LP without PV or demand charge, solved lexicographically. Returns a dict of results.

    fix = {"vs": {site: [kW]}, "vf": [kW]} pins the violations (to test an engine answer that
    differs from ours); returns None when that makes the LP infeasible.

    V2G: a session with "v2g": true on a charger with maxDischargeKw > 0 gets discharge variables
    pd[s,t] ≤ min(charger.maxDischargeKw, session.maxDischargeKw). Every session with a usable
    interval gets energy variables e[s,t] on its interval boundaries t ∈ [a, b]:
    e[s,a] = initial, e[s,t+1] = e[s,t] + Δh·(η_c·pc − pd/η_d), min(minKwh, initial) ≤ e ≤ battery,
    e[s,b] + unmet ≥ required. Site balance gi − ge = base + Σ pc − Σ pd, 0 ≤ ge ≤ site exportLimitKw
    (default 0); feeder Σ (gi − ge) ≤ importLimitKw + vf and Σ (ge − gi) ≤ exportLimitKw (default 0).
    """
    T, dh = p["intervals"], p.get("intervalMinutes", 15) / 60
    start = parse_ts(p["start"]); end = start + timedelta(hours=T * dh)
    lb, ub, c1, c2, rows = [], [], [], [], []  # rows: (lower, upper, {col: coef})

    def var(cost1, cost2, upper=INF, lower=0.0):
        lb.append(lower); ub.append(upper); c1.append(cost1); c2.append(cost2)
        return len(lb) - 1

    pen_v = p.get("limitViolationPenaltyPerKwh", 1000)
    pen_u = p.get("unmetEnergyPenaltyPerKwh", 10)
    deg = p.get("degradationCostPerKwh", 0.0)
    chargers = {c["id"]: c for c in p["chargers"]}
    gi, ge, vs, constant = {}, {}, {}, 0.0
    for site in p["sites"]:
        prices = site.get("prices") or p["prices"]
        imp = series(prices["importPerKwh"], T)
        exp = series(prices.get("exportPerKwh"), T)
        elim = series(site.get("exportLimitKw"), T)
        gi[site["id"]] = [var(0.0, dh * imp[t]) for t in range(T)]
        ge[site["id"]] = [var(0.0, -dh * exp[t], elim[t]) for t in range(T)]
        if site.get("importLimitKw") is not None:
            # Only uncontrollable load may cause a violation (spec §1): at most base − limit.
            base, lim = series(site.get("baseLoadKw"), T), series(site["importLimitKw"], T)
            vs[site["id"]] = [var(dh, dh * pen_v, max(0.0, base[t] - lim[t])) for t in range(T)]
    feeder = p["feeders"][0]
    vf = None
    if feeder.get("importLimitKw") is not None:
        flim = series(feeder["importLimitKw"], T)
        bases = [series(s.get("baseLoadKw"), T) for s in p["sites"]]
        vf = [var(dh, dh * pen_v, max(0.0, sum(b[t] for b in bases) - flim[t])) for t in range(T)]
    pc, pd, unmet = {}, {}, {}
    site_net = {s["id"]: [{} for _ in range(T)] for s in p["sites"]}  # site -> t -> {col: ±1}
    for s in p["sessions"]:
        ch = chargers[s["chargerId"]]
        eta_c = ch.get("chargeEfficiency", 0.95)
        eta_d = ch.get("dischargeEfficiency", 0.95)
        pmax = min(ch["maxChargeKw"], s.get("maxChargeKw", INF))
        v2g = bool(s.get("v2g")) and ch.get("maxDischargeKw", 0) > 0
        dmax = min(ch.get("maxDischargeKw", 0), s.get("maxDischargeKw", INF)) if v2g else 0.0
        arr, dep = parse_ts(s["arrival"]), parse_ts(s["departure"])
        usable = [t for t in range(T) if arr <= start + timedelta(hours=t * dh)
                  and start + timedelta(hours=(t + 1) * dh) <= dep]
        required = s["targetKwh"]
        if dep > end:  # what cannot be delivered after the window must be delivered inside it
            required -= eta_c * pmax * (dep - end).total_seconds() / 3600
        if not usable:
            constant += pen_u * max(0.0, required - s["initialKwh"]); unmet[s["id"]] = None; continue
        pc[s["id"]] = {t: var(0.0, 0.0, pmax) for t in usable}
        if v2g:
            pd[s["id"]] = {t: var(0.0, dh * deg, dmax) for t in usable}
        unmet[s["id"]] = var(0.0, pen_u)
        initial, emin = s["initialKwh"], min(s.get("minKwh", 0.0), s["initialKwh"])
        e = [var(0.0, 0.0, initial, initial)]  # e[s, a_s] fixed at initialKwh
        for t in usable:
            e.append(var(0.0, 0.0, s["batteryKwh"], emin))
            flow = {e[-1]: 1.0, e[-2]: -1.0, pc[s["id"]][t]: -dh * eta_c}
            site_net[ch["siteId"]][t][pc[s["id"]][t]] = -1.0
            if v2g:
                flow[pd[s["id"]][t]] = dh / eta_d
                site_net[ch["siteId"]][t][pd[s["id"]][t]] = 1.0
            rows.append((0.0, 0.0, flow))                                  # energy balance
        rows.append((required, INF, {e[-1]: 1.0, unmet[s["id"]]: 1.0}))     # target
    for site in p["sites"]:
        base = series(site.get("baseLoadKw"), T)
        lim = site.get("importLimitKw")
        lim = series(lim, T) if lim is not None else None
        for t in range(T):
            g, x = gi[site["id"]][t], ge[site["id"]][t]
            rows.append((base[t], base[t], {g: 1.0, x: -1.0, **site_net[site["id"]][t]}))  # balance
            if lim is not None:
                rows.append((-INF, lim[t], {g: 1.0, vs[site["id"]][t]: -1.0}))
    if vf is not None:
        flim = series(feeder["importLimitKw"], T)
        for t in range(T):
            rows.append((-INF, flim[t], {**{gi[s][t]: 1.0 for s in gi},
                                         **{ge[s][t]: -1.0 for s in ge}, vf[t]: -1.0}))
    fexp = series(feeder.get("exportLimitKw"), T)
    for t in range(T):
        rows.append((-INF, fexp[t], {**{gi[s][t]: -1.0 for s in gi}, **{ge[s][t]: 1.0 for s in ge}}))

    h = highspy.Highs(); h.setOptionValue("output_flag", False)
    n = len(lb)
    h.addVars(n, np.array(lb), np.array(ub))
    for lo, hi, coefs in rows:
        idx = np.array(list(coefs.keys()), dtype=np.int32)
        h.addRow(lo, hi, len(idx), idx, np.array(list(coefs.values()), dtype=float))
    if fix is not None:
        pins = [(j, v) for sid, cols in vs.items() for j, v in zip(cols, fix["vs"][sid])]
        pins += list(zip(vf, fix["vf"])) if vf is not None else []
        for j, v in pins:
            h.changeColBounds(j, v, v)
    allcols = np.arange(n, dtype=np.int32)
    h.changeColsCost(n, allcols, np.array(c1)); h.run()  # stage 1: minimum violation energy
    if fix is not None and h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, "stage 1 not optimal"
    stage1 = h.getInfo().objective_function_value
    viol = np.array([j for j in range(n) if c1[j] > 0], dtype=np.int32)
    if len(viol):
        h.addRow(-INF, stage1 + 1e-9, len(viol), viol, np.full(len(viol), dh))
    h.changeColsCost(n, allcols, np.array(c2)); h.run()  # stage 2: spec cost objective
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, "stage 2 not optimal"
    x = list(h.getSolution().col_value)
    both = max([min(x[pc[s][t]], x[j]) for s in pd for t, j in pd[s].items()], default=0.0)
    return {
        "total": h.getInfo().objective_function_value + constant,
        "vs": {s["id"]: [x[j] for j in vs[s["id"]]] if s["id"] in vs else [0.0] * T for s in p["sites"]},
        "vf": [x[j] for j in vf] if vf is not None else [0.0] * T,
        "forced": stage1 > 1e-9,
        "stage1": stage1,
        "kwh": sum(dh * x[j] for d in list(pc.values()) + list(pd.values()) for j in d.values()),
        "both": both,  # largest min(pc, pd) over V2G sessions and intervals
    }


def bug_case(variant, on_site):
    p = {"windowId": f"forced-{'site' if on_site else 'feeder'}-v{variant}", "start": ts(0),
         "intervalMinutes": 60, "intervals": 3, "prices": {"importPerKwh": 0.1},
         "feeders": [{"id": "f1", "importLimitKw": None if on_site else 1}],
         "sites": [{"id": "s1", "feederId": "f1", "baseLoadKw": [2, 0, 0]}],
         "chargers": [{"id": "c1", "siteId": "s1", "maxChargeKw": 7, "chargeEfficiency": 1}],
         "sessions": [{"id": "e1", "chargerId": "c1", "arrival": ts(0), "departure": ts(3),
                       "batteryKwh": 60, "initialKwh": 10, "targetKwh": 30}]}
    if on_site:
        p["sites"][0]["importLimitKw"] = 1
    if variant == 1:
        p["unmetEnergyPenaltyPerKwh"] = 2000
    elif variant == 2:
        p["limitViolationPenaltyPerKwh"] = 5
    else:
        p["prices"] = {"importPerKwh": [-5000, 0.1, 0.1], "exportPerKwh": [-5000, 0, 0]}
    # Hand computation: import 2·p0 + 1·p1 + 1·p2, unmet 18 kWh, violation 1 kWh.
    # v3: -10000 + 0.2 + 18·10 + 1·1000 = -8819.8 (the brief's -8619.8 is an arithmetic slip).
    return p, {"total": {1: 37000.4, 2: 185.4, 3: -8819.8}[variant], "status": "optimalWithViolations",
               "viol": ("site" if on_site else "feeder", [1, 0, 0]),
               "sessions": {"e1": {"chargeKw": [0, 1, 1], "unmetKwh": 18}}}


def v2g_case(on_site):
    """The reviewer's V2G case: e2's discharge covers the 1 kW base-load overload and 5 kW more,
    which e1 takes. Hand computation: e1 charges 1 − 2 + 7 = 6 kW for 3 h (18 kWh, unmet 50 − 18 =
    32), e2 discharges 7 kW for 3 h (40 − 21 = 19 ≥ 10), import 1 kW each hour:
    0.3 + 32·2000 = 64000.3, no violation."""
    p = {"windowId": f"forced-v2g-{'site' if on_site else 'feeder'}", "start": ts(0),
         "intervalMinutes": 60, "intervals": 3, "prices": {"importPerKwh": 0.1},
         "unmetEnergyPenaltyPerKwh": 2000, "limitViolationPenaltyPerKwh": 5,
         "feeders": [{"id": "f1", "importLimitKw": None if on_site else 1}],
         "sites": [{"id": "s1", "feederId": "f1", "baseLoadKw": 2}],
         "chargers": [{"id": "C1", "siteId": "s1", "maxChargeKw": 7, "chargeEfficiency": 1},
                      {"id": "C2", "siteId": "s1", "maxChargeKw": 7, "maxDischargeKw": 7,
                       "chargeEfficiency": 1, "dischargeEfficiency": 1}],
         "sessions": [{"id": "e1", "chargerId": "C1", "arrival": ts(0), "departure": ts(3),
                       "batteryKwh": 80, "initialKwh": 10, "targetKwh": 60},
                      {"id": "e2", "chargerId": "C2", "arrival": ts(0), "departure": ts(3),
                       "v2g": True, "batteryKwh": 60, "initialKwh": 40, "targetKwh": 10,
                       "minKwh": 0}]}
    if on_site:
        p["sites"][0]["importLimitKw"] = 1
    return p, {"total": 64000.3, "status": "optimal", "viol": ("site" if on_site else "feeder", [0, 0, 0]),
               "sessions": {"e1": {"chargeKw": [6, 6, 6]}, "e2": {"dischargeKw": [7, 7, 7]}}}


def random_case(seed):
    r = random.Random(seed)
    T, n_sites, n_ch = r.randint(2, 6), r.randint(1, 3), r.randint(1, 4)
    rnd = lambda lo, hi: round(r.uniform(lo, hi), 2)
    imp = [rnd(-0.5, 0.5) if r.random() < 0.9 else rnd(-60, -1) for _ in range(T)]
    p = {"windowId": f"forced-random-{seed}", "start": ts(0), "intervalMinutes": 60, "intervals": T,
         "prices": {"importPerKwh": imp, "exportPerKwh": [round(x - r.uniform(0, 0.3), 2) for x in imp]},
         "limitViolationPenaltyPerKwh": rnd(1, 2000), "unmetEnergyPenaltyPerKwh": rnd(1, 2000),
         "feeders": [{"id": "f1", "importLimitKw": None if r.random() < 0.15 else
                      (rnd(4, 20) if r.random() < 0.5 else [rnd(4, 20) for _ in range(T)])}],
         "sites": [], "chargers": [], "sessions": []}
    for i in range(n_sites):
        base = [rnd(5, 12) if r.random() < 0.3 else rnd(0, 4) for _ in range(T)]  # some spikes
        site = {"id": f"s{i}", "feederId": "f1", "baseLoadKw": base}
        if r.random() < 0.8:
            site["importLimitKw"] = rnd(3, 10) if r.random() < 0.5 else [rnd(3, 10) for _ in range(T)]
        p["sites"].append(site)
    for i in range(n_ch):
        ch = {"id": f"c{i}", "siteId": f"s{r.randrange(n_sites)}", "maxChargeKw": rnd(3, 22)}
        if r.random() < 0.5:
            ch["chargeEfficiency"] = 1
        p["chargers"].append(ch)
        a = r.randint(-2, T - 1); d = r.randint(max(a + 1, 1), T + 2)
        battery = rnd(30, 80); initial = rnd(0, 0.6 * battery)
        s = {"id": f"e{i}", "chargerId": ch["id"], "arrival": ts(a), "departure": ts(d),
             "batteryKwh": battery, "initialKwh": initial,
             "targetKwh": min(battery, rnd(initial, battery))}
        if r.random() < 0.3:
            s["maxChargeKw"] = rnd(2, 11)
        p["sessions"].append(s)
    return p


def random_v2g_case(seed):
    """Small random problem with ≥ 1 V2G session, base-load spikes above some import limits (forced
    violations in some intervals), random penalties, positive import prices and export ≤ import."""
    r = random.Random(1000 + seed)
    T, n_sites, n_ch = r.randint(2, 6), r.randint(1, 3), r.randint(1, 4)
    rnd = lambda lo, hi: round(r.uniform(lo, hi), 2)
    imp = [rnd(0.05, 0.5) for _ in range(T)]
    exp = [round(x * r.choice([0.8, r.uniform(0, 1)]), 4) for x in imp]
    p = {"windowId": f"forced-v2g-random-{seed}", "start": ts(0), "intervalMinutes": r.choice([15, 30, 60]),
         "intervals": T, "prices": {"importPerKwh": imp, "exportPerKwh": exp},
         "limitViolationPenaltyPerKwh": rnd(1, 2000), "unmetEnergyPenaltyPerKwh": rnd(1, 2000),
         "degradationCostPerKwh": rnd(0, 0.2),
         "feeders": [{"id": "f1", "importLimitKw": None if r.random() < 0.2 else
                      (rnd(4, 20) if r.random() < 0.5 else [rnd(4, 20) for _ in range(T)])}],
         "sites": [], "chargers": [], "sessions": []}
    if r.random() < 0.4:
        p["feeders"][0]["exportLimitKw"] = rnd(0, 10)
    dh = p["intervalMinutes"] / 60
    for i in range(n_sites):
        base = [rnd(5, 12) if r.random() < 0.35 else rnd(0, 4) for _ in range(T)]  # some spikes
        site = {"id": f"s{i}", "feederId": "f1", "baseLoadKw": base}
        if r.random() < 0.8:
            site["importLimitKw"] = rnd(3, 10) if r.random() < 0.5 else [rnd(3, 10) for _ in range(T)]
        if r.random() < 0.4:
            site["exportLimitKw"] = rnd(0, 10)
        p["sites"].append(site)
    v2g_at = r.randrange(n_ch)
    for i in range(n_ch):
        v2g = i == v2g_at or r.random() < 0.4
        ch = {"id": f"c{i}", "siteId": f"s{r.randrange(n_sites)}", "maxChargeKw": rnd(3, 22)}
        if v2g:
            ch["maxDischargeKw"] = rnd(3, 22)
        for k in ("chargeEfficiency", "dischargeEfficiency"):
            if r.random() < 0.5:
                ch[k] = 1 if r.random() < 0.5 else rnd(0.85, 1)
        p["chargers"].append(ch)
        a = r.randint(-2, T - 1); d = r.randint(max(a + 1, 1), T + 2)
        battery = rnd(30, 80); initial = rnd(0, 0.9 * battery)
        s = {"id": f"e{i}", "chargerId": ch["id"], "arrival": ts(a * dh), "departure": ts(d * dh),
             "batteryKwh": battery, "initialKwh": initial, "targetKwh": rnd(0, battery)}
        if v2g:
            s["v2g"] = True
            if r.random() < 0.6:
                s["minKwh"] = rnd(0, battery)
            if r.random() < 0.3:
                s["maxDischargeKw"] = rnd(0, 11)
        if r.random() < 0.3:
            s["maxChargeKw"] = rnd(2, 11)
        p["sessions"].append(s)
    # make sure the V2G session has a usable interval: arrive at the start, leave at the end or later
    s = p["sessions"][v2g_at]
    s["arrival"], s["departure"] = ts(r.randint(-1, 0) * dh), ts(r.randint(T, T + 1) * dh)
    return p


passed = failed = skipped = 0


def check(case, what, expected, got, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {case}: {what}, expected {expected} got {got}")


def close(a, b, tol=1e-6):
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b))


def run_case(binary, workdir, p, hand=None):
    global skipped
    case = p["windowId"]
    prob, out = os.path.join(workdir, case + ".json"), os.path.join(workdir, case + ".result.json")
    with open(prob, "w") as f:
        json.dump(p, f, indent=1)
    ref = reference(p)
    for attempt in range(3):  # the binary may be briefly missing while someone rebuilds it
        if os.path.exists(binary):
            break
        time.sleep(30)
    proc = subprocess.run([binary, "dispatch", "--problem", prob, "--out", out, "--quiet"],
                          capture_output=True, text=True)
    check(case, "engine exit status", 0, f"{proc.returncode} {proc.stderr.strip()[:300]}",
          proc.returncode == 0)
    if proc.returncode != 0:
        return
    with open(out) as f:
        res = json.load(f)
    dh = p.get("intervalMinutes", 15) / 60
    total = res["objective"]["total"]
    kwh = dh * sum(sum(s["chargeKw"]) + sum(s.get("dischargeKw") or [0]) for s in res["sessions"])
    tol = 1e-6 * abs(ref["total"]) + 1e-5 * max(kwh, ref["kwh"]) + 1e-7
    if ref["both"] > 1e-6:  # the LP relaxation would need the spec's MIP; its cost is not comparable
        skipped += 1
        print(f"SKIP: {case}: reference charges and discharges one car at once "
              f"(min(pc, pd) = {ref['both']:.3g} kW), objective.total not compared")
    else:
        check(case, "objective.total", ref["total"], total, abs(total - ref["total"]) <= tol)
    fd = res["feeders"][0]
    got_v = {"vs": {s["id"]: s["limitViolationKw"] for s in res["sites"]}, "vf": fd["limitViolationKw"]}
    same = all(close(got_v["vs"][s], ref["vs"][s]) for s in ref["vs"]) and close(got_v["vf"], ref["vf"])
    if not same:
        # With V2G the per-interval minimum is not unique (discharge can move a violation to another
        # interval at equal Σ Δh·(vs + vf)). Accept the engine's vector when it is also a lexicographic
        # optimum: pinned into our LP it is feasible, with the same violation energy and the same cost.
        alt = reference(p, got_v)
        if (alt is not None and alt["stage1"] <= ref["stage1"] + 1e-6
                and abs(alt["total"] - ref["total"]) <= tol):
            print(f"NOTE: {case}: engine limitViolationKw {got_v} differs from the reference's "
                  f"{ {'vs': ref['vs'], 'vf': ref['vf']} } but is an equally optimal choice")
            got_v = {"vs": ref["vs"], "vf": ref["vf"]}
        else:
            print(f"NOTE: {case}: engine violation energy Σ Δh·(vs + vf) = "
                  f"{alt['stage1'] if alt else 'infeasible when pinned'}, reference {ref['stage1']}")
    for s in res["sites"]:
        check(case, f"site {s['id']} limitViolationKw", ref["vs"][s["id"]], s["limitViolationKw"],
              close(got_v["vs"][s["id"]], ref["vs"][s["id"]]))
    check(case, f"feeder {fd['id']} limitViolationKw", ref["vf"], fd["limitViolationKw"],
          close(got_v["vf"], ref["vf"]))
    want = "optimalWithViolations" if ref["forced"] else "optimal"  # stage-1 optimum > 1e-9
    check(case, "status", want, res["status"], res["status"] == want)
    if hand is not None:  # bug-report / reviewer case: hand-computed numbers
        htol = 1e-6 * abs(hand["total"]) + 1e-5 * max(kwh, ref["kwh"]) + 1e-7
        check(case, "reference total vs hand", hand["total"], ref["total"],
              abs(ref["total"] - hand["total"]) <= htol)
        check(case, "objective.total vs hand", hand["total"], total, abs(total - hand["total"]) <= htol)
        check(case, "hand status", hand["status"], res["status"], res["status"] == hand["status"])
        where, want_v = hand["viol"]
        v = res["sites"][0]["limitViolationKw"] if where == "site" else fd["limitViolationKw"]
        check(case, f"hand {where} limitViolationKw", want_v, v, close(v, want_v))
        sessions = {s["id"]: s for s in res["sessions"]}
        for sid, fields in hand["sessions"].items():
            for k, want_x in fields.items():
                got = sessions[sid][k]
                ok = close(got, want_x) if isinstance(want_x, list) else abs(got - want_x) <= 1e-6
                check(case, f"hand {sid} {k}", want_x, got, ok)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check_forced_violations.py BINARY WORKDIR")
    binary, workdir = sys.argv[1], sys.argv[2]
    os.makedirs(workdir, exist_ok=True)
    for on_site in (False, True):
        for variant in (1, 2, 3):
            run_case(binary, workdir, *bug_case(variant, on_site))
        run_case(binary, workdir, *v2g_case(on_site))
    for seed in range(30):
        run_case(binary, workdir, random_case(seed))
    for seed in range(20):
        run_case(binary, workdir, random_v2g_case(seed))
    if skipped:
        print(f"{skipped} case(s) had their objective comparison skipped (see SKIP lines)")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
