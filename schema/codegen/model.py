"""The generator's model of the specs: resource, embedded and enum definitions, filter fields."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from strawberry.utils.str_converters import to_camel_case

from schema.codegen.tables import (
    BIG_INTEGERS,
    EMBEDDED_LINKS,
    ENUM_RENAMES,
    FIELD_DESCRIPTIONS,
    FILTER_ENUM_NAMES,
    FILTER_SKIP,
    JSON_ATTRIBUTES,
    JSON_COMPONENTS,
    LINKS,
    MERGED_EMBEDDED,
    RESOURCES,
    SERIALIZER_DOCSTRINGS,
    SPECS,
    STRING_ENUMS,
    TYPE_API,
    TYPE_DESCRIPTIONS,
    TYPE_MODULE,
    Connection,
    LinkField,
    Resource,
)


@dataclass
class Field:
    python: str
    graphql: str
    annotation: str
    description: str
    link: LinkField | None = None


@dataclass
class TypeDef:
    name: str
    description: str
    fields: list[Field] = field(default_factory=list)


@dataclass
class EnumDef:
    name: str
    description: str
    members: list[tuple[str, str, str]]  # (python name, value, description)


def snake(key: str) -> str:
    value = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()
    value = re.sub(r"[^0-9a-z_]", "_", value)
    value = re.sub(r"_+", "_", value).strip("_") or "field"
    if value[0].isdigit():
        value = "f_" + value
    if keyword.iskeyword(value) or value == "id":
        value += "_"
    return value


def _names(key: str) -> tuple[str, str | None]:
    """(python attribute name, explicit GraphQL name or None when auto camel-casing gives the key)."""
    python = snake(key)
    return python, (None if to_camel_case(python) == key else key)


def _doc(text: str | None) -> str:
    return (text or "").strip()


def _member_name(value: str, taken: set[str]) -> str:
    name = "leeg" if value == "" else re.sub(r"\W+", "_", value).strip("_")
    if not name or name[0].isdigit():
        name = "v_" + name
    if name in ("true", "false", "null") or keyword.iskeyword(name):
        name += "_"
    base, counter = name, 2
    while name in taken:
        name, counter = f"{base}_{counter}", counter + 1
    taken.add(name)
    return name


def _member_docs(description: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2).strip() for m in re.finditer(r"^\* `([^`]*)`(?: -|:) (.+)$", description, re.M)
    }


def _summary(description: str) -> str:
    """The first paragraph of a description, without the bullet list of values that may follow it."""
    text = ("\n" + description).split("\n* ", 1)[0]
    return re.split(r"\n\s*\n", text, maxsplit=1)[0].strip().rstrip(":")


class Generator:
    def __init__(self, spec_dir: Path) -> None:
        self.specs = {api: yaml.safe_load((spec_dir / name).read_text()) for api, name in SPECS.items()}
        self.enums: dict[str, EnumDef] = {}
        self.enum_by_values: dict[tuple[str, frozenset[str]], str] = {}  # (api, values) -> enum name
        self.embedded: dict[str, TypeDef] = {}
        self.types: dict[str, TypeDef] = {}
        self.warnings: list[str] = []
        self._collect_enums()

    # -- specs
    def component(self, api: str, name: str) -> dict[str, Any]:
        found: dict[str, Any] = self.specs[api]["components"]["schemas"][name]
        return found

    def _ref(self, schema: dict[str, Any]) -> str | None:
        ref = schema.get("$ref")
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) and ref.startswith("#/") else None

    def properties(self, api: str, schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The properties of a schema, with allOf flattened."""
        ref = self._ref(schema)
        if ref:
            return self.properties(api, self.component(api, ref))
        props: dict[str, dict[str, Any]] = {}
        for part in schema.get("allOf", []):
            props.update(self.properties(api, part))
        props.update(schema.get("properties", {}))
        return props

    # -- enums
    def _collect_enums(self) -> None:
        for api, spec in self.specs.items():
            for name, schema in spec["components"]["schemas"].items():
                if "enum" not in schema or name in ("BlankEnum", "NullEnum"):
                    continue
                values = [v for v in schema["enum"] if isinstance(v, str)]
                gql = ENUM_RENAMES.get((api, name), name.removesuffix("Enum"))
                gql = gql[0].upper() + gql[1:]
                self._add_enum(gql, _doc(schema.get("description")), values)
                self.enum_by_values[(api, frozenset(values))] = gql
                self.enum_by_values.setdefault(("*", frozenset(values)), gql)

    def _add_enum(self, name: str, description: str, values: list[str], blank: bool = True) -> None:
        known = self.enums.get(name)
        if known is not None:
            if {m[1] for m in known.members} - {""} != set(values) - {""}:
                raise ValueError(f"enum {name} has two value sets: add it to ENUM_RENAMES")
            return
        docs = _member_docs(description)
        taken: set[str] = set()
        members = [(_member_name(v, taken), v, docs.get(v, "")) for v in values]
        # registries send "" where the spec allows blank (BlankEnum) and in old data where it does not
        if blank and "" not in values:
            members.append((_member_name("", taken), "", "Leeg: de registratie gaf een lege waarde."))
        summary = _summary(description)
        self.enums[name] = EnumDef(name, summary or f"Codelijst {name} (ZGW).", members)

    def _describe_enum(self, name: str, key: str, used_as: str) -> None:
        """A code list the spec leaves undescribed takes the description of its first attribute."""
        enum = self.enums[name]
        summary = _summary(used_as)
        if enum.description.startswith("Codelijst ") and summary:
            enum.description = f"ZGW-codelijst (voor `{key}`): {summary}"

    def enum_for(
        self, api: str, values: Iterable[Any], fallback_name: str, description: str, blank: bool = True
    ) -> str:
        key = frozenset(v for v in values if isinstance(v, str) and v != "")
        for scope in (api, "*"):
            for (s, vals), name in self.enum_by_values.items():
                if s == scope and vals - {""} == key:
                    return name
        name = fallback_name
        while name in self.enums or name in self.embedded or name in TYPE_MODULE:
            name += "Waarde"
        self._add_enum(name, description, sorted(key), blank)
        self.enum_by_values[("*", key)] = name
        return name

    # -- types
    def annotation(self, api: str, owner: str, key: str, schema: dict[str, Any], used_as: str = "") -> str:
        if (owner, key) in JSON_ATTRIBUTES:
            return "JSON"
        refs: list[str | None] = [self._ref(schema)] if "$ref" in schema else []
        for combinator in ("allOf", "oneOf", "anyOf"):
            refs += [self._ref(part) for part in schema.get(combinator, [])]
        named = [r for r in refs if r is not None and r not in ("BlankEnum", "NullEnum")]
        if named:
            ref = named[0]
            target = self.component(api, ref)
            if ref in STRING_ENUMS:
                return "str"
            if "enum" in target:
                name = self.enum_for(
                    api, target["enum"], ref.removesuffix("Enum"), _doc(target.get("description"))
                )
                self._describe_enum(name, key, _doc(schema.get("description")) or used_as)
                return name
            if ref in JSON_COMPONENTS or not self.properties(api, target):
                return "JSON"
            return self.embedded_type(api, ref, _doc(schema.get("description")) or used_as)
        kind = schema.get("type")
        if "enum" in schema:
            name = self.enum_for(
                api, schema["enum"], key[0].upper() + key[1:], _doc(schema.get("description"))
            )
            self._describe_enum(name, key, _doc(schema.get("description")))
            return name
        if kind == "string":
            return {"date": "datetime.date", "date-time": "datetime.datetime"}.get(
                schema.get("format", ""), "str"
            )
        if kind == "integer":
            return "BigInt" if key in BIG_INTEGERS or schema.get("format") == "int64" else "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            item = self.annotation(api, owner, key, schema.get("items", {}), _doc(schema.get("description")))
            return f"list[{item}]"
        return "JSON"  # free-form objects (wijzigingen.oud / nieuw)

    def embedded_type(self, api: str, component: str, used_as: str) -> str:
        name = component[0].upper() + component[1:]
        if name in self.embedded:
            return name
        schema = self.component(api, component)
        description = _doc(schema.get("description"))
        if name in TYPE_DESCRIPTIONS:
            description = TYPE_DESCRIPTIONS[name]
        elif not description or description.startswith(SERIALIZER_DOCSTRINGS):
            description = used_as or f"{name} (ZGW)."
        typedef = TypeDef(name, description)
        self.embedded[name] = typedef  # before the fields: recursion
        typedef.fields = self.fields(api, name, self.properties(api, schema), EMBEDDED_LINKS.get(name, ()))
        return name

    def merged_type(self, api: str, name: str, components: list[str], used_as: str) -> str:
        if name in self.embedded:
            return name
        typedef = TypeDef(name, TYPE_DESCRIPTIONS.get(name) or used_as)
        self.embedded[name] = typedef
        props: dict[str, dict[str, Any]] = {}
        for component in components:
            for key, schema in self.properties(api, self.component(api, component)).items():
                if key in props and self.annotation(api, name, key, props[key]) != self.annotation(
                    api, name, key, schema
                ):
                    self.warnings.append(f"{name}.{key}: variants disagree on the type; the first is used")
                    continue
                props.setdefault(key, schema)
        typedef.fields = self.fields(api, name, props, ())
        return name

    def fields(
        self, api: str, owner: str, props: dict[str, dict[str, Any]], links: Iterable[LinkField]
    ) -> list[Field]:
        by_name = {link.name: link for link in links}
        result: list[Field] = []
        for key, schema in props.items():
            if key == "_expand" or (owner in TYPE_MODULE and self._node(owner) and key in ("url", "uuid")):
                continue
            python, graphql = _names(key)
            description = (
                FIELD_DESCRIPTIONS.get((owner, key))
                or _doc(schema.get("description"))
                or _doc(schema.get("title"))
                or f"`{key}` (de specificatie beschrijft dit attribuut niet)."
            )
            link = by_name.pop(key, None)
            if link is not None:
                result.append(
                    Field(python, graphql or key, link.target, link.description or description, link)
                )
                continue
            result.append(
                Field(python, graphql or key, self.annotation(api, owner, key, schema), description)
            )
        for link in by_name.values():  # links the spec has no attribute for
            python, graphql = _names(link.name)
            result.append(Field(python, graphql or link.name, link.target, link.description, link))
        return result

    def prune(self) -> None:
        """Drop embedded types no resource reaches (met while comparing oneOf variants)."""
        reachable: set[str] = set()
        stack = [f.annotation for t in self.types.values() for f in t.fields]
        while stack:
            for word in re.findall(r"\w+", stack.pop()):
                if word in self.embedded and word not in reachable:
                    reachable.add(word)
                    stack += [f.annotation for f in self.embedded[word].fields]
                    stack += [link.target for link in EMBEDDED_LINKS.get(word, ())]
        self.embedded = {name: t for name, t in self.embedded.items() if name in reachable}

    def _node(self, type_name: str) -> bool:
        return next(r.node for r in RESOURCES if r.type_name == type_name)

    def resource(self, resource: Resource) -> TypeDef:
        api = resource.api
        schema = self.component(api, resource.component)
        if "oneOf" in schema:  # Rol, ZaakObject: one type with the union of the variants' attributes
            props: dict[str, dict[str, Any]] = {}
            variants: dict[str, list[str]] = {}
            for variant in schema["oneOf"]:
                for key, sub in self.properties(api, variant).items():
                    ref = self._ref(sub) or next(
                        (self._ref(p) for p in sub.get("allOf", []) if self._ref(p)), None
                    )
                    if ref:
                        variants.setdefault(key, [])
                        if ref not in variants[key]:
                            variants[key].append(ref)
                    props.setdefault(key, sub)
            fields = self.fields(api, resource.type_name, props, LINKS.get(resource.type_name, ()))
            for f in fields:
                merged = MERGED_EMBEDDED.get((resource.type_name, f.graphql))
                if merged:
                    f.annotation = self.merged_type(api, merged, variants[f.graphql], f.description)
        else:
            fields = self.fields(
                api, resource.type_name, self.properties(api, schema), LINKS.get(resource.type_name, ())
            )
        typedef = TypeDef(resource.type_name, resource.description, fields)
        self.types[resource.type_name] = typedef
        return typedef

    # -- filters
    def list_parameters(self, connection: Connection) -> list[dict[str, Any]]:
        api = TYPE_API[connection.type_name]
        operation = self.specs[api]["paths"][connection.path]["get"]
        return [p for p in operation.get("parameters", []) if p.get("in") == "query"]

    def filter_fields(self, connection: Connection) -> list[Field]:
        api = TYPE_API[connection.type_name]
        params = {p["name"]: p for p in self.list_parameters(connection)}
        result: list[Field] = []
        for name, param in params.items():
            if name in FILTER_SKIP:
                continue
            schema = param.get("schema", {})
            description = _doc(param.get("description"))
            base = params.get(name.rsplit("__", 1)[0], {}).get("schema", {})
            if schema.get("type") == "array":
                items = schema.get("items", {})
                source = items if "enum" in items else base if "enum" in base else {}
                if source:
                    stem = name.rsplit("__", 1)[0].rsplit("__", 1)[-1]
                    inner = self.enum_for(
                        api, source["enum"], stem[0].upper() + stem[1:] + "Filter", description, blank=False
                    )
                else:
                    inner = "str"
                annotation = f"list[{inner}]"
            elif "enum" in schema:
                stem = name.rsplit("__", 1)[-1]
                fallback = FILTER_ENUM_NAMES.get(name, stem[0].upper() + stem[1:] + "Filter")
                annotation = self.enum_for(api, schema["enum"], fallback, description, blank=False)
            elif schema.get("type") == "integer" and "URL" in description:
                annotation = "str"  # Open Zaak documents URL filters (catalogus) as integer; they take URLs
            else:
                annotation = self.annotation(api, connection.type_name + "Filter", name, schema)
            if annotation == "BigInt":
                annotation = "int"
            result.append(Field(name, name, annotation, description))
        return result

    def ordering(self, connection: Connection) -> EnumDef | None:
        param = next((p for p in self.list_parameters(connection) if p["name"] == "ordering"), None)
        if param is None:
            return None
        values: list[str] = param["schema"]["items"]["enum"]
        taken: set[str] = set()
        ordered = sorted(values, key=lambda v: (v.lstrip("-"), v.startswith("-")))
        members = [
            (_member_name(f"{v.lstrip('-')}_{'DESC' if v.startswith('-') else 'ASC'}", taken), v, "")
            for v in ordered
        ]
        description = (
            f"Sortering van {connection.field} (`ordering` van de ZGW API): ASC oplopend, DESC aflopend."
        )
        return EnumDef(f"{connection.type_name}Ordering", description, members)
