"""Human-readable cards and trees for an 80-column terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from typing import Any

from provenance.output import Style, terminal_width
from provenance.queries.rows import claim_label
from provenance.visible import visible_data


def _wrap(text: str, indent: str = "  ", width: int | None = None) -> str:
    width = width or min(terminal_width(), 100)
    return "\n".join(
        textwrap.wrap(
            " ".join(text.split()),
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )
    )


def hang(text: str, indent: str = "  ") -> str:
    """Wrap one item with a hanging indent (ANSI codes are short; width is approximate)."""
    width = min(terminal_width(), 100)
    return "\n".join(
        textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent + "    ")
    )


def _hop_label(hop: dict[str, Any], style: Style) -> str:
    cue = f"  {style.dim('— ' + hop['cue'])}" if hop.get("cue") else ""
    return f"{style.actor(hop['name'])}{cue}"


def _trie(chains: list[list[dict[str, Any]]]) -> list[tuple[dict[str, Any], Any]]:
    """Merge chains that share their first hops, so a fork is drawn once."""
    root: list[tuple[dict[str, Any], Any]] = []
    for chain in chains:
        level = root
        for hop in chain:
            for node, children in level:
                if node["key"] == hop["key"] and node.get("cue") == hop.get("cue"):
                    level = children
                    break
            else:
                children = []
                level.append((hop, children))
                level = children
    return root


def chain_tree_lines(tree: dict[str, Any], style: Style, indent: int = 0) -> list[str]:
    tree = visible_data(tree)
    origin = tree["originator"]
    publisher = tree.get("published_by")
    leaf_name = f"{tree['document']}" + (
        f" (published by {publisher['name']})" if publisher else ""
    )
    leaf = {"key": "\0document", "name": leaf_name, "cue": None}
    chains = [[*chain, leaf] for chain in tree["chains"]] or [[leaf]]
    lines = [f"{style.actor(origin['name'])} {style.dim('[' + origin['kind'] + ']')}"]

    # depth-first with an explicit stack: a chain of a thousand hops is drawn, not a
    # RecursionError
    stack: list[tuple[list[tuple[dict[str, Any], Any]], int, str]] = [(_trie(chains), 0, "")]
    while stack:
        nodes, i, prefix = stack.pop()
        if i >= len(nodes):
            continue
        hop, children = nodes[i]
        last = i == len(nodes) - 1
        branch = "└── " if last else "├── "
        if hop["key"] == "\0document":
            lines.append(f"{prefix}{branch}{style.dim(hop['name'])}")
        elif hop.get("cue") and (
            indent + len(prefix) + 4 + len(hop["name"]) + 4 + len(hop["cue"])
            > min(terminal_width(), 100)
        ):
            # too wide: the cue goes on its own line under the actor
            below = prefix + ("    " if last else "│   ") + ("│   " if children else "    ")
            lines.append(f"{prefix}{branch}{style.actor(hop['name'])}")
            lines.append(f"{below}{style.dim('— ' + hop['cue'])}")
        else:
            lines.append(f"{prefix}{branch}{_hop_label(hop, style)}")
        stack.append((nodes, i + 1, prefix))
        stack.append((children, 0, prefix + ("    " if last else "│   ")))
    return lines


def chain_tree_text(tree: dict[str, Any], style: Style) -> str:
    tree = visible_data(tree)
    head = f"{style.bold(tree['key'])}  {style.dim(tree['document'])}"
    quote = _wrap(f"“{tree['quote']}”", indent="  ")
    return "\n".join([head, quote, "", *chain_tree_lines(tree, style)]) + "\n"


def claim_card_text(card: dict[str, Any], style: Style) -> str:
    card = visible_data(card)
    o = card["originator"]
    lines = [
        f"{style.bold(card['key'])}  " + style.dim(f"#{card['id']} in {card['document']}"),
        f"  {style.dim('kind:')} {card['kind']}"
        + (f"   {style.dim('cue:')} {card['cue']}" if card.get("cue") else "")
        + ("   direct quote" if card.get("direct_quote") else "")
        + (f"   {style.dim('date:')} {card['date']}" if card.get("date") else ""),
        f"  {style.dim('span:')} {card['start']}–{card['end']}",
        "",
        style.dim("Quote"),
        _wrap(f"“{card['quote']}”"),
    ]
    if card.get("context") and card["context"] != card["quote"]:
        lines += ["", style.dim("In context"), _wrap(card["context"])]
    if card.get("statement"):
        lines += ["", style.dim("Statement"), _wrap(card["statement"])]
    lines += ["", style.dim("Originator"), _wrap(o.get("label") or o["name"])]
    tree = {
        "key": card["key"],
        "document": card["document"],
        "originator": o,
        "chains": card["chains"],
        "published_by": card.get("publisher"),
    }
    lines += ["", style.dim(f"Chain{'s' if len(card['chains']) > 1 else ''}")]
    lines += ["  " + line for line in chain_tree_lines(tree, style, indent=2)]
    relations = card.get("relations", [])
    if relations:
        lines += ["", style.dim("Relations")]
        for rel in relations:
            other = rel["claim"]
            ref = (
                other["key"]
                if other["document"] == card["document"]
                else (f"{other['document']}/{other['key']}")
            )
            verb = rel["type"] if rel["direction"] == "outgoing" else f"{rel['type']}-by"
            phrase = {
                "contradicts-by": "contradicted by",
                "supports-by": "supported by",
                "repeats-by": "repeated by",
                "retracts-by": "retracted by",
                "updates-by": "updated by",
            }.get(verb, verb)
            marker = style.bad(phrase) if "contradict" in phrase else phrase
            lines.append(
                hang(f"{marker} {style.key(ref)} ({style.actor(rel['originator']['name'])})")
            )
            lines.append(_wrap(f"“{other['quote']}”", indent="      "))
    reviews = card.get("reviews", [])
    if reviews:
        lines += ["", style.dim("Reviews")]
        lines += [hang(_review_line(review, style)) for review in reviews]
    return "\n".join(lines) + "\n"


def _review_line(review: dict[str, Any], style: Style) -> str:
    """ "Faux (1 on 1..5) by Check Desk, 2018-06-12 https://...": the verdict first."""
    verdict = review["rating"] or ""
    if review["rating_value"] is not None:
        scale = (
            f" on {review['worst']}..{review['best']}"
            if review["best"] is not None and review["worst"] is not None
            else ""
        )
        number = f"{review['rating_value']}{scale}"
        verdict = f"{verdict} ({number})" if verdict else number
    line = f"{style.bold(verdict)} by {style.actor(review['by']['name'])}"
    if review["date"]:
        line += f", {review['date']}"
    if review["url"]:
        line += f" {style.dim(review['url'])}"
    return line


def actor_text(record: dict[str, Any], style: Style) -> str:
    record = visible_data(record)
    lines = [f"{style.bold(record['label'])}  {style.dim('[' + record['key'] + ']')}"]
    facts = [record["kind"]]
    if record.get("country"):
        facts.append(record["country"])
    if record.get("state_affiliated") is True:
        facts.append("state-affiliated")
    elif record.get("state_affiliated") is False:
        facts.append("not state-affiliated")
    if record.get("affiliation"):
        facts.append(f"part of {record['affiliation']['name']}")
    lines.append("  " + ", ".join(facts))
    if record.get("aliases"):
        lines.append(_wrap("also: " + ", ".join(record["aliases"])))
    if record.get("description"):
        lines.append(_wrap(record["description"]))
    sections: list[tuple[str, list[str]]] = [
        (
            f"Originated ({len(record['originated'])})",
            [f"{style.key(c['claim'])}  {c['kind']}" for c in record["originated"]],
        ),
        (
            f"Relayed ({len(record['relayed'])})",
            [f"{style.key(c['claim'])}  from {style.actor(c['from'])}" for c in record["relayed"]],
        ),
        (
            "Got claims from",
            [f"{style.actor(u['actor'])}  {u['claims']} claim(s)" for u in record["upstream"]],
        ),
        (
            "Contradicts",
            [
                f"{style.key(c['claim'])} contradicts {style.key(c['against'])} "
                f"({style.actor(c['actor'])})"
                for c in record["contradicts"]
            ],
        ),
        (
            "Contradicted by",
            [
                f"{style.key(c['claim'])} contradicted by {style.key(c['by'])} "
                f"({style.actor(c['actor'])})"
                for c in record["contradicted_by"]
            ],
        ),
    ]
    for title, items in sections:
        if items:
            lines += ["", style.dim(title), *(hang(item) for item in items)]
    return "\n".join(lines) + "\n"


def contradiction_lines(rows: Iterable[dict[str, Any]], style: Style) -> Iterator[str]:
    """``A (by X) contradicts B (by Y)``, one wrapped line per relation."""
    n = 0
    for row in map(visible_data, rows):
        mine = claim_label(row["claim"]["document"], row["claim"]["key"])
        theirs = claim_label(row["against"]["document"], row["against"]["key"])
        line = (
            f"{style.key(mine)} ({style.actor(row['by']['name'])}) "
            f"{style.bad(row['type'])} {style.key(theirs)} "
            f"({style.actor(row['against_actor']['name'])})"
        )
        yield hang(line, indent="") + "\n"
        n += 1
    if not n:
        yield "(no contradictions)\n"
