"""Demo data for Hải Phòng: agencies old and new, one user per role, and cases written through the services.

``demo_seed`` is what ``manage.py seed_demo`` runs; everything it creates goes through
the same service functions as real work, so the demo carries audit events, blind
indexes and the legal rule in force on each date. Names come from Faker's vi_VN locale
with a fixed seed: they are invented, never real people.
"""

from core.demo.seed import DemoSeedResult, demo_logins, demo_logins_table, demo_seed
from core.demo.users import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "DemoSeedResult", "demo_logins", "demo_logins_table", "demo_seed"]
