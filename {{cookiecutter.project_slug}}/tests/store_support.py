"""Helpers shared by the test modules: Alembic configuration and ChatKit object builders."""

from datetime import datetime, timedelta
from pathlib import Path

from alembic.config import Config
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageItem,
    FileAttachment,
    InferenceOptions,
    ThreadMetadata,
    UserMessageItem,
    UserMessageTextContent,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Naive, like the SDK's own datetime.now() under TZ=UTC.
BASE_TIME = datetime(2025, 3, 1, 9, 30)


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logging"] = False
    return config


def new_thread(thread_id: str, *, title: str | None = None, offset: int = 0) -> ThreadMetadata:
    return ThreadMetadata(
        id=thread_id, title=title, created_at=BASE_TIME + timedelta(seconds=offset)
    )


def user_message(
    item_id: str, thread_id: str, text: str = "hello", *, offset: int = 0
) -> UserMessageItem:
    return UserMessageItem(
        id=item_id,
        thread_id=thread_id,
        created_at=BASE_TIME + timedelta(seconds=offset),
        content=[UserMessageTextContent(text=text)],
        inference_options=InferenceOptions(),
    )


def assistant_message(
    item_id: str, thread_id: str, text: str = "hi", *, offset: int = 0
) -> AssistantMessageItem:
    return AssistantMessageItem(
        id=item_id,
        thread_id=thread_id,
        created_at=BASE_TIME + timedelta(seconds=offset),
        content=[AssistantMessageContent(text=text)],
    )


def file_attachment(
    attachment_id: str, *, name: str = "notes.txt", thread_id: str | None = None
) -> FileAttachment:
    return FileAttachment(id=attachment_id, name=name, mime_type="text/plain", thread_id=thread_id)
