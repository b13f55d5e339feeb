"""Request and response models, one module per endpoint group, all re-exported here.

Names are unique across groups (each group prefixes its own), so ``from ayrshare_async.models
import PostCreateResponse`` works for every model. The generated resources and ``routes.py``
import from this package.
"""

from . import (
    _common,
    _generic,
    _metrics,
    _post_analytics,
    _social_analytics,
    _social_posts,
    ads,
    analytics,
    auto_schedule,
    brand,
    comments,
    feed,
    generate,
    hashtags,
    history,
    links,
    media,
    messages,
    post,
    profiles,
    reviews,
    user,
    utils,
    validate,
    webhooks,
)
from ._common import *  # noqa: F403
from ._generic import *  # noqa: F403
from ._metrics import *  # noqa: F403
from ._post_analytics import *  # noqa: F403
from ._social_analytics import *  # noqa: F403
from ._social_posts import *  # noqa: F403
from .ads import *  # noqa: F403
from .analytics import *  # noqa: F403
from .auto_schedule import *  # noqa: F403
from .brand import *  # noqa: F403
from .comments import *  # noqa: F403
from .feed import *  # noqa: F403
from .generate import *  # noqa: F403
from .hashtags import *  # noqa: F403
from .history import *  # noqa: F403
from .links import *  # noqa: F403
from .media import *  # noqa: F403
from .messages import *  # noqa: F403
from .post import *  # noqa: F403
from .profiles import *  # noqa: F403
from .reviews import *  # noqa: F403
from .user import *  # noqa: F403
from .utils import *  # noqa: F403
from .validate import *  # noqa: F403
from .webhooks import *  # noqa: F403

__all__: list[str] = []
__all__ += _common.__all__
__all__ += _generic.__all__
__all__ += _metrics.__all__
__all__ += _post_analytics.__all__
__all__ += _social_analytics.__all__
__all__ += _social_posts.__all__
__all__ += ads.__all__
__all__ += analytics.__all__
__all__ += auto_schedule.__all__
__all__ += brand.__all__
__all__ += comments.__all__
__all__ += feed.__all__
__all__ += generate.__all__
__all__ += hashtags.__all__
__all__ += history.__all__
__all__ += links.__all__
__all__ += media.__all__
__all__ += messages.__all__
__all__ += post.__all__
__all__ += profiles.__all__
__all__ += reviews.__all__
__all__ += user.__all__
__all__ += utils.__all__
__all__ += validate.__all__
__all__ += webhooks.__all__
