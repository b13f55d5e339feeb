"""Bulk delete of 80 profiles with ``client.profiles.delete_many`` against the emulator on 127.0.0.1.

Ayrshare allows at most 8 profile deletes per second. This measures what the SERVER saw: every
``DELETE /profiles`` arrival in the emulator's request log (its own monotonic clock, in the server
process), retries and refused attempts included, and the most of them in any 1 s window. The
emulator also enforces the limit itself (429 beyond 8 in any 1 s), so a breach shows twice.

Scenarios: clean; 20% of delete attempts answered 503; 20% answered 503 with ``Retry-After: 0``
(an invitation to retry at once, so only the SDK's pacing keeps the ceiling). Each scenario runs
in fresh interpreters, like a batch job: the first ``delete_many`` of the process ("cold": modules
and the transport backend load during the first request) and then a second one ("warm").

After each round the live profiles are read back: every key reported ``ok`` must be gone and every
other key must still exist (all failures here are injected before the emulator acts).

    .venv/bin/python benchmarks/delete_many.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _support import (
    API_KEY,
    BenchServer,
    machine_summary,
    markdown_table,
    max_in_window,
    run_child,
)

LATENCY = 0.05
CEILING = 8
TARGET_RATE = 7.0
ROUTE = "DELETE /profiles"


@dataclass(frozen=True)
class Scenario:
    label: str
    processes: int
    error_rate: float = 0.0
    retry_after: float | None = None


def _scenarios(quick: bool) -> list[Scenario]:
    clean, faulty = (1, 1) if quick else (3, 2)
    return [
        Scenario("clean", clean),
        Scenario("20% of attempts 503", faulty, error_rate=0.2),
        Scenario("20% 503 + Retry-After: 0", faulty, error_rate=0.2, retry_after=0.0),
    ]


@dataclass(frozen=True)
class RoundResult:
    scenario: str
    phase: str
    profiles: int
    ok: int
    seconds: float
    attempts: int
    injected_503: int
    refused_429: int
    max_per_second: int
    arrival_span: float
    report_matches_server: bool

    @property
    def deletes_per_second(self) -> float:
        return self.ok / self.seconds

    def cells(self) -> list[object]:
        attempt_rate = (self.attempts - 1) / self.arrival_span if self.arrival_span else 0.0
        return [
            self.scenario,
            self.phase,
            f"{self.ok}/{self.profiles}",
            self.attempts,
            self.injected_503,
            self.refused_429,
            self.max_per_second,
            f"{self.seconds:.2f}",
            f"{self.deletes_per_second:.2f}",
            f"{attempt_rate:.2f}",
            "yes" if self.report_matches_server else "NO",
        ]


HEADERS = [
    "scenario",
    "process",
    "deleted (ok)",
    "attempts seen by server",
    "503 injected",
    "429 (server's 8/s limit)",
    "max arrivals in any 1 s",
    "wall s",
    "deletes/s",
    "attempts/s at server",
    "report matches server",
]


# --- one process: a cold round, then a warm one -------------------------------------------------


async def _delete_all(base_url: str, keys: list[str]) -> tuple[set[str], float]:
    from ayrshare_async import AsyncAyrshare

    async with AsyncAyrshare(api_key=API_KEY, base_url=base_url) as client:
        start = time.perf_counter()
        result = await client.profiles.delete_many(keys)
        seconds = time.perf_counter() - start
    return {outcome.profile_key for outcome in result if outcome.ok}, seconds


def _round(server: BenchServer, scenario: Scenario, phase: str, profiles: int) -> RoundResult:
    keys = server.create_profiles(profiles)
    server.set_faults(clear=True, latency=LATENCY)
    if scenario.error_rate:
        server.set_faults(
            error_rate=scenario.error_rate,
            status=503,
            route=ROUTE,
            retry_after=scenario.retry_after,
        )
    server.reset()
    reported_gone, seconds = asyncio.run(_delete_all(server.base_url, keys))
    arrivals = server.arrivals(ROUTE)
    live = server.live_profiles()
    times = [arrival.time for arrival in arrivals]
    return RoundResult(
        scenario=scenario.label,
        phase=phase,
        profiles=profiles,
        ok=len(reported_gone),
        seconds=seconds,
        attempts=len(arrivals),
        injected_503=sum(a.fault == "error_rate" for a in arrivals),
        refused_429=sum(a.status == 429 for a in arrivals),
        max_per_second=max_in_window(times),
        arrival_span=times[-1] - times[0] if len(times) > 1 else 0.0,
        report_matches_server=all((key in reported_gone) == (key not in live) for key in keys),
    )


def _child(spec: dict[str, Any]) -> None:
    server = BenchServer.attach(spec["port"])
    scenario = Scenario(**spec["scenario"])
    rounds = [_round(server, scenario, phase, spec["profiles"]) for phase in ("cold", "warm")]
    print(json.dumps([asdict(r) for r in rounds]))


# --- the parent ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="24 profiles, one process each")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(json.loads(args.child))
        return
    profiles = 24 if args.quick else 80

    from ayrshare_async import DEFAULT_DELETE_CONCURRENCY, DEFAULT_DELETE_RATE

    rounds: list[RoundResult] = []
    with BenchServer.start("emulator") as server:
        for scenario in _scenarios(args.quick):
            for _ in range(scenario.processes):
                spec = {"port": server.port, "scenario": asdict(scenario), "profiles": profiles}
                answer: Any = run_child(__file__, spec, timeout=120)
                for fields in answer:
                    result = RoundResult(**fields)
                    rounds.append(result)
                    print(
                        f"  {result.scenario} ({result.phase}): {result.ok}/{profiles} in"
                        f" {result.seconds:.2f} s, max {result.max_per_second} in 1 s",
                        file=sys.stderr,
                        flush=True,
                    )
        description = server.description

    print(
        f"\ndelete_many of {profiles} profiles per round with the defaults (rate"
        f" {DEFAULT_DELETE_RATE}/s, concurrency {DEFAULT_DELETE_CONCURRENCY}); emulator on"
        f" 127.0.0.1 in its own process ({description}), {LATENCY * 1000:.0f} ms added latency;"
        f" arrivals as logged by the emulator. {machine_summary()}.\n"
    )
    print(markdown_table(HEADERS, [r.cells() for r in rounds]))
    for phase in ("cold", "warm"):
        chosen = [r for r in rounds if r.phase == phase]
        worst = max(r.max_per_second for r in chosen)
        slowest = min(r.deletes_per_second for r in chosen if r.scenario == "clean")
        print(
            f"\n{phase}: most deletes arriving in any 1 s window {worst}"
            f" (target <= {CEILING}: {'met' if worst <= CEILING else 'MISSED'});"
            f" slowest clean round {slowest:.2f} deletes/s"
            f" (target >= {TARGET_RATE}: {'met' if slowest >= TARGET_RATE else 'MISSED'})."
        )


if __name__ == "__main__":
    main()
