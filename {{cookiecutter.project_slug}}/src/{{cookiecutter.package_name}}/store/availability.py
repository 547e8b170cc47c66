"""Which errors mean "the database cannot be reached right now", as opposed to a bug.

The endpoint answers those with 503 and a Retry-After, so clients and load balancers back
off instead of reporting a server error with a traceback.
"""

from sqlalchemy import exc

DATABASE_UNAVAILABLE: tuple[type[BaseException], ...] = (
    exc.OperationalError,  # refused or dropped connections, statement timeouts, locked files
    exc.InterfaceError,  # the driver lost its connection
    exc.TimeoutError,  # no pooled connection became free in time
    OSError,  # connection refused before the driver could wrap it
    TimeoutError,  # connect timeout
)
