#!/usr/bin/env python3
"""Independent reference check: forced import-limit violations are the minimum possible.

Usage: python3 scripts/check_forced_violations.py BINARY WORKDIR

Where uncontrollable base load alone exceeds a site's or feeder's import limit, the spec
(../shared/spec/dispatch.md §2) says violations must be the minimum possible, so EVs never charge
on top of a forced overload whatever the penalties or prices. This script builds charge-only
problems (no PV, no V2G, no demand charge), solves the spec's §2 LP literally with HiGHS
LEXICOGRAPHICALLY (stage 1: minimise Σ Δh·(vs + vf); stage 2: keep that optimum and minimise the
spec's cost objective), runs `BINARY dispatch --problem FILE --out FILE --quiet`, and checks:
  - objective.total equals the reference cost (1e-6 relative + 1e-5 per kWh charged, for the
    engine's ≤ 1e-6/kWh tie-breaker);
  - every sites[].limitViolationKw and feeders[].limitViolationKw equals the reference's vs / vf
    within 1e-6 kW;
  - status is "optimalWithViolations" exactly when some reference violation > 1e-9;
  - for the bug-report cases (limit on the feeder, and on the site) the hand-computed numbers:
    violation [1, 0, 0], chargeKw [0, 1, 1], unmetKwh 18 and the objective total (also checked
    against the reference itself).
Cases: 3 bug-report variants × {feeder limit, site limit} and 30 seeded random problems.
Prints one `FAIL: case: what, expected X got Y` line per failure, then `N passed, M failed`;
exits non-zero on any failure.
"""
import json, os, random, subprocess, sys
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


def reference(p):
    """Spec §2 LP, charge-only subset, solved lexicographically. Returns a dict of results."""
    T, dh = p["intervals"], p.get("intervalMinutes", 15) / 60
    start = parse_ts(p["start"]); end = start + timedelta(hours=T * dh)
    lb, ub, c1, c2, rows = [], [], [], [], []  # rows: (lower, upper, {col: coef})

    def var(cost1, cost2, upper=INF):
        lb.append(0.0); ub.append(upper); c1.append(cost1); c2.append(cost2)
        return len(lb) - 1

    pen_v = p.get("limitViolationPenaltyPerKwh", 1000)
    pen_u = p.get("unmetEnergyPenaltyPerKwh", 10)
    chargers = {c["id"]: c for c in p["chargers"]}
    gi, vs, constant = {}, {}, 0.0
    for site in p["sites"]:
        imp = series((site.get("prices") or p["prices"])["importPerKwh"], T)
        gi[site["id"]] = [var(0.0, dh * imp[t]) for t in range(T)]
        if site.get("importLimitKw") is not None:
            vs[site["id"]] = [var(dh, dh * pen_v) for t in range(T)]
    feeder = p["feeders"][0]
    vf = [var(dh, dh * pen_v) for t in range(T)] if feeder.get("importLimitKw") is not None else None
    pc, unmet, site_pc = {}, {}, {s["id"]: [[] for _ in range(T)] for s in p["sites"]}
    for s in p["sessions"]:
        ch = chargers[s["chargerId"]]
        eta = ch.get("chargeEfficiency", 0.95)
        pmax = min(ch["maxChargeKw"], s.get("maxChargeKw", INF))
        arr, dep = parse_ts(s["arrival"]), parse_ts(s["departure"])
        usable = [t for t in range(T) if arr <= start + timedelta(hours=t * dh)
                  and start + timedelta(hours=(t + 1) * dh) <= dep]
        required = s["targetKwh"]
        if dep > end:  # what cannot be delivered after the window must be delivered inside it
            required -= eta * pmax * (dep - end).total_seconds() / 3600
        need = required - s["initialKwh"]
        if not usable:
            constant += pen_u * max(0.0, need); unmet[s["id"]] = None; continue
        pc[s["id"]] = {t: var(0.0, 0.0, pmax) for t in usable}
        unmet[s["id"]] = var(0.0, pen_u)
        for t, j in pc[s["id"]].items():
            site_pc[ch["siteId"]][t].append(j)
        energy = {j: dh * eta for j in pc[s["id"]].values()}
        rows.append((need, INF, {**energy, unmet[s["id"]]: 1.0}))           # target
        rows.append((-INF, s["batteryKwh"] - s["initialKwh"], dict(energy)))  # capacity
    for site in p["sites"]:
        base = series(site.get("baseLoadKw"), T)
        lim = site.get("importLimitKw")
        lim = series(lim, T) if lim is not None else None
        for t in range(T):
            g = gi[site["id"]][t]
            rows.append((base[t], base[t], {g: 1.0, **{j: -1.0 for j in site_pc[site["id"]][t]}}))
            if lim is not None:
                rows.append((-INF, lim[t], {g: 1.0, vs[site["id"]][t]: -1.0}))
    if vf is not None:
        flim = series(feeder["importLimitKw"], T)
        for t in range(T):
            rows.append((-INF, flim[t], {**{gi[s][t]: 1.0 for s in gi}, vf[t]: -1.0}))

    h = highspy.Highs(); h.setOptionValue("output_flag", False)
    n = len(lb)
    h.addVars(n, np.array(lb), np.array(ub))
    for lo, hi, coefs in rows:
        idx = np.array(list(coefs.keys()), dtype=np.int32)
        h.addRow(lo, hi, len(idx), idx, np.array(list(coefs.values()), dtype=float))
    allcols = np.arange(n, dtype=np.int32)
    h.changeColsCost(n, allcols, np.array(c1)); h.run()  # stage 1: minimum violation energy
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, "stage 1 not optimal"
    stage1 = h.getInfo().objective_function_value
    viol = np.array([j for j in range(n) if c1[j] > 0], dtype=np.int32)
    if len(viol):
        h.addRow(-INF, stage1 + 1e-9, len(viol), viol, np.full(len(viol), dh))
    h.changeColsCost(n, allcols, np.array(c2)); h.run()  # stage 2: spec cost objective
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal, "stage 2 not optimal"
    x = list(h.getSolution().col_value)
    return {
        "total": h.getInfo().objective_function_value + constant,
        "vs": {s["id"]: [x[j] for j in vs[s["id"]]] if s["id"] in vs else [0.0] * T for s in p["sites"]},
        "vf": [x[j] for j in vf] if vf is not None else [0.0] * T,
        "forced": stage1 > 1e-9,
        "kwh": sum(dh * x[j] for d in pc.values() for j in d.values()),
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
    return p, {1: 37000.4, 2: 185.4, 3: -8819.8}[variant]


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


passed = failed = 0


def check(case, what, expected, got, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {case}: {what}, expected {expected} got {got}")


def close(a, b, tol=1e-6):
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b))


