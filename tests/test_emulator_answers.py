"""Every SDK method, called as the route tests call it, gets an answer from the emulator that fits
its response model: the fields the models require are the ones the emulator always sends."""

from __future__ import annotations

import pytest
from _route_cases import CASES, Case, bound_method

from ayrshare_async import APIResponseValidationError, APIStatusError, AsyncAyrshare
from ayrshare_async.testing import AyrshareEmulator


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_the_emulators_answer_fits_the_model(case: Case) -> None:
    emulator = AyrshareEmulator(seed=3)
    key = emulator.create_profile("Acme", networks=["facebook", "linkedin", "twitter", "gmb"])
    async with AsyncAyrshare(
        emulator.api_key,
        transport=emulator.transport(),
        twitter_oauth1=("x-key", "x-secret"),
        max_retries=0,
    ) as client:
        call = bound_method(client.with_profile(key), case.name)
        try:
            await call(*case.args, **case.kwargs)
        except APIResponseValidationError:
            raise
        except APIStatusError as exc:  # the arguments may not fit the emulator's state
            refused = exc
        else:
            return
    assert refused.status_code in (400, 404), refused
