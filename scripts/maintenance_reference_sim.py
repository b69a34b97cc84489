#!/usr/bin/env python3
"""Reference telemetry simulator of outdoor AC chargers that degrade and fail (independent of the
Swift simulator; an out-of-sample test set for predictive maintenance).

Usage:
    python3 scripts/maintenance_reference_sim.py --out DIR [--chargers 60] [--days 120] [--seed 7]
        [--start 2026-03-02] [--failure-share 0.3] [--validate | --validate-only]

Writes DIR/registry.json (the `chargeshare registry import` format), DIR/telemetry.jsonl (one
envelope per line, ../shared/spec/telemetry.md, OCPP 2.0.1 request payloads) and DIR/labels.json
(`{"simulator": "reference-python", "seed", "start", "days", "chargers": [{"chargerId",
"stationId", "evseId", "failedAt"}]}`, failedAt = the time of the `Faulted` StatusNotification or
null). Same seed and arguments: the same bytes. Prints a one-line summary to stderr.
`--validate` then re-reads the three files and checks every payload against the official OCPP 2.0.1
schemas (the JSON embedded in Sources/Telemetry/Schemas/*.swift, jsonschema Draft 6), the envelope
rules of the contract, register monotonicity per transaction, and prints physical sanity numbers
computed from the telemetry as a model would see it: per class (failing = has failedAt), the median
of (T_connector − T_ambient)/I² over charging samples with I ≥ 16 A in the first two weeks and in the
last week before the failure (healthy: before the end), and the median voltage sag (no-load Voltage
at Transaction.Begin minus Voltage at the first sample with I ≥ 28 A within 20 min). It also prints
the sha256 of the three files (compare two runs for determinism). Exit code 1 if any check fails.
`--validate-only` checks an existing DIR without regenerating.
Only the standard library and numpy (jsonschema for --validate).

Network
- One rural feeder `RF1`; sites `RF1-S01`, `RF1-S02`, … of 6 chargers each (an outdoor residential
  car park per site), time zone Europe/Amsterdam (EU DST rule built in). Charger `RF1-Sxx-Cyy`,
  station `CS-RF1-Sxx-Cyy`, one charger per station, evseId 1, connectorId 1.
- Every charger is single-phase AC, 32 A at 230 V nominal (7.4 kW), maxDischargeKw 0. A site's six
  chargers are spread over the three phases of its service connection (charger y on phase y mod 3).
  Current.Import is reported with phase `L1`, Voltage with `L1-N` (the charger's own phase).

Time base
- Internal step dt = 2.5 min (150 s). Cadences are chosen so that 60 chargers x 120 days stay near
  140 MB (about 150,000 lines; 2.5 min to generate, 1 more to validate, on one core):
- Meter values inside TransactionEvent Updated (triggerReason MeterValuePeriodic, no context =
  Sample.Periodic): every 15 min on the quarter hour while current flows, every 3 h while the
  transaction is suspended. Each carries Energy.Active.Import.Register (Wh), Power.Active.Import (W),
  Power.Offered (W), Current.Import (A, phase L1), Voltage (V, phase L1-N). Started carries the
  register and the no-load Voltage (context Transaction.Begin), Ended the register
  (Transaction.End). An idle Voltage MeterValues (Sample.Clock) every 6 h while nothing is plugged.
- Temperatures: connector (`TemperatureSensor`, evse {1, 1}) and ambient
  (`ExternalTemperatureSensor`) `Periodic` readings every 15 min while current flows and for 1 h
  after (so every charging meter sample has both temperatures at the same timestamp); every 2 h
  otherwise. The edge batches them into one `NotifyEvent` per station (envelope evseId 0,
  generatedAt = recordedAt = the batch's close, each eventData with its own timestamp): hourly when
  the hour holds 15-min readings, else every 4 h. Alerts are sent at once as their own
  NotifyEvent (envelope evseId 1).

Ambient temperature (°C), per site
- Seasonal mean 10.5 − 7.5·cos(2π(doy − 20)/365) (≈ 5 °C early March, ≈ 17.5 °C end of June).
- Daily cycle: amplitude (2.5 + 3.5·season) · sunshine, peak 15:00 / minimum 03:00 solar time.
- Weather: regional synoptic AR(1) anomaly σ 3 K, τ 3 days; regional cloudiness AR(1) (sunshine
  factor 1 − 0.75·cloud); site AR(1) noise σ 0.7 K, τ 6 h; site offset N(0, 0.8 K).
- Heat waves: 1–3 regional events (mostly in the second half), 3–6 days, +5…+10 K peak with a sin²
  envelope, hitting a random 50–100 % of the sites. Benign: no effect on resistance.
- Sun on the housing: each charger has an exposure s ~ U(0, 1) (0 for 30 % shaded ones); the
  solar gain raises the connector's equilibrium temperature by 7 K·s·sin(elevation)·sunshine
  (latitude 52 °N). The ambient sensor has its own bias N(0, 0.4 K), per-charger micro-climate
  N(0, 0.5 K), a quarter of the housing's solar gain and noise 0.2 K.

Contact resistance R (the series resistance of the current path's contacts and terminals)
- Healthy base R_b ~ lognormal(median 3.0 mΩ, σ_log 0.25); 15 % of chargers (healthy or failing,
  independent of class) are "high but stable": R_b × U(1.8, 3.0). Slow stable wander ±4 %.
- Temperature coefficient: R_eff = R·(1 + 0.004·(T_connector − 20)).
- Failing chargers (round(share × chargers), chosen at random): a target failure day t_f (20 % in
  days 4–21, the rest uniform in day 21 … days − 5), onset D ~ U(21, 56) days before t_f, failure
  multiple M ~ U(6, 12). Growth shape chosen per charger: exponential R_b·M^x or power law
  R_b·(1 + (M − 1)·x^p), p ~ U(1.5, 3.5), x = (t − onset)/D; plus hourly log-normal jitter
  σ = 0.06·x (intermittent contact). Healthy chargers never fail.
- Failure (StatusNotification `Faulted`, NotifyEvent Alerting Connector/Problem "true", a running
  transaction Ended with stoppedReason Other): at the first of (a) a charging step with
  R ≥ M·R_b (the contact burns when loaded), (b) T_connector ≥ 95 °C, (c) the hourly self-test
  seeing R ≥ 1.1·M·R_b. After the failure the station sends nothing more.

Thermal model of the connector (first order, exact discretisation)
- C·dT/dt = I²·R_eff + P_aux + P_sun − (T − T_amb)/R_th; R_th ~ U(3.5, 5.5) K/W, τ = R_th·C ~
  U(20, 45) min, P_aux = 0.3 W while charging (contactor coil, electronics), P_sun = ΔT_sun/R_th.
  A healthy charger at 32 A: ≈ 3 mΩ·1024 A²·4.5 K/W ≈ 14 K above ambient.
- Connector sensor = T + bias N(0, 0.5 K) + noise σ 0.3 K (noisy sensors σ 2.0 K), 0.1 °C.

Electrical
- Supply voltage per site (phase-neutral): 236 V − 1.5 V·site index on the feeder ± N(0, 1.5 V)
  − 4 V evening-load dip (17–21 local) + 3 V·PV midday rise + AR(1) noise σ 1.2 V τ 30 min + white
  noise 0.4 V; clipped to 222–250 V.
- V = V_supply − I·(R_feed + R_contact) − I_same_phase_others·0.04 Ω − I_feeder_phase·0.004 Ω;
  R_feed (service cable share + charger wiring) ~ U(0.08, 0.25) Ω, so ≈ 3–8 V sag at 32 A.
- P = V·I·0.99 (W); Energy.Active.Import.Register is the charger's lifetime register (Wh,
  integer, monotonic), starting at U(0.1, 3) MWh. Power.Offered = V·min(32 A, site cap).

Sessions (one household per charger)
- Plug-in probability per day U(0.45, 0.9); weekday arrivals N(μ≈18:00 local, 1.2 h), leaving the next
  morning ≈ 07:20 ± 0.7 h; weekends arrival N(15:00, 3 h), dwell 3–16 h; 12 % of days an extra
  daytime visit (09–13 h, 2–6 h). Energy wanted lognormal(median 10 kWh, σ 0.55), 1.5–50 kWh;
  battery 40–82 kWh; target SoC 80 % or 100 %. 25 % of households delay charging to 23:00 local
  (Started in SuspendedEV, then Charging).
- Car current limit per car of the household: 16, 24 or 32 A (one or two cars). Taper above 92 %
  SoC: I = max(6 A, I_max·(1 − SoC)/0.08). Site smart-charging cap: on 35 % of days 17–21 h local
  the site offers only 10–20 A.
- Thermal derating (charger firmware): T ≥ 70 °C → limit × 0.8 (min 6 A) every 7.5 min; T ≤ 62 °C
  → +2 A every 12.5 min. T ≥ 80 °C → SuspendedEVSE (TransactionEvent Updated, Alerting
  Connector/Temperature with the value) until ≤ 55 °C; the third such trip in a session ends it
  (stoppedReason Other). So degrading chargers deliver less than offered in hot hours.
- Interruptions: per charging hour λ = 0.004 + 0.05·max(0, R/R_b − 1.5) (arcing contacts trip the
  charger): TransactionEvent Ended stoppedReason PowerQuality + Alerting EVSE/Problem "true"; the
  car restarts a new transaction 7.5–25 min later if it still needs energy. Background Alerting
  EVSE/Problem (no interruption) for everybody at 1 per 45 days.
- TransactionEvent seqNo increases per station across its transactions; transactionId
  `{station}-T{n}` (≤ 36 chars) unique per station. StatusNotification Available at the start,
  Occupied at plug-in, Available at unplug, Faulted at failure.

Nuisances (independent of the failing class)
- Connector sensor dropouts: 1 per 30 days per charger, lengths lognormal(median 6 h), capped 3 days;
  ambient sensor dropouts: 1 per 60 days. Stuck connector sensor (8 % of chargers): one period of
  1–10 days reporting a constant. Noisy connector sensor (6 %).
- Communication gaps: 1 per 25 days, 1–36 h: transaction, status and alert messages are delivered
  late (at the gap end, recordedAt unchanged, so out of order in the file); periodic readings are
  delivered late for half the gaps and lost for the other half.
- 0.3 % of messages are sent twice (same messageId, same body), up to 2 h later.
All values stay inside the contract (voltage 0–1000 V, temperature −60–200 °C, timestamps ≥ 2000
and ≤ start + days + 1 day).
"""
import argparse
import datetime as dt
import hashlib
import json
import math
import os
import re
import sys

