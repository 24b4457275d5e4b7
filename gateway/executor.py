"""A lean execution context: resolver-less fields are read directly, everything else is graphql-core's.

Below the root every field of ours is a plain Strawberry field read from a view dict by the default resolver
(`resolvers.views`); the planner has already put each link's target in place. graphql-core still spends about
4.5 µs per such field (a resolve-info tuple, a `Path`, nested `complete_value` type tests, output coercion,
two awaitable checks). `FastExecutionContext` replaces only `execute_fields`: per (parent type, field), decided
once per schema, a field that is

- a Strawberry field without resolver, arguments, field extensions or exception handlers, and
- of a built-in scalar (String, ID, Int, Float, Boolean), a custom scalar whose `serialize` passes strings
  through unchanged (marked STRINGS_AS_SENT: ZGW dates), an enum, an object type, or a list of those,

is read with the field's default resolver and completed here when the value is of the exact Python type the
output needs as it is: a `str` for String/ID, a 32-bit `int`, a finite `float`, a `bool`, a ZGW string of a
known enum value (mapped to the name graphql-core's own coercion gives), None where null is allowed, a value
that passes the object type's `is_type_of`, or a `list` of such items. Objects recurse through this same method.

Every other field or value goes to graphql-core's own `execute_field` (or, inside a list, its own per-item
completion) before anything of that field is recorded: resolvers, arguments, interfaces and unions (`node`),
custom scalars (Date, DateTime, BigInt, JSON), null in a non-null position, values that need coercion,
exceptions stored as field values (a link that failed: graphql-core raises them as located errors),
awaitables. So data, errors, paths and null propagation are those of the stock executor
(`tests/test_executor.py` compares both on the same views and against the simulator).

The fast path is off for a whole request when a middleware (an extension's `resolve` hook) is active, and for
a schema that declares `@defer`/`@stream`; deferred fragments always take the stock path.

This reads internals of the pinned versions (strawberry-graphql 0.341.2, graphql-core 3.3.2): Strawberry's
`_get_basic_result` default resolver and its field backref, and graphql-core's `Executor.execute_fields`,
`execute_field`, `collect_subfields`, `execute_collected_subfields`, `complete_list_item_value` and
`get_argument_values`.

A field with arguments takes the fast path only when its Strawberry field declares, in ARGUMENTS_APPLY
metadata, the pure function its resolver applies to the view's value (the child lists: `first`/`after`);
graphql-core's `get_argument_values` coerces the arguments as it does for the stock path, and whatever the
function raises (a bad `after`) sends the field to the stock path, where the resolver raises it again.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from math import isfinite
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import collect_iterator_awaitables, to_nodes
from graphql.execution.incremental.incremental_executor import DeliveryGroupMap
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["FastExecutionContext"]

_BACKREF = GraphQLCoreConverter.DEFINITION_BACKREF
_MIN_INT = -(2**31)
_MAX_INT = 2**31 - 1

# What a position of the output needs; FALLBACK: graphql-core completes it.
_FALLBACK, _STRING, _INT, _FLOAT, _BOOLEAN, _ENUM, _OBJECT, _LIST, _TYPENAME = range(9)
_NOT_FAST: Any = object()  # a leaf value that is not taken as it is


@dataclass(frozen=True, slots=True)
class _Output:
    type: GraphQLOutputType  # the full type at this position (for graphql-core's error handling)
    nullable: bool
    kind: int
    enum_names: dict[str, str] | None = None  # ZGW string -> GraphQL enum name
    object_type: GraphQLObjectType | None = None
    is_type_of: Callable[[Any, Any], Any] | None = None
    item: _Output | None = None  # of a list


# Field metadata: a function (value, arguments) -> value that does what the field's resolver does with the
# view's value (slicing a preloaded child list by `first`/`after`), so the field can take the fast path.
ARGUMENTS_APPLY = "zaakgraph-arguments-apply"

Apply = Callable[[Any, dict[str, Any]], Any]

# An attribute set (True) on a custom scalar's `serialize` that returns a `str` value unchanged (the ZGW
# Date/DateTime scalars): such a field takes the fast path like a String when its value is a `str`.
STRINGS_AS_SENT = "zaakgraph_strings_as_sent"


@dataclass(frozen=True, slots=True)
class _FieldPlan:
    field_def: GraphQLField | None  # None for __typename
    read: Callable[[Any, str], Any]  # Strawberry's default resolver (StrawberryConfig.default_resolver)
    python_name: str
    output: _Output
    apply: Apply | None = None  # for a field with arguments: what its resolver does with them


_TypePlans = dict[str, _FieldPlan | None]
# Per schema, per object type: field name -> plan (None: the stock path). Built lazily, once per schema.
_PLANS: weakref.WeakKeyDictionary[GraphQLSchema, dict[GraphQLObjectType, _TypePlans]] = (
    weakref.WeakKeyDictionary()
)


def _output(type_: GraphQLOutputType) -> _Output:
    nullable = not isinstance(type_, GraphQLNonNull)
    named: Any = type_ if nullable else type_.of_type  # type: ignore[union-attr]
    if named is GraphQLString or named is GraphQLID:
        return _Output(type_, nullable, _STRING)
    if named is GraphQLInt:
        return _Output(type_, nullable, _INT)
    if named is GraphQLFloat:
        return _Output(type_, nullable, _FLOAT)
    if named is GraphQLBoolean:
        return _Output(type_, nullable, _BOOLEAN)
    if isinstance(named, GraphQLEnumType):
        return _Output(type_, nullable, _ENUM, enum_names=_enum_names(named))
    if isinstance(named, GraphQLScalarType) and getattr(named.serialize, STRINGS_AS_SENT, False) is True:
        return _Output(type_, nullable, _STRING)
    if isinstance(named, GraphQLObjectType):
        return _Output(type_, nullable, _OBJECT, object_type=named, is_type_of=named.is_type_of)
    if isinstance(named, GraphQLList):
        item = _output(named.of_type)
        if item.kind == _LIST:
            item = _Output(item.type, item.nullable, _FALLBACK)  # inner lists: graphql-core's
        return _Output(type_, nullable, _LIST, item=item)
    return _Output(type_, nullable, _FALLBACK)  # custom scalars, interfaces, unions


def _enum_names(enum: GraphQLEnumType) -> dict[str, str]:
    """The names graphql-core's (Strawberry's) own coercion gives each string value: taken, not re-derived."""
    names: dict[str, str] = {}
    for value in enum.values.values():
        if type(value.value) is str:
            try:
                names[value.value] = enum.coerce_output_value(value.value)
            except Exception:  # a value the stock path refuses stays on the stock path
                continue
    return names


def _field_plan(schema: GraphQLSchema, parent_type: GraphQLObjectType, field_name: str) -> _FieldPlan | None:
    if field_name == "__typename":
        return _FieldPlan(None, _no_read, field_name, _Output(GraphQLString, False, _TYPENAME))
    field_def = schema.get_field(parent_type, field_name)
    if field_def is None:
        return None
    if field_def.args:
        return _applied_plan(field_def)
    resolve = field_def.resolve
    # Strawberry's resolver for a field with no resolver, no field extensions and no exception handler
    # (`GraphQLCoreConverter.from_resolver`); `_is_default` alone is also set on the extension-running one.
    if getattr(resolve, "__name__", None) != "_get_basic_result" or not getattr(
        resolve, "_is_default", False
    ):
        return None
    field = (field_def.extensions or {}).get(_BACKREF)
    if not isinstance(field, StrawberryField) or not field.is_basic_field:
        return None
    if type(field).get_result is not StrawberryField.get_result:
        return None  # a field class that reads differently
    output = _output(field_def.type)
    if output.kind == _FALLBACK:
        return None
    return _FieldPlan(field_def, field.default_resolver, field.python_name, output)


def _applied_plan(field_def: GraphQLField) -> _FieldPlan | None:
    """A field whose resolver only applies its arguments to the view's value (ARGUMENTS_APPLY metadata)."""
    field = (field_def.extensions or {}).get(_BACKREF)
    if not isinstance(field, StrawberryField) or field.extensions:
        return None
    apply = field.metadata.get(ARGUMENTS_APPLY)
    if not callable(apply):
        return None
    output = _output(field_def.type)
    if output.kind not in (_OBJECT, _LIST):
        return None
    return _FieldPlan(field_def, field.default_resolver, field.python_name, output, apply)


