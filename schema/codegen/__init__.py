"""Generate the Strawberry modules of `schema/` from the Open Zaak OpenAPI specs.

Run `python -m schema.codegen` (writes into schema/) or `python -m schema.codegen OUTDIR`. The output is
committed, and tests/schema checks that it is up to date. `tables` holds everything hand-chosen (which
resources, their links, names of clashing enums, descriptions the specs lack), `model` reads the specs,
`render` writes the modules.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from schema.codegen.model import Generator
from schema.codegen.render import Renderer, enums_module, filters_module, query_module, tables_module
from schema.codegen.tables import RESOURCES, ROOT, TYPE_MODULE

GENERATED = (
    "enums.py",
    "embedded.py",
    "filters.py",
    "query.py",
    "tables.py",
    "zaken.py",
    "documenten.py",
    "besluiten.py",
    "catalogi.py",
)
_TITLES = {
    "zaken": "Zaken API",
    "documenten": "Documenten API",
    "besluiten": "Besluiten API",
    "catalogi": "Catalogi API",
}


def generate(spec_dir: Path) -> tuple[dict[str, str], list[str]]:
    """{file name: source} for every module in GENERATED, and the generator's warnings."""
    gen = Generator(spec_dir)
    for resource in RESOURCES:
        gen.resource(resource)
    gen.prune()
    filters = filters_module(gen)  # before the enums module: filters may add code lists of their own
    clash = set(gen.enums) & (set(gen.embedded) | set(TYPE_MODULE))
    if clash:
        raise ValueError(f"enum names clash with types: {sorted(clash)}: add them to ENUM_RENAMES")
    used = {
        word
        for typedef in [*gen.types.values(), *gen.embedded.values()]
        for f in typedef.fields
        for word in re.findall(r"\w+", f.annotation)
    } | set(re.findall(r"\w+", filters))
    renderer = Renderer(gen.enums, gen.embedded)
    embedded_doc = (
        "Embedded ZGW objects (no URL of their own): opschorting, kenmerken, betrokkeneIdentificatie ..."
    )
    files = {
        "enums.py": enums_module(
            sorted((e for e in gen.enums.values() if e.name in used), key=lambda e: e.name)
        ),
        "embedded.py": renderer.module(
            embedded_doc, [gen.embedded[n] for n in sorted(gen.embedded)], "embedded"
        ),
        "filters.py": filters,
        "query.py": query_module(gen),
        "tables.py": tables_module(gen),
    }
    for module, title in _TITLES.items():
        types = [gen.types[r.type_name] for r in RESOURCES if TYPE_MODULE[r.type_name] == module]
        files[f"{module}.py"] = renderer.module(f"Resources of the {title} (Open Zaak).", types, module)
    return files, gen.warnings


def _ruff() -> str:
    beside = Path(sys.executable).parent / "ruff"  # the venv's ruff, the one CI pins
    found = str(beside) if beside.exists() else shutil.which("ruff")
    if found is None:
        raise RuntimeError("ruff is needed to format the generated modules")
    return found


def _format(directory: Path, names: Iterable[str]) -> None:
    config = ["--config", str(ROOT / "pyproject.toml")]
    paths = [str(directory / name) for name in names]
    subprocess.run([_ruff(), "check", "--fix", "--quiet", *config, *paths], check=False)
    subprocess.run([_ruff(), "format", "--quiet", *config, *paths], check=True)


def write(out_dir: Path, spec_dir: Path = ROOT / "simulator" / "specs") -> list[str]:
    """Generate into `out_dir`, formatted as committed; returns the warnings."""
    files, warnings = generate(spec_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out_dir / name).write_text(text)
    _format(out_dir, files)
    return warnings


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else ROOT / "schema"
    for warning in write(out_dir):
        print("warning:", warning, file=sys.stderr)
    return 0