import numpy as np

DT_S = 150                      # internal step, s
STEPS_PER_DAY = 86400 // DT_S   # 576
STEPS_PER_HOUR = 3600 // DT_S   # 24
CHARGERS_PER_SITE = 6
I_RATED = 32.0
V_NOM = 230.0
PF = 0.99
FEEDER = "RF1"
TZ_NAME = "Europe/Amsterdam"
LAT = math.radians(52.0)
LON_DEG = 5.5

SEP = (",", ":")
# reporting cadences, in steps of DT_S
METER_CHARGING = 6      # 15 min while current flows
METER_SUSPENDED = 72    # 3 h while a transaction is suspended
IDLE_VOLTAGE = 144      # 6 h idle Voltage MeterValues
TEMP_FAST = 6           # 15 min temperatures while charging and for FAST_AFTER after
FAST_AFTER = 24         # 1 h
TEMP_SLOW = 48          # 2 h otherwise
BATCH_SLOW_H = 4        # NotifyEvent batches: hourly when fast, else every 4 h


def dumps(obj):
    return json.dumps(obj, separators=SEP, ensure_ascii=False)


# ----------------------------------------------------------------------------- time helpers
def last_sunday(year, month):
    d = dt.date(year, month, 31 if month in (3, 10) else 30)
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def eu_offset_hours(t_utc):
    """Europe/Amsterdam offset from UTC (CET/CEST, EU rule: switches at 01:00 UTC)."""
    y = t_utc.year
    a = dt.datetime.combine(last_sunday(y, 3), dt.time(1), tzinfo=dt.timezone.utc)
    b = dt.datetime.combine(last_sunday(y, 10), dt.time(1), tzinfo=dt.timezone.utc)
    return 2 if a <= t_utc < b else 1


class Clock:
    def __init__(self, start_date, days):
        self.t0 = dt.datetime.combine(start_date, dt.time(0), tzinfo=dt.timezone.utc)
        self.t0_s = int(self.t0.timestamp())
        self.n = days * STEPS_PER_DAY
        self.days = days
        self._cache = {}

    def iso(self, sec):
        """RFC 3339 UTC of a time in seconds since t0."""
        s = self._cache.get(sec)
        if s is None:
            s = (self.t0 + dt.timedelta(seconds=int(sec))).strftime("%Y-%m-%dT%H:%M:%SZ")
            if len(self._cache) < 400000:
                self._cache[sec] = s
        return s


def ar1(rng, n, sigma, tau_steps):
    """Stationary AR(1) of n points, standard deviation sigma, correlation time tau_steps."""
    a = math.exp(-1.0 / tau_steps)
    e = rng.normal(0.0, sigma * math.sqrt(1 - a * a), n)
    x = np.empty(n)
    v = rng.normal(0.0, sigma)
    for i in range(n):
        v = a * v + e[i]
        x[i] = v
    return x


