"""Stage 1, clean: encoding debris and Chinese typography.

Importing the package registers its fixers, in pipeline order:
ftfy (mojibake) → HTML entities → typography → middle dots in names → spacing.
"""

from mtfix.clean import entities, ftfy_step, names, spacing, typography

__all__ = ["entities", "ftfy_step", "names", "spacing", "typography"]
