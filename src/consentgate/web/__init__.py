"""The member web app, the DPO dashboard and the JSON API (FastAPI + Jinja2)."""
