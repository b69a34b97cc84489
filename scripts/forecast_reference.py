#!/usr/bin/env python3
"""Reference check for next-day hourly energy forecasts of one ACN site (pandas/numpy only).

Independent of the Swift code: it rebuilds the hourly energy series from a raw ACN session CSV,
runs simple forecasters in a rolling-origin backtest and prints MAE / RMSE / MASE.

Usage
-----
    python3 scripts/forecast_reference.py CSV [--definition U|A|both] [--warmup-days 28]
                                              [--horizons 1-24|25-48|1-48] [--per-horizon]
                                              [--dump-series OUT.csv]

    e.g. python3 scripts/forecast_reference.py \
             /work/shared/datasets/acn/caltech_2019-05-01_2019-08-31.csv --definition both --per-horizon

Target quantity
---------------
kWh delivered in each local hour (all stations of the file summed). Times are taken at the fixed
offset -07:00 (America/Los_Angeles in summer; the 2019-05..08 files contain only -07:00), so every
day has 24 hours. Two definitions of how a session's delivered energy spreads over time:

  U  uniform: delivered_energy spread evenly over [arrival, departure).
  A  as soon as possible: constant power P = max(6.6 kW, delivered / duration) from arrival until
     delivered_energy is reached (never after departure, by construction of P).

Rows are skipped (and counted) if a field does not parse, delivered_energy is missing or <= 0, or
departure <= arrival. Energy falling after the last whole day of the file is dropped (counted).

Backtest
--------
One origin per day at local midnight 00:00 of day D. Everything strictly before the origin (hours of
day D-1 and earlier) is known. Horizon h (1..48) is the hour starting at origin + (h-1) h, so
h 1..24 = day D ("next day"), h 25..48 = day D+1. The first origin is warm-up-days after the first
day of data (default 28, i.e. 2019-05-29 for these files); the last origin is the one whose whole
horizon window lies inside the data.

Forecasters (all use only hours < origin):
  daily_naive   y(t - 24*ceil(h/24)): same hour on the latest fully known day (= y(t-24) for h<=24,
                y(t-48) for h 25..48).
  weekly_naive  y(t - 168): same hour, same weekday, last week.
  profile_dow4_mean    mean of the same hour over the last 4 same weekdays before the origin,
                       skipping holidays (2019-05-27, 2019-07-04); a holiday target is forecast
                       from the last 4 weekend days.
  profile_dow4_median  the same with the median.
  profile_med6         (recommended) median of the same hour over the last 6 comparable days:
                       same weekday (holidays skipped) for a working-day target, the pooled last
                       6 weekend/holiday days for a weekend or holiday target. Median because the
                       metric is MAE and night hours are mostly ~0 with occasional spikes.

Metrics, per site over all test points (origin, h) in the chosen horizon range:
  MAE, RMSE (kWh per hour),
  MASE = mean_t |e_t| / scale(origin_t), scale(origin) = in-sample mean |y_t - y_{t-24}| over all
         hours before the origin (Hyndman's MASE, seasonal period m = 24),
  ratio_daily = MAE(model) / MAE(daily_naive) on the same test points,
  per horizon (with --per-horizon): MAE and the ratio MAE / min(MAE daily_naive, MAE weekly_naive).
"""

from __future__ import annotations

import argparse
import math
import sys

import numpy as np
import pandas as pd

ASAP_KW = 6.6
OFFSET = pd.Timedelta(hours=-7)  # fixed local offset used for the whole file
HOLIDAYS = {pd.Timestamp("2019-05-27"), pd.Timestamp("2019-07-04"), pd.Timestamp("2019-09-02")}


# --------------------------------------------------------------------------------------------
# Sessions and hourly series
# --------------------------------------------------------------------------------------------
def load_sessions(path: str) -> tuple[pd.DataFrame, dict]:
    """Read an ACN CSV; return clean sessions (naive local times, energy in kWh) and skip counts."""
    raw = pd.read_csv(path)
    counts = {"rows": len(raw)}
    arr = pd.to_datetime(raw["arrival"], utc=True, errors="coerce")
    dep = pd.to_datetime(raw["departure"], utc=True, errors="coerce")
    energy = pd.to_numeric(raw["delivered_energy (kWh)"], errors="coerce")
    bad_parse = arr.isna() | dep.isna()
    bad_energy = ~bad_parse & (energy.isna() | (energy <= 0))
    bad_order = ~bad_parse & ~bad_energy & (dep <= arr)
    counts["skipped_unparsable_time"] = int(bad_parse.sum())
    counts["skipped_energy_missing_or_nonpositive"] = int(bad_energy.sum())
    counts["skipped_departure_not_after_arrival"] = int(bad_order.sum())
    ok = ~(bad_parse | bad_energy | bad_order)
    counts["used"] = int(ok.sum())
    # Local wall time at the fixed -07:00 offset, as tz-naive timestamps.
    sessions = pd.DataFrame({
        "arrival": (arr[ok] + OFFSET).dt.tz_localize(None),
        "departure": (dep[ok] + OFFSET).dt.tz_localize(None),
        "energy": energy[ok].astype(float),
    }).reset_index(drop=True)
    return sessions, counts


