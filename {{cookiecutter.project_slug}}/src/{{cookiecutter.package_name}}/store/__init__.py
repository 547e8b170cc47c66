"""Persistence: the ChatKit Store, its schema, encryption, retention and key rotation."""

from .crypto import Cipher, DecryptionError
from .database import create_engine, create_session_factory
from .retention import PurgeReport, purge_expired_threads
from .rotation import reencrypt_rows
from .sql_store import SqlStore

__all__ = [
    "Cipher",
    "DecryptionError",
    "PurgeReport",
    "SqlStore",
    "create_engine",
    "create_session_factory",
    "purge_expired_threads",
    "reencrypt_rows",
]
