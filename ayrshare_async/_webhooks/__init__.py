"""The parts of ``ayrshare_async.webhooks``: signature checks, dedupe, the ASGI receiver."""
