"""Invoicer: finalises, delivers and repeats invoices over a JSON API."""
