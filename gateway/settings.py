"""Settings: a TOML file with environment overrides (pydantic-settings).

Secrets never need to be in the file: each registry names an environment variable (`secret_env`) or a file
(`secret_file`, e.g. a mounted Kubernetes secret) that holds its JWT-ZGW secret. Environment variables
prefixed `ZAAKGRAPH_` override top-level settings (`ZAAKGRAPH_DEBUG=true`, or `ZAAKGRAPH_REGISTRIES` as JSON).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

APIS = ("zaken", "documenten", "besluiten", "catalogi")
CONFIG_ENV = "ZAAKGRAPH_CONFIG_FILE"  # `zaakgraph serve --workers N`: the settings file every worker reads
# Where Open Zaak lays the four APIs out below one base URL.
STANDARD_PATHS = {api: f"{api}/api/v1/" for api in APIS}


class SettingsError(ValueError):
    """The settings cannot work; the message says what to change."""


class RegistrySettings(BaseModel):
    """One ZGW registry: its API roots, its credentials and how hard we may push it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="Short unique name, shown in errors and in `registry { name }`.")
    label: str = Field("", description="Human label, e.g. the municipality.")
    base_url: str | None = Field(
        None, description="One base URL with the four APIs below it at Open Zaak's paths."
    )
    zaken_url: str | None = Field(None, description="Root of the Zaken API (overrides base_url).")
    documenten_url: str | None = Field(None, description="Root of the Documenten API.")
    besluiten_url: str | None = Field(None, description="Root of the Besluiten API.")
    catalogi_url: str | None = Field(None, description="Root of the Catalogi API.")
    client_id: str = Field(description="JWT-ZGW client id (iss and client_id claims).")
    secret: SecretStr | None = Field(None, description="JWT-ZGW secret; prefer secret_env or secret_file.")
    secret_env: str | None = Field(None, description="Name of the environment variable with the secret.")
    secret_file: Path | None = Field(None, description="File whose content is the secret.")
    timeout_s: float = Field(10.0, gt=0, description="Deadline of one backend request, body included.")
    connect_timeout_s: float = Field(3.0, gt=0)
    breaker_failures: int = Field(
        5,
        ge=0,
        description="After this many outages in a row (5xx or 429, no connection, no answer within timeout_s) "
        "one collection of the registry (statussen, zaken ...) is not asked for breaker_cooldown_s: its "
        "requests fail at once with UPSTREAM_UNAVAILABLE (or are answered from the cache, stale_if_error_s); "
        "then one trial request goes. 0: never.",
    )
    breaker_cooldown_s: float = Field(
        10.0, gt=0, description="How long an open breaker keeps a collection closed."
    )
    max_concurrency: int | None = Field(
        None,
        ge=1,
        description="Backend requests in flight to this registry at once. Default: 8 times its capacity, at "
        "least 32 (a registry's queue holds that many; a level of a query is then never split into waves).",
    )
    page_size: int = Field(
        100,
        ge=1,
        le=500,
        description="The registry's page size (Open Zaak: 100): cursors become page numbers by it, and no "
        "`_zoek` is sent more uuids than a page holds.",
    )
    send_page_size: bool = Field(
        False, description="Send Open Zaak's `pageSize` parameter (only for registries that know it)."
    )
    use_expand: bool | None = Field(
        None,
        description="Ask the Zaken API to `expand` the selected links on zaken lists: true always, false "
        "never, unset (auto): when the cost model estimates it faster for this registry and query.",
    )
    sweep_catalogue: bool = Field(
        True,
        description="Let the cost model ask several uncached catalogue objects of one collection (zaaktypen, "
        "informatieobjecttypen, besluittypen ...) by one list of the whole collection where that is cheaper "
        "than a detail GET each (false: always by detail).",
    )
    capacity: int | None = Field(
        None,
        ge=1,
        description="How many requests the registry serves at once (its workers). Unset: learned from the "
        "latencies observed, starting from 4.",
    )
    service_ms: dict[str, float] = Field(
        default_factory=dict,
        description="Service time per request kind, in ms, as the cost model starts from: `detail`, `list`, "
        "`search`, `<kind>.<collection>` (`list.zaken`), `list_item`, `search_item`, `expanded` (per object).",
    )
    contention: float = Field(
        1.4, ge=1, description="How much slower a request is when the registry's other workers are busy."
    )
    learn_costs: bool = Field(
        True, description="Follow the observed latencies (false: keep service_ms and the defaults as given)."
    )

    notificaties_url: str | None = Field(
        None,
        description="Root of the Notificaties API this registry publishes to (e.g. Open Notificaties' "
        "`.../api/v1/`). With it (and `public_url`), the gateway subscribes to the registry's kanalen and "
        "serves cached resources until a notification names them.",
    )
    notificaties_client_id: str | None = Field(
        None, description="JWT-ZGW client id for the Notificaties API (default: client_id)."
    )
    notificaties_secret_env: str | None = Field(
        None, description="Environment variable with its secret (default: the registry's secret)."
    )

    @field_validator(
        "base_url", "zaken_url", "documenten_url", "besluiten_url", "catalogi_url", "notificaties_url"
    )
    @classmethod
    def _ends_with_slash(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _has_roots(self) -> RegistrySettings:
        if self.base_url is None and not any(
            (self.zaken_url, self.documenten_url, self.besluiten_url, self.catalogi_url)
        ):
            raise ValueError(f"registry {self.name!r}: give base_url or at least one <api>_url")
        return self

    def api_roots(self) -> dict[str, str]:
        """The root URL of every API this registry serves, ending in '/'."""
        roots: dict[str, str] = {}
        for api in APIS:
            explicit: str | None = getattr(self, f"{api}_url")
            if explicit is not None:
                roots[api] = explicit
            elif self.base_url is not None:
                roots[api] = self.base_url + STANDARD_PATHS[api]
        return roots

    def resolve_notificaties_secret(self) -> str:
        if self.notificaties_secret_env is None:
            return self.resolve_secret()
        value = os.environ.get(self.notificaties_secret_env)
        if not value:
            raise SettingsError(
                f"registry {self.name!r}: environment variable {self.notificaties_secret_env} is not set"
            )
        return value

    def resolve_secret(self) -> str:
        if self.secret is not None:
            return self.secret.get_secret_value()
        if self.secret_env is not None:
            value = os.environ.get(self.secret_env)
            if not value:
                raise SettingsError(
                    f"registry {self.name!r}: environment variable {self.secret_env} is not set"
                )
            return value
        if self.secret_file is not None:
            try:
                return self.secret_file.read_text().strip()
            except OSError as exc:
                raise SettingsError(
                    f"registry {self.name!r}: cannot read secret_file: {exc.strerror}"
                ) from exc
        raise SettingsError(f"registry {self.name!r}: no secret, secret_env or secret_file")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZAAKGRAPH_", frozen=True, extra="forbid")

    registries: tuple[RegistrySettings, ...] = Field(description="The registries behind the gateway.")
    request_timeout_s: float = Field(30.0, gt=0, description="Deadline of one GraphQL request.")
    catalogue_cache_ttl_s: float = Field(
        3600.0, ge=0, description="How long published catalogue resources are kept (0: not cached)."
    )
    catalogue_cache_entries: int = Field(10_000, ge=0)
    max_page_size: int = Field(500, ge=1, description="The largest `first` a list field accepts.")
    resource_cache_mb: float = Field(
        64.0,
        ge=0,
        description="Memory for resources and lists kept across requests, per process (0: none); "
        "estimated as 2.5 times their JSON size, what CPython's dicts take.",
    )
    resource_cache_ttl_s: float = Field(
        300.0,
        ge=0,
        description="The longest a cached resource or list is served; with live notifications it is served "
        "this long unless a notification names it (the safety net for lost notifications).",
    )
    revalidate_after_s: float = Field(
        0.0,
        ge=0,
        description="Without live notifications: how old a cached object may be before it is revalidated "
        "with If-None-Match (lists are fetched again). 0: every request asks the registry.",
    )
    stale_if_error_s: float = Field(
        0.0,
        ge=0,
        description="When a registry fails (a 5xx or 429 answer, a timeout, no connection, an answer that "
        "is not ZGW JSON), serve what the resource cache holds for the same caller if it was fetched or "
        "revalidated at most this long ago, instead of the error; the response's `extensions.stale` names "
        "each value so served, with its age. Never for a 4xx (a 403 or 404 is the registry's word), never "
        "for another caller's entry, never for what a notification dropped, and at most "
        "`resource_cache_ttl_s`. 0: a failing registry gives its error.",
    )
    principal_header: str | None = Field(
        None,
        description="A request header, set by the portal's trusted authentication proxy, naming the end "
        "user. It becomes the `user_id` claim of the JWTs sent for that request (the registry's "
        "audittrail) and is part of every cache key.",
    )
    public_url: str | None = Field(
        None,
        description="This gateway's base URL as the Notificaties API reaches it; notifications are "
        "delivered to `{public_url}/notificaties`.",
    )
    callback_secret: SecretStr | None = Field(
        None,
        description="The token the Notificaties API must send to `/notificaties` (as `Bearer <token>`). "
        "Default: a random one per process, registered with each subscription.",
    )
    callback_secret_env: str | None = Field(None, description="Environment variable with callback_secret.")
    notificaties_check_s: float = Field(
        60.0,
        gt=0,
        description="How often each subscription is checked; a lost subscription is renewed, and the "
        "registry's cache dropped, since notifications may have been missed meanwhile.",
    )
    pipelining: bool = Field(
        True,
        description="Load each branch of a query as soon as its own parents have arrived (false: a level of "
        "links at a time).",
    )
    prefetch_ttl_s: float = Field(
        10.0,
        ge=0,
        description="A client that pages with `after` gets its next window asked while it reads this one "
        "(where the registry has workers to spare); a page so asked is kept this long for that client's "
        "next request. 0: nothing is asked before a client asks it.",
    )
    plan_min_gain: float = Field(
        0.1,
        ge=0,
        description="The planner leaves the plain plan (no expand, one `_zoek` per batch) only for a plan "
        "estimated at least this fraction faster ...",
    )
    plan_min_gain_ms: float = Field(25.0, ge=0, description="... and at least this many ms faster.")
    graphiql: bool = Field(True, description="Serve GraphiQL to browsers on GET /graphql.")
    debug: bool = Field(False, description="Add the backend calls of each query to `extensions`.")

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        names = [r.name for r in self.registries]
        if len(set(names)) != len(names):
            raise ValueError("registry names must be unique")
        if not names:
            raise ValueError("at least one registry is needed")
        subscribing = [r.name for r in self.registries if r.notificaties_url is not None]
        if subscribing and self.public_url is None:
            raise ValueError(
                f"registries {', '.join(subscribing)} have a notificaties_url: set public_url, the address "
                "at which the Notificaties API reaches this gateway"
            )
        return self

    def resolve_callback_secret(self) -> str | None:
        if self.callback_secret is not None:
            return self.callback_secret.get_secret_value()
        if self.callback_secret_env is not None:
            value = os.environ.get(self.callback_secret_env)
            if not value:
                raise SettingsError(f"environment variable {self.callback_secret_env} is not set")
            return value
        return None

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value.rstrip("/")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The environment wins over the file (which arrives as init arguments, see load_settings).
        return (env_settings, init_settings, file_secret_settings)


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Settings from a TOML file (if given), then the environment, then `overrides` (CLI flags)."""
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text())
        except OSError as exc:
            raise SettingsError(f"cannot read {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path} is not valid TOML: {exc}") from exc
    data.update(overrides)
    try:
        return Settings(**data)
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc
