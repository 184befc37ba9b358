"""Stage 2, rules: known garbles, gazetteer and in-article consistency.

Importing the package registers its fixers: ``rules.glossary``
(:mod:`mtfix.rules.garbles`), ``rules.consistency``, ``rules.gazetteer`` and
``rules.untranslated``.
"""

from mtfix.rules import consistency, garbles, gazetteer, untranslated

__all__ = ["consistency", "garbles", "gazetteer", "untranslated"]
