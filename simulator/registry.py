"""Everything one simulated registry holds: its data, its contract and its clients."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.auth import Authenticator
from simulator.contract import Contract
from simulator.kinds import Api
from simulator.notifications import Notifier
from simulator.store import Store


@dataclass(slots=True)
class Registry:
    name: str
    store: Store
    contract: Contract
    auth: Authenticator
    zaak_expand: tuple[str, ...]
    document_expand: tuple[str, ...]
    notifier: Notifier = field(default_factory=Notifier)  # the Notificaties component next to the registry


def expand_enum(contract: Contract, api: Api, path: str) -> tuple[str, ...]:
    operation = contract.operation(api, path, "get")
    if operation is None or "expand" not in operation.params:
        return ()
    return operation.params["expand"].enum or ()


def build_registry(name: str, store: Store, contract: Contract, auth: Authenticator) -> Registry:
    return Registry(
        name=name,
        store=store,
        contract=contract,
        auth=auth,
        zaak_expand=expand_enum(contract, Api.ZAKEN, "/zaken/{uuid}"),
        document_expand=expand_enum(contract, Api.DOCUMENTEN, "/enkelvoudiginformatieobjecten/{uuid}"),
    )
