"""What a request leaves behind once its answer is sent: nothing it loaded. The loaders' batch functions and
graphql-core's execution state hold the request's context in reference cycles; the context lets go of its
loaders (and through them every resource the request loaded) when the answer is sent, so a request's data
goes with it instead of waiting for the cycle collector (docs/performance.md, "Memory")."""

from __future__ import annotations

import gc

from resolvers.context import Context
from tests.gateway.helpers import ask
from tests.support import Gateway

QUERY = """{ zaken(first: 5) { nodes { identificatie status { statustype { omschrijving } }
  zaakinformatieobjecten { informatieobject { titel } } } } }"""


def _contexts() -> list[Context]:
    return [o for o in gc.get_objects() if isinstance(o, Context)]


def test_a_request_lets_go_of_what_it_loaded_once_answered(uncached: Gateway) -> None:
    gc.collect()
    gc.disable()  # what is still referenced now is not waiting for the collector: it is held
    try:
        before = {id(c) for c in _contexts()}
        for _ in range(3):
            body = ask(uncached, QUERY)
            assert "errors" not in body and body["data"]["zaken"]["nodes"], body
        answered = [c for c in _contexts() if id(c) not in before]
        assert answered  # kept alive by cycles until a collection: that is what the test is about
        assert all(not c._loaders and not c.peeked and not c.calls for c in answered)
    finally:
        gc.enable()
