"""Packaging: pins agree between pyproject.toml and environment.yml; seeds; public API."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

import evidencekit

ROOT = Path(__file__).resolve().parents[1]
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(\S+)$")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(requirements: list[str], source: str) -> dict[str, str]:
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement.strip())
        assert match, f"{source}: {requirement!r} is not pinned as name==version"
        pins[_name(match[1])] = match[2]
    return pins


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return _pins(requirements, "pyproject.toml")


def _environment_pins() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    requirements = []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            requirements += [r for r in entry["pip"] if not r.startswith("-e")]
        elif not entry.startswith(("python=", "pip")):
            requirements.append(entry)
    return _pins(requirements, "environment.yml")


def test_environment_yml_pins_exactly_the_pyproject_dependencies():
    assert _environment_pins() == _pyproject_pins()


def test_environment_yml_is_the_kit_on_python_311():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert environment["name"] == "evidencekit"
    assert environment["channels"] == ["conda-forge"]
    assert "python=3.11" in environment["dependencies"]
    pip = next(entry["pip"] for entry in environment["dependencies"] if isinstance(entry, dict))
    assert "-e ." in pip


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="no ../shared/seeds beside the repository")
def test_seeds_are_byte_identical_to_shared_seeds():
    ours = {p.name: p.read_bytes() for p in (ROOT / "seeds").iterdir() if p.is_file()}
    shared = {p.name: p.read_bytes() for p in SHARED_SEEDS.iterdir() if p.is_file()}
    assert sorted(ours) == sorted(shared)
    for name, content in shared.items():
        assert ours[name] == content, f"seeds/{name} differs from ../shared/seeds/{name}"


PUBLIC_API = [
    "CLAIM_COLUMNS",
    "check_parameters",
    "pick_document",
    "review_claim",
    "review_claims",
    "show_document",
    "Corpus",
    "DataFileError",
    "Document",
    "DocumentError",
    "EvidenceSet",
    "KitError",
    "Meta",
    "Metric",
    "Region",
    "Sentence",
    "SpinReport",
    "ThemeHit",
    "UnknownUnitError",
    "UnsupportedFormatError",
    "__version__",
    "compare_claims",
    "detect_language",
    "evidence_table",
    "extract_metrics",
    "format_metric",
    "load_corpus",
    "metrics_table",
    "open_evidence",
    "read_document",
    "spin_report",
    "split_sentences",
    "tag_themes",
]


def test_public_names_exist():
    missing = [name for name in evidencekit.__all__ if not hasattr(evidencekit, name)]
    assert missing == []
    assert len(set(evidencekit.__all__)) == len(evidencekit.__all__)


def test_public_api_is_what_notebooks_and_the_docs_rely_on():
    """Changing it is a decision: update this list, the README and the notebooks together."""
    assert sorted(evidencekit.__all__) == sorted(PUBLIC_API)


def test_console_script_is_the_cli():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"evidencekit": "evidencekit.cli:main"}
