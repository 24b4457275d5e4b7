"""The committed schema modules are what the generator makes of the committed specs."""

from __future__ import annotations

from pathlib import Path

from schema import codegen

SCHEMA_DIR = Path(codegen.__file__).resolve().parent.parent  # schema/codegen/__init__.py -> schema/


def test_generated_modules_are_up_to_date(tmp_path: Path) -> None:
    codegen.write(tmp_path)

    stale = [
        name for name in codegen.GENERATED if (tmp_path / name).read_text() != (SCHEMA_DIR / name).read_text()
    ]

    assert stale == [], f"run `python -m schema.codegen` and commit: {stale} differ"


def test_generator_writes_every_generated_module(tmp_path: Path) -> None:
    codegen.write(tmp_path)

    assert sorted(p.name for p in tmp_path.glob("*.py")) == sorted(codegen.GENERATED)