def _spread(hour_index: pd.DatetimeIndex, starts, ends, energies) -> tuple[np.ndarray, float]:
    """Add each energy uniformly over [start, end) into hourly bins; return (bins, energy dropped)."""
    t0 = hour_index[0]
    n = len(hour_index)
    out = np.zeros(n)
    dropped = 0.0
    hours = lambda ts: (ts - t0) / pd.Timedelta(hours=1)  # noqa: E731  float hours since t0
    for s, e, kwh in zip(hours(starts), hours(ends), energies):
        rate = kwh / (e - s)  # kW
        for b in range(int(math.floor(s)), int(math.ceil(e))):
            overlap = min(e, b + 1) - max(s, b)
            if overlap <= 0:
                continue
            if 0 <= b < n:
                out[b] += rate * overlap
            else:
                dropped += rate * overlap
    return out, dropped


def hourly_series(sessions: pd.DataFrame, definition: str) -> tuple[pd.Series, float]:
    """Hourly kWh (index = local hour start) covering whole days from the first to the last arrival day."""
    first = sessions["arrival"].min().normalize()
    last = sessions["arrival"].max().normalize() + pd.Timedelta(days=1)
    index = pd.date_range(first, last, freq="h", inclusive="left")
    start = sessions["arrival"]
    if definition == "U":
        end = sessions["departure"]
    elif definition == "A":
        dur_h = (sessions["departure"] - sessions["arrival"]) / pd.Timedelta(hours=1)
        power = np.maximum(ASAP_KW, sessions["energy"] / dur_h)
        end = start + pd.to_timedelta(sessions["energy"] / power, unit="h")
        end = end.where(end <= sessions["departure"], sessions["departure"])  # rounding guard
    else:
        raise ValueError("definition must be U or A")
    values, dropped = _spread(index, start, end, sessions["energy"].to_numpy())
    return pd.Series(values, index=index, name=f"kwh_{definition}"), dropped


# --------------------------------------------------------------------------------------------
# Forecasters: f(y, origin_pos, horizons) -> forecasts, using only y[:origin_pos]
# --------------------------------------------------------------------------------------------
def daily_naive(y: np.ndarray, o: int, hs: np.ndarray) -> np.ndarray:
    t = o + hs - 1
    return y[t - 24 * np.ceil(hs / 24).astype(int)]


def weekly_naive(y: np.ndarray, o: int, hs: np.ndarray) -> np.ndarray:
    return y[o + hs - 1 - 168]


def make_profile(days: pd.DatetimeIndex, k: int, stat: str = "median", weekend_pool: bool = True):
    """Seasonal profile forecaster: `stat` (median or mean) of the same hour over the last k
    comparable days known at the origin.

    Comparable days for a working-day target: the same weekday, holidays skipped.
    For a weekend or holiday target: with weekend_pool, the last k weekend/holiday days (Sat, Sun
    and holidays pooled, they are all near-idle at these sites); without it, the same weekday
    (holidays skipped) and, for a holiday target, the last k weekend days.
    Falls back to the last known day when no comparable day exists yet.
    """
    is_holiday = np.array([d in HOLIDAYS for d in days])
    dow = days.day_of_week.to_numpy()
    off_day = (dow >= 5) | is_holiday
    reduce = np.median if stat == "median" else np.mean

    def forecast(y: np.ndarray, o: int, hs: np.ndarray) -> np.ndarray:
        known_days = o // 24
        Y = y[: known_days * 24].reshape(known_days, 24)
        out = np.empty(len(hs))
        for i, h in enumerate(hs):
            td = known_days + (h - 1) // 24  # target day index
            if weekend_pool and off_day[td]:
                pool = np.flatnonzero(off_day[:known_days])
            elif is_holiday[td]:
                pool = np.flatnonzero(dow[:known_days] >= 5)
            else:
                pool = np.flatnonzero((dow[:known_days] == dow[td]) & ~is_holiday[:known_days])
            pool = pool[-k:] if len(pool) else np.array([known_days - 1])
            out[i] = reduce(Y[pool, (h - 1) % 24])
        return out

    return forecast


