#!/usr/bin/env python3
"""One OpenADR 3.0.1 round trip through `chargeshare serve` with an independent client (issue 13).

The client is ElaadNL's `openadr3-client` (PyPI, Python >= 3.12), used through its business-logic
client (`BusinessLogicHttpClientFactory.create_http_bl_client`, OpenADR 3.0.1) and its own models:
it fetches its token (OAuth 2 client credentials), creates a program and an event
(IMPORT_CAPACITY_LIMIT / EXPORT_CAPACITY_LIMIT on one feeder, with a priority), reads both back by
id and by search (programID, targetType/targetValues, skip/limit), replaces both with PUT, deletes
the event and the program, and asserts that every value comes back as written. Between the steps,
plain `requests` reads `GET /v1/feeders/{id}/limits` and checks that the event's caps hold in the
event's intervals, change with the PUT, and are gone after the DELETE.

Three client-side choices (in each, the service follows the 3.0.1 document and RFC 6749):

- `token_url` is passed explicitly: the client only discovers it (the 3.1 `/auth/server`
  endpoint) for OpenADR 3.1.0; for 3.0.1 it is required.
- Over plain http on a loopback address, OAUTHLIB_INSECURE_TRANSPORT=1 is set: requests-oauthlib
  (used by the client to fetch tokens) refuses non-https token URLs otherwise.
- Every `intervalPeriod` is given explicitly (the program's span, the event's and each
  interval's, with `randomizeStart` PT0S). The client serialises an absent optional member as
  `null`, also where the 3.0.1 schema does not say `nullable` (`intervalPeriod`,
  `randomizeStart`); the server reads those nulls as absent (OpenADRReader.droppingAbsentNulls).
  The probe at the end sends the client's default serialisation; `--strict-nulls` (which
  scripts/service-interop.sh passes) makes a refusal fatal.

Usage:
  openadr3_client_roundtrip.py --base-url http://127.0.0.1:8080 --client-id coop --client-secret ...
  (or OPENADR_BASE_URL, OPENADR_CLIENT_ID, OPENADR_CLIENT_SECRET in the environment)
Prints one summary line; exits 1 with a message on the first mismatch or failed request.
"""
from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import math
import os
import sys
import uuid
from urllib.parse import urlparse

import requests


