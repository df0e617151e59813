"""Pictures of who passed a claim to whom: Graphviz DOT, Mermaid, and SVG through ``dot``.

Two pictures share one small graph model, so the DOT and Mermaid texts always say the
same thing:

- a claim: its originator, each hop of each chain (edges labelled with the cue that
  names the hop in the text), then the claim as the document prints it; the claims that
  contradict it, or that it contradicts, hang off it as dashed red edges from or to
  their originators;
- an actor's relay neighbourhood: whom it got claims from and whom it passed them to
  (the next hop, or the publishing document at the end of a chain), with the number of
  claims on each edge.

Labels are user text (quotes, names, cues), so each format escapes them its own way.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, distinct, exists, func, select
from sqlalchemy.engine import Connection

from provenance.errors import ExportError
from provenance.queries.card import relation_details
from provenance.queries.claims import iter_claims_by_ids
from provenance.store import tables as schema

FORMATS = ("dot", "mermaid", "svg")
QUOTE_WIDTH = 140  # characters of a quote shown in a node
LINE_WIDTH = 48
LABEL_LIMIT = 1000  # characters of any label (names and cues may be long)
INSTALL_GRAPHVIZ = "install Graphviz (Debian: apt-get install graphviz)"
CONTRADICTION = "#d62728"


@dataclass
class Node:
    id: str
    label: str
    role: str  # actor, focus (the originator or the actor asked about), claim, document


@dataclass
class Edge:
    source: str
    target: str
    label: str | None = None
    contradiction: bool = False


@dataclass
class Graph:
    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def node(self, id: str, label: str, role: str) -> str:
        self.nodes.setdefault(id, Node(id, _capped(label), role))
        return id

    def edge(self, edge: Edge) -> None:
        if edge.label is not None:
            edge = Edge(edge.source, edge.target, _capped(edge.label), edge.contradiction)
        if edge not in self.edges:
            self.edges.append(edge)


def _capped(label: str) -> str:
    """A label Graphviz can lay out: it refuses labels past about 16 KB, and escaping
    can multiply a character by five, so names and cues are cut well before that."""
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"


def render(graph: Graph, fmt: str) -> str:
    """The graph as text in ``fmt`` (dot, mermaid or svg)."""
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "mermaid":
        return to_mermaid(graph)
    if fmt == "svg":
        return to_svg(to_dot(graph))
    raise ExportError(f"unknown picture format '{fmt}' (one of {', '.join(FORMATS)})")


# -- the graphs -------------------------------------------------------------------


def claim_graph(conn: Connection, claim_id: int) -> Graph:
    """A claim's relay chains, from its originator to the document that prints it."""
    claim = next(iter_claims_by_ids(conn, [claim_id]))
    publisher = conn.execute(
        select(schema.actors.c.name)
        .select_from(schema.documents)
        .outerjoin(schema.actors, schema.actors.c.id == schema.documents.c.publisher_id)
        .where(schema.documents.c.key == claim["document"])
    ).scalar()
    graph = Graph(title=f"{claim['document']}/{claim['key']}")
    origin = claim["originator"]
    source = graph.node(_actor_id(origin["key"]), _actor_label(origin), "focus")
    printed_label = [
        f"{claim['key']} ({claim['kind']})",
        *textwrap.wrap(f"«{_short(claim['quote'])}»", LINE_WIDTH),
        f"in {claim['document']}",
        *([f"published by {publisher}"] if publisher else []),
    ]
    printed = graph.node("claim:" + claim["key"], "\n".join(printed_label), "claim")
    for chain in claim["chains"]:
        upstream = source
        for hop in chain:
            here = graph.node(_actor_id(hop["key"]), _actor_label(hop), "actor")
            graph.edge(Edge(upstream, here, hop["cue"]))
            upstream = here
        graph.edge(Edge(upstream, printed, claim["cue"]))
    if not claim["chains"]:
        graph.edge(Edge(source, printed, claim["cue"]))
    names = _Names(conn)
    for rel in relation_details(conn, claim_id):
        if rel["type"] != "contradicts":
            continue
        other = names.actor_by_key(rel["originator"]["key"])
        node = graph.node(_actor_id(other["key"]), _actor_label(other), "actor")
        other_key = rel["claim"]["key"]
        if rel["claim"]["document"] != claim["document"]:
            other_key = f"{rel['claim']['document']}/{other_key}"
        if rel["direction"] == "incoming":
            graph.edge(Edge(node, printed, f"{other_key} contradicts", contradiction=True))
        else:
            graph.edge(Edge(printed, node, f"contradicts {other_key}", contradiction=True))
    return graph


def actor_graph(conn: Connection, actor_id: int) -> Graph:
    """Whom an actor got claims from and passed them to, with claim counts on the edges."""
    names = _Names(conn)
    focus = names.actor(actor_id)
    graph = Graph(title=f"relay neighbourhood of {focus['name']}")
    me = graph.node(_actor_id(focus["key"]), _actor_label(focus), "focus")
    incoming, outgoing = _neighbours(conn, actor_id)
    for (kind, ref), n in sorted(incoming.items(), key=lambda item: (-item[1], item[0])):
        if kind == "actor" and ref == actor_id:
            continue
        node = _neighbour_node(graph, names, kind, ref)
        graph.edge(Edge(node, me, _claims(n)))
    for (kind, ref), n in sorted(outgoing.items(), key=lambda item: (-item[1], item[0])):
        if kind == "actor" and ref == actor_id:
            continue
        node = _neighbour_node(graph, names, kind, ref)
        graph.edge(Edge(me, node, _claims(n)))
    return graph


