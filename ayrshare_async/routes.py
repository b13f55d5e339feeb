"""THE route table: one row per Ayrshare endpoint. ``python -m ayrshare_async._codegen`` turns it into
``resources/``. Sources: Ayrshare's docs (newest, they win), then the official SDKs, scripts and
skills (docs/routes.md says which facts rest on what)."""

from __future__ import annotations

from . import models as m
from ._route import Page, PathParam, Route

ROUTES: tuple[Route, ...] = (
    # --- ads ---
    Route(
        name="ads.list_accounts",
        method="GET",
        path="/ads/{platform}/accounts",
        summary="List the ad accounts of the linked Facebook/Instagram page.",
        response=m.JsonObject,
        query=m.AdAccountsQuery,
        path_params=(PathParam("platform", "AdsPlatform | str", ("facebook", "instagram")),),
        uncertain="path from the GraphQL ads page's REST table; `limit` only seen in a 2025 "
        "third-party extract; response shape (adAccounts[], count) not confirmed",
        doc="Needs the paid Ads add-on (403 with code 399 without it). Use the returned accountId "
        "wherever another ads call asks for account_id.",
    ),
    Route(
        name="ads.search_targeting_interests",
        method="GET",
        path="/ads/{platform}/interests",
        summary="Search audience interests to target an ad at.",
        response=m.JsonObject,
        query=m.AdInterestsQuery,
        path_params=(PathParam("platform", "AdsPlatform | str", ("facebook", "instagram")),),
        uncertain="REST parameters not retrieved: `search` is the GraphQL argument's name",
    ),
    Route(
        name="ads.search_targeting_regions",
        method="GET",
        path="/ads/{platform}/regions",
        summary="Search regions to target an ad at.",
        response=m.JsonObject,
        query=m.AdRegionsQuery,
        path_params=(PathParam("platform", "AdsPlatform | str", ("facebook", "instagram")),),
        uncertain="REST parameters not retrieved: `countryCode` is the GraphQL argument's name",
    ),
    Route(
        name="ads.search_targeting_cities",
        method="GET",
        path="/ads/{platform}/cities",
        summary="Search cities to target an ad at.",
        response=m.JsonObject,
        query=m.AdCitiesQuery,
        path_params=(PathParam("platform", "AdsPlatform | str", ("facebook", "instagram")),),
        uncertain="REST parameters not retrieved: names are the GraphQL arguments'",
    ),
    Route(
        name="ads.list_ads",
        method="GET",
        path="/ads/{platform}/ads",
        summary="List ads with their metrics, filtered by campaign, account, ad or post.",
        response=m.JsonObject,
        query=m.AdsQuery,
        path_params=(PathParam("platform", "AdsPlatform | str", ("facebook", "instagram")),),
        uncertain="REST parameter names inferred from the GraphQL ads page (at least one filter)",
    ),
    Route(
        name="ads.history",
        method="GET",
        path="/ads/{platform}/history",
        summary="Ad spend and performance history.",
        response=m.JsonObject,
        path_params=(PathParam("platform", "AdsPlatform | str", ("facebook", "instagram")),),
        uncertain="parameters not retrieved: pass filters with extra_query",
    ),
    Route(
        name="ads.update",
        method="PUT",
        path="/ads/{platform}/ads",
        summary="Update an ad (e.g. pause or resume it).",
        response=m.JsonObject,
        path_params=(PathParam("platform", "AdsPlatform | str", ("facebook", "instagram")),),
        uncertain="body parameters not retrieved: send the fields with extra_body",
    ),
    Route(
        name="ads.boost_post",
        method="POST",
        path="/ads/{platform}/boost",
        summary="Boost a published post: turn it into a paid ad.",
        response=m.JsonObject,
        body=m.BoostPostBody,
        path_params=(PathParam("platform", "AdsPlatform | str", ("facebook", "instagram")),),
        uncertain="body parameters from a 2025 third-party extract and the GraphQL page, not the "
        "REST docs",
        doc="The user needs a Meta payment method; Facebook pages linked before 2025-04-01 must be "
        "relinked. Never retried automatically: a repeat could create a second ad.",
    ),
    # --- end ads ---
    # --- analytics ---
    Route(
        name="analytics.post",
        method="POST",
        path="/analytics/post",
        summary="Metrics of a post sent via Ayrshare, per network.",
        response=m.PostAnalyticsResponse,
        body=m.AnalyticsPostBody,
        retry_safe=True,
        doc="A pure read sent as POST, so it is retried like a GET. The answer can be HTTP 200 "
        "with status 'partial'. YouTube/TikTok metrics lag 24-48 h, Pinterest 24-72 h.",
    ),
    Route(
        name="analytics.post_by_social_id",
        method="POST",
        path="/analytics/post",
        summary="Metrics of any post by the network's own post id (one network).",
        response=m.PostAnalyticsResponse,
        body=m.AnalyticsSocialIdBody,
        retry_safe=True,
        doc="Sends searchPlatformId: true. The linked account must own the post. A pure read, "
        "retried like a GET.",
    ),
    Route(
        name="analytics.social",
        method="POST",
        path="/analytics/social",
        summary="Account-level metrics (followers, reach...) per network.",
        response=m.SocialAnalyticsResponse,
        body=m.AnalyticsSocialBody,
        retry_safe=True,
        doc="A pure read, retried like a GET. With user_id/user_name (X only) call it without a "
        "Profile-Key: Ayrshare answers 400 when both are sent. Networks may throttle analytics "
        "(HTTP 429 with an Ayrshare code such as 444).",
    ),
    Route(
        name="analytics.links_legacy",
        method="GET",
        path="/analytics/links",
        summary="Click statistics of legacy shortened links (superseded by links.get).",
        response=list[m.JsonObject],
        query=m.AnalyticsLinksQuery,
        uncertain="only in legacy docs and the Node SDK; superseded by GET /links/{id}",
    ),
    # --- end analytics ---
    # --- auto_schedule ---
    Route(
        name="auto_schedule.set",
        method="POST",
        path="/auto-schedule/set",
        summary="Create or replace a named posting schedule.",
        response=m.AutoScheduleSetResponse,
        body=m.AutoScheduleSetBody,
        retry_safe=True,
        doc="Setting a schedule replaces the one with the same title, so a repeat leaves the same "
        "state: retried like a PUT. Use it from post.create with "
        "auto_schedule=PostAutoSchedule(title=...).",
    ),
    Route(
        name="auto_schedule.list",
        method="GET",
        path="/auto-schedule/list",
        summary="List the schedules with their times and last scheduled date.",
        response=m.AutoScheduleListResponse,
        query=m.AutoScheduleListQuery,
        uncertain="the title filter is not confirmed; older scripts show schedules as an object "
        "keyed by title (AutoScheduleListResponse.entries reads both shapes)",
        doc="Ayrshare answers code 192 when no schedule was ever set.",
    ),
    Route(
        name="auto_schedule.delete",
        method="DELETE",
        path="/auto-schedule/delete",
        summary="Delete a schedule (the 'default' one when no title is given).",
        response=m.AutoScheduleDeleteResponse,
        body=m.AutoScheduleDeleteBody,
    ),
    Route(
        name="auto_schedule.pending",
        method="GET",
        path="/auto-schedule/pending",
        summary="List the auto-scheduled posts not yet published.",
        response=m.JsonObject,
        uncertain="response shape not documented",
    ),
    # --- end auto_schedule ---
    # --- brand ---
    Route(
        name="brand.by_user",
        method="GET",
        path="/brand/byUser",
        summary="Public profile information of accounts on the networks, by username.",
        response=m.JsonObject,
        query=m.BrandByUserQuery,
        uncertain="parameters from the docs page's example only (platforms[], instagramUser, "
        "twitterUser); response shape not retrieved",
    ),
    # --- end brand ---
    # --- comments ---
    Route(
        name="comments.create",
        method="POST",
        path="/comments",
        summary="Add a top-level comment to a post.",
        response=m.CommentResponse,
        body=m.CommentCreateBody,
        doc="A comment on an X thread goes to its first tweet; Instagram Story comments are not "
        "supported. Never retried automatically: a repeat would post the comment twice.",
    ),
    Route(
        name="comments.get",
        method="GET",
        path="/comments/{id}",
        summary="Get the comments on a post (or one comment, by the network's comment id).",
        response=m.CommentsResponse,
        query=m.CommentsQuery,
        path_params=(PathParam("id"),),
        doc="Comments are refreshed about every 10 minutes: poll no more often. Old SDKs send "
        "GET /comments?id=...; this uses the current path.",
    ),
    Route(
        name="comments.delete",
        method="DELETE",
        path="/comments/{id}",
        summary="Delete one comment, or every Ayrshare-sent comment on a post.",
        response=m.CommentDeleteResponse,
        body=m.CommentDeleteBody,
        path_params=(PathParam("id"),),
        doc="The id is an Ayrshare post id, an Ayrshare comment id, or (with search_platform_id and "
        "platform) a network's comment id. On TikTok only the account's own comments can be "
        "deleted (code 328).",
    ),
    Route(
        name="comments.reply",
        method="POST",
        path="/comments/reply/{comment_id}",
        summary="Reply to a comment.",
        response=m.CommentReplyResponse,
        body=m.CommentReplyBody,
        path_params=(PathParam("comment_id"),),
        doc="The newest docs put the comment id in the path (POST /comments/reply/{commentId}); "
        "older SDKs, hurl and the MCP send it as a body field of POST /comments/reply. This SDK "
        "follows the newest docs. Never retried automatically.",
    ),
    # --- end comments ---
    # --- feed ---
    Route(
        name="feed.create",
        method="POST",
        path="/feed",
        summary="Register an RSS, Substack or YouTube feed whose new items are auto-posted.",
        response=m.FeedCreateResponse,
        body=m.FeedCreateBody,
        doc="New items go to the linked Facebook, X, LinkedIn and Telegram accounts; Instagram and "
        "Pinterest only when an image is found (older docs).",
    ),
    Route(
        name="feed.list",
        method="GET",
        path="/feed",
        summary="List the registered feeds.",
        response=m.FeedListResponse,
    ),
    Route(
        name="feed.update",
        method="PUT",
        path="/feed",
        summary="Update a registered feed.",
        response=m.JsonObject,
        body=m.FeedUpdateBody,
        uncertain="only the official SDKs' updateFeed method shows this route; fields other than "
        "id not retrieved (send them with extra_body)",
    ),
    Route(
        name="feed.delete",
        method="DELETE",
        path="/feed",
        summary="Delete a registered feed.",
        response=m.FeedDeleteResponse,
        body=m.FeedDeleteBody,
    ),
    # --- end feed ---
    # --- generate ---
    Route(
        name="generate.post",
        method="POST",
        path="/generate/post",
        summary="Generate post text from a topic, a draft or media (AI, Max Pack).",
        response=m.GeneratePostResponse,
        body=m.GeneratePostBody,
        doc="The docs page lists no Profile-Key header (the MCP treats the call as account-level); "
        "a client's profile key is still sent, as on every route that does not refuse one. Each "
        "call uses tokens of the monthly allowance, so it is never retried automatically.",
    ),
    Route(
        name="generate.rewrite",
        method="POST",
        path="/generate/rewrite",
        summary="Rewrite a post into several variations (AI, Max Pack).",
        response=m.GenerateRewriteResponse,
        body=m.GenerateRewriteBody,
    ),
    Route(
        name="generate.transcription",
        method="POST",
        path="/generate/transcription",
        summary="Transcribe a video (AI, Max Pack).",
        response=m.JsonObject,
        body=m.GenerateTranscriptionBody,
        uncertain="fact sheet: SDK method only; the docs page's example shows the body {videoUrl} "
        "but not the response",
    ),
    Route(
        name="generate.translate",
        method="POST",
        path="/generate/translate",
        summary="Translate a text into another language (AI, Max Pack).",
        response=m.JsonObject,
        body=m.GenerateTranslateBody,
        uncertain="fact sheet: SDK method only; the docs page's example shows the body "
        "{text, lang} but not the response",
    ),
    Route(
        name="generate.alt_text",
        method="POST",
        path="/generate/altText",
        summary="Generate alt text for an image (AI, Max Pack).",
        response=m.JsonObject,
        body=m.GenerateAltTextBody,
        uncertain="fact sheet: SDK method only; the docs page's example shows the body {url} but "
        "not the response",
    ),
    Route(
        name="generate.sentiment",
        method="POST",
        path="/generate/sentiment",
        summary="Analyse the sentiment of a text (AI, Max Pack).",
        response=m.JsonObject,
        body=m.GenerateSentimentBody,
        uncertain="fact sheet: SDK method only; the docs page's example shows the body {text} but "
        "not the response",
    ),
    # --- end generate ---
    # --- hashtags ---
    Route(
        name="hashtags.auto",
        method="POST",
        path="/hashtags/auto",
        summary="Add relevant hashtags to a post text.",
        response=m.AutoHashtagsResponse,
        body=m.AutoHashtagsBody,
        doc="Replaces the legacy POST /auto-hashtag {post, maxHashtags} (max was 1-5 there).",
    ),
    Route(
        name="hashtags.recommend",
        method="GET",
        path="/hashtags/recommend",
        summary="Recommend hashtags for a keyword, with view counts (TikTok data).",
        response=m.HashtagRecommendationsResponse,
        query=m.RecommendHashtagsQuery,
        doc="Uses the TikTok account linked to the profile (the Profile-Key selects which); fails "
        "when none is linked.",
    ),
    Route(
        name="hashtags.banned",
        method="GET",
        path="/hashtags/banned",
        summary="Check whether a hashtag is banned.",
        response=m.JsonObject,
        query=m.BannedHashtagQuery,
        doc="The response shape was not retrieved; it is returned as JSON.",
    ),
    # --- end hashtags ---
    # --- history ---
    Route(
        name="history.list",
        method="GET",
        path="/history",
        summary="Posts sent via Ayrshare, newest first, filtered by date, status, type or network.",
        response=m.HistoryListResponse,
        query=m.HistoryListQuery,
        doc="No cursor: narrow with start_date/end_date or last_days (default 30; 0 = all). "
        "Results are cached about 1 minute when limit > 25. Large answers come back compressed.",
    ),
    Route(
        name="history.get",
        method="GET",
        path="/history/{id}",
        summary="One post sent via Ayrshare, by Ayrshare Post ID (same data as post.get).",
        response=m.PostRecord,
        path_params=(PathParam("id"),),
        record_status=True,
    ),
    Route(
        name="history.by_platform",
        method="GET",
        path="/history/{platform}",
        summary="A network's own posts with their analytics, including posts not sent via Ayrshare.",
        response=m.HistoryByPlatformResponse,
        query=m.HistoryByPlatformQuery,
        path_params=(
            PathParam(
                "platform",
                "HistoryPlatform | str",
                (
                    "bluesky",
                    "facebook",
                    "instagram",
                    "linkedin",
                    "pinterest",
                    "snapchat",
                    "threads",
                    "tiktok",
                    "twitter",
                    "youtube",
                ),
            ),
        ),
        page=Page(items="posts", cursor_param="next", next_field="next_cursor"),
        uncertain="the next cursor (query next, response meta.pagination.next) comes from the MCP "
        "schema only",
        doc="Ids are the networks' native post ids. limit <= 100 is recommended; skip_analytics "
        "speeds Facebook/Instagram up.",
    ),
    # --- end history ---
    # --- links ---
    Route(
        name="links.create",
        method="POST",
        path="/links",
        summary="Shorten a URL (https://ayrs.io/...) with optional UTM tags (Max Pack).",
        response=m.ShortLink,
        body=m.LinkCreateBody,
        doc="Replaces the deprecated POST /short. The same URL always yields the same short link.",
    ),
    Route(
        name="links.get",
        method="GET",
        path="/links/{id}",
        summary="Click analytics of one short link.",
        response=m.LinkAnalyticsResponse,
        query=m.LinkAnalyticsQuery,
        path_params=(PathParam("id"),),
    ),
    Route(
        name="links.list",
        method="GET",
        path="/links",
        summary="Every short link with its click analytics.",
        response=m.LinkListResponse,
        query=m.LinkAnalyticsQuery,
    ),
    # --- end links ---
    # --- media ---
    Route(
        name="media.upload",
        method="POST",
        path="/media/upload",
        summary="Upload a file (base64 data URI, up to 30 MB) to use in posts.",
        response=m.MediaUploadResponse,
        body=m.MediaUploadBody,
        doc="Files are kept 90 days: a scheduled post that references an expired file fails. For "
        "files over 10 MB use media.upload_url. Sent as JSON (the API also takes multipart).",
    ),
    Route(
        name="media.upload_url",
        method="GET",
        path="/media/uploadUrl",
        summary="Get a presigned URL to upload a large file (over 10 MB, up to 5 GB).",
        response=m.MediaUploadUrlResponse,
        query=m.MediaUploadUrlQuery,
    ),
    Route(
        name="media.url_exists",
        method="POST",
        path="/media/urlExists",
        summary="Check that a media URL is reachable (Ayrshare sends it a HEAD request).",
        response=m.JsonObject,
        body=m.MediaUrlExistsBody,
        retry_safe=True,
        uncertain="confirmed by the MCP skill and the SDKs; current docs page not retrieved",
        doc="A pure read (nothing is created), so it is retried like a GET.",
    ),
    Route(
        name="media.meta",
        method="GET",
        path="/media/meta",
        summary="Metadata of a media file URL: format, size, dimensions, duration.",
        response=m.MediaMeta,
        query=m.MediaMetaQuery,
        uncertain="fact sheet: SDK method only; the docs page shows the `url` parameter and an "
        "example response",
    ),
    Route(
        name="media.resize",
        method="POST",
        path="/media/resize",
        summary="Resize an image to a network's size or to given dimensions (Max Pack).",
        response=m.MediaResizeResponse,
        body=m.MediaResizeBody,
        doc="Each call writes a new image, so it is not retried automatically.",
    ),
    Route(
        name="media.list",
        method="GET",
        path="/media",
        summary="List the media uploaded to the profile's gallery.",
        response=m.JsonObject,
        uncertain="SDKs and legacy docs only; not seen in the current docs",
    ),
    # --- end media ---
    # --- messages ---
    Route(
        name="messages.list",
        method="GET",
        path="/messages/{platform}",
        summary="Get direct messages or conversations on Facebook, Instagram or X.",
        response=m.MessagesResponse,
        query=m.MessagesQuery,
        path_params=(
            PathParam("platform", "MessagesPlatform | str", ("facebook", "instagram", "twitter")),
        ),
        page=Page(items="messages", cursor_param="next", next_field="next"),
        uncertain="pagination (X only): the request parameter `next` is documented, the response "
        "field carrying the next cursor is not; `next` is assumed",
        doc="Needs messaging enabled on the account and profile (Messaging add-on or "
        "Launch/Business).",
    ),
    Route(
        name="messages.send",
        method="POST",
        path="/messages/{platform}",
        summary="Send a direct message (text and/or media) on Facebook, Instagram or X.",
        response=m.MessageSendResponse,
        body=m.MessageSendBody,
        path_params=(
            PathParam("platform", "MessagesPlatform | str", ("facebook", "instagram", "twitter")),
        ),
        doc="Facebook and Instagram need recipient_id; X needs message text even with media and "
        "takes one media URL. Platform messaging windows (Meta's 24 h policy) apply. Never retried "
        "automatically: a repeat would send the message twice.",
    ),
    Route(
        name="messages.get_autoresponse",
        method="GET",
        path="/messages/autoresponse",
        summary="Get the profile's DM auto-response settings.",
        response=m.AutoResponseSettings,
    ),
    Route(
        name="messages.set_autoresponse",
        method="POST",
        path="/messages/autoresponse",
        summary="Change the profile's DM auto-response settings.",
        response=m.AutoResponseSettings,
        body=m.AutoResponseBody,
    ),
    # --- end messages ---
    # --- post ---
    Route(
        name="post.create",
        method="POST",
        path="/post",
        summary="Publish (or schedule) a post to one or more networks.",
        response=m.PostCreateResponse,
        body=m.PostCreateBody,
        idempotency_field="idempotency_key",
        doc="The SDK sends an idempotencyKey (yours, or one it mints per call), which makes the "
        "call safe to retry: a repeat is rejected (DuplicateRequestError), never posted twice. "
        "Read both post_ids and errors: some networks may succeed while others fail. When "
        "Ayrshare answers status 'error', PostCreateResponse.from_error(exc) still gives the "
        "post_ids of the networks that succeeded.",
    ),
    Route(
        name="post.get",
        method="GET",
        path="/post/{id}",
        summary="A post sent via Ayrshare, with its status, by Ayrshare Post ID.",
        response=m.PostRecord,
        path_params=(PathParam("id"),),
        record_status=True,
    ),
    Route(
        name="post.delete",
        method="DELETE",
        path="/post",
        summary="Delete a post (or a bulk list, or every pending scheduled post) from the networks.",
        response=m.PostDeleteResponse,
        body=m.PostDeleteBody,
        doc="Published Instagram and TikTok posts (and Facebook image stories) cannot be deleted "
        "via the API. A repeat after a delete that landed answers 114/383; a retried call "
        "reports that as possibly_deleted_by_earlier_attempt.",
    ),
    Route(
        name="post.update",
        method="PATCH",
        path="/post",
        summary="Approve, pause, reschedule or annotate a pending post; change YouTube visibility.",
        response=m.PostActionResponse,
        body=m.PostUpdateBody,
        doc="Only pending scheduled posts, posts awaiting approval, or a published YouTube video's "
        "visibility can change; anything else needs delete and repost.",
    ),
    Route(
        name="post.retry",
        method="PUT",
        path="/post/retry",
        summary="Retry a post whose status is 'error' (once per post).",
        response=m.PostActionResponse,
        body=m.PostIdBody,
        retry_safe=False,
        doc="Allowed once per post, so it is never repeated automatically: a repeat of an attempt "
        "that landed would be refused. Check the post did not publish first; the result arrives "
        "like a scheduled post's (history or the scheduled webhook).",
    ),
    # --- end post ---
    # --- profiles ---
    Route(
        name="profiles.create",
        method="POST",
        path="/profiles",
        summary="Create a user profile; the answer holds its profile key (only time it is shown).",
        response=m.ProfileCreateResponse,
        body=m.ProfileCreateBody,
        profile_key="refused",
        doc="A duplicate title is refused (code 146). Store the returned profile key securely: "
        "GET /profiles never returns it.",
    ),
    Route(
        name="profiles.list",
        method="GET",
        path="/profiles",
        summary="The user profiles of the account (without their profile keys), page by page.",
        response=m.ProfilesPage,
        query=m.ProfilesListQuery,
        profile_key="refused",
        page=Page(
            items="profiles", cursor_param="cursor", next_field="next_cursor", more_field="has_more"
        ),
        doc="iter() walks every page (nextCursor while hasMore).",
    ),
    Route(
        name="profiles.update",
        method="PATCH",
        path="/profiles",
        summary="Update a user profile's title, tags, disabled networks or linking-page headers.",
        response=m.ProfileActionResponse,
        body=m.ProfileUpdateBody,
        profile_key="required",
    ),
    Route(
        name="profiles.delete",
        method="DELETE",
        path="/profiles",
        summary="Delete a user profile and all its posts (irreversible).",
        response=m.ProfileActionResponse,
        body=m.ProfileDeleteBody,
        doc="The profile is the Profile-Key's, or the one whose title is given. At most 8 deletes "
        "per second: use client.profiles.delete_many for many.",
    ),
    Route(
        name="profiles.generate_jwt",
        method="POST",
        path="/profiles/generateJWT",
        summary="A single-sign-on URL to the page where the user links social accounts.",
        response=m.ProfileGenerateJwtResponse,
        body=m.ProfileGenerateJwtBody,
        doc="The URL is valid 5 minutes unless expires_in (Max Pack). A newer flow is "
        "create_link_session.",
    ),
    Route(
        name="profiles.create_link_session",
        method="POST",
        path="/profiles/link-sessions",
        summary="A linking-page session URL for the user profile (the newer linking flow).",
        response=m.LinkSessionResponse,
        body=m.LinkSessionBody,
        profile_key="required",
        uncertain="mode, network, instagram_link_method, origin, domain and the response shape come "
        "from a secondary source",
    ),
    Route(
        name="profiles.unlink_social",
        method="DELETE",
        path="/profiles/social",
        summary="Unlink a network from the user profile (the primary one without a Profile-Key).",
        response=m.ProfileActionResponse,
        body=m.ProfileUnlinkSocialBody,
    ),
    # --- end profiles ---
    # --- reviews ---
    Route(
        name="reviews.list",
        method="GET",
        path="/reviews",
        summary="Get the reviews of the linked Google Business Profile or Facebook page.",
        response=m.ReviewsResponse,
        query=m.ReviewsQuery,
        doc="Without reviews the API answers with an error (code 350, secondary source).",
    ),
    Route(
        name="reviews.get",
        method="GET",
        path="/reviews/{id}",
        summary="Get one review.",
        response=m.JsonObject,
        query=m.ReviewQuery,
        path_params=(PathParam("id"),),
        uncertain="only the official SDKs' review method shows this route; its parameters and "
        "response were not retrieved",
    ),
    Route(
        name="reviews.reply",
        method="POST",
        path="/reviews",
        summary="Reply to a review.",
        response=m.ReviewActionResponse,
        body=m.ReviewReplyBody,
    ),
    Route(
        name="reviews.delete_reply",
        method="DELETE",
        path="/reviews",
        summary="Delete the reply to a review.",
        response=m.ReviewActionResponse,
        body=m.ReviewReplyDeleteBody,
    ),
    # --- end reviews ---
    # --- user ---
    Route(
        name="user.get",
        method="GET",
        path="/user",
        summary="The profile's details: linked networks, display names, quotas.",
        response=m.UserDetails,
        query=m.UserGetQuery,
    ),
    Route(
        name="user.batch",
        method="GET",
        path="/user/batch",
        summary="A download URL of every user profile's details (refreshed at most every 3 h).",
        response=m.UserBatchResponse,
        profile_key="refused",
        doc="Primary profile only. The URL expires 7 days after creation; the 'batch' webhook "
        "fires when a new file is ready.",
    ),
    # --- end user ---
    # --- utils ---
    Route(
        name="utils.explain_error",
        method="GET",
        path="/error-explainer",
        summary="Explain an Ayrshare error code in plain language, with a resolution hint.",
        response=m.JsonObject,
        query=m.ErrorExplainQuery,
        uncertain="only the MCP errors skill names this REST route; the docs' Utils pages could "
        "not be retrieved",
    ),
    # --- end utils ---
    # --- validate ---
    Route(
        name="validate.post",
        method="POST",
        path="/validate/post",
        summary="Check a post body (the same as post.create's) without publishing it.",
        response=m.ValidateResponse,
        body=m.PostCreateBody,
        retry_safe=True,
        doc="A pure check sent as POST, so it is retried like a GET. An idempotency_key passed "
        "here is only validated, never recorded.",
    ),
    Route(
        name="validate.post_length",
        method="POST",
        path="/validate/postLength",
        summary="Weighted length of a text and whether it fits each network.",
        response=m.ValidatePostLengthResponse,
        body=m.ValidatePostLengthBody,
        retry_safe=True,
        doc="A pure computation, retried like a GET. The docs' curl example uses "
        "/post/checkPostWeight; the documented path is used here.",
    ),
    Route(
        name="validate.json",
        method="POST",
        path="/validate/json",
        summary="Check that a text is valid JSON (legacy).",
        response=m.ValidateResponse,
        retry_safe=True,
        uncertain="only in legacy docs, which send the JSON text as a text/plain body; this SDK "
        "sends JSON, so pass the object to check as extra_body",
    ),
    # --- end validate ---
    # --- webhooks ---
    Route(
        name="webhooks.register",
        method="POST",
        path="/hook/webhook",
        summary="Register the URL that receives one webhook action's events.",
        response=m.WebhookRegistration,
        body=m.WebhookRegisterBody,
        doc="The MCP text writes /hook; the docs, SDKs and hurl scripts use /hook/webhook. A user "
        "profile's webhook overrides the primary profile's. A secret given here becomes the "
        "profile's signing secret; plain http is accepted for a loopback URL only (a receiver "
        "under test, registered with the emulator). Verify deliveries with "
        "ayrshare_async.webhooks.",
    ),
    Route(
        name="webhooks.unregister",
        method="DELETE",
        path="/hook/webhook",
        summary="Unregister one webhook action.",
        response=m.WebhookUnregistration,
        body=m.WebhookUnregisterBody,
    ),
    Route(
        name="webhooks.list",
        method="GET",
        path="/hook/webhook",
        summary="List the registered webhooks (action -> URL).",
        response=m.JsonObject,
        query=m.WebhookListQuery,
    ),
    Route(
        name="webhooks.rotate_signing_secret",
        method="POST",
        path="/hook/webhook/secret",
        summary="Set or rotate the profile's webhook signing secret.",
        response=m.SigningSecretResponse,
        body=m.SigningSecretBody,
        doc="For 24 hours after a rotation deliveries are signed with both the old and the new "
        "secret. One secret per profile signs every action. To rotate without downtime, let the "
        "receiver accept both secrets first (docs/webhooks.md).",
    ),
    # --- end webhooks ---
)
