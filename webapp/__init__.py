"""Helpers of the Streamlit face: translation table, shared resources, charts. No business logic."""
