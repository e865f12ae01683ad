"""Architecture contracts, read from the imports themselves (grimp, the graph library behind import-linter).

- Core packages never import a kind of activity: a kind plugs in through ``LATIH_KINDS`` and its ``ActivityKind``.
- A kind reaches the core only through its public seams, never through the LMS plumbing (AGS, tokens, the outbox's
  delivery, launch validation) or the admin area.
"""
import ast
from pathlib import Path

import grimp
import pytest

import config.default

CORE = ["lti_tool.lti", "lti_tool.grades", "lti_tool.activities", "lti_tool.admin", "lti_tool.home",
        "lti_tool.revisions", "lti_tool.invitations", "lti_tool.record"]
ROOT_MODULES = ["lti_tool", "lti_tool.cli", "lti_tool.clock", "lti_tool.extensions", "lti_tool.formats",
                "lti_tool.health", "lti_tool.i18n", "lti_tool.ids", "lti_tool.richtext", "lti_tool.security",
                "lti_tool.state", "lti_tool.wrappers", "lti_tool.logmask", "lti_tool.outages", "lti_tool.mail"]
# What a kind must not reach into: the LMS plumbing and the admin area.
PLUMBING = ["lti_tool.grades.ags", "lti_tool.grades.tokens", "lti_tool.grades.delivery", "lti_tool.lti.protocol",
            "lti_tool.lti.toolconf", "lti_tool.lti.keys", "lti_tool.lti.dynreg", "lti_tool.admin"]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("lti_tool")


def shipped_kinds():
    return [name for name in config.default.LATIH_KINDS if name.startswith("lti_tool.")]


def test_the_shipped_kinds_are_packages_of_the_tool(graph):
    assert shipped_kinds(), "LATIH_KINDS ships no kind"
    for kind in shipped_kinds():
        assert kind in graph.modules and graph.find_children(kind), f"{kind} is not a package"


@pytest.mark.parametrize("core", CORE + ROOT_MODULES)
def test_core_never_imports_a_kind(graph, core):
    for kind in shipped_kinds():
        chains = graph.find_shortest_chains(importer=core, imported=kind, as_packages=core in CORE)
        assert not chains, f"{core} reaches the kind {kind}: {sorted(chains)}"


@pytest.mark.parametrize("kind", shipped_kinds())
def test_kinds_use_the_public_seams_only(graph, kind):
    for module in PLUMBING:
        direct = graph.find_shortest_chains(importer=kind, imported=module, as_packages=True)
        direct = {chain for chain in direct if len(chain) == 2}  # the kind's own imports, not the core's inside
        assert not direct, f"{kind} imports {module} directly: {sorted(direct)}"


@pytest.mark.parametrize("kind", shipped_kinds())
def test_kinds_never_import_each_other(graph, kind):
    """A kind is one package: it shares nothing with another kind but the core (modules never import budgeting)."""
    for other in shipped_kinds():
        if other != kind:
            chains = graph.find_shortest_chains(importer=kind, imported=other, as_packages=True)
            assert not chains, f"{kind} reaches the kind {other}: {sorted(chains)}"


def test_only_award_writes_scores():
    """One way to award a grade: outside the grades package no code records a score or builds a Score row."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in [*root.joinpath("lti_tool").rglob("*.py"), root / "tests" / "kinds.py"]:
        if path.is_relative_to(root / "lti_tool" / "grades"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if isinstance(node, ast.alias):
                name = node.name
            if name == "record_score" or (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Score"):
                offenders.append(f"{path.relative_to(root)}:{node.lineno if hasattr(node, 'lineno') else '?'}")
    assert not offenders, f"scores must go through lti_tool.grades.award.award: {offenders}"


def test_command_line_modules_are_only_imported_to_register_them(graph):
    """CLI modules sit at the edge: services never import them (the admin services once imported ``admin.cli``)."""
    clis = {m for m in graph.modules if m.rsplit(".", 1)[-1] == "cli"}
    importers = {(m, c) for c in clis for m in graph.find_modules_that_directly_import(c)}
    # lti_tool.cli registers the core's command groups; a package (create_app, a kind's init_app) its own cli.
    offenders = {(m, c) for m, c in importers if m != "lti_tool.cli" and m != c.rsplit(".", 1)[0]}
    assert offenders == set()