# ----------------------------------------------------------------------------- environment
def environment(clock, n_sites, root):
    """Per-step arrays shared by the region and per site: ambient, solar, supply voltage, caps."""
    n = clock.n
    rng = np.random.default_rng(root.spawn(1)[0])
    k = np.arange(n)
    t_h = k * DT_S / 3600.0                                  # hours since t0 (UTC)
    utc = [clock.t0 + dt.timedelta(hours=h) for h in range(int(math.ceil(t_h[-1])) + 2)]
    off_h = np.array([eu_offset_hours(u) for u in utc], dtype=float)[np.floor(t_h).astype(int)]
    local_h = (t_h + off_h) % 24.0
    local_day = np.floor((t_h + off_h) / 24.0).astype(int)   # local day index (day 0 = start date)
    doy0 = clock.t0.timetuple().tm_yday
    doy = doy0 + t_h / 24.0
    solar_time = (t_h + LON_DEG / 15.0) % 24.0
    decl = math.radians(23.44) * np.sin(2 * np.pi * (284 + doy) / 365.0)
    hour_angle = np.radians(15.0 * (solar_time - 12.0))
    sin_elev = np.sin(LAT) * np.sin(decl) + np.cos(LAT) * np.cos(decl) * np.cos(hour_angle)
    sun = np.clip(sin_elev, 0.0, None)
    n_hours = int(math.ceil(n / STEPS_PER_HOUR)) + 1
    hours = np.arange(n_hours)
    step_hours = k / STEPS_PER_HOUR
    # regional weather: synoptic anomaly and cloudiness, hourly AR(1), interpolated
    synoptic = np.interp(step_hours, hours, ar1(rng, n_hours, 3.0, 72.0))
    cloud_raw = ar1(rng, n_hours, 1.0, 30.0)
    cloud = 1.0 / (1.0 + np.exp(-1.4 * cloud_raw - 0.3))
    sunshine = 1.0 - 0.75 * np.interp(step_hours, hours, cloud)
    season = 10.5 - 7.5 * np.cos(2 * np.pi * (doy - 20.0) / 365.0)
    season01 = (season - 3.0) / 15.0
    daily = (2.5 + 3.5 * season01) * sunshine * np.cos(2 * np.pi * (solar_time - 15.0) / 24.0)
    # heat waves
    n_waves = int(rng.integers(1, 4))
    waves = []
    for _ in range(n_waves):
        start_day = clock.days * (0.35 + 0.6 * rng.random() ** 0.7)
        length = rng.uniform(3.0, 6.0)
        peak = rng.uniform(5.0, 10.0)
        share = rng.uniform(0.5, 1.0)
        sites_hit = rng.random(n_sites) < share
        waves.append((start_day, length, peak, sites_hit))
    site_ambient, site_supply, site_cap = [], [], []
    for s in range(n_sites):
        srng = np.random.default_rng(root.spawn(1)[0])
        offset = srng.normal(0.0, 0.8)
        noise = np.interp(step_hours, hours, ar1(srng, n_hours, 0.7, 6.0))
        amb = season + daily + synoptic + offset + noise
        for (d0, length, peak, hit) in waves:
            if hit[s]:
                x = (t_h / 24.0 - d0) / length
                bump = np.where((x > 0) & (x < 1), np.sin(np.pi * np.clip(x, 0, 1)) ** 2, 0.0)
                amb = amb + peak * bump * (0.75 + 0.25 * sunshine)
        site_ambient.append(amb)
        # supply voltage (phase-neutral) for the 3 phases: shared site part + per-phase noise
        base = 236.0 - 1.5 * s + srng.normal(0.0, 1.5)
        evening = 4.0 * np.exp(-0.5 * ((local_h - 19.0) / 1.6) ** 2)
        pv = 3.0 * sun * sunshine
        common = base - evening + pv + ar1(srng, n, 1.2, 12.0)
        phases = []
        for _ in range(3):
            v = common + srng.normal(0.0, 0.6) + ar1(srng, n, 0.5, 24.0) + srng.normal(0.0, 0.4, n)
            phases.append(np.clip(v, 222.0, 250.0))
        site_supply.append(phases)
        # smart-charging cap offered by the site (A): evening congestion on some days
        cap = np.full(n, I_RATED)
        for d in range(clock.days + 1):
            if srng.random() < 0.35:
                level = float(srng.choice([10.0, 13.0, 16.0, 20.0]))
                h0 = 17.0 + srng.uniform(-0.5, 0.5)
                h1 = 21.0 + srng.uniform(-0.5, 0.5)
                sel = (local_day == d) & (local_h >= h0) & (local_h < h1)
                cap[sel] = level
        site_cap.append(cap)
    return {
        "local_h": local_h, "local_day": local_day, "sun": sun, "sunshine": sunshine,
        "ambient": site_ambient, "supply": site_supply, "cap": site_cap,
        "offset_h": off_h, "waves": waves,
    }


# ----------------------------------------------------------------------------- chargers
def charger_params(i, rng, failing, clock):
    p = {}
    p["R_b"] = 3.0e-3 * math.exp(rng.normal(0.0, 0.25))
    p["high_stable"] = bool(rng.random() < 0.15)
    if p["high_stable"]:
        p["R_b"] *= rng.uniform(1.8, 3.0)
    p["R_th"] = rng.uniform(3.5, 5.5)
    p["tau_min"] = rng.uniform(20.0, 45.0)
    p["sun_exposure"] = 0.0 if rng.random() < 0.3 else rng.uniform(0.0, 1.0)
    p["R_feed"] = rng.uniform(0.08, 0.25)
    p["sensor_bias"] = rng.normal(0.0, 0.5)
    p["noisy"] = bool(rng.random() < 0.06)
    p["sensor_sigma"] = 2.0 if p["noisy"] else rng.uniform(0.2, 0.4)
    p["amb_bias"] = rng.normal(0.0, 0.4) + rng.normal(0.0, 0.5)
    p["register0"] = rng.uniform(1.0e5, 3.0e6)
    p["failing"] = failing
    days = clock.days
    if failing:
        if rng.random() < 0.2:
            tf = rng.uniform(4.0, min(21.0, days - 5.0))
        else:
            tf = rng.uniform(min(21.0, days - 6.0), days - 5.0)
        p["t_fail_day"] = tf
        p["onset_days"] = rng.uniform(21.0, 56.0)
        p["M"] = rng.uniform(6.0, 12.0)
        p["shape"] = "exp" if rng.random() < 0.5 else "power"
        p["power"] = rng.uniform(1.5, 3.5)
    return p


def resistance(p, rng, n):
    """Contact resistance per step (Ω), before the temperature coefficient."""
    t_day = np.arange(n) * DT_S / 86400.0
    n_hours = n // STEPS_PER_HOUR + 2
    wander = 1.0 + np.interp(np.arange(n) / STEPS_PER_HOUR, np.arange(n_hours), ar1(rng, n_hours, 0.02, 400.0))
    R = p["R_b"] * wander
    if p["failing"]:
        onset = p["t_fail_day"] - p["onset_days"]
        x = np.clip((t_day - onset) / p["onset_days"], 0.0, None)
        if p["shape"] == "exp":
            g = p["M"] ** x
        else:
            g = 1.0 + (p["M"] - 1.0) * x ** p["power"]
        jit = np.repeat(rng.normal(0.0, 1.0, n_hours), STEPS_PER_HOUR)[:n]
        R = R * g * np.exp(0.06 * np.minimum(x, 1.2) * jit)
    return R


