"""``emulator.limit_report()``: per rate window, the most accepted arrivals in any window and the
429s it sent (the oracle of the budget tests)."""

from __future__ import annotations

import httpx

from ayrshare_async.testing import AyrshareEmulator, ManualClock, WindowReport


def http(emulator: AyrshareEmulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=emulator.transport(),
        base_url="https://api.ayrshare.com/api",
        headers={"Authorization": f"Bearer {emulator.api_key}"},
    )


async def test_limit_report_counts_peaks_and_refusals_per_window() -> None:
    clock = ManualClock()
    emulator = AyrshareEmulator(
        clock=clock, rate_limit=3, rate_window=10.0, delete_rate=2, delete_window=1.0
    )
    keys = [emulator.create_profile(f"p{n}") for n in range(4)]
    assert emulator.limit_report() == {"deletes": WindowReport(2, 1.0, 0, 0)}
    async with http(emulator) as client:
        statuses = []
        for _ in range(5):  # 3 fit the primary's window, 2 are refused
            statuses.append((await client.get("/user")).status_code)
            clock.advance(1.0)
        clock.advance(10.0)
        statuses.append((await client.get("/user")).status_code)  # the window moved on
        for key in keys:  # 2 deletes per second: the 3rd and 4th are refused
            deleted = await client.delete("/profiles", headers={"Profile-Key": key})
            statuses.append(deleted.status_code)
    assert statuses == [200, 200, 200, 429, 429, 200, 200, 200, 429, 429]
    report = emulator.limit_report()
    assert report["profile:primary"] == WindowReport(3, 10.0, 3, 2)
    assert report["deletes"] == WindowReport(2, 1.0, 2, 2)
    # a delete refused by the ceiling gives back its use of the profile's budget
    assert report[f"profile:{keys[2]}"] == WindowReport(3, 10.0, 0, 0)
    assert report[f"profile:{keys[0]}"].peak == 1
