"""The cost model's learning (gateway/costs.py), fed answers as a registry with workers and a queue would give
them: how many requests the registry serves at once, what one more object in an answer costs, and when to
probe what an inlined object costs."""

from __future__ import annotations

import heapq

from gateway.costs import CostModel, Observation
from gateway.settings import RegistrySettings, Settings
from resolvers.strategy import choose_search

STATUSSEN = Observation("list", "statussen", 2, 0)


def _warm(model: CostModel, service_ms: float) -> None:
    """A few answers one at a time: the model learns the service time of the kind."""
    for i in range(5):
        model.observe(STATUSSEN, service_ms, 1, sent=float(i))


def _burst(
    model: CostModel,
    count: int,
    workers: int,
    service_ms: float,
    *,
    lifo: bool,
    start: float = 100.0,
    round_trip_ms: float = 0.0,
) -> None:
    """`count` requests sent 0.1 ms apart to a registry with `workers` workers, each `service_ms`; it takes
    its queue first come first served, or last come first served (`lifo`). Answers are observed in the order
    they come back, each with the number of ours in flight when it was sent, and `round_trip_ms` of our own
    (network, HTTP, event loop) in its latency."""
    sent = [start + i * 0.0001 for i in range(count)]
    order = list(reversed(range(count))) if lifo else list(range(count))
    free = [start] * workers
    done: list[tuple[float, int]] = []
    for (
        i
    ) in order:  # the registry starts each request when a worker is free (every request is queued at once)
        begin = max(heapq.heappop(free), sent[-1] if lifo else sent[i])
        end = begin + service_ms / 1000
        heapq.heappush(free, end)
        done.append((end, i))
    for end, i in sorted(done):
        model.observe(STATUSSEN, (end - sent[i]) * 1000 + round_trip_ms, i + 1, sent=sent[i])


def test_capacity_follows_the_workers_not_the_requests_in_flight() -> None:
    model = CostModel(contention=1.0)  # this registry's workers do not slow each other down
    _warm(model, 20.0)

    _burst(model, 300, 32, 20.0, lifo=False)

    assert 16 <= model.capacity <= 40, model.capacity


def test_a_round_trip_of_our_own_does_not_make_a_queue_look_like_workers() -> None:
    # A fast registry (20 ms a request, 32 workers) behind 8 ms of our own round trip, walked page after page
    # (a burst of 300 a page, ten pages a second): answers that waited a whole service time come back within
    # 1.75 times the fastest, and a thousand answers a second must not lift what the fastest is taken to be.
    now = [0.0]
    model = CostModel(clock=lambda: now[0])  # the default contention: nothing told it this registry's
    for i in range(5):
        model.observe(STATUSSEN, 28.0, 1, sent=float(i))
    for page in range(10):
        now[0] = 10.0 + page * 0.1
        _burst(model, 300, 32, 20.0, lifo=False, start=10.0 + page * 0.1, round_trip_ms=8.0)

    assert model.capacity <= 64, model.capacity  # within twice the workers: no flood of the registry

    # Answers that queued behind 64 of ours and show about 32 workers bring it down: nothing seen served
    # side by side holds it above what the registry has (a queue's second wave taken for workers would).
    for i in range(30):
        model.observe(STATUSSEN, 84.0, 64, sent=12.0 + i * 0.001)
    assert model.capacity <= 40, model.capacity


def test_a_registry_that_takes_its_queue_out_of_order_does_not_inflate_the_capacity() -> None:
    model = CostModel(contention=1.0)
    _warm(model, 20.0)

    # The last sent are served first: each of them came back in its service time with 300 of ours in flight.
    _burst(model, 300, 8, 20.0, lifo=True)

    assert model.capacity <= 12, model.capacity


def test_a_pinned_capacity_is_kept() -> None:
    model = CostModel(capacity=6)
    _warm(model, 20.0)
    _burst(model, 100, 32, 20.0, lifo=False)
    assert model.capacity == 6


def _searches(model: CostModel, ms_of: float, per_item: float) -> None:
    for i in range(40):
        items = 5 + (i * 7) % 96  # 5..100 objects
        model.observe(
            Observation("search", "enkelvoudiginformatieobjecten", items, 0), ms_of + per_item * items, 1
        )