def plan_sessions(rng, clock, env):
    """Plug-in sessions of a household: list of dicts with step indices and car parameters."""
    n = clock.n
    p_day = rng.uniform(0.45, 0.9)
    mu_arr = rng.normal(18.0, 0.8)
    mu_dep = rng.normal(7.3, 0.5)
    n_cars = 1 if rng.random() < 0.6 else 2
    cars = [(float(rng.choice([16.0, 24.0, 32.0, 32.0, 32.0])), float(rng.choice([40, 52, 64, 77, 82])))
            for _ in range(n_cars)]
    delayed = rng.random() < 0.25
    off = env["offset_h"]
    sessions = []
    busy_until = 0
    for d in range(clock.days + 1):
        # local midnight of local day d, in steps (offset at that day)
        k_mid = int(round((d * 24.0 - off[min(d * STEPS_PER_DAY, n - 1)]) * STEPS_PER_HOUR))
        weekday = (clock.t0.date() + dt.timedelta(days=d)).weekday()
        visits = []
        if rng.random() < 0.12:
            a = rng.uniform(9.0, 13.0)
            visits.append((a, a + rng.uniform(2.0, 6.0), False))
        if rng.random() < p_day:
            if weekday < 5:
                a = rng.normal(mu_arr, 1.2)
                dep = 24.0 + rng.normal(mu_dep, 0.7)
                if (weekday == 4) and rng.random() < 0.5:
                    dep += rng.uniform(1.0, 4.0)
            else:
                a = rng.normal(15.0, 3.0)
                dep = a + rng.uniform(3.0, 16.0)
            a = min(max(a, 6.0), 23.7)
            visits.append((a, max(dep, a + 1.0), True))
        for (a_h, d_h, home) in visits:
            ka = k_mid + int(a_h * STEPS_PER_HOUR)
            kd = k_mid + int(d_h * STEPS_PER_HOUR)
            if ka < busy_until + 12 or ka < 1 or kd >= n - 1:
                continue
            car_a, batt = cars[int(rng.integers(0, n_cars))]
            energy = float(np.clip(rng.lognormal(math.log(10.0), 0.55), 1.5, 50.0))
            if not home:
                energy = min(energy, 8.0)
            target = 1.0 if rng.random() < 0.4 else 0.8
            soc0 = target - energy / batt
            if soc0 < 0.05:
                soc0 = 0.05
            k_charge = ka
            if delayed and home:
                k23 = k_mid + 23 * STEPS_PER_HOUR
                if ka < k23 < kd - 8:
                    k_charge = k23
            sessions.append({"a": ka, "d": kd, "car_a": car_a, "batt": batt, "soc0": soc0,
                             "target": target, "k_charge": k_charge})
            busy_until = kd
    return sessions


def simulate_charger(p, rng, R, amb, sun_dT, cap, sessions, clock):
    """Pass 1: current, connector temperature and session events, step by step."""
    n = clock.n
    dt_h = DT_S / 3600.0
    a = math.exp(-DT_S / (p["tau_min"] * 60.0))
    R_th = p["R_th"]
    R_hard = p.get("M", 1e9) * p["R_b"]
    R_b = p["R_b"]
    I = np.zeros(n)
    T = np.empty(n)
    txn_at = np.full(n, -1, dtype=np.int32)
    chs = np.zeros(n, dtype=np.int8)       # 0 none, 1 charging, 2 SuspendedEV, 3 SuspendedEVSE
    plugged = np.zeros(n, dtype=bool)
    events = []
    u_int = rng.random(n)                   # interruption draws
    u_bg = rng.random(n)
    bg_p = dt_h / (45.0 * 24.0)
    Tk = float(amb[0] + sun_dT[0])
    failed_k = None
    si = 0
    cur = None
    mode = None
    txn = -1
    n_txn = 0
    soc = 0.0
    I_lim = I_RATED
    last_adj = -100
    trips = 0
    restart_k = 0
    amb_l = amb.tolist()
    sun_l = sun_dT.tolist()
    cap_l = cap.tolist()
    R_l = R.tolist()
    u_int_l = u_int.tolist()
    n_sess = len(sessions)
    I_prev = 0.0

    def start_txn(k, trigger, state):
        nonlocal txn, n_txn
        txn = n_txn
        n_txn += 1
        events.append((k, "tx_start", {"txn": txn, "trigger": trigger, "state": state}))

    def end_txn(k, reason, trigger):
        nonlocal txn
        events.append((k, "tx_end", {"txn": txn, "reason": reason, "trigger": trigger}))
        txn = -1

    for k in range(n):
        T[k] = Tk
        Rk = R_l[k] * (1.0 + 0.004 * (Tk - 20.0))
        cur_I = 0.0
        if failed_k is None:
            # hourly self-test and over-temperature latch
            if (k % STEPS_PER_HOUR == 0 and R_l[k] >= 1.1 * R_hard) or Tk >= 95.0:
                failed_k = k
                if txn >= 0:
                    end_txn(k, "Other", "AbnormalCondition")
                events.append((k, "alert", {"component": "Connector", "evse": True, "variable": "Problem", "value": "true"}))
                events.append((k, "fault", {}))
                cur = None
            if bg_p > u_bg[k] and failed_k is None:
                events.append((k, "alert", {"component": "EVSE", "evse": True, "variable": "Problem", "value": "true"}))
        if failed_k is None:
            if cur is None and si < n_sess and sessions[si]["a"] <= k:
                s = sessions[si]
                si += 1
                if s["a"] == k:
                    cur = s
                    soc = s["soc0"]
                    trips = 0
                    I_lim = I_RATED
                    events.append((k, "plug", {}))
                    if s["k_charge"] > k:
                        mode = "wait"
                        start_txn(k, "CablePluggedIn", "SuspendedEV")
                    else:
                        mode = "charging"
                        start_txn(k, "CablePluggedIn", "Charging")
            if cur is not None:
                if k >= cur["d"]:
                    if txn >= 0:
                        end_txn(k, "EVDisconnected", "EVDeparted")
                    events.append((k, "unplug", {}))
                    cur = None
                else:
                    plugged[k] = True
                    if mode == "wait" and k >= cur["k_charge"]:
                        mode = "charging"
                        events.append((k, "state", {"txn": txn, "state": "Charging", "trigger": "ChargingStateChanged"}))
                    elif mode == "gap" and k >= restart_k:
                        mode = "charging"
                        start_txn(k, "EVDetected", "Charging")
                    elif mode == "hot" and Tk <= 55.0:
                        mode = "charging"
                        I_lim = min(I_lim, 12.0)
                        last_adj = k
                        events.append((k, "state", {"txn": txn, "state": "Charging", "trigger": "ChargingStateChanged"}))
                    if mode == "charging":
                        if R_l[k] >= R_hard:
                            failed_k = k
                            end_txn(k, "Other", "AbnormalCondition")
                            events.append((k, "alert", {"component": "Connector", "evse": True, "variable": "Problem", "value": "true"}))
                            events.append((k, "fault", {}))
                            cur = None
                            plugged[k] = False
                        elif Tk >= 80.0:
                            trips += 1
                            events.append((k, "alert", {"component": "Connector", "evse": True, "variable": "Temperature",
                                                        "value": "%.1f" % Tk}))
                            if trips >= 3:
                                end_txn(k, "Other", "AbnormalCondition")
                                mode = "ended"
                            else:
                                mode = "hot"
                                events.append((k, "state", {"txn": txn, "state": "SuspendedEVSE", "trigger": "ChargingStateChanged"}))
                        else:
                            # derating controller
                            if Tk >= 70.0 and k - last_adj >= 3:
                                I_lim = max(6.0, 0.8 * min(I_lim, I_prev if I_prev > 0 else I_lim))
                                last_adj = k
                            elif Tk <= 62.0 and I_lim < I_RATED and k - last_adj >= 5:
                                I_lim = min(I_RATED, I_lim + 2.0)
                                last_adj = k
                            i_max = cur["car_a"]
                            if soc > 0.92:
                                i_max = max(6.0, i_max * (1.0 - soc) / 0.08)
                            cur_I = min(i_max, cap_l[k], I_lim)
                            lam = 0.004 + 0.05 * max(0.0, R_l[k] / R_b - 1.5)
                            if u_int_l[k] < lam * dt_h:
                                end_txn(k, "PowerQuality", "AbnormalCondition")
                                events.append((k, "alert", {"component": "EVSE", "evse": True, "variable": "Problem", "value": "true"}))
                                mode = "gap"
                                restart_k = k + int(rng.integers(3, 11))
                                cur_I = 0.0
                            else:
                                soc += V_NOM * cur_I * 0.92 * dt_h / 1000.0 / cur["batt"]
                                if soc >= cur["target"]:
                                    mode = "full"
                                    events.append((k + 1, "state", {"txn": txn, "state": "SuspendedEV", "trigger": "ChargingStateChanged"}))
                    if cur is not None:
                        if mode == "gap" and soc >= cur["target"] - 0.01:
                            mode = "ended"
                        txn_at[k] = txn
                        chs[k] = 1 if (mode == "charging" and cur_I > 0) else (3 if mode == "hot" else (2 if txn >= 0 else 0))
        I[k] = cur_I
        I_prev = cur_I
        P = cur_I * cur_I * Rk + (0.3 if cur_I > 0 else 0.0)
        T_inf = amb_l[k] + sun_l[k] + R_th * P
        Tk = T_inf + (Tk - T_inf) * a
    events.sort(key=lambda e: e[0])
    return {"I": I, "T": T, "txn_at": txn_at, "chs": chs, "plugged": plugged, "events": events,
            "failed_k": failed_k}


