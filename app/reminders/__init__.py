"""Reminders for late payers, and the Dutch rules on what a reminder may charge."""
