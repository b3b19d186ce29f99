"""Build report models from the extractor's own output without validating them a second time.

The extractor makes every cell from a parsed value of the right type, so passing its ~400 cells and their
sources through pydantic again costs about as much as reading the table. `trusted` makes the same object
`Model.model_validate(values)` would (same fields, defaults, field order and fields set), only without the
checks; `pydantic`'s own `model_construct` is slower than validating. Anything read from outside (JSON,
the public API) is still validated: tests/test_model_build.py holds the two paths equal on real documents.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ogi.model.report import Cell, CellKind, Source

__all__ = ["cell", "source", "trusted"]

M = TypeVar("M", bound=BaseModel)

# The slots every pydantic model instance has, set through their descriptors: BaseModel.__setattr__ would
# validate assignments and object.__setattr__ looks the slot up on every call.
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__

_Blueprint = tuple[dict[str, Any], tuple[tuple[str, Any], ...]]  # fields with plain defaults, default factories
_BLUEPRINTS: dict[type, _Blueprint] = {}


def _blueprint(cls: type[BaseModel]) -> _Blueprint:
    template: dict[str, Any] = {}
    factories = []
    for name, info in cls.model_fields.items():
        if info.default_factory is not None:
            template[name] = None  # a place in field order, filled by a fresh value below
            factories.append((name, info.default_factory))
        elif info.default is PydanticUndefined:
            template[name] = None  # required: every caller passes it
        else:
            template[name] = info.default
    found = _BLUEPRINTS[cls] = (template, tuple(factories))
    return found


def _make(cls: type[M], fields: dict[str, Any], given: set[str]) -> M:
    obj = _new(cls)
    _set_dict(obj, fields)
    _set_fields_set(obj, given)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """Given a model class and field values of the right types (nested models already built), return the
    model without validation. Values are taken as they are: only for what ogi itself has made."""
    template, factories = _BLUEPRINTS.get(cls) or _blueprint(cls)
    fields = {**template, **values}  # field order from the template, as validation gives it
    for name, factory in factories:
        if name not in values:
            fields[name] = factory()
    return _make(cls, fields, set(values))


def source(line: int | None, page: int | None, column: int | None = None) -> Source:
    """Source(line=…, page=…, column=…), without validation."""
    return _make(Source, {"line": line, "page": page, "column": column, "box": None}, {"line", "page", "column"})


def cell(text: str, value: Any, kind: CellKind, line: int | None, page: int | None, column: int | None) -> Cell:
    """Cell(text=…, value=…, kind=…, source=Source(line=…, page=…, column=…)), without validation: made for
    every cell of a report, so both objects are made here at once."""
    where = _new(Source)
    _set_dict(where, {"line": line, "page": page, "column": column, "box": None})  # boxes: ogi.extract.boxes
    _set_fields_set(where, {"line", "page", "column"})
    _set_extra(where, None)
    _set_private(where, None)
    made = _new(Cell)
    _set_dict(made, {"text": text, "value": value, "kind": kind, "source": where})
    _set_fields_set(made, {"text", "value", "kind", "source"})
    _set_extra(made, None)
    _set_private(made, None)
    return made