def intervals(rng, n, rate_per_day, median_h, cap_h, min_h=0.5):
    """Random [k0, k1) intervals (Poisson arrivals, lognormal lengths)."""
    out = []
    k = 0
    while True:
        k += int(rng.exponential(rate_per_day and 1.0 / rate_per_day) * STEPS_PER_DAY) + 1
        if k >= n:
            return out
        length_h = float(np.clip(rng.lognormal(math.log(median_h), 1.0), min_h, cap_h))
        k1 = min(n, k + int(length_h * STEPS_PER_HOUR))
        out.append((k, k1))
        k = k1


def in_any(k, ivs):
    for a, b in ivs:
        if a <= k < b:
            return True
        if a > k:
            return False
    return False


# ----------------------------------------------------------------------------- emission
class Emitter:
    """Builds the envelopes of one station; each with a delivery time (s) and order key."""

    def __init__(self, clock, station, gaps, rng):
        self.clock = clock
        self.station = station
        self.gaps = gaps            # list of (k0, k1, buffered)
        self.rng = rng
        self.msg_n = 0
        self.seq = 0
        self.ev_seq = 0
        self.event_id = 0
        self.out = []               # (deliver_s, n, line)

    def gap_of(self, sec):
        k = sec // DT_S
        for (a, b, buffered) in self.gaps:
            if a <= k < b:
                return (b * DT_S + int(self.rng.integers(0, 300)), buffered)
            if a > k:
                break
        return None

    def emit(self, sec, evse, action, payload, periodic=False):
        self.msg_n += 1
        mid = "%s-%07d" % (self.station, self.msg_n)
        env = {"messageId": mid, "stationId": self.station, "evseId": evse,
               "recordedAt": self.clock.iso(sec), "action": action, "payload": payload}
        line = dumps(env)
        deliver = sec
        g = self.gap_of(sec)
        if g is not None:
            deliver, buffered = g
            if periodic and not buffered:
                return
        self.out.append((deliver, self.msg_n, line))
        if self.rng.random() < 0.003:
            self.out.append((deliver + int(self.rng.integers(0, 7200)), self.msg_n, line))


def sampled(measurand, value, unit, phase=None, context=None):
    sv = {"value": value, "measurand": measurand}
    if context:
        sv["context"] = context
    if phase:
        sv["phase"] = phase
    sv["unitOfMeasure"] = {"unit": unit}
    return sv


