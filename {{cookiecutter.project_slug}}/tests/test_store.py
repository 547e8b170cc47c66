"""The Store contract: what every Store of this project does, through ChatKit's Store API only.

Scoping to the tenant and user, pagination in both orders with cursors, clamped limits,
upserts, delete cascades, attachments. The ``store`` fixture (conftest.py) names the
implementation under test; storage details of one implementation are tested beside it
(test_sql_store.py).
"""

import json
import re
from collections.abc import AsyncIterator, Callable
from datetime import datetime

import pytest
from chatkit.server import ChatKitServer, NonStreamingResult, StreamingResult
from chatkit.store import _ID_PREFIXES, NotFoundError, Store
from chatkit.types import (
    AssistantMessageContent,
    AssistantMessageItem,
    ClientToolCallItem,
    EndOfTurnItem,
    HiddenContextItem,
    ImageAttachment,
    Page,
    SDKHiddenContextItem,
    Thread,
    ThreadItem,
    ThreadItemDoneEvent,
    ThreadMetadata,
    ThreadStreamEvent,
    UserMessageItem,
    WidgetItem,
)
from chatkit.widgets import Card, Text

from {{ cookiecutter.package_name }}.context import RequestContext

from .store_support import BASE_TIME, assistant_message, file_attachment, new_thread, user_message

ChatStore = Store[RequestContext]
MakeContext = Callable[..., RequestContext]


async def make_thread_with_items(
    store: ChatStore, context: RequestContext, count: int, *, same_time: bool = False
) -> tuple[str, list[str]]:
    thread_id = store.generate_thread_id(context)
    thread = new_thread(thread_id)
    await store.save_thread(thread, context)
    item_ids = []
    for index in range(count):
        item_id = store.generate_item_id("message", thread, context)
        offset = 0 if same_time else index
        await store.add_thread_item(
            thread_id, user_message(item_id, thread_id, offset=offset), context
        )
        item_ids.append(item_id)
    return thread_id, item_ids


async def walk_item_pages(
    store: ChatStore, context: RequestContext, thread_id: str, limit: int, order: str
) -> list[Page[ThreadItem]]:
    pages: list[Page[ThreadItem]] = []
    after = None
    while True:
        page = await store.load_thread_items(thread_id, after, limit, order, context)
        pages.append(page)
        if not page.has_more:
            return pages
        after = page.after


def ids(page: Page[ThreadItem] | Page[ThreadMetadata]) -> list[str]:
    return [entry.id for entry in page.data]


# Threads


