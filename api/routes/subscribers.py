"""Subscribers (banks, credit agencies): webhook subscriptions and the pull feed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.convertors import StringConvertor, register_url_convertor

from adapters.core.db import json_from_view
from adapters.sharing.feed import MAX_WATCHLIST, FeedFilter, read_page
from adapters.sharing.subscriptions import MAX_BATCH, Subscription, watch_id
from api import answers
from api.auth import ServicesDep, require
from api.deps import SubscriptionsDep
from application.ports import Actor
from domain.errors import DomainError
from domain.input_rules import MAX_SAFE_INTEGER
from domain.vocabulary import FeedType, ListName, Sector

router = APIRouter(prefix="/v1", tags=["subscribers"])


class Segment(StringConvertor):
    """A path segment without a colon (the colon starts a custom method: `{id}:pause`)."""

    regex = "[^/:]+"


Subscriber = Annotated[Actor, Depends(require("subscriber", "admin"))]
FeedReader = Annotated[Actor, Depends(require("subscriber", "admin", "auditor"))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SubscriptionFilter(Strict):
    subjects: list[str] = Field(default_factory=list, max_length=MAX_WATCHLIST)
    lists: list[ListName] = Field(default_factory=list)
    sectors: list[Sector] = Field(default_factory=list)
    types: list[FeedType] = Field(default_factory=list)


class SubscriptionBody(Strict):
    url: str = Field(min_length=1, max_length=2000)
    filter: SubscriptionFilter = Field(default_factory=SubscriptionFilter)
    batch_size: int | None = Field(
        None,
        ge=1,
        le=MAX_BATCH,
        description="Opt-in batched content mode: up to this many events per POST, as a JSON array"
        " of CloudEvents (application/cloudevents-batch+json). Absent: one structured-mode"
        " CloudEvent per POST (application/cloudevents+json).",
    )


class ReplayBody(Strict):
    from_sequence: int = Field(ge=1)


def _out(sub: Subscription) -> dict[str, Any]:
    return sub.out()


@router.post("/subscriptions", status_code=201, response_model=answers.SubscriptionCreated)
def create_subscription(
    body: SubscriptionBody, actor: Subscriber, store: SubscriptionsDep
) -> dict[str, Any]:
    subscription_id, secret = store.create(
        actor, body.url, body.filter.model_dump(), batch_size=body.batch_size
    )
    return {"subscription_id": subscription_id, "secret": secret}


@router.get("/subscriptions", response_model=answers.Subscriptions)
def list_subscriptions(actor: Subscriber, store: SubscriptionsDep) -> dict[str, Any]:
    return {"subscriptions": [_out(s) for s in store.list(actor)]}


# `{id}` alone matches no colon, so that it never shadows `{id}:pause`, `:resume`,
# `:rotate-secret` and `:replay` (an OPTIONS or a wrong method names their methods in Allow)
register_url_convertor("segment", Segment())
SubscriptionId = Annotated[str, Path(pattern=r"^[^:/]+$")]


@router.get("/subscriptions/{id:segment}", response_model=answers.Subscription)
def get_subscription(
    id: SubscriptionId, actor: Subscriber, store: SubscriptionsDep
) -> dict[str, Any]:
    return _out(store.get(actor, id))


@router.delete(
    "/subscriptions/{id:segment}",
    status_code=204,
    responses={204: {"description": "deleted: no body"}},
)
def delete_subscription(id: SubscriptionId, actor: Subscriber, store: SubscriptionsDep) -> Response:
    store.delete(actor, id)
    return Response(status_code=204)


@router.post("/subscriptions/{id}:pause", response_model=answers.Subscription)
def pause_subscription(id: str, actor: Subscriber, store: SubscriptionsDep) -> dict[str, Any]:
    return _out(store.pause(actor, id))


@router.post("/subscriptions/{id}:resume", response_model=answers.Subscription)
def resume_subscription(id: str, actor: Subscriber, services: ServicesDep) -> dict[str, Any]:
    sub = services.sharing.subscriptions.resume(actor, id)
    services.worker.wake()
    return _out(sub)


@router.post("/subscriptions/{id}:rotate-secret", response_model=answers.SecretRotated)
def rotate_secret(id: str, actor: Subscriber, store: SubscriptionsDep) -> dict[str, Any]:
    secret, until = store.rotate_secret(actor, id)
    return {
        "subscription_id": id,
        "secret": secret,
        "previous_secret_valid_until": until.isoformat(),
    }


@router.post("/subscriptions/{id}:replay", status_code=202, response_model=answers.ReplayStarted)
def replay(id: str, body: ReplayBody, actor: Subscriber, services: ServicesDep) -> dict[str, Any]:
    sub = services.sharing.subscriptions.replay(actor, id, body.from_sequence)
    services.worker.wake()
    return {**_out(sub), "from_sequence": body.from_sequence}


@router.get("/subscriptions/{id}/deliveries", response_model=answers.Deliveries)
def list_deliveries(
    id: str,
    actor: Subscriber,
    store: SubscriptionsDep,
    after: int = Query(0, ge=0, le=MAX_SAFE_INTEGER),
    limit: int = Query(100, ge=1, le=1000),
) -> dict[str, Any]:
    items, next_cursor = store.deliveries(actor, id, after, limit)
    return {"deliveries": items, "next": str(next_cursor)}


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


@router.get("/feed", response_model=answers.Feed)
def feed(
    actor: FeedReader,
    services: ServicesDep,
    after: str = Query("0", max_length=40, description="the `next` of the previous page"),
    limit: int = Query(100, ge=1, le=1000),
    subjects: Annotated[list[str] | None, Query(description="USCC or subject_id")] = None,
    lists: Annotated[list[ListName] | None, Query()] = None,
    sectors: Annotated[list[Sector] | None, Query()] = None,
    types: Annotated[list[FeedType] | None, Query()] = None,
) -> dict[str, Any]:
    try:
        cursor = int(after)
    except ValueError:
        cursor = MAX_SAFE_INTEGER + 1
    if cursor > MAX_SAFE_INTEGER:
        raise HTTPException(422, "after: a cursor returned as `next` (a sequence)")
    watch = None
    refs = _split(subjects)
    if refs:
        watch = set()
        for i, ref in enumerate(refs):
            try:
                watch.add(watch_id(ref))
            except DomainError:
                raise DomainError("not a USCC or a subject_id", field=f"subjects[{i}]") from None
    filt = FeedFilter.of(watch, lists, sectors, types, owner=actor.org)
    with services.engine.connect() as conn:
        page = read_page(conn, max(cursor, 0), limit, filt)
    # json_from_view: clipped as reads show it, if stored before the input policy's limits
    return {"events": [json_from_view(r.body) for r in page.rows], "next": str(page.next)}
