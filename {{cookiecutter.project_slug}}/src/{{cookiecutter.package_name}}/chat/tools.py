"""Tools the model may call. Each reports progress and user-facing errors in the user's locale."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agents import RunContextWrapper, function_tool
from chatkit.agents import AgentContext
from chatkit.errors import CustomStreamError
from chatkit.types import ProgressUpdateEvent

from ..context import RequestContext
from ..i18n import translations

# IANA names such as "UTC", "Europe/Paris" or "America/Argentina/Buenos_Aires".
_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]{0,30}(/[A-Za-z0-9_+-]{1,30}){0,2}$")


@function_tool(failure_error_function=None)
async def current_time(ctx: RunContextWrapper[AgentContext[RequestContext]], timezone: str) -> str:
    """Return the current date and time in an IANA time zone.

    Args:
        timezone: An IANA time zone name, for example "Europe/Paris" or "UTC".
    """
    _ = translations(ctx.context.request_context.locale).gettext
    zone_name = timezone.strip()[:64]
    await ctx.context.stream(
        ProgressUpdateEvent(
            icon="clock", text=_("Looking up the time in {zone}…").format(zone=zone_name)
        )
    )
    try:
        if not _ZONE_NAME.match(zone_name):
            raise ZoneInfoNotFoundError(zone_name)
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        # Raised as a CustomStreamError, ChatKit shows this text to the user verbatim.
        raise CustomStreamError(
            _("“{zone}” is not a time zone I know. Try a name like Europe/Paris.").format(
                zone=zone_name
            )
        ) from None
    return datetime.now(UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


TOOLS = (current_time,)
