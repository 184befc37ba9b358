"""Integrations with distributed engines (imported on demand)."""
