"""What the emulator knows about each social network: names, which rules apply, id formats.

The rules are the ones the docs state (linking, media-only networks, X credentials, deletability,
duplicate checks) plus the networks' well-known text limits; codes the docs never gave are the
emulator's own (see ``docs/testing.md``).
"""

from __future__ import annotations

import random
import string

from . import _codes as codes

__all__ = [
    "DELETE_UNSUPPORTED",
    "DUPLICATE_CODES",
    "DUPLICATE_UNCHECKED",
    "HISTORY_PLATFORMS",
    "MEDIA_REQUIRED",
    "PLATFORMS",
    "PLATFORM_NAMES",
    "TEXT_LIMITS",
    "UNLINKABLE",
    "X_CREDENTIALS_MESSAGE",
    "canonical_platform",
    "profile_url",
    "social_comment_id",
    "social_post",
]

PLATFORMS: tuple[str, ...] = (
    "bluesky",
    "facebook",
    "gmb",
    "instagram",
    "linkedin",
    "pinterest",
    "reddit",
    "snapchat",
    "telegram",
    "threads",
    "tiktok",
    "twitter",
    "youtube",
)
_ALIASES = {"x": "twitter"}

PLATFORM_NAMES: dict[str, str] = {
    "bluesky": "Bluesky",
    "facebook": "Facebook",
    "gmb": "Google Business Profile",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "pinterest": "Pinterest",
    "reddit": "Reddit",
    "snapchat": "Snapchat",
    "telegram": "Telegram",
    "threads": "Threads",
    "tiktok": "TikTok",
    "twitter": "X/Twitter",
    "youtube": "YouTube",
}

HISTORY_PLATFORMS = frozenset(PLATFORMS) - {"gmb", "reddit", "telegram"}
"""Networks ``GET /history/{platform}`` serves."""

UNLINKABLE = frozenset(PLATFORMS) - {"pinterest", "snapchat"}
"""Networks ``DELETE /profiles/social`` accepts."""

MEDIA_REQUIRED = frozenset({"instagram", "pinterest", "snapchat", "tiktok", "youtube"})
"""Networks that only take posts with an image or a video."""

DELETE_UNSUPPORTED = frozenset({"instagram", "tiktok"})
"""Networks whose published posts the API cannot delete."""

TEXT_LIMITS: dict[str, int] = {
    "bluesky": 300,
    "facebook": 63206,
    "gmb": 1500,
    "instagram": 2200,
    "linkedin": 3000,
    "pinterest": 500,
    "threads": 500,
    "tiktok": 2200,
    "telegram": 4096,
    "twitter": 280,
    "youtube": 5000,
}

DUPLICATE_CODES: dict[str, int] = {
    "twitter": codes.DUPLICATE_X,
    "facebook": codes.DUPLICATE_FACEBOOK,
}
"""Network-specific duplicate codes; other checked networks report Ayrshare's code 137."""

DUPLICATE_UNCHECKED = frozenset({"pinterest", "reddit", "telegram"})

X_CREDENTIALS_MESSAGE = (
    "X/Twitter needs your own OAuth 1.0a app since 2026-03-31: send both "
    "X-Twitter-OAuth1-Api-Key and X-Twitter-OAuth1-Api-Secret headers."
)
"""Every X/Twitter operation without the BYO headers fails with this (code 419)."""


def canonical_platform(name: str) -> str | None:
    """The platform a name means (``x`` is X/Twitter), or None when it is not one."""
    lowered = name.strip().lower()
    lowered = _ALIASES.get(lowered, lowered)
    return lowered if lowered in PLATFORM_NAMES else None


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(10 ** (n - 1), 10**n - 1))


def _token(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=n))


def social_post(
    platform: str, account_id: str, username: str, rng: random.Random
) -> tuple[str, str]:
    """A native post id and URL in the shape the network uses."""
    if platform == "facebook":
        post_id = f"{account_id}_{_digits(rng, 16)}"
        return post_id, f"https://www.facebook.com/{account_id}/posts/{post_id.split('_')[1]}"
    if platform == "twitter":
        post_id = _digits(rng, 19)
        return post_id, f"https://twitter.com/{username}/status/{post_id}"
    if platform == "instagram":
        return _digits(rng, 17), f"https://www.instagram.com/p/{_token(rng, 11)}/"
    if platform == "linkedin":
        post_id = f"urn:li:share:{_digits(rng, 19)}"
        return post_id, f"https://www.linkedin.com/feed/update/{post_id}"
    if platform == "bluesky":
        rkey = _token(rng, 13).lower()
        return (
            f"at://did:plc:{account_id}/app.bsky.feed.post/{rkey}",
            f"https://bsky.app/profile/{username}/post/{rkey}",
        )
    if platform == "youtube":
        post_id = _token(rng, 11)
        return post_id, f"https://www.youtube.com/watch?v={post_id}"
    if platform == "tiktok":
        post_id = _digits(rng, 19)
        return post_id, f"https://www.tiktok.com/@{username}/video/{post_id}"
    if platform == "threads":
        return _digits(rng, 17), f"https://www.threads.net/@{username}/post/{_token(rng, 11)}"
    if platform == "pinterest":
        post_id = _digits(rng, 18)
        return post_id, f"https://www.pinterest.com/pin/{post_id}"
    if platform == "reddit":
        post_id = _token(rng, 7).lower()
        return post_id, f"https://www.reddit.com/r/{username}/comments/{post_id}"
    if platform == "telegram":
        post_id = str(rng.randint(1, 99999))
        return post_id, f"https://t.me/{username}/{post_id}"
    post_id = _digits(rng, 18)
    return post_id, f"https://{platform}.example/{username}/{post_id}"


def social_comment_id(platform: str, native_id: str, rng: random.Random) -> str:
    """A comment id in the shape the network uses, for a comment on post ``native_id``."""
    if platform == "facebook":
        return f"{native_id.rsplit('_', 1)[-1]}_{_digits(rng, 16)}"
    if platform == "linkedin":
        return f"urn:li:comment:(urn:li:activity:{_digits(rng, 19)},{_digits(rng, 19)})"
    if platform == "bluesky":
        return f"{native_id.rsplit('/', 1)[0]}/{_token(rng, 13).lower()}"
    if platform == "twitter":
        return _digits(rng, 19)
    if platform == "youtube":
        return f"Ug{_token(rng, 24)}"
    if platform == "reddit":
        return f"t1_{_token(rng, 7).lower()}"
    return _digits(rng, 17)


_PROFILE_URLS = {
    "bluesky": "https://bsky.app/profile/{username}",
    "facebook": "https://www.facebook.com/{account_id}",
    "gmb": "https://www.google.com/maps?cid={account_id}",
    "instagram": "https://www.instagram.com/{username}",
    "linkedin": "https://www.linkedin.com/in/{username}",
    "pinterest": "https://www.pinterest.com/{username}",
    "reddit": "https://www.reddit.com/user/{username}",
    "snapchat": "https://www.snapchat.com/add/{username}",
    "telegram": "https://t.me/{username}",
    "threads": "https://www.threads.net/@{username}",
    "tiktok": "https://www.tiktok.com/@{username}",
    "twitter": "https://twitter.com/{username}",
    "youtube": "https://www.youtube.com/channel/{account_id}",
}


def profile_url(platform: str, account_id: str, username: str) -> str:
    """The public URL of a linked account."""
    return _PROFILE_URLS[platform].format(account_id=account_id, username=username)
