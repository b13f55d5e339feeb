"""The SDK against the emulator, along Ayrshare's own API flows (``ayrshare/hurl-scripts``): the
fields those flows check arrive as typed, per-network attributes, in-process and over 127.0.0.1.
Each step names the flow file it follows."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from ayrshare_async import AsyncAyrshare
from ayrshare_async.models import (
    CommentDeleteResult,
    InstagramSocialPost,
    TwitterPostAnalyticsEntry,
    TwitterSocialPost,
)
from ayrshare_async.testing import AyrshareEmulator, serve_in_thread

NETWORKS = ("facebook", "instagram", "linkedin", "pinterest", "threads", "tiktok", "twitter")
VIDEO = "https://img.ayrshare.com/012/vid.mp4"


@pytest.fixture(params=["in-process", "served"])
async def sdk(
    request: pytest.FixtureRequest,
) -> AsyncIterator[tuple[AsyncAyrshare, AyrshareEmulator]]:
    emulator = AyrshareEmulator(seed=7)
    emulator.link(None, [*NETWORKS, "bluesky", "youtube"])
    options = {"api_key": emulator.api_key, "twitter_oauth1": ("byo-key", "byo-secret")}
    if request.param == "in-process":
        async with AsyncAyrshare(**options, transport=emulator.transport()) as client:
            yield client, emulator
        return
    with serve_in_thread(emulator) as base_url:
        async with AsyncAyrshare(**options, base_url=base_url, max_retries=0) as client:
            yield client, emulator


async def test_post_comments_analytics_and_delete(
    sdk: tuple[AsyncAyrshare, AyrshareEmulator],
) -> None:
    client, _ = sdk
    # post_video_flow.hurl: one video to eight networks (the SDK sends today's mediaUrls).
    sent = await client.post.create(
        random_post=True,
        platforms=[*NETWORKS, "youtube"],
        media_urls=[VIDEO],
        youtube_options={"title": "Super One!"},
    )
    assert [p.platform for p in sent.post_ids or ()] == [*NETWORKS, "youtube"]
    # post_flow_fb.hurl: a comment, read back, a reply to it, then the comments deleted.
    comment = await client.comments.create(
        id=sent.id or "", platforms=["facebook"], random_comment=True
    )
    assert comment.facebook is not None and comment.facebook.comment_id
    read = await client.comments.get(sent.id or "")
    assert read.facebook is not None
    assert [c.comment_id for c in read.facebook] == [comment.facebook.comment_id]
    reply = await client.comments.reply(
        comment.comment_id or "", comment="Thank you!", platforms=["facebook"]
    )
    assert reply.id == sent.id
    assert reply.facebook is not None
    assert reply.facebook.source_comment_id == comment.facebook.comment_id
    again = await client.comments.get(sent.id or "")
    assert again.facebook is not None and again.facebook[0].replies is not None
    assert [r.comment for r in again.facebook[0].replies] == ["Thank you!"]
    # post_video_flow.hurl: each network's analytics, typed.
    analytics = await client.analytics.post(id=sent.id or "")
    assert analytics.status == "success"
    assert isinstance(analytics.twitter, TwitterPostAnalyticsEntry)
    tweet = analytics.twitter.analytics
    assert tweet is not None and tweet.public_metrics is not None
    assert tweet.public_metrics.like_count == 0
    assert tweet.organic_metrics is not None and tweet.organic_metrics.video is not None
    assert tweet.organic_metrics.video.view_count == 0
    assert analytics.facebook is not None and analytics.facebook.analytics is not None
    assert analytics.facebook.analytics.comments_count == 1, "the comment above (the reply nests)"
    assert analytics.youtube is not None and analytics.youtube.analytics is not None
    assert analytics.youtube.analytics.privacy_status == "private"
    assert analytics.youtube.analytics.title == "Super One!"
    assert analytics.instagram is not None and analytics.instagram.analytics is not None
    assert analytics.instagram.analytics.media_product_type == "REELS"
    assert analytics.pinterest is not None and analytics.pinterest.analytics is not None
    assert analytics.pinterest.analytics.video_mrc_view == 0
    deleted = await client.comments.delete(sent.id or "")
    assert isinstance(deleted.facebook, CommentDeleteResult)
    assert deleted.facebook.id == comment.facebook.comment_id
    # post_flow_*.hurl: the post is deleted (Instagram and TikTok in Ayrshare only).
    gone = await client.post.delete(id=sent.id or "")
    assert gone["code"] == 200


async def test_history_messages_and_account_analytics(
    sdk: tuple[AsyncAyrshare, AyrshareEmulator],
) -> None:
    client, emulator = sdk
    emulator.add_native_posts(None, "twitter", 3, text="Native tweet")
    emulator.add_native_posts(None, "instagram", 2, text="Native picture")
    # history_get_all.hurl: a network's own posts, read as that network's posts.
    tweets = await client.history.by_platform("twitter", limit=10)
    assert all(isinstance(p, TwitterSocialPost) for p in tweets.posts or ())
    first = tweets.posts_as(TwitterSocialPost)[0]
    assert first.public_metrics is not None and first.public_metrics.impression_count == 0
    assert first.edit_history_tweet_ids == [first.id]
    pictures = [p async for p in client.history.iter_by_platform("instagram", limit=1)]
    assert len(pictures) == 2 and all(isinstance(p, InstagramSocialPost) for p in pictures)
    # messages.hurl: send, then list, conversations and one conversation.
    sent = await client.messages.send("instagram", message="test", recipient_id="r-1")
    listed = await client.messages.list("instagram")
    assert listed.messages is not None and listed.messages[0].id == sent.message_id
    assert listed.messages[0].action == "sent"
    conversations = await client.messages.list("instagram", conversations_only=True)
    assert conversations.conversation_ids == [sent.conversation_id]
    one = await client.messages.list("instagram", conversation_id=sent.conversation_id)
    assert one.messages_count == 1
    # analytics_social.hurl: account analytics per network, typed.
    social = await client.analytics.social(platforms=["linkedin", "youtube", "twitter"])
    assert social.linkedin is not None and social.linkedin.analytics is not None
    assert social.linkedin.analytics.views is not None
    assert social.linkedin.analytics.views.mobile_products_page_views == 0
    assert social.youtube is not None and social.youtube.analytics is not None
    assert social.youtube.analytics.playlists and social.youtube.analytics.playlists[0].id
    assert social.twitter is not None and social.twitter.analytics is not None
    assert social.twitter.analytics.tweet_count == 3
