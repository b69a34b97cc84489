#!/usr/bin/env python3
"""Independent checks of the engine's output, run by scripts/test.sh.

1. Every charging profile validates against the official OCPP 2.0.1 / 2.1 JSON schemas
   (from the PyPI package `ocpp` 2.1.0) and replays to the session's chargeKw - dischargeKw
   within 1 W.
2. Every exported MPS file is read by HiGHS (an independent solver) and its optimum equals the
   engine's LP optimum for the subproblem (relative 1e-6): the MPS writer and the model agree.

Usage: check_profiles_and_mps.py CHARGESHARE_BINARY WORKDIR PROBLEM.json...
Prints 'N passed, M failed' last and exits non-zero on any failure.
"""
import json, os, subprocess, sys

import jsonschema
import ocpp

SCHEMAS = os.path.join(os.path.dirname(ocpp.__file__), "{}", "schemas", "SetChargingProfileRequest.json")
VALIDATORS = {}
for version, folder in (("2.0.1", "v201"), ("2.1", "v21")):
    schema = json.load(open(SCHEMAS.format(folder)))
    VALIDATORS[version] = jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())

passed, failed = 0, 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def replay(request, start, interval_s, count):
    schedule = request["chargingProfile"]["chargingSchedule"][0]
    from datetime import datetime
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
    offset = parse(schedule["startSchedule"]) - parse(start)
    out = []
    for t in range(count):
        second = t * interval_s - offset
        if second < 0 or second >= schedule["duration"]:
            out.append(0.0)
            continue
        period = [p for p in schedule["chargingSchedulePeriod"] if p["startPeriod"] <= second][-1]
        out.append(period.get("setpoint", period.get("limit")) / 1000.0)
    return out


def main():
    binary, workdir, problems = sys.argv[1], sys.argv[2], sys.argv[3:]
    import highspy
    for n, problem in enumerate(problems):
        mps_dir = os.path.join(workdir, f"mps{n}")
        os.makedirs(mps_dir, exist_ok=True)
        out = os.path.join(workdir, f"result{n}.json")
        subprocess.run([binary, "dispatch", "--problem", problem, "--out", out, "--export-mps", mps_dir, "--quiet"], check=True)
        result = json.load(open(out))
        sessions = {s["id"]: s for s in result["sessions"]}
        for profile in result["chargingProfiles"]:
            errors = sorted(VALIDATORS[profile["ocppVersion"]].iter_errors(profile["request"]), key=str)
            check(not errors, f"{problem}: profile of {profile['sessionId']} ({profile['ocppVersion']}) invalid: {errors[:1]}")
            s = sessions[profile["sessionId"]]
            net = [c - d for c, d in zip(s["chargeKw"], s["dischargeKw"])]
            got = replay(profile["request"], result["start"], result["intervalMinutes"] * 60, result["intervals"])
            check(max(abs(a - b) for a, b in zip(net, got)) <= 0.001, f"{problem}: profile of {s['id']} does not replay")
            discharges = any(d > 0 for d in s["dischargeKw"])
            check(profile["ocppVersion"] == ("2.1" if discharges else "2.0.1"), f"{problem}: wrong OCPP version for {s['id']}")
        # HiGHS solves each exported subproblem; the sum of optima is the engine's LP optimum
        # (objective incl. tie-breaker), which differs from the reported total by < 1e-6/kWh charged.
        total = 0.0
        for name in sorted(os.listdir(mps_dir)):
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
            h.readModel(os.path.join(mps_dir, name))
            h.run()
            check(h.getModelStatus() == highspy.HighsModelStatus.kOptimal, f"{name}: HiGHS status {h.getModelStatus()}")
            total += h.getInfo().objective_function_value
        charged = sum(sum(s["chargeKw"]) for s in result["sessions"]) * result["intervalMinutes"] / 60
        reported = result["objective"]["total"]
        if not result["solver"]["mip"]:
            check(abs(total - reported) <= 1e-6 * charged + 1e-6 * max(1, abs(reported)),
                  f"{problem}: HiGHS optimum {total} vs engine {reported}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
