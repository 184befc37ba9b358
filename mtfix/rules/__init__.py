"""Stage 2, rules: known garbles, gazetteer and in-article consistency."""
