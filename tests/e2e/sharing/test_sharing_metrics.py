"""/metrics counts deliveries pending and failing as subscriptions, never one label each."""

from __future__ import annotations

from tests.api.test_metrics_api import scrape, value
from tests.conftest import Harness
from tests.e2e.sharing.helpers import WATCHED, add_record, penalty, register, subscribe, until


def test_deliveries_pending_and_failing_are_counts_without_a_label_per_subscriber(
    sharing: Harness, receivers
):
    h = sharing
    register(h, WATCHED)
    h.catch_up()
    failing = receivers(lambda _n: (503, {}, 0.0))
    healthy = receivers()
    bank = h.key("subscriber", org="厦门银行")
    down = subscribe(h, failing.url, bank, subjects=[WATCHED])
    up = subscribe(h, healthy.url, bank, subjects=[WATCHED])
    add_record(h, WATCHED, penalty("NEA-2026-001"))
    h.services.runner.catch_up()  # the feed item exists; no delivery has been tried yet
    waiting = scrape(h)
    assert value(waiting, "credit_subscriptions", status="active") == 2
    assert value(waiting, "credit_deliveries_pending_subscriptions") == 2
    assert value(waiting, "credit_deliveries_backlog_positions") > 0

    def settled() -> bool:  # the healthy one caught up, the failing one retrying its head event
        now = scrape(h)
        return (
            value(now, "credit_deliveries_pending_subscriptions") == 1
            and value(now, "credit_deliveries_failing_subscriptions") == 1
        )

    until(h, settled, what="one subscription delivered, one failing")
    assert healthy.acknowledged() and failing.received and not failing.acknowledged()
    after = scrape(h)
    labels = {v for (_, pairs) in after for _, v in pairs}
    assert not {down["subscription_id"], up["subscription_id"], "厦门银行"} & labels