# --------------------------------------------------------------------------------------------
# Backtest and metrics
# --------------------------------------------------------------------------------------------
def mase_scale(y: np.ndarray, o: int) -> float:
    """In-sample MAE of the m=24 seasonal naive over all hours before the origin."""
    return float(np.mean(np.abs(y[24:o] - y[: o - 24])))


def backtest(series: pd.Series, forecasters: dict, warmup_days: int = 28, max_h: int = 48) -> pd.DataFrame:
    """Long table: model, origin, h, y, yhat, scale."""
    y = series.to_numpy()
    n_days = len(y) // 24
    hs = np.arange(1, max_h + 1)
    rows = []
    for d in range(warmup_days, n_days):
        o = d * 24
        valid = hs[o + hs - 1 < len(y)]
        scale = mase_scale(y, o)
        for name, f in forecasters.items():
            yhat = f(y, o, valid)
            for h, p in zip(valid, yhat):
                rows.append((name, series.index[o], int(h), y[o + h - 1], float(p), scale))
    return pd.DataFrame(rows, columns=["model", "origin", "h", "y", "yhat", "scale"])


def summarize(bt: pd.DataFrame, h_lo: int, h_hi: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Aggregate metrics over horizons h_lo..h_hi (only origins having all of them)."""
    b = bt[(bt.h >= h_lo) & (bt.h <= h_hi)].copy()
    full = b.groupby(["model", "origin"]).h.count() == (h_hi - h_lo + 1)
    keep = full[full].reset_index()[["model", "origin"]]
    b = b.merge(keep, on=["model", "origin"])
    b["ae"] = (b.y - b.yhat).abs()
    b["se"] = (b.y - b.yhat) ** 2
    b["sae"] = b.ae / b.scale
    agg = b.groupby("model").agg(n=("ae", "size"), MAE=("ae", "mean"), RMSE=("se", "mean"), MASE=("sae", "mean"))
    agg["RMSE"] = np.sqrt(agg.RMSE)
    agg["ratio_daily"] = agg.MAE / agg.loc["daily_naive", "MAE"]
    ph = b.pivot_table(index="h", columns="model", values="ae", aggfunc="mean")
    best_naive = ph[["daily_naive", "weekly_naive"]].min(axis=1)
    ratios = ph.div(best_naive, axis=0)
    agg["worst_h_ratio_vs_best_naive"] = ratios.max()
    agg["worst_h"] = ratios.idxmax()
    return agg, ph


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv")
    ap.add_argument("--definition", default="both", choices=["U", "A", "both"])
    ap.add_argument("--warmup-days", type=int, default=28)
    ap.add_argument("--horizons", default="1-24", choices=["1-24", "25-48", "1-48"])
    ap.add_argument("--per-horizon", action="store_true", help="print per-horizon MAE and ratio")
    ap.add_argument("--dump-series", help="write the hourly series (both definitions) to this CSV")
    args = ap.parse_args(argv)

    sessions, counts = load_sessions(args.csv)
    print(f"file: {args.csv}")
    print("sessions: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    h_lo, h_hi = map(int, args.horizons.split("-"))
    defs = ["U", "A"] if args.definition == "both" else [args.definition]
    pd.set_option("display.width", 200)
    dumped = {}
    for definition in defs:
        series, dropped = hourly_series(sessions, definition)
        dumped[definition] = series
        days = series.index[::24]
        forecasters = {
            "daily_naive": daily_naive,
            "weekly_naive": weekly_naive,
            "profile_dow4_mean": make_profile(days, 4, "mean", weekend_pool=False),
            "profile_dow4_median": make_profile(days, 4, "median", weekend_pool=False),
            "profile_med6": make_profile(days, 6, "median", weekend_pool=True),  # recommended
        }
        bt = backtest(series, forecasters, args.warmup_days, max_h=h_hi)
        agg, ph = summarize(bt, h_lo, h_hi)
        print(f"\n== definition {definition}: {len(days)} days, total {series.sum():.1f} kWh "
              f"(dropped past end {dropped:.1f} kWh), horizons {h_lo}-{h_hi}, "
              f"origins {bt.origin.min():%Y-%m-%d}..{bt.origin.max():%Y-%m-%d}")
        print(agg.round(3).to_string())
        if args.per_horizon:
            best = ph[["daily_naive", "weekly_naive"]].min(axis=1)
            table = ph.copy()
            for m in ph.columns:
                table[f"{m}/best_naive"] = ph[m] / best
            print(table.round(3).to_string())
    if args.dump_series:
        pd.DataFrame(dumped).to_csv(args.dump_series, index_label="hour_start_local")
    return 0


if __name__ == "__main__":
    sys.exit(main())