def _no_read(_source: Any, _name: str) -> None:
    return None


def _leaf(output: _Output, value: Any) -> Any:
    """`value` as the response holds it, or _NOT_FAST when graphql-core must complete it."""
    if value is None:
        return None if output.nullable else _NOT_FAST
    kind = output.kind
    if kind == _STRING:
        return value if type(value) is str else _NOT_FAST
    if kind == _ENUM:
        if type(value) is str:
            return output.enum_names.get(value, _NOT_FAST)  # type: ignore[union-attr]
        return _NOT_FAST
    if kind == _INT:
        return value if type(value) is int and _MIN_INT <= value <= _MAX_INT else _NOT_FAST
    if kind == _BOOLEAN:
        return value if type(value) is bool else _NOT_FAST
    if kind == _FLOAT:
        return value if type(value) is float and isfinite(value) else _NOT_FAST
    return _NOT_FAST


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with a direct path for resolver-less fields (see the module doc)."""

    _plans: dict[GraphQLObjectType, _TypePlans] | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema = self.schema
        middleware = self.middleware_manager
        if (middleware is not None and middleware.middlewares) or (
            schema.get_directive("defer") is not None or schema.get_directive("stream") is not None
        ):
            self._plans = None
            return
        plans = _PLANS.get(schema)
        if plans is None:
            plans = _PLANS.setdefault(schema, {})
        self._plans = plans

    def _plan(self, type_plans: _TypePlans, parent_type: GraphQLObjectType, name: str) -> _FieldPlan | None:
        plan = type_plans[name] = _field_plan(self.schema, parent_type, name)
        return plan

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: DeliveryGroupMap | None,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if self._plans is None or position_context is not None:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        type_plans = self._plans.get(parent_type)
        if type_plans is None:
            type_plans = self._plans.setdefault(parent_type, {})
        is_awaitable = self.is_awaitable
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list in grouped_field_set.items():
                name = field_details_list[0].node.name.value
                plan = type_plans.get(name, _NOT_FAST)
                if plan is _NOT_FAST:
                    plan = self._plan(type_plans, parent_type, name)
                result: Any = _NOT_FAST
                if plan is not None:
                    output = plan.output
                    kind = output.kind
                    if kind == _TYPENAME:
                        result = parent_type.name
                    else:
                        try:
                            value = plan.read(source_value, plan.python_name)
                            if plan.apply is not None:
                                value = self._apply(plan, value, field_details_list)
                        except Exception:  # the stock path reads again and reports it
                            value = _NOT_FAST
                        if value is _NOT_FAST:
                            pass
                        elif kind in (_OBJECT, _LIST):
                            if value is None:
                                if output.nullable:
                                    result = None
                            else:
                                result = self._complete_composite(
                                    plan, output, value, parent_type, field_details_list, path, response_name
                                )
                                if result is not _NOT_FAST and is_awaitable(result):
                                    awaitable_fields.append(response_name)
                        else:
                            result = _leaf(output, value)
                if result is _NOT_FAST:
                    result = self.execute_field(
                        parent_type,
                        source_value,
                        field_details_list,
                        Path(path, response_name, parent_type.name),
                        position_context,
                    )
                    if result is Undefined:
                        continue
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
                results[response_name] = result
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise

        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:
                name = awaitable_fields[0]
                results[name] = await results[name]
            else:
                awaited = await gather_with_cancel(*(results[name] for name in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()

    def _apply(self, plan: _FieldPlan, value: Any, field_details_list: FieldDetailsList) -> Any:
        """The field's arguments applied to its value; _NOT_FAST (the resolver runs) when anything is off."""
        if value is None or isinstance(value, Exception) or len(field_details_list) != 1:
            return _NOT_FAST
        assert plan.field_def is not None and plan.apply is not None
        details = field_details_list[0]
        arguments = get_argument_values(
            plan.field_def, details.node, self.variable_values, details.fragment_variable_values
        )
        return plan.apply(value, arguments)

    def _complete_composite(
        self,
        plan: _FieldPlan,
        output: _Output,
        value: Any,
        parent_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        path: Path | None,
        response_name: str,
    ) -> Any:
        """An object or list field with a non-null value: its completion, or _NOT_FAST before anything ran.

        Once committed, errors are handled as graphql-core's `execute_field` handles them: located at this
        field, null here when the type allows it, raised to the parent when it does not.
        """
        if output.kind == _OBJECT:
            if not self._is_object(output, value):
                return _NOT_FAST
        elif type(value) is not list:
            return _NOT_FAST
        field_path = Path(path, response_name, parent_type.name)
        completed: Any
        try:
            if output.kind == _OBJECT:
                completed = self._complete_object(output, value, field_details_list, field_path)
            else:
                completed = self._complete_list(
                    plan, output, value, parent_type, field_details_list, field_path
                )
        except Exception as raw_error:
            self.handle_field_error(raw_error, output.type, field_details_list, field_path)
            return None
        if self.is_awaitable(completed):
            return self._await_completed(completed, output.type, field_details_list, field_path)
        return completed

    def _is_object(self, output: _Output, value: Any) -> bool:
        """Whether `value` completes as this object type here: not an exception, not awaitable, is_type_of."""
        if type(value) is not dict and (
            value is Undefined or isinstance(value, Exception) or self.is_awaitable(value)
        ):
            return False
        is_type_of = output.is_type_of
        if is_type_of is None:
            return True
        try:
            # ours and Strawberry's read only the value; anything but True goes the stock way (with info)
            return is_type_of(value, None) is True
        except Exception:
            return False

    def _complete_object(
        self, output: _Output, value: Any, field_details_list: FieldDetailsList, path: Path
    ) -> AwaitableOrValue[dict[str, Any]]:
        object_type = output.object_type
        assert object_type is not None
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        return self.execute_collected_subfields(
            object_type, value, path, grouped_field_set, new_defer_usages, None
        )

    def _complete_list(
        self,
        plan: _FieldPlan,
        output: _Output,
        items: list[Any],
        parent_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        path: Path,
    ) -> AwaitableOrValue[list[Any]]:
        """graphql-core's `complete_iterable_value`, with fast items; others through its own item completion."""
        item_output = plan.output.item
        assert item_output is not None and output is plan.output
        is_awaitable = self.is_awaitable
        completed: list[Any] = []
        append = completed.append
        awaitable_indices: list[int] = []
        info: GraphQLResolveInfo[Any] | None = None
        iterator: Iterator[Any] = iter(items)
        index = 0
        try:
            for item in iterator:
                if item_output.kind != _OBJECT:
                    taken = _leaf(item_output, item)
                    if taken is not _NOT_FAST:
                        append(taken)
                        index += 1
                        continue
                elif item is None:
                    if item_output.nullable:
                        append(None)
                        index += 1
                        continue
                elif self._is_object(item_output, item):
                    item_path = path.add_key(index, None)
                    try:
                        result = self._complete_object(item_output, item, field_details_list, item_path)
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, item_output.type, field_details_list, item_path)
                        result = None
                    else:
                        if is_awaitable(result):
                            result = self._await_completed(
                                result, item_output.type, field_details_list, item_path
                            )
                            awaitable_indices.append(index)
                    append(result)
                    index += 1
                    continue
                # graphql-core's own completion of this item
                if info is None:
                    assert plan.field_def is not None
                    info = self.build_resolve_info(
                        plan.field_def, to_nodes(field_details_list), parent_type, path
                    )
                item_path = path.add_key(index, None)
                if is_awaitable(item):
                    append(
                        self.complete_awaitable_list_item_value(
                            item, item_output.type, field_details_list, info, item_path, None
                        )
                    )
                    awaitable_indices.append(index)
                elif self.complete_list_item_value(
                    item, completed, item_output.type, field_details_list, info, item_path, None
                ):
                    awaitable_indices.append(index)
                index += 1
        except Exception:
            pending = [completed[i] for i in awaitable_indices]
            pending.extend(collect_iterator_awaitables(iterator, is_awaitable))
            if pending:
                self.settle_in_background(pending)
            raise

        if not awaitable_indices:
            return completed

        async def get_completed() -> list[Any]:
            if len(awaitable_indices) == 1:
                at = awaitable_indices[0]
                completed[at] = await completed[at]
            else:
                awaited = await gather_with_cancel(*(completed[i] for i in awaitable_indices))
                for at, result in zip(awaitable_indices, awaited, strict=True):
                    completed[at] = result
            return completed

        return get_completed()

    async def _await_completed(
        self,
        completed: Awaitable[Any],
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        path: Path,
    ) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
