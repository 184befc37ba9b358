"""Stage 1, clean: encoding debris and Chinese typography."""
