"""Payments on invoices: recorded by hand, from bank statements or by a credit note; reversed,
never erased; and what they make of an invoice's payment status."""