def emit_charger(ci, p, sim, V, E, env_site_amb, sun_dT, offered_cap, clock, rng, station):
    n = clock.n
    iso = clock.iso
    gaps = [(a, b, bool(rng.random() < 0.5)) for (a, b) in intervals(rng, n, 1 / 25.0, 8.0, 36.0, 1.0)]
    em = Emitter(clock, station, gaps, rng)
    I, T, txn_at, chs, plugged = sim["I"], sim["T"], sim["txn_at"], sim["chs"], sim["plugged"]
    failed_k = sim["failed_k"]

    def txid(t):
        return "%s-T%05d" % (station, t)

    def mv(k, with_flow=True, context=None):
        sec = k * DT_S
        svs = [sampled("Energy.Active.Import.Register", int(E[k]), "Wh", context=context)]
        if with_flow:
            v = round(float(V[k]), 1)
            svs.append(sampled("Power.Active.Import", int(round(V[k] * I[k] * PF)), "W", context=context))
            svs.append(sampled("Power.Offered", int(round(V[k] * offered_cap[k])), "W", context=context))
            svs.append(sampled("Current.Import", round(float(I[k]), 1), "A", phase="L1", context=context))
            svs.append(sampled("Voltage", v, "V", phase="L1-N", context=context))
        return {"timestamp": iso(sec), "sampledValue": svs}

    def tx_event(sec, etype, trigger, t, state, k, extra=None, meter=None):
        em.seq += 1
        pl = {"eventType": etype, "timestamp": iso(sec), "triggerReason": trigger, "seqNo": em.seq,
              "transactionInfo": {"transactionId": txid(t), "chargingState": state}}
        if extra:
            pl["transactionInfo"].update(extra)
        if etype == "Started":
            pl["idToken"] = {"idToken": "HH%04d" % ci, "type": "ISO14443"}
        pl["evse"] = {"id": 1, "connectorId": 1}
        if meter:
            pl["meterValue"] = meter
        em.emit(sec, 1, "TransactionEvent", pl)

    def status(sec, st):
        em.emit(sec, 1, "StatusNotification", {"timestamp": iso(sec), "connectorStatus": st, "evseId": 1, "connectorId": 1})

    # ---- event-driven messages and periodic meter values, in time order
    status(0, "Available")
    ev = sim["events"]
    event_steps = set(e[0] for e in ev)
    jitter = {}
    ei = 0
    stateof = {}
    for k in range(n):
        sec = k * DT_S + int(rng.integers(1, 100)) if (ei < len(ev) and ev[ei][0] == k) else k * DT_S
        while ei < len(ev) and ev[ei][0] == k:
            _, kind, info = ev[ei]
            ei += 1
            sec += 1
            if kind == "plug":
                status(sec, "Occupied")
            elif kind == "unplug":
                status(sec, "Available")
            elif kind == "fault":
                status(sec + 2, "Faulted")
                sim["failed_sec"] = sec + 2
            elif kind == "tx_start":
                t = info["txn"]
                stateof[t] = info["state"]
                meter = [{"timestamp": iso(sec), "sampledValue": [
                    sampled("Energy.Active.Import.Register", int(E[k]), "Wh", context="Transaction.Begin"),
                    sampled("Voltage", round(float(V[k - 1] if k > 0 and I[k - 1] == 0 else V[k]), 1), "V",
                            phase="L1-N", context="Transaction.Begin")]}]
                tx_event(sec, "Started", info["trigger"], t, info["state"], k, meter=meter)
            elif kind == "state":
                t = info["txn"]
                if t < 0:
                    continue
                stateof[t] = info["state"]
                tx_event(sec, "Updated", info["trigger"], t, info["state"], k)
            elif kind == "tx_end":
                t = info["txn"]
                meter = [{"timestamp": iso(sec), "sampledValue": [
                    sampled("Energy.Active.Import.Register", int(E[k]), "Wh", context="Transaction.End")]}]
                tx_event(sec, "Ended", info["trigger"], t, "Idle" if info["reason"] == "EVDisconnected" else "EVConnected", k,
                         extra={"stoppedReason": info["reason"]}, meter=meter)
            elif kind == "alert":
                em.event_id += 1
                comp = {"name": info["component"]}
                if info.get("evse"):
                    comp["evse"] = {"id": 1, "connectorId": 1} if info["component"] == "Connector" else {"id": 1}
                data = {"eventId": em.event_id, "timestamp": iso(sec), "trigger": "Alerting",
                        "actualValue": info["value"], "eventNotificationType": "HardWiredMonitor",
                        "component": comp, "variable": {"name": info["variable"]}}
                em.ev_seq += 1
                em.emit(sec, 1, "NotifyEvent", {"generatedAt": iso(sec), "seqNo": em.ev_seq, "eventData": [data]})
        t = int(txn_at[k])
        if t >= 0 and k not in event_steps and (k - 1) not in event_steps:
            c = chs[k]
            if (c == 1 and k % METER_CHARGING == 0) or (c != 1 and k % METER_SUSPENDED == 0):
                state = {1: "Charging", 2: "SuspendedEV", 3: "SuspendedEVSE"}.get(int(c), "EVConnected")
                tx_event(k * DT_S, "Updated", "MeterValuePeriodic", t, state, k, meter=[mv(k)])
        elif t < 0 and not plugged[k] and k % IDLE_VOLTAGE == 0 and k > 0 and (failed_k is None or k < failed_k):
            em.emit(k * DT_S, 1, "MeterValues", {"evseId": 1, "meterValue": [
                {"timestamp": iso(k * DT_S), "sampledValue": [
                    sampled("Voltage", round(float(V[k]), 1), "V", phase="L1-N", context="Sample.Clock")]}]}, periodic=True)

    # ---- temperatures: sensor model and batches (hourly while charging, 3-hourly otherwise)
    sigma = p["sensor_sigma"]
    conn_drop = intervals(rng, n, 1 / 30.0, 6.0, 72.0)
    amb_drop = intervals(rng, n, 1 / 60.0, 4.0, 48.0)
    stuck = []
    if p["stuck"]:
        k0 = int(rng.integers(0, n - STEPS_PER_DAY))
        stuck = [(k0, min(n, k0 + int(rng.uniform(1.0, 10.0) * STEPS_PER_DAY)))]
    noise_c = rng.normal(0.0, sigma, n)
    noise_a = rng.normal(0.0, 0.2, n)
    # "fast" cadence while current flows and for the hour after
    fast = I > 0
    last = -10**9
    for k in range(n):
        if I[k] > 0:
            last = k
        elif k - last <= FAST_AFTER:
            fast[k] = True
    end_k = n if failed_k is None else failed_k + 1
    stuck_val = None
    batch = []
    batch_fast = False
    hour = 0
    for k in range(0, end_k, TEMP_FAST):
        h = k // STEPS_PER_HOUR
        if h != hour:
            if batch_fast or h % BATCH_SLOW_H == 0:
                flush_batch(em, batch, h * 3600, clock)
                batch = []
                batch_fast = False
            hour = h
        if not (fast[k] or k % TEMP_SLOW == 0):
            continue
        batch_fast = batch_fast or bool(fast[k])
        sec = k * DT_S
        if not in_any(k, conn_drop):
            val = T[k] + p["sensor_bias"] + noise_c[k]
            if in_any(k, stuck):
                if stuck_val is None:
                    stuck_val = val
                val = stuck_val
            val = min(200.0, max(-60.0, val))
            batch.append((sec, "TemperatureSensor", "%.1f" % val))
        if not in_any(k, amb_drop):
            val = env_site_amb[k] + p["amb_bias"] + 0.25 * sun_dT[k] + noise_a[k]
            batch.append((sec, "ExternalTemperatureSensor", "%.1f" % min(200.0, max(-60.0, val))))
    flush_batch(em, batch, (hour + 1) * 3600, clock)
    return em.out


def flush_batch(em, batch, gen_sec, clock):
    if not batch:
        return
    gen_sec = min(gen_sec, clock.n * DT_S)
    data = []
    for (sec, comp, value) in batch:
        em.event_id += 1
        c = {"name": comp}
        if comp == "TemperatureSensor":
            c["evse"] = {"id": 1, "connectorId": 1}
        data.append({"eventId": em.event_id, "timestamp": clock.iso(sec), "trigger": "Periodic", "actualValue": value,
                     "eventNotificationType": "HardWiredMonitor", "component": c, "variable": {"name": "Temperature"}})
    em.ev_seq += 1
    em.emit(gen_sec, 0, "NotifyEvent", {"generatedAt": clock.iso(gen_sec), "seqNo": em.ev_seq, "eventData": data}, periodic=True)