class Mismatch(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Mismatch(message)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base-url", default=os.environ.get("OPENADR_BASE_URL"),
                   help="the service's root, e.g. http://127.0.0.1:8080 (env OPENADR_BASE_URL)")
    p.add_argument("--client-id", default=os.environ.get("OPENADR_CLIENT_ID"), help="a utility client (env OPENADR_CLIENT_ID)")
    p.add_argument("--client-secret", default=os.environ.get("OPENADR_CLIENT_SECRET"), help="env OPENADR_CLIENT_SECRET")
    p.add_argument("--feeder", default=os.environ.get("OPENADR_FEEDER", "F0"), help="a feeder granted to the client (default F0)")
    p.add_argument("--start", help="the event's start, RFC 3339 on a quarter hour (default: the next full hour UTC + 1 h)")
    p.add_argument("--strict-nulls", action="store_true",
                   help="fail when the server refuses the client's default serialisation (null for absent members)")
    a = p.parse_args()
    missing = [n for n in ("base_url", "client_id", "client_secret") if not getattr(a, n)]
    if missing:
        p.error("missing " + ", ".join("--" + n.replace("_", "-") for n in missing))
    return a


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def utc(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(dt.UTC)


def main():
    args = parse_args()
    root = args.base_url.rstrip("/")
    url = urlparse(root)
    if url.scheme == "http":
        if not is_loopback(url.hostname or ""):
            raise SystemExit(f"openadr3 round trip: refusing plain http to {url.hostname} (use https, or a loopback address)")
        # requests-oauthlib refuses a non-https token URL unless this is set; loopback only.
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

    # Imported after the environment is set (oauthlib reads it per call, but keep it obvious).
    from openadr3_client._models.common.interval import Interval
    from openadr3_client._models.common.interval_period import IntervalPeriod
    from openadr3_client.bl.http_factory import BusinessLogicHttpClientFactory
    from openadr3_client.oadr301._vtn.interfaces.filters import PaginationFilter, TargetFilter
    from openadr3_client.oadr301.models.event.event import EventUpdate, NewEvent
    from openadr3_client.oadr301.models.event.event_payload import EventPayload, EventPayloadDescriptor, EventPayloadType
    from openadr3_client.oadr301.models.program.program import NewProgram, ProgramUpdate
    from openadr3_client.oadr301.models.target import Target
    from openadr3_client.oadr301.models.unit import Unit
    from openadr3_client.version import OADRVersion

    try:
        from importlib.metadata import version as dist_version
        client_version = dist_version("openadr3-client")
    except Exception:  # noqa: BLE001
        client_version = "?"

    vtn = root + "/openadr3"
    token_url = vtn + "/auth/token"
    feeder = args.feeder
    step = dt.timedelta(minutes=15)
    no_jitter = dt.timedelta(0)
    if args.start:
        start = utc(args.start)
        check(start.minute % 15 == 0 and start.second == 0 and start.microsecond == 0, f"--start {args.start}: not on a quarter hour")
    else:
        start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=2)

    client = BusinessLogicHttpClientFactory.create_http_bl_client(
        vtn_base_url=vtn, client_id=args.client_id, client_secret=args.client_secret, token_url=token_url,
        scopes=["read_all", "write_programs", "write_events"], allow_insecure_http=True, version=OADRVersion.OADR_301)

    def period(at, length=step):
        return IntervalPeriod(start=at, duration=length, randomize_start=no_jitter)

    def limit(kind, kw):
        return EventPayload(type=kind, values=(kw,))

    IMPORT, EXPORT = EventPayloadType.IMPORT_CAPACITY_LIMIT, EventPayloadType.EXPORT_CAPACITY_LIMIT

    def intervals(caps):
        """caps: [(import kW, export kW or None)] -> one interval per 15 minutes from `start`."""
        out = []
        for i, (imp, exp) in enumerate(caps):
            payloads = [limit(IMPORT, imp)] + ([limit(EXPORT, exp)] if exp is not None else [])
            out.append(Interval(id=i, interval_period=period(start + i * step), payloads=tuple(payloads)))
        return tuple(out)

    def written(model):
        """The members a client wrote, as JSON (the server's own fields left out)."""
        d = model.model_dump(by_alias=True, mode="json")
        for k in ("id", "createdDateTime", "modificationDateTime", "objectType"):
            d.pop(k, None)
        return d

    def same(what, sent, got):
        a, b = written(sent), written(got)
        if a != b:
            diffs = [f"{k}: sent {a.get(k)!r}, got {b.get(k)!r}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
            raise Mismatch(f"{what} does not round-trip: " + "; ".join(diffs))

    session = requests.Session()
    token = session.post(token_url, data={"grant_type": "client_credentials", "client_id": args.client_id,
                                          "client_secret": args.client_secret}, timeout=10)
    check(token.status_code == 200, f"POST {token_url}: {token.status_code} {token.text[:300]}")
    session.headers["Authorization"] = "Bearer " + token.json()["access_token"]

    def limits(first, count):
        """Effective (import, export) kW per 15-minute interval from `first`, by GET /v1/feeders/{id}/limits."""
        end = first + count * step
        r = session.get(f"{root}/v1/feeders/{feeder}/limits", timeout=10, params={
            "start": first.strftime("%Y-%m-%dT%H:%M:%SZ"), "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"), "intervalMinutes": 15})
        check(r.status_code == 200, f"GET /v1/feeders/{feeder}/limits: {r.status_code} {r.text[:300]}")
        rows = r.json()["intervals"]
        check(len(rows) == count, f"GET /v1/feeders/{feeder}/limits: {len(rows)} intervals, expected {count}")
        for i, row in enumerate(rows):
            check(utc(row["start"]) == first + i * step, f"limits interval {i} starts {row['start']}, expected {first + i * step}")
        return [(row["importLimitKw"], row["exportLimitKw"]) for row in rows]

    def expect_caps(caps, baseline, when):
        """The series one interval before to one after the event: baseline, then min(baseline, cap)."""
        got = limits(start - step, len(caps) + 2)
        want = [baseline] + [(min(baseline[0], imp), baseline[1] if exp is None else min(baseline[1], exp)) for imp, exp in caps] + [baseline]
        for i, (g, w) in enumerate(zip(got, want)):
            if not (math.isclose(g[0], w[0], abs_tol=1e-9) and math.isclose(g[1], w[1], abs_tol=1e-9)):
                at = (start + (i - 1) * step).strftime("%H:%M")
                raise Mismatch(f"limits {when}: feeder {feeder} at {at}Z has import/export {g[0]}/{g[1]} kW, expected {w[0]}/{w[1]} kW "
                               f"(event caps {caps}, registry {baseline})")

    created = {"program": None, "event": None}
    try:
        # The feeder's own limits before any event (the registry's; no other event may hold here).
        baseline = limits(start - step, 1)[0]
        check(limits(start, 3) == [baseline] * 3,
              f"feeder {feeder} already has limits from {start:%Y-%m-%dT%H:%MZ}: another event holds there; choose --start")

        # 1. Program: create, read by id, search, replace.
        suffix = uuid.uuid4().hex[:8]
        new_program = NewProgram(
            program_name=f"interop-{suffix}", program_long_name="openadr3-client interop round trip",
            retailer_name="coop", program_type="CAPACITY_LIMIT", country="NL",
            interval_period=period(start.replace(hour=0, minute=0), dt.timedelta(days=7)),
            payload_descriptors=(EventPayloadDescriptor(payload_type=IMPORT, units=Unit.KW),
                                 EventPayloadDescriptor(payload_type=EXPORT, units=Unit.KW)),
            targets=(Target(type="GROUP", values=(feeder,)),))
        program = client.programs.create_program(new_program)
        created["program"] = program.id
        same("created program", new_program, program)
        same("GET program", new_program, client.programs.get_program_by_id(program.id))
        found = client.programs.get_programs(target=TargetFilter(target_type="GROUP", target_values=[feeder]),
                                             pagination=PaginationFilter(skip=0, limit=50))
        mine = [p for p in found if p.id == program.id]
        check(len(mine) == 1, f"GET /programs?targetType=GROUP&targetValues={feeder}: {program.id} not found once in {[p.id for p in found]}")
        same("searched program", new_program, mine[0])
        other = client.programs.get_programs(target=TargetFilter(target_type="GROUP", target_values=[f"not-{feeder}"]), pagination=None)
        check(all(p.id != program.id for p in other), f"GET /programs?targetValues=not-{feeder} returned {program.id}")
        renamed = program.update(ProgramUpdate(program_long_name="openadr3-client interop round trip (updated)"))
        program2 = client.programs.update_program_by_id(program.id, renamed)
        same("replaced program", renamed, program2)
        check(program2.created_date_time == program.created_date_time, "PUT program changed createdDateTime")
        check(program2.modification_date_time >= program.modification_date_time, "PUT program moved modificationDateTime back")

        # 2. Event: create, read by id and by search, check the limits.
        caps = [(12.5, None), (8.0, 4.5), (15.25, None)]
        new_event = NewEvent(
            programID=program.id, event_name=f"cap-{suffix}", priority=3,
            targets=(Target(type="GROUP", values=(feeder,)),),
            payload_descriptors=(EventPayloadDescriptor(payload_type=IMPORT, units=Unit.KW),
                                 EventPayloadDescriptor(payload_type=EXPORT, units=Unit.KW)),
            interval_period=period(start), intervals=intervals(caps))
        check(all(c[0] < baseline[0] and (c[1] is None or c[1] < baseline[1]) for c in caps),
              f"test caps {caps} must be below the registry limits {baseline} to be visible")
        event = client.events.create_event(new_event)
        created["event"] = event.id
        same("created event", new_event, event)
        same("GET event", new_event, client.events.get_event_by_id(event.id))
        # Several targetValues are ORed (sent as repeated parameters).
        found = client.events.get_events(target=TargetFilter(target_type="GROUP", target_values=[f"not-{feeder}", feeder]),
                                         pagination=PaginationFilter(skip=0, limit=50), program_id=program.id)
        check([e.id for e in found] == [event.id], f"GET /events?programID={program.id}&targetType=GROUP"
              f"&targetValues=not-{feeder}&targetValues={feeder}: {[e.id for e in found]}, expected [{event.id}]")
        same("searched event", new_event, found[0])
        skipped = client.events.get_events(target=None, pagination=PaginationFilter(skip=1, limit=50), program_id=program.id)
        check(skipped == (), f"GET /events?programID={program.id}&skip=1: {[e.id for e in skipped]}, expected none")
        none = client.events.get_events(target=TargetFilter(target_type="GROUP", target_values=[f"not-{feeder}"]),
                                        pagination=None, program_id=program.id)
        check(none == (), f"GET /events?targetValues=not-{feeder}: {[e.id for e in none]}, expected none")
        expect_caps(caps, baseline, f"after POST /events ({event.id})")

        # 3. Replace the event (new priority, name and caps) with PUT; the limits follow.
        caps2 = [(10.0, 3.0), (6.75, None), (9.5, 2.25)]
        changed = event.update(EventUpdate(event_name=f"cap-{suffix}-v2", priority=1, intervals=intervals(caps2)))
        event2 = client.events.update_event_by_id(event.id, changed)
        same("replaced event", changed, event2)
        check(event2.priority == 1, f"PUT event: priority {event2.priority}, expected 1")
        check(event2.created_date_time == event.created_date_time, "PUT event changed createdDateTime")
        same("GET replaced event", changed, client.events.get_event_by_id(event.id))
        expect_caps(caps2, baseline, f"after PUT /events/{event.id}")

        # 4. Delete the event (answer: the event as it was), then the program.
        deleted = client.events.delete_event_by_id(event.id)
        same("DELETE event answer", changed, deleted)
        created["event"] = None
        gone = requests.get(f"{vtn}/events/{event.id}", headers=session.headers, timeout=10)
        check(gone.status_code == 404, f"GET /events/{event.id} after DELETE: {gone.status_code}, expected 404")
        check(client.events.get_events(target=None, pagination=None, program_id=program.id) == (),
              f"GET /events?programID={program.id} after DELETE is not empty")
        check(limits(start - step, len(caps2) + 2) == [baseline] * (len(caps2) + 2),
              f"limits after DELETE /events/{event.id}: the event's caps are still there")
        deleted_program = client.programs.delete_program_by_id(program.id)
        same("DELETE program answer", renamed, deleted_program)
        created["program"] = None

        # 5. Probe: the client's default serialisation (absent optional members as null).
        probe = NewProgram(program_name=f"interop-{suffix}-defaults")
        try:
            p = client.programs.create_program(probe)
            client.programs.delete_program_by_id(p.id)
            nulls = "accepted"
        except requests.HTTPError as e:
            if args.strict_nulls:
                raise
            try:
                why = "; ".join(f"{i['path']}: {i['message']}" for i in e.response.json()["errors"])
            except (ValueError, KeyError, TypeError):
                why = e.response.text[:160]
            nulls = f"refused ({e.response.status_code}: {why})"
    finally:
        # Best effort, so a failed run leaves no caps behind.
        for kind in ("event", "program"):
            if created[kind]:
                requests.delete(f"{vtn}/{kind}s/{created[kind]}", headers=session.headers, timeout=10)

    print(f"openadr3-client {client_version} (OpenADR 3.0.1) round trip OK: {program.id} and {event.id} created, read by id "
          f"and search, replaced and deleted; feeder {feeder} limits from {start:%Y-%m-%dT%H:%MZ} "
          f"{[c[0] for c in caps]} kW (priority 3) then {[c[0] for c in caps2]} kW (priority 1), back to {baseline[0]} kW "
          f"after DELETE; client's default nulls: {nulls}")


if __name__ == "__main__":
    try:
        main()
    except Mismatch as e:
        print(f"openadr3 round trip: MISMATCH: {e}", file=sys.stderr)
        sys.exit(1)
    except requests.HTTPError as e:
        r = e.response
        print(f"openadr3 round trip: {r.request.method} {r.request.url} -> {r.status_code}\n"
              f"  request body: {(r.request.body or b'')[:1000]!r}\n  response: {r.text[:1000]}", file=sys.stderr)
        sys.exit(1)
    except ValueError as e:  # pydantic's ValidationError: an answer the client's models refuse
        if type(e).__name__ != "ValidationError":
            raise
        print(f"openadr3 round trip: the client refused the server's answer: {e}", file=sys.stderr)
        sys.exit(1)
    except requests.ConnectionError as e:
        print(f"openadr3 round trip: cannot reach the service: {e}", file=sys.stderr)
        sys.exit(1)
