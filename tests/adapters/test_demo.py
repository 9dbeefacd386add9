"""The demo set: every generated record is accepted, and a newcomer gets one key per role."""

from __future__ import annotations

from adapters.container import Services
from adapters.demo import create_demo_keys, load_demo
from application.ports import ROLES
from tests.conftest import START


def test_the_demo_loads_every_record_and_one_key_per_role(services: Services):
    services.clock.set(START)
    summary = load_demo(services, subjects=40, seed=3)
    assert "(0 rejected)" in summary
    services.runner.catch_up()
    keys = create_demo_keys(services)
    assert sorted(role for role, _, _ in keys) == sorted(ROLES)
    for role, _org, key in keys:
        actor = services.keys.authenticate(key)
        assert actor is not None and actor.role == role
