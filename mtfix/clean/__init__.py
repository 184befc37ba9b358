"""Stage 1, clean: encoding debris and Chinese typography.

Importing the package registers its fixers, in pipeline order:
bidirectional controls → ftfy (mojibake) → HTML entities → typography →
middle dots in names → spacing.
"""

from mtfix.clean import bidi, ftfy_step, html_entities, names, spacing, typography

__all__ = ["bidi", "ftfy_step", "html_entities", "names", "spacing", "typography"]
