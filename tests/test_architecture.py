"""The layering rules of ../shared/ARCHITECTURE.md, read from the code with `ast`, so they stay
true: no import cycle in app/, a kernel that imports no domain package, HTTP-free shared
helpers, and no module that fills another module's list at import time (who reacts to what is
written in app/wiring.py alone)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app import events, wiring

APP = Path(__file__).resolve().parent.parent / "app"

DOMAIN = (
    "parties",
    "invoices",
    "documents",
    "mails",
    "recurrences",
    "reminders",
    "webhooks",
    "deadletters",
    "receivables",
    "banking",
    "invoicepage",
)
# Imported by every layer; they import no domain package, no HTTP layer and no composition root.
KERNEL = (
    "config",
    "db",
    "errors",
    "clock",
    "models",
    "shared",
    "events",
    "observability",
    "ratelimit",
    "repository",
    "migrations",
)
OUTER = (*DOMAIN, "http", "auth", "main", "cli", "wiring", "worker", "demo")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. app.invoices.service
    target: str  # the app module it names, e.g. app.mails.service
    line: int


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in APP.rglob("*.py")}


def _resolve(name: str) -> str | None:
    """The app module a dotted name refers to (a module, or a name inside one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports() -> Iterator[Import]:
    """Every import of an app module, at module level or inside functions alike: a lazy
    import is still a dependency."""
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                target = _resolve(name) if name.startswith("app.") or name == "app" else None
                if target and target != module:
                    yield Import(module, target, node.lineno)


def _layer(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_the_import_graph_of_app_has_no_cycle() -> None:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for edge in imports():
        graph[edge.module].add(edge.target)
    cycles = _cycles(graph)
    assert not cycles, "import cycles in app/:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_kernel_imports_no_domain_package_and_no_outer_layer() -> None:
    wrong = [
        f"{edge.module} (line {edge.line}) imports {edge.target}"
        for edge in imports()
        if _layer(edge.module) in KERNEL and _layer(edge.target) in OUTER
    ]
    assert not wrong, "\n".join(wrong)


def test_shared_helpers_do_not_depend_on_fastapi() -> None:
    """Repositories and schemas use app.shared; it must not drag the HTTP layer in."""
    wrong = []
    for module, path in MODULES.items():
        if _layer(module) != "shared":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            wrong += [
                f"{module}: {n}" for n in names if n.split(".")[0] in ("fastapi", "starlette")
            ]
    assert not wrong, "\n".join(wrong)


# Calls that register something somewhere else when they run at module level.
_REGISTERING = {"append", "extend", "insert", "add", "register", "subscribe", "listen"}


def test_no_module_registers_anything_at_import_time() -> None:
    """Module-level code may define things, not attach them to other modules: no
    `other.hooks.append(...)`, no `@register(...)` decorators, no `@event.listens_for`."""
    wrong = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text())
        for statement in tree.body:
            for call in _calls_at_import(statement):
                func = call.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in _REGISTERING or name == "listens_for":
                    wrong.append(f"{module}:{call.lineno}: {ast.unparse(func)}(...)")
    assert not wrong, "registration at import time:\n" + "\n".join(wrong)


def test_only_the_composition_root_subscribes_to_events() -> None:
    callers = {
        edge.module
        for edge in imports()
        if edge.target == "app.events" and "subscribe(" in MODULES[edge.module].read_text()
    }
    assert callers <= {"app.wiring"}, callers


def test_the_wiring_lists_every_subscriber_and_job() -> None:
    """What a newcomer reads in app/wiring.py is what runs."""
    wiring.subscribe_all()
    assert [h.__qualname__ for h in events.subscribers(events.AdministrationCreated)] == [
        "create_default_template",
        "create_default_template",
    ]
    assert [h.__module__ for h in events.subscribers(events.AdministrationCreated)] == [
        "app.documents.service",
        "app.mails.service",
    ]
    # The page link first (the mail made after the event names it); a credit note settles
    # its invoice before the finalisation's webhook is written; reminders follow invoices and
    # their mails after the webhooks are written.
    assert [h.__module__ for h in events.subscribers(events.InvoiceFinalized)] == [
        "app.invoices.public_links",
        "app.payments.service",
        "app.webhooks.service",
        "app.reminders.service",
    ]
    for event_type in (events.PaymentStatusChanged, events.MailSettled):
        assert [h.__module__ for h in events.subscribers(event_type)] == [
            "app.webhooks.service",
            "app.reminders.service",
        ]
    # A reversed bank payment frees its credit before the webhook tells of the reversal.
    assert [h.__module__ for h in events.subscribers(events.PaymentReversed)] == [
        "app.banking.service",
        "app.webhooks.service",
    ]
    for event_type in (
        events.PaymentRecorded,
        events.OccurrenceHandled,
        events.ReminderSent,
    ):
        assert [h.__module__ for h in events.subscribers(event_type)] == ["app.webhooks.service"]
    assert [name for name, _ in wiring.WORKER_JOBS] == [
        "outbox",
        "recurrences",
        "reminders",
        "webhooks",
    ]


def test_the_checks_catch_what_they_are_for() -> None:
    """The detectors themselves: a cycle and an import-time registration are found."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    sample = ast.parse("from x import hooks\nhooks.append(f)\n@register('job')\ndef g(): ...\n")
    found = [ast.unparse(c.func) for s in sample.body for c in _calls_at_import(s)]
    assert found == ["hooks.append", "register"]


def _calls_at_import(statement: ast.stmt) -> Iterator[ast.Call]:
    """Calls that run when the module is imported: in module-level expressions and
    assignments, and decorators; not inside function bodies."""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        for decorator in statement.decorator_list:
            if isinstance(decorator, ast.Call):
                yield decorator
        return
    if isinstance(statement, ast.Expr | ast.Assign | ast.AnnAssign):
        for node in ast.walk(statement):
            if isinstance(node, ast.Call):
                yield node


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component (Tarjan), each starting at its smallest name."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                members = set(component)
                start = min(members)
                path = [start]
                while True:  # walk inside the component back to the start
                    step = min(n for n in graph[path[-1]] if n in members)
                    if step == start or step in path:
                        path.append(step)
                        break
                    path.append(step)
                found.append(path)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
