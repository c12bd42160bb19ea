"""Helpers and factories shared by the suite, one module per job. Nothing here is a test or a
fixture: fixtures live in conftest files, which import what they need from here."""