# ----------------------------------------------------------------------------- main generation
def generate(args):
    start = dt.date.fromisoformat(args.start)
    clock = Clock(start, args.days)
    n = clock.n
    root = np.random.SeedSequence([args.seed, 20260302])
    n_ch = args.chargers
    n_sites = (n_ch + CHARGERS_PER_SITE - 1) // CHARGERS_PER_SITE
    env = environment(clock, n_sites, root)
    crng = np.random.default_rng(root.spawn(1)[0])
    n_fail = int(round(args.failure_share * n_ch))
    failing = set(crng.permutation(n_ch)[:n_fail].tolist())
    chargers = []
    for c in range(n_ch):
        s = c // CHARGERS_PER_SITE
        j = c % CHARGERS_PER_SITE
        cid = "%s-S%02d-C%02d" % (FEEDER, s + 1, j + 1)
        rng = np.random.default_rng(root.spawn(1)[0])
        p = charger_params(c, rng, c in failing, clock)
        p["stuck"] = bool(rng.random() < 0.08)
        chargers.append({"index": c, "site": s, "phase": j % 3, "id": cid, "station": "CS-" + cid,
                         "siteId": "%s-S%02d" % (FEEDER, s + 1), "p": p, "rng": rng})
    # pass 1: per charger physics
    for ch in chargers:
        p, rng = ch["p"], ch["rng"]
        R = resistance(p, rng, n)
        sun_dT = 7.0 * p["sun_exposure"] * env["sun"] * env["sunshine"]
        sessions = plan_sessions(rng, clock, env)
        sim = simulate_charger(p, rng, R, env["ambient"][ch["site"]], sun_dT, env["cap"][ch["site"]], sessions, clock)
        ch.update({"R": R, "sun_dT": sun_dT, "sim": sim, "n_sessions": len(sessions)})
    # pass 2: voltages with coupling through the site's phase and the feeder's phase
    feeder_phase = [np.zeros(n) for _ in range(3)]
    site_phase = {}
    for ch in chargers:
        feeder_phase[ch["phase"]] += ch["sim"]["I"]
        key = (ch["site"], ch["phase"])
        site_phase[key] = site_phase.get(key, np.zeros(n)) + ch["sim"]["I"]
    truth = []
    for ch in chargers:
        p, sim = ch["p"], ch["sim"]
        I = sim["I"]
        others = site_phase[(ch["site"], ch["phase"])] - I
        V = (env["supply"][ch["site"]][ch["phase"]] - I * (p["R_feed"] + ch["R"]) - others * 0.04
             - feeder_phase[ch["phase"]] * 0.004)
        V = np.clip(V, 180.0, 260.0)
        P = V * I * PF
        E = p["register0"] + np.concatenate([[0.0], np.cumsum(P * DT_S / 3600.0)[:-1]])
        ch["V"], ch["E"] = V, E
        offered = np.minimum(I_RATED, env["cap"][ch["site"]])
        ch["offered"] = offered
    # emission
    lines = []
    for ch in chargers:
        out = emit_charger(ch["index"], ch["p"], ch["sim"], ch["V"], ch["E"], env["ambient"][ch["site"]],
                           ch["sun_dT"], ch["offered"], clock, ch["rng"], ch["station"])
        for (deliver, m, line) in out:
            lines.append((deliver, ch["index"], m, line))
    lines.sort(key=lambda x: (x[0], x[1], x[2]))
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "telemetry.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for (_, _, _, line) in lines:
            f.write(line)
            f.write("\n")
    # registry and labels
    registry = {
        "feeders": [{"id": FEEDER, "importLimitKw": round(0.6 * 7.4 * n_ch, 1), "exportLimitKw": 0}],
        "sites": [{"id": "%s-S%02d" % (FEEDER, s + 1), "feederId": FEEDER, "importLimitKw": 40,
                   "exportLimitKw": 0, "demandChargePerKw": 0, "timeZone": TZ_NAME} for s in range(n_sites)],
        "chargers": [{"id": ch["id"], "siteId": ch["siteId"], "evseId": 1, "maxChargeKw": 7.4, "maxDischargeKw": 0,
                      "chargeEfficiency": 0.92, "dischargeEfficiency": 0.92, "stationId": ch["station"]}
                     for ch in chargers],
    }
    with open(os.path.join(args.out, "registry.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(registry, indent=2) + "\n")
    labels = {"simulator": "reference-python", "seed": args.seed, "start": clock.iso(0), "days": args.days,
              "chargers": [{"chargerId": ch["id"], "stationId": ch["station"], "evseId": 1,
                            "failedAt": clock.iso(ch["sim"]["failed_sec"]) if ch["sim"]["failed_k"] is not None else None}
                           for ch in chargers]}
    with open(os.path.join(args.out, "labels.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(labels, indent=2) + "\n")
    n_failed = sum(1 for ch in chargers if ch["sim"]["failed_k"] is not None)
    # internal truth, for the docstring's claims
    ratio_h, ratio_f, sag = [], [], []
    for ch in chargers:
        I = ch["sim"]["I"]
        hi = I >= 28.0
        sag.extend((I[hi] * (ch["p"]["R_feed"] + ch["R"][hi])).tolist())
    print("truth: median sag I*(R_feed+R_contact) at I>=28 A: %.2f V; median R_b %.2f mOhm; failing not failed: %d" % (
        float(np.median(sag)) if sag else float("nan"), 1e3 * float(np.median([ch["p"]["R_b"] for ch in chargers])),
        sum(1 for ch in chargers if ch["p"]["failing"] and ch["sim"]["failed_k"] is None)), file=sys.stderr)
    print("reference-python sim: %d messages, %d chargers, %d failures (%d planned), %d sessions planned, seed %d" % (
        len(lines), n_ch, n_failed, n_fail, sum(ch["n_sessions"] for ch in chargers), args.seed), file=sys.stderr)


# ----------------------------------------------------------------------------- validation
SCHEMA_FILES = {
    "MeterValues": "OCPPSchema+MeterValues.swift",
    "NotifyEvent": "OCPPSchema+NotifyEvent.swift",
    "StatusNotification": "OCPPSchema+StatusNotification.swift",
    "TransactionEvent": "OCPPSchema+TransactionEvent.swift",
    "NotifyEVChargingNeeds": "OCPPSchema+NotifyEVChargingNeeds.swift",
}


def load_schemas():
    import jsonschema
    here = os.path.dirname(os.path.abspath(__file__))
    d = os.path.join(here, "..", "Sources", "Telemetry", "Schemas")
    out = {}
    for action, fn in SCHEMA_FILES.items():
        src = open(os.path.join(d, fn), encoding="utf-8").read()
        m = re.search(r'#"""\n(.*?)\n\s*"""#', src, re.S)
        schema = json.loads(m.group(1))
        jsonschema.Draft6Validator.check_schema(schema)
        out[action] = jsonschema.Draft6Validator(schema)
    return out


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|z|[+-]00:00)$")
DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_ts(s):
    if not RFC3339.match(s):
        raise ValueError("not RFC 3339 UTC: %r" % s)
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00"))


def validate(args):
    validators = load_schemas()
    start = dt.datetime.combine(dt.date.fromisoformat(args.start), dt.time(0), tzinfo=dt.timezone.utc)
    limit = start + dt.timedelta(days=args.days + 1)
    floor = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
    errors = []
    ids = {}
    seqs = {}
    registers = {}          # (station, txn) -> list of (time, value)
    stats = {"lines": 0, "dups": 0}
    counts = {}
    # sanity: readings keyed by (station, timestamp)
    conn_t, amb_t = {}, {}
    cur_at = {}             # (station, ts) -> current A (periodic samples)
    volt_begin = {}         # (station, txn) -> (time, V)
    volt_load = {}          # (station, txn) -> list of (time, I, V)
    labels = json.load(open(os.path.join(args.out, "labels.json")))
    registry = json.load(open(os.path.join(args.out, "registry.json")))
    reg_st = {c["stationId"] for c in registry["chargers"]}
    if {c["stationId"] for c in labels["chargers"]} != reg_st:
        errors.append("labels and registry name different stations")

    def err(line_no, msg):
        if len(errors) < 50:
            errors.append("line %d: %s" % (line_no, msg))
        else:
            errors.append(None)

    def ts_ok(line_no, s, what):
        try:
            t = parse_ts(s)
        except ValueError as e:
            err(line_no, "%s: %s" % (what, e))
            return None
        if t < floor or t > limit:
            err(line_no, "%s %s out of range" % (what, s))
        return t

    with open(os.path.join(args.out, "telemetry.jsonl"), encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            stats["lines"] += 1
            env = json.loads(raw)
            if set(env) != {"messageId", "stationId", "evseId", "recordedAt", "action", "payload"}:
                err(no, "envelope fields %s" % sorted(env))
                continue
            mid, st, evse, action, pl = env["messageId"], env["stationId"], env["evseId"], env["action"], env["payload"]
            if not (isinstance(mid, str) and 1 <= len(mid) <= 128):
                err(no, "messageId")
            if not (isinstance(st, str) and 1 <= len(st) <= 48):
                err(no, "stationId")
            if not (isinstance(evse, int) and not isinstance(evse, bool) and evse >= 0):
                err(no, "evseId")
            if st not in reg_st:
                err(no, "station not in registry")
            ts_ok(no, env["recordedAt"], "recordedAt")
            if mid in ids:
                if ids[mid] != raw:
                    err(no, "messageId %s repeated with another body" % mid)
                stats["dups"] += 1
                continue
            ids[mid] = raw
            counts[action] = counts.get(action, 0) + 1
            v = validators.get(action)
            if v is None:
                err(no, "action %r" % action)
                continue
            for e in v.iter_errors(pl):
                err(no, "schema %s: %s at %s" % (action, e.message, list(e.absolute_path)))
                break
            if action == "NotifyEvent":
                ts_ok(no, pl["generatedAt"], "generatedAt")
                for d in pl["eventData"]:
                    t = ts_ok(no, d["timestamp"], "eventData.timestamp")
                    name = d["component"]["name"]
                    if name in ("TemperatureSensor", "ExternalTemperatureSensor") and d["variable"]["name"] == "Temperature":
                        a = d["actualValue"]
                        if not DECIMAL.match(a) or not (-60.0 <= float(a) <= 200.0):
                            err(no, "temperature %r" % a)
                        (conn_t if name == "TemperatureSensor" else amb_t)[(st, d["timestamp"])] = float(a)
                continue
            if action == "StatusNotification":
                ts_ok(no, pl["timestamp"], "timestamp")
                if pl["evseId"] != evse:
                    err(no, "payload evseId differs")
                continue
            if action == "TransactionEvent":
                ts_ok(no, pl["timestamp"], "timestamp")
                if pl.get("evse", {}).get("id", evse) != evse:
                    err(no, "evse.id differs")
                key = (st, pl["seqNo"])
                body = dumps(pl)
                if key in seqs and seqs[key] != body:
                    err(no, "seqNo %d repeated with another body" % pl["seqNo"])
                seqs[key] = body
                txn = pl["transactionInfo"]["transactionId"]
            else:
                txn = None
                if pl["evseId"] != evse:
                    err(no, "payload evseId differs")
            for m in pl.get("meterValue", []):
                t = ts_ok(no, m["timestamp"], "meterValue.timestamp")
                cur = volt = None
                for sv in m["sampledValue"]:
                    meas = sv.get("measurand", "Energy.Active.Import.Register")
                    if meas == "Voltage":
                        volt = sv["value"]
                        if not (0 <= volt <= 1000):
                            err(no, "voltage %r" % volt)
                    elif meas == "Current.Import":
                        cur = sv["value"]
                    elif meas == "Energy.Active.Import.Register":
                        if sv["value"] < 0:
                            err(no, "negative register")
                        if txn is not None:
                            registers.setdefault((st, txn), []).append((t, sv["value"]))
                if txn is not None and volt is not None:
                    ctx = m["sampledValue"][0].get("context")
                    if ctx == "Transaction.Begin":
                        volt_begin[(st, txn)] = (t, volt)
                    elif cur is not None:
                        volt_load.setdefault((st, txn), []).append((t, cur, volt))
                        cur_at[(st, m["timestamp"])] = cur
    for key, vals in registers.items():
        vals.sort()
        for (t0, a), (t1, b) in zip(vals, vals[1:]):
            if b < a:
                err(0, "register runs backwards in %s: %s at %s, %s at %s" % (key, a, t0, b, t1))
                break
    n_err = len(errors)
    shown = [e for e in errors if e is not None]
    for e in shown[:50]:
        print("INVALID " + e, file=sys.stderr)
    print("validate: %d lines, %d duplicates (same id, same body), %s; %d problems" % (
        stats["lines"], stats["dups"], ", ".join("%s %d" % kv for kv in sorted(counts.items())), n_err), file=sys.stderr)
    # determinism digest
    for fn in ("registry.json", "telemetry.jsonl", "labels.json"):
        h = hashlib.sha256(open(os.path.join(args.out, fn), "rb").read()).hexdigest()
        print("sha256 %s %s" % (h, fn), file=sys.stderr)
    sanity(labels, start, args.days, conn_t, amb_t, cur_at, volt_begin, volt_load)
    return 0 if n_err == 0 else 1


def sanity(labels, start, days, conn_t, amb_t, cur_at, volt_begin, volt_load):
    """(T_connector − T_ambient)/I² at I ≥ 16 A (same station and timestamp) by class and window."""
    failed = {c["stationId"]: parse_ts(c["failedAt"]) for c in labels["chargers"] if c["failedAt"]}
    end = start + dt.timedelta(days=days)
    early = {"failing": [], "healthy": []}
    late = {"failing": [], "healthy": []}
    for (st, ts), cur in cur_at.items():
        if cur < 16.0 or (st, ts) not in conn_t or (st, ts) not in amb_t:
            continue
        t = parse_ts(ts)
        r = (conn_t[(st, ts)] - amb_t[(st, ts)]) / (cur * cur)
        cls = "failing" if st in failed else "healthy"
        if t < start + dt.timedelta(days=14):
            early[cls].append(r)
        ref = failed.get(st, end)
        if ref - dt.timedelta(days=7) <= t < ref:
            late[cls].append(r)
    for cls in ("healthy", "failing"):
        def med(x):
            return ("%.4f K/A^2 (n=%d)" % (float(np.median(x)), len(x))) if x else "n/a"
        print("sanity %-7s (T_conn - T_amb)/I^2 at I>=16 A: first two weeks %s; last week before failure/end %s" % (
            cls, med(early[cls]), med(late[cls])), file=sys.stderr)
    sags = []
    for key, (t0, v0) in volt_begin.items():
        for (t, cur, v) in volt_load.get(key, []):
            if cur >= 28.0 and (t - t0) <= dt.timedelta(minutes=20):
                sags.append(v0 - v)
                break
    if sags:
        print("sanity voltage sag (no-load V at Transaction.Begin - V at I>=28 A within 20 min): median %.2f V, "
              "p10 %.2f, p90 %.2f (n=%d)" % (float(np.median(sags)), float(np.percentile(sags, 10)),
                                             float(np.percentile(sags, 90)), len(sags)), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--chargers", type=int, default=60)
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", default="2026-03-02")
    ap.add_argument("--failure-share", type=float, default=0.3)
    ap.add_argument("--validate", action="store_true", help="after writing, validate and print sanity numbers")
    ap.add_argument("--validate-only", action="store_true", help="validate DIR without regenerating")
    args = ap.parse_args()
    if args.chargers < 1 or args.days < 10 or not (0.0 <= args.failure_share <= 1.0):
        ap.error("need --chargers >= 1, --days >= 10, 0 <= --failure-share <= 1")
    if not args.validate_only:
        generate(args)
    if args.validate or args.validate_only:
        return validate(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