def _neighbours(
    conn: Connection, actor_id: int
) -> tuple[Counter[tuple[str, int]], Counter[tuple[str, int]]]:
    """(kind, id) of each neighbour -> number of claims, for claims coming in and going out.

    ``kind`` is "actor", or "document" where a chain ends in a document without a
    publisher. A chain runs originator, hop 1, ..., hop n, then the publisher.
    """
    r = schema.relays.alias("r")
    prev = schema.relays.alias("prev")
    nxt = schema.relays.alias("nxt")
    c = schema.claims
    d = schema.documents
    incoming: Counter[tuple[str, int]] = Counter()
    outgoing: Counter[tuple[str, int]] = Counter()

    def after(next_actor: Any, publisher: Any, doc_id: Any) -> tuple[str, int]:
        if next_actor is not None:
            return ("actor", next_actor)
        if publisher is not None:
            return ("actor", publisher)
        return ("document", doc_id)

    # as a relay: the hop before (or the originator), and the hop after (or the publisher)
    upstream = func.coalesce(prev.c.actor_id, c.c.originator_id)
    for other, n in conn.execute(
        select(upstream, func.count(distinct(r.c.claim_id)))
        .select_from(
            r.join(c, c.c.id == r.c.claim_id).outerjoin(
                prev,
                and_(
                    prev.c.claim_id == r.c.claim_id,
                    prev.c.chain_no == r.c.chain_no,
                    prev.c.position == r.c.position - 1,
                ),
            )
        )
        .where(r.c.actor_id == actor_id)
        .group_by(upstream)
    ):
        incoming[("actor", other)] += n
    for next_actor, publisher, doc_id, n in conn.execute(
        select(nxt.c.actor_id, d.c.publisher_id, d.c.id, func.count(distinct(r.c.claim_id)))
        .select_from(
            r.join(c, c.c.id == r.c.claim_id)
            .join(d, d.c.id == c.c.document_id)
            .outerjoin(
                nxt,
                and_(
                    nxt.c.claim_id == r.c.claim_id,
                    nxt.c.chain_no == r.c.chain_no,
                    nxt.c.position == r.c.position + 1,
                ),
            )
        )
        .where(r.c.actor_id == actor_id)
        .group_by(nxt.c.actor_id, d.c.publisher_id, d.c.id)
    ):
        outgoing[after(next_actor, publisher, doc_id)] += n
    # as an originator: the first hop of each chain, or straight to the publisher
    first = schema.relays.alias("first")
    for first_actor, publisher, doc_id, n in conn.execute(
        select(first.c.actor_id, d.c.publisher_id, d.c.id, func.count(distinct(c.c.id)))
        .select_from(
            c.join(d, d.c.id == c.c.document_id).outerjoin(
                first, and_(first.c.claim_id == c.c.id, first.c.position == 1)
            )
        )
        .where(c.c.originator_id == actor_id)
        .group_by(first.c.actor_id, d.c.publisher_id, d.c.id)
    ):
        outgoing[after(first_actor, publisher, doc_id)] += n
    # as a publisher: the last hop of each chain, or the originator of an unrelayed claim
    last_hop = ~exists().where(
        and_(
            nxt.c.claim_id == r.c.claim_id,
            nxt.c.chain_no == r.c.chain_no,
            nxt.c.position == r.c.position + 1,
        )
    )
    for other, n in conn.execute(
        select(r.c.actor_id, func.count(distinct(r.c.claim_id)))
        .select_from(r.join(c, c.c.id == r.c.claim_id).join(d, d.c.id == c.c.document_id))
        .where(d.c.publisher_id == actor_id, last_hop)
        .group_by(r.c.actor_id)
    ):
        incoming[("actor", other)] += n
    unrelayed = ~exists().where(r.c.claim_id == c.c.id)
    for other, n in conn.execute(
        select(c.c.originator_id, func.count())
        .select_from(c.join(d, d.c.id == c.c.document_id))
        .where(d.c.publisher_id == actor_id, unrelayed)
        .group_by(c.c.originator_id)
    ):
        incoming[("actor", other)] += n
    return incoming, outgoing