def test_what_one_more_object_costs_is_learned_from_answers_of_different_sizes() -> None:
    free, dear = CostModel(), CostModel()
    assert (
        free.estimate("search", "x", items=100) - free.estimate("search", "x") == 200.0
    )  # the default, 2 ms

    _searches(free, 20.0, 0.0)
    _searches(dear, 50.0, 3.0)

    per_object_free = (free.estimate("search", "x", items=100) - free.estimate("search", "x")) / 100
    per_object_dear = (dear.estimate("search", "x", items=100) - dear.estimate("search", "x")) / 100
    assert per_object_free < 0.3, per_object_free
    assert 2.5 < per_object_dear < 3.5, per_object_dear
    # and the rest of the latency is the request's own cost
    assert abs(free.estimate("search", "enkelvoudiginformatieobjecten", items=50) - 20.0) < 5


def test_one_probe_a_minute_until_an_inlined_object_has_been_seen() -> None:
    model = CostModel()
    assert model.probe_due()
    assert not model.probe_due()  # not again within the minute

    model.observe(Observation("detail", "zaken", 0, 6), 30.0, 1)

    assert model.snapshot()["serviceMs"]["expanded"] < 18.0  # the answer replaced Open Zaak's default
    model._probed_at = None  # a minute later
    assert not model.probe_due()  # known now: no more probes


def test_no_probe_where_the_settings_give_the_figure_or_learning_is_off() -> None:
    assert not CostModel({"expanded": 5.0}).probe_due()
    assert not CostModel(learn=False).probe_due()


def test_a_search_is_split_only_over_workers_that_are_free() -> None:
    registry = RegistrySettings(name="r", base_url="http://r.example/", client_id="c", secret="s")  # type: ignore[arg-type]
    settings = Settings(registries=(registry,))
    model = CostModel({"search": 40.0, "search_item": 2.0}, capacity=8)

    idle = choose_search(settings, model, "enkelvoudiginformatieobjecten", 60, busy=0)
    busy = choose_search(settings, model, "enkelvoudiginformatieobjecten", 60, busy=8)

    assert idle.chunks > 1  # 60 uuids over free workers: faster than one _zoek of 60
    assert busy.chunks == 1  # every worker serves our other requests: more requests gain nothing


def test_uuids_beyond_a_page_are_asked_at_once_not_page_after_page() -> None:
    registry = RegistrySettings(name="r", base_url="http://r.example/", client_id="c", secret="s")  # type: ignore[arg-type]
    settings = Settings(registries=(registry,))
    fresh, busy = CostModel(), CostModel({"search": 40.0}, capacity=8)

    # 172 uuids: two `_zoek` requests of at most a page each, in one round, however busy the registry is
    # and whether or not the model has seen it (a `next` page would come a round later, the same requests)
    assert choose_search(settings, fresh, "enkelvoudiginformatieobjecten", 172).chunks == 2
    assert choose_search(settings, busy, "enkelvoudiginformatieobjecten", 172, busy=8).chunks == 2
    assert choose_search(settings, busy, "enkelvoudiginformatieobjecten", 100, busy=8).chunks == 1
    # a registry whose pages hold 50 (its `page_size`): 172 uuids are four requests of at most 50
    assert choose_search(settings, CostModel(page=50), "enkelvoudiginformatieobjecten", 172).chunks == 4


def test_an_inlined_object_costs_what_the_faster_expanded_answers_show() -> None:
    model = CostModel({"list.zaken": 20.0}, contention=1.0)
    page = Observation("list", "zaken", 5, 20)  # a split page of 5 zaken, 20 objects inlined

    for _ in range(2):
        model.observe(page, 20.0 + 5 + 20 * 2.0, 1)  # alone: 2 ms an object
    for waited in (20.0, 30.0, 40.0):  # alone of ours, but waited behind other clients' requests
        model.observe(page, 20.0 + 5 + 20 * 2.0 + waited, 1)

    assert abs(model.snapshot()["serviceMs"]["expanded"] - 2.0) < 0.3


