"""Stage 2, rules: known garbles, gazetteer and in-article consistency.

Importing the package registers its fixers: ``rules.glossary``
(:mod:`mtfix.rules.glossary_rule`), ``rules.consistency``, ``rules.gazetteer`` and
``rules.untranslated``.
"""

from mtfix.rules import consistency, gazetteer, glossary_rule, untranslated

__all__ = ["consistency", "gazetteer", "glossary_rule", "untranslated"]
