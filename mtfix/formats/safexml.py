"""Parsing untrusted XML: no DTDs, no entities, no network, no local files.

Two gates: defusedxml (expat) refuses any DTD, entity declaration or
external reference before anything is expanded; lxml then parses with entity
resolution, DTD loading and network access off.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mtfix.formats.errors import FormatError


def parse_xml(data: bytes, *, what: str = "XML") -> Any:
    """Parse untrusted XML into an lxml tree, or raise :class:`FormatError`."""
    from lxml import etree

    check_xml([data], what=what)
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        strip_cdata=False,
        remove_blank_text=False,
    )
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise FormatError(f"malformed {what}: {exc.msg}", line=line) from exc
    if tree.docinfo.doctype:  # pragma: no cover - defusedxml refuses these first
        raise FormatError(f"{what} has a DTD (refused)")
    return tree


class _Nothing:
    """A parser target that builds nothing (a check needs no tree)."""


def check_xml(chunks: Iterable[bytes], *, what: str = "XML") -> None:
    """Refuse DTDs, entity declarations, external references and malformed XML.

    The XML is read chunk by chunk through expat (defusedxml) and no tree is
    built, so memory stays small however large the document.
    """
    import defusedxml
    import defusedxml.ElementTree as safe_et

    parser = safe_et.DefusedXMLParser(
        target=_Nothing(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        for chunk in chunks:
            parser.feed(chunk)
        parser.close()
    except defusedxml.DTDForbidden as exc:
        raise FormatError(f"{what} has a DTD (refused: DTDs can expand entities)") from exc
    except defusedxml.EntitiesForbidden as exc:
        raise FormatError(f"{what} declares entities (refused)") from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise FormatError(f"{what} refers to an external resource (refused)") from exc
    except defusedxml.DefusedXmlException as exc:
        raise FormatError(f"{what} refused: {exc}") from exc
    except safe_et.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise FormatError(f"malformed {what}: {exc}", line=line) from exc
