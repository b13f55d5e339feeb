"""THE route table: one row per Ayrshare endpoint. ``python -m ayrshare_async._codegen`` turns it into
``resources/``. Sources: ``shared/seeds`` (newest, they win) and the fact sheet ``shared/api``."""

from __future__ import annotations

from ._route import Page, PathParam, Route

ROUTES: tuple[Route, ...] = (
    # --- ads ---
    # --- end ads ---
    # --- analytics ---
    # --- end analytics ---
    # --- auto_schedule ---
    # --- end auto_schedule ---
    # --- brand ---
    # --- end brand ---
    # --- comments ---
    # --- end comments ---
    # --- feed ---
    # --- end feed ---
    # --- generate ---
    # --- end generate ---
    # --- hashtags ---
    # --- end hashtags ---
    # --- history ---
    # --- end history ---
    # --- links ---
    # --- end links ---
    # --- media ---
    # --- end media ---
    # --- messages ---
    # --- end messages ---
    # --- post ---
    # --- end post ---
    # --- profiles ---
    # --- end profiles ---
    # --- reviews ---
    # --- end reviews ---
    # --- user ---
    # --- end user ---
    # --- utils ---
    # --- end utils ---
    # --- validate ---
    # --- end validate ---
    # --- webhooks ---
    # --- end webhooks ---
)