async def test_thread_round_trips_exactly(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    thread = ThreadMetadata(
        id=store.generate_thread_id(context),
        created_at=datetime.now(),
        title="Planning the trip",
        metadata={"source": "test"},
        allowed_image_domains=["images.example.com"],
    )
    await store.save_thread(thread, context)

    loaded = await store.load_thread(thread.id, context)
    assert loaded == thread
    assert loaded.created_at.tzinfo is None


async def test_save_thread_upserts(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    thread = new_thread("thr_upsert", title="First title")
    await store.save_thread(thread, context)
    await store.save_thread(thread.model_copy(update={"title": "Second title"}), context)

    assert (await store.load_thread(thread.id, context)).title == "Second title"
    assert ids(await store.load_threads(20, None, "asc", context)) == [thread.id]


async def test_save_thread_leaves_the_items_of_a_full_thread_out(
    store: ChatStore, make_context: MakeContext
) -> None:
    context = make_context()
    item = user_message("msg_1", "thr_full")
    thread = Thread(id="thr_full", created_at=BASE_TIME, items=Page(data=[item]))
    await store.save_thread(thread, context)

    loaded = await store.load_thread(thread.id, context)
    assert type(loaded) is ThreadMetadata
    assert loaded == ThreadMetadata(id="thr_full", created_at=BASE_TIME)


async def test_missing_thread_raises_not_found(store: ChatStore, make_context: MakeContext) -> None:
    with pytest.raises(NotFoundError, match=r"^Thread thr_missing not found$"):
        await store.load_thread("thr_missing", make_context())


async def test_threads_paginate_in_both_orders(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    thread_ids = [f"thr_{index}" for index in range(5)]
    for offset, thread_id in enumerate(thread_ids):
        await store.save_thread(new_thread(thread_id, offset=offset), context)

    for order, expected in (("asc", thread_ids), ("desc", thread_ids[::-1])):
        first = await store.load_threads(2, None, order, context)
        assert (ids(first), first.has_more, first.after) == (expected[:2], True, expected[1])
        second = await store.load_threads(2, first.after, order, context)
        assert (ids(second), second.has_more, second.after) == (expected[2:4], True, expected[3])
        last = await store.load_threads(2, second.after, order, context)
        assert (ids(last), last.has_more, last.after) == (expected[4:], False, None)


async def test_thread_limit_is_clamped(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    for offset in range(21):
        await store.save_thread(new_thread(f"thr_{offset:02d}", offset=offset), context)

    default = await store.load_threads(0, None, "asc", context)
    assert (len(default.data), default.has_more) == (20, True)
    negative = await store.load_threads(-1, None, "asc", context)
    assert (len(negative.data), negative.has_more) == (1, True)


# Items and pagination


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_items_paginate_with_cursors(
    store: ChatStore, make_context: MakeContext, order: str
) -> None:
    context = make_context()
    thread_id, item_ids = await make_thread_with_items(store, context, 5)
    expected = item_ids if order == "asc" else item_ids[::-1]

    pages = await walk_item_pages(store, context, thread_id, 2, order)

    assert [(ids(page), page.has_more, page.after) for page in pages] == [
        (expected[0:2], True, expected[1]),
        (expected[2:4], True, expected[3]),
        (expected[4:], False, None),
    ]


@pytest.mark.parametrize("order", ["asc", "desc"])
async def test_equal_timestamps_page_in_insertion_order(
    store: ChatStore, make_context: MakeContext, order: str
) -> None:
    context = make_context()
    thread_id, item_ids = await make_thread_with_items(store, context, 5, same_time=True)
    expected = item_ids if order == "asc" else item_ids[::-1]

    pages = await walk_item_pages(store, context, thread_id, 1, order)

    assert [item_id for page in pages for item_id in ids(page)] == expected
    assert len(pages) == 5


async def test_item_limit_is_clamped(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    thread_id, _ = await make_thread_with_items(store, context, 105)

    for limit, size in ((0, 20), (-1, 1), (10_000, 100)):
        page = await store.load_thread_items(thread_id, None, limit, "asc", context)
        assert (len(page.data), page.has_more) == (size, True), limit


async def test_unknown_or_foreign_cursor_gives_an_empty_page(
    store: ChatStore, make_context: MakeContext
) -> None:
    alice, bob = make_context(), make_context(user="bob")
    thread_id, _ = await make_thread_with_items(store, alice, 3)
    other_thread_id, other_ids = await make_thread_with_items(store, alice, 1)
    bob_thread_id, _ = await make_thread_with_items(store, bob, 1)
    empty = Page[ThreadItem]()

    assert await store.load_thread_items(thread_id, "msg_nope", 10, "asc", alice) == empty
    # A cursor from another thread, even the caller's own, is unknown here.
    assert await store.load_thread_items(thread_id, other_ids[0], 10, "asc", alice) == empty
    assert await store.load_threads(10, bob_thread_id, "asc", alice) == Page[ThreadMetadata]()
    assert ids(await store.load_threads(10, None, "asc", alice)) == [thread_id, other_thread_id]


async def test_add_thread_item_never_overwrites(
    store: ChatStore, make_context: MakeContext
) -> None:
    context = make_context()
    thread_id, _ = await make_thread_with_items(store, context, 0)
    await store.add_thread_item(thread_id, user_message("msg_1", thread_id, "first"), context)
    await store.add_thread_item(thread_id, user_message("msg_1", thread_id, "second"), context)

    page = await store.load_thread_items(thread_id, None, 10, "asc", context)
    assert [item.content[0].text for item in page.data if isinstance(item, UserMessageItem)] == [
        "first"
    ]


async def test_save_item_upserts(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    thread_id, _ = await make_thread_with_items(store, context, 0)
    await store.save_item(thread_id, assistant_message("msg_1", thread_id, "draft"), context)
    await store.save_item(thread_id, assistant_message("msg_1", thread_id, "final"), context)
    await store.save_item(thread_id, assistant_message("msg_2", thread_id, "more"), context)

    loaded = await store.load_item(thread_id, "msg_1", context)
    assert isinstance(loaded, AssistantMessageItem)
    assert loaded.content[0].text == "final"
    assert ids(await store.load_thread_items(thread_id, None, 10, "asc", context)) == [
        "msg_1",
        "msg_2",
    ]


@pytest.mark.parametrize(
    "item",
    [
        user_message("msg_u", "thr_kinds", "with a file").model_copy(
            update={"attachments": [file_attachment("atc_1")]}
        ),
        assistant_message("msg_a", "thr_kinds"),
        ClientToolCallItem(
            id="tc_1",
            thread_id="thr_kinds",
            created_at=BASE_TIME,
            call_id="call_1",
            name="get_weather",
            arguments={"city": "Lyon"},
        ),
        HiddenContextItem(id="hc_1", thread_id="thr_kinds", created_at=BASE_TIME, content={"k": 1}),
        SDKHiddenContextItem(
            id="shcx_1", thread_id="thr_kinds", created_at=BASE_TIME, content="stop"
        ),
        EndOfTurnItem(id="eot_1", thread_id="thr_kinds", created_at=BASE_TIME),
    ],
    ids=lambda item: item.type,
)
async def test_every_item_kind_round_trips(
    store: ChatStore, make_context: MakeContext, item: ThreadItem
) -> None:
    context = make_context()
    await store.save_thread(new_thread("thr_kinds"), context)
    await store.add_thread_item("thr_kinds", item, context)

    assert await store.load_item("thr_kinds", item.id, context) == item


# chatkit 1.6 deprecates building widgets from its classes, and warns on loading them too.
@pytest.mark.filterwarnings("ignore:Direct usage of named widget classes:DeprecationWarning")
async def test_widget_items_round_trip(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    await store.save_thread(new_thread("thr_widget"), context)
    item = WidgetItem(
        id="wd_1",
        thread_id="thr_widget",
        created_at=BASE_TIME,
        widget=Card(children=[Text(value="Forecast")]),
    )
    await store.add_thread_item("thr_widget", item, context)

    assert await store.load_item("thr_widget", item.id, context) == item


async def test_load_and_delete_an_item(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    thread_id, item_ids = await make_thread_with_items(store, context, 3)

    assert (await store.load_item(thread_id, item_ids[1], context)).id == item_ids[1]
    await store.delete_thread_item(thread_id, item_ids[1], context)

    with pytest.raises(NotFoundError, match=rf"^Item {item_ids[1]} not found$"):
        await store.load_item(thread_id, item_ids[1], context)
    page = await store.load_thread_items(thread_id, None, 10, "asc", context)
    assert ids(page) == [item_ids[0], item_ids[2]]


async def test_delete_thread_cascades(store: ChatStore, make_context: MakeContext) -> None:
    context = make_context()
    thread_id, item_ids = await make_thread_with_items(store, context, 3)
    await store.save_attachment(file_attachment("atc_1", thread_id=thread_id), context)
    await store.save_attachment(file_attachment("atc_2", thread_id=thread_id), context)
    await store.save_attachment(file_attachment("atc_unused"), context)

    await store.delete_thread(thread_id, context)

    with pytest.raises(NotFoundError):
        await store.load_thread(thread_id, context)
    for item_id in item_ids:
        with pytest.raises(NotFoundError):
            await store.load_item(thread_id, item_id, context)
    for attachment_id in ("atc_1", "atc_2"):
        with pytest.raises(NotFoundError):
            await store.load_attachment(attachment_id, context)
    assert (await store.load_attachment("atc_unused", context)).id == "atc_unused"
    # A thread created again under the same id starts empty.
    await store.save_thread(new_thread(thread_id), context)
    assert (await store.load_thread_items(thread_id, None, 10, "asc", context)).data == []


# Scoping: another user of the same tenant, and the same user id in another tenant


@pytest.fixture(params=[("bob", "t1"), ("alice", "t2")], ids=["other-user", "other-tenant"])
def intruder(request: pytest.FixtureRequest, make_context: MakeContext) -> RequestContext:
    user, tenant = request.param
    return make_context(user=user, tenant=tenant)


async def test_threads_of_others_are_not_found(
    store: ChatStore, make_context: MakeContext, intruder: RequestContext
) -> None:
    owner = make_context()
    thread_id, item_ids = await make_thread_with_items(store, owner, 2)

    with pytest.raises(NotFoundError, match=rf"^Thread {thread_id} not found$"):
        await store.load_thread(thread_id, intruder)
    with pytest.raises(NotFoundError, match=rf"^Item {item_ids[0]} not found$"):
        await store.load_item(thread_id, item_ids[0], intruder)
    assert await store.load_thread_items(thread_id, None, 10, "asc", intruder) == Page()
    assert await store.load_thread_items(thread_id, item_ids[0], 10, "asc", intruder) == Page()
    assert await store.load_threads(10, None, "asc", intruder) == Page()


async def test_others_cannot_change_a_thread(
    store: ChatStore, make_context: MakeContext, intruder: RequestContext
) -> None:
    owner = make_context()
    thread_id, item_ids = await make_thread_with_items(store, owner, 2)
    before = await store.load_thread_items(thread_id, None, 10, "asc", owner)

    with pytest.raises(NotFoundError):
        await store.add_thread_item(thread_id, user_message("msg_x", thread_id), intruder)
    with pytest.raises(NotFoundError):
        await store.save_item(thread_id, user_message(item_ids[0], thread_id, "changed"), intruder)
    await store.delete_thread_item(thread_id, item_ids[0], intruder)
    await store.delete_thread(thread_id, intruder)

    assert (await store.load_thread(thread_id, owner)).title is None
    assert await store.load_thread_items(thread_id, None, 10, "asc", owner) == before


async def test_save_thread_cannot_take_over_a_thread_of_another_user(
    store: ChatStore, make_context: MakeContext
) -> None:
    alice, bob = make_context(), make_context(user="bob")
    await store.save_thread(new_thread("thr_1", title="Alice's"), alice)

    with pytest.raises(NotFoundError, match=r"^Thread thr_1 not found$"):
        await store.save_thread(new_thread("thr_1", title="Bob's"), bob)

    assert (await store.load_thread("thr_1", alice)).title == "Alice's"
    assert await store.load_threads(10, None, "asc", bob) == Page()


async def test_thread_ids_are_scoped_to_the_tenant(
    store: ChatStore, make_context: MakeContext
) -> None:
    first, second = make_context(tenant="t1"), make_context(tenant="t2")
    await store.save_thread(new_thread("thr_1", title="In t1"), first)
    await store.save_thread(new_thread("thr_1", title="In t2"), second)

    assert (await store.load_thread("thr_1", first)).title == "In t1"
    assert (await store.load_thread("thr_1", second)).title == "In t2"


# Attachments


async def test_attachments_round_trip_and_upsert(
    store: ChatStore, make_context: MakeContext
) -> None:
    context = make_context()
    thread_id, _ = await make_thread_with_items(store, context, 0)
    image = ImageAttachment(
        id="atc_image",
        name="photo.png",
        mime_type="image/png",
        preview_url="https://files.example.com/photo.png",
        metadata={"storage_key": "blobs/photo"},
    )
    await store.save_attachment(image, context)
    assert await store.load_attachment(image.id, context) == image

    linked = image.model_copy(update={"thread_id": thread_id})
    await store.save_attachment(linked, context)
    assert await store.load_attachment(image.id, context) == linked

    await store.delete_attachment(image.id, context)
    with pytest.raises(NotFoundError, match=r"^Attachment atc_image not found$"):
        await store.load_attachment(image.id, context)


async def test_attachments_of_others_are_not_found(
    store: ChatStore, make_context: MakeContext, intruder: RequestContext
) -> None:
    owner = make_context()
    attachment = file_attachment("atc_1", name="owner.txt")
    await store.save_attachment(attachment, owner)

    with pytest.raises(NotFoundError, match=r"^Attachment atc_1 not found$"):
        await store.load_attachment("atc_1", intruder)
    await store.delete_attachment("atc_1", intruder)

    assert await store.load_attachment("atc_1", owner) == attachment


async def test_save_attachment_cannot_take_over_one_of_another_user(
    store: ChatStore, make_context: MakeContext
) -> None:
    alice, bob = make_context(), make_context(user="bob")
    attachment = file_attachment("atc_1", name="alice.txt")
    await store.save_attachment(attachment, alice)

    with pytest.raises(NotFoundError, match=r"^Attachment atc_1 not found$"):
        await store.save_attachment(file_attachment("atc_1", name="bob.txt"), bob)

    assert await store.load_attachment("atc_1", alice) == attachment


async def test_attachment_cannot_join_a_thread_of_others(
    store: ChatStore, make_context: MakeContext, intruder: RequestContext
) -> None:
    thread_id, _ = await make_thread_with_items(store, make_context(), 0)

    with pytest.raises(NotFoundError, match=rf"^Thread {thread_id} not found$"):
        await store.save_attachment(file_attachment("atc_1", thread_id=thread_id), intruder)


# Ids and connections


async def test_generated_ids_keep_the_sdk_prefixes(
    store: ChatStore, make_context: MakeContext
) -> None:
    context = make_context()
    thread_id = store.generate_thread_id(context)
    assert re.fullmatch(r"thr_[0-9a-f]{32}", thread_id)

    thread = new_thread(thread_id)
    for item_type, prefix in _ID_PREFIXES.items():
        generated = {store.generate_item_id(item_type, thread, context) for _ in range(3)}
        assert len(generated) == 3
        for item_id in generated:
            assert re.fullmatch(prefix + r"_[0-9a-f]{32}", item_id), item_id


# The SDK on top of the Store


class PongServer(ChatKitServer[RequestContext]):
    async def respond(
        self,
        thread: ThreadMetadata,
        input_user_message: UserMessageItem | None,
        context: RequestContext,
    ) -> AsyncIterator[ThreadStreamEvent]:
        thread.title = "Ping pong"
        yield ThreadItemDoneEvent(
            item=AssistantMessageItem(
                id=self.store.generate_item_id("message", thread, context),
                thread_id=thread.id,
                created_at=datetime.now(),
                content=[AssistantMessageContent(text="pong")],
            )
        )


async def test_chatkit_server_runs_on_the_store(
    store: ChatStore, make_context: MakeContext
) -> None:
    alice, bob = make_context(), make_context(user="bob")
    server = PongServer(store)
    body = (
        b'{"type":"threads.create","params":{"input":{"content":[{"type":"input_text",'
        b'"text":"ping"}],"attachments":[],"inference_options":{}}}}'
    )
    result = await server.process(body, alice)
    assert isinstance(result, StreamingResult)
    events = [chunk async for chunk in result]
    assert events
    assert all(chunk.startswith(b"data: ") for chunk in events)

    threads = await store.load_threads(20, None, "desc", alice)
    assert [thread.title for thread in threads.data] == ["Ping pong"]
    thread_id = threads.data[0].id
    request = {"type": "threads.get_by_id", "params": {"thread_id": thread_id}}
    listed = await server.process(json.dumps(request), alice)
    assert isinstance(listed, NonStreamingResult)
    thread = Thread.model_validate_json(listed.json)
    assert [item.type for item in thread.items.data] == ["user_message", "assistant_message"]
    assert await store.load_threads(20, None, "desc", bob) == Page()