def test_answers_with_one_or_two_inlined_objects_do_not_make_them_free() -> None:
    model = CostModel({"list.zaken": 150.0}, contention=1.0)
    for _ in range(4):
        model.observe(Observation("list", "zaken", 5, 20), 150.0 + 5 + 20 * 18.0, 1)  # 18 ms an object

    # Pages of two zaken with one inlined object, a little faster than the page's figure (its own spread):
    # divided over one object, that spread alone would say an inlined object costs nothing.
    for _ in range(20):
        model.observe(Observation("list", "zaken", 2, 1), 145.0, 1)

    assert model.snapshot()["serviceMs"]["expanded"] > 15.0


def test_answers_read_late_do_not_teach_a_service_time() -> None:
    model = CostModel(capacity=32)
    for i in range(5):
        model.observe(STATUSSEN, 58.0, 1, sent=float(i))

    # Sent with few of ours in flight, but read late by a busy event loop: nearly three times the fastest.
    for i in range(20):
        model.observe(STATUSSEN, 160.0, 6, sent=10.0 + i)

    assert model.estimate("list", "statussen", items=2) < 70.0


def test_the_capacity_holds_at_what_the_registry_was_seen_to_serve_side_by_side() -> None:
    model = CostModel(contention=1.0)
    _warm(model, 20.0)
    _burst(model, 64, 32, 20.0, lifo=False)
    learned = model.capacity
    assert learned >= 16, learned

    # Answers that look queued (three service times with 40 of ours in flight) because our event loop read
    # them late: the registry was just seen to serve `learned` at once, so they do not take it below that.
    for i in range(30):
        model.observe(STATUSSEN, 60.0, 40, sent=200.0 + i)

    assert model.capacity >= 16, model.capacity


def test_the_capacity_floor_goes_with_workers_no_longer_seen() -> None:
    now = [0.0]
    model = CostModel(contention=1.0, clock=lambda: now[0])
    _warm(model, 20.0)
    _burst(model, 64, 32, 20.0, lifo=False)
    learned = model.capacity
    assert learned >= 16, learned

    # Two minutes later every answer queues (three service times with 40 of ours in flight: about 13
    # workers), and none is served side by side: nothing holds the old figure up any more.
    now[0] = 120.0
    for i in range(30):
        model.observe(STATUSSEN, 60.0, 40, sent=300.0 + i)

    assert model.capacity < 16, model.capacity


def test_a_registry_faster_than_the_defaults_keeps_a_cost_per_request() -> None:
    model = CostModel(contention=1.0)
    # A zaken page of 100 answered in 20 ms, alone: the default of 1 ms an object alone would explain
    # 100 ms, and nothing yet tells the request's own cost from its objects'.
    for i in range(5):
        model.observe(Observation("list", "zaken", 100, 0), 20.0, 1, sent=float(i))

    whole = model.estimate("list", "zaken", items=100)
    half = model.estimate("list", "zaken", items=50)
    assert abs(whole - 20.0) < 4.0, whole  # what the registry answered
    # Splitting the page in two does not look like halving it: the request keeps a share of its own.
    assert half > 0.6 * whole, (half, whole)


def test_a_collection_with_its_own_figure_does_not_move_the_kinds() -> None:
    model = CostModel(contention=1.0)
    for i in range(5):
        model.observe(Observation("list", "zaken", 100, 0), 20.0, 1, sent=float(i))

    # statussen, rollen and zaakinformatieobjecten lists are still estimated by the figure for lists
    assert model.base("list", "statussen") == 58.0


def test_the_capacity_is_learned_where_no_answer_came_back_alone() -> None:
    # Every statussen list is sent beside another request of ours, and the registry is slower than the
    # defaults: no answer can be taken as a service time by itself, but the fastest of a burst was served
    # at once. A registry with 2 workers.
    model = CostModel()
    for burst in range(3):
        start = 100.0 * burst
        free = [start, start]
        for i in range(20):
            sent = start + i * 0.0001
            begin = max(heapq.heappop(free), sent)
            end = begin + 0.080  # 80 ms each
            heapq.heappush(free, end)
            model.observe(STATUSSEN, (end - sent) * 1000, i + 2, sent=sent)

    assert model.capacity < 3, model.capacity