class _Names:
    """Actor and document labels (a picture has few nodes: one query each)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def actor(self, actor_id: int) -> dict[str, Any]:
        return self._actor(schema.actors.c.id == actor_id)

    def actor_by_key(self, key: str) -> dict[str, Any]:
        return self._actor(schema.actors.c.key == key)

    def _actor(self, where: Any) -> dict[str, Any]:
        row = self.conn.execute(
            select(schema.actors.c.key, schema.actors.c.name, schema.actors.c.kind).where(where)
        ).one()
        return {"key": row[0], "name": row[1], "kind": row[2]}

    def document(self, doc_id: int) -> str:
        return str(
            self.conn.execute(
                select(schema.documents.c.key).where(schema.documents.c.id == doc_id)
            ).scalar()
        )


def _neighbour_node(graph: Graph, names: _Names, kind: str, ref: int) -> str:
    if kind == "actor":
        actor = names.actor(ref)
        return graph.node(_actor_id(actor["key"]), _actor_label(actor), "actor")
    key = names.document(ref)
    return graph.node("document:" + key, f"document {key}", "document")


def _claims(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n} claims"


def _actor_id(key: str) -> str:
    return "actor:" + key


def _actor_label(actor: dict[str, Any]) -> str:
    return f"{actor['name']}\n({actor['kind']})" if actor.get("kind") else str(actor["name"])


def _short(text: str, width: int = QUOTE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- Graphviz ---------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A DOT double-quoted string showing ``text`` literally.

    Backslashes and quotes are escaped for DOT; ``&``, ``<`` and ``>`` become entities
    because Graphviz decodes entities in labels (a quote containing ``&lt;`` must not
    turn into ``<``); line breaks become DOT's centred ``\\n``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch >= " " or ch == "\t")
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return '"' + text.replace("\n", "\\n") + '"'


_DOT_STYLE = {
    "focus": 'shape=box, style="rounded,bold", penwidth=2',
    "actor": 'shape=box, style="rounded"',
    "claim": 'shape=note, style="filled", fillcolor="#fff5cc"',
    "document": 'shape=folder, style="filled", fillcolor="#e8eef7"',
}


def to_dot(graph: Graph) -> str:
    lines = [
        "digraph provenance {",
        f"  graph [rankdir=LR, labelloc=t, fontname=Helvetica, label={dot_string(graph.title)}];",
        "  node [fontname=Helvetica, fontsize=11];",
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for node in graph.nodes.values():
        lines.append(
            f"  {dot_string(node.id)} [label={dot_string(node.label)}, {_DOT_STYLE[node.role]}];"
        )
    for edge in graph.edges:
        attrs = []
        if edge.label:
            attrs.append(f"label={dot_string(edge.label)}")
        if edge.contradiction:
            attrs.append(f'style=dashed, color="{CONTRADICTION}", fontcolor="{CONTRADICTION}"')
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {dot_string(edge.source)} -> {dot_string(edge.target)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(dot: str) -> str:
    """Run Graphviz's ``dot -Tsvg`` on a DOT text."""
    program = shutil.which("dot")
    if program is None:
        raise ExportError(f"SVG output needs Graphviz's dot program: {INSTALL_GRAPHVIZ}")
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=dot.encode("utf-8"),
            capture_output=True,
            check=False,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ExportError(f"Graphviz's dot failed: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"Graphviz's dot failed: {message[0] if message else done.returncode}")
    return done.stdout.decode("utf-8")


# -- Mermaid ----------------------------------------------------------------------


def mermaid_string(text: str) -> str:
    """A Mermaid quoted label showing ``text`` literally.

    Mermaid reads ``#name;`` and ``#123;`` as entity codes, so ``#`` goes first; quotes,
    angle brackets (HTML labels), ``&``, ``|`` and backticks become codes too, and line
    breaks become ``<br/>``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch >= " ")
    for char, code in (
        ("#", "#35;"),
        ("&", "#amp;"),
        ('"', "#quot;"),
        ("<", "#lt;"),
        (">", "#gt;"),
        ("|", "#124;"),
        ("`", "#96;"),
    ):
        text = text.replace(char, code)
    return '"' + text.replace("\n", "<br/>") + '"'


_MERMAID_SHAPE = {
    "focus": ("(", ")"),
    "actor": ("(", ")"),
    "claim": ("[", "]"),
    "document": ("[(", ")]"),
}


def to_mermaid(graph: Graph) -> str:
    ids = {node_id: f"n{i}" for i, node_id in enumerate(graph.nodes, start=1)}
    title = " ".join(graph.title.split()).replace("'", "''")
    lines = ["---", f"title: '{title}'", "---", "flowchart LR"]
    for node in graph.nodes.values():
        left, right = _MERMAID_SHAPE[node.role]
        lines.append(f"  {ids[node.id]}{left}{mermaid_string(node.label)}{right}")
    dashed = []
    for i, edge in enumerate(graph.edges):
        arrow = "-.->" if edge.contradiction else "-->"
        label = f"|{mermaid_string(edge.label)}|" if edge.label else ""
        lines.append(f"  {ids[edge.source]} {arrow}{label} {ids[edge.target]}")
        if edge.contradiction:
            dashed.append(str(i))
    if dashed:
        lines.append(f"  linkStyle {','.join(dashed)} stroke:{CONTRADICTION},color:{CONTRADICTION}")
    lines.append("  classDef focus stroke-width:3px")
    lines.append("  classDef claim fill:#fff5cc")
    for role in ("focus", "claim"):
        members = [ids[n.id] for n in graph.nodes.values() if n.role == role]
        if members:
            lines.append(f"  class {','.join(members)} {role}")
    return "\n".join(lines) + "\n"