def run_case(binary, workdir, p, hand=None, on_site=False):
    case = p["windowId"]
    prob, out = os.path.join(workdir, case + ".json"), os.path.join(workdir, case + ".result.json")
    with open(prob, "w") as f:
        json.dump(p, f, indent=1)
    ref = reference(p)
    proc = subprocess.run([binary, "dispatch", "--problem", prob, "--out", out, "--quiet"],
                          capture_output=True, text=True)
    check(case, "engine exit status", 0, f"{proc.returncode} {proc.stderr.strip()[:300]}",
          proc.returncode == 0)
    if proc.returncode != 0:
        return
    with open(out) as f:
        res = json.load(f)
    total, kwh = res["objective"]["total"], sum(sum(s["chargeKw"]) for s in res["sessions"])
    tol = 1e-6 * abs(ref["total"]) + 1e-5 * max(kwh, ref["kwh"]) + 1e-7
    check(case, "objective.total", ref["total"], total, abs(total - ref["total"]) <= tol)
    for s in res["sites"]:
        check(case, f"site {s['id']} limitViolationKw", ref["vs"][s["id"]], s["limitViolationKw"],
              close(s["limitViolationKw"], ref["vs"][s["id"]]))
    fd = res["feeders"][0]
    check(case, f"feeder {fd['id']} limitViolationKw", ref["vf"], fd["limitViolationKw"],
          close(fd["limitViolationKw"], ref["vf"]))
    want = "optimalWithViolations" if ref["forced"] else "optimal"  # stage-1 optimum > 1e-9
    check(case, "status", want, res["status"], res["status"] == want)
    if hand is not None:  # bug-report case: hand-computed numbers
        htol = 1e-6 * abs(hand) + 1e-5 * 2 + 1e-7  # 2 kWh charged
        check(case, "reference total vs hand", hand, ref["total"], abs(ref["total"] - hand) <= htol)
        check(case, "objective.total vs hand", hand, total, abs(total - hand) <= htol)
        v = res["sites"][0]["limitViolationKw"] if on_site else fd["limitViolationKw"]
        check(case, "hand limitViolationKw", [1, 0, 0], v, close(v, [1, 0, 0]))
        sess = res["sessions"][0]
        check(case, "hand chargeKw", [0, 1, 1], sess["chargeKw"], close(sess["chargeKw"], [0, 1, 1]))
        check(case, "hand unmetKwh", 18, sess["unmetKwh"], abs(sess["unmetKwh"] - 18) <= 1e-6)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check_forced_violations.py BINARY WORKDIR")
    binary, workdir = sys.argv[1], sys.argv[2]
    os.makedirs(workdir, exist_ok=True)
    for on_site in (False, True):
        for variant in (1, 2, 3):
            p, hand = bug_case(variant, on_site)
            run_case(binary, workdir, p, hand, on_site)
    for seed in range(30):
        run_case(binary, workdir, random_case(seed))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
