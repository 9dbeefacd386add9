"""Audit, proof and personal data (issue 7): the hash chain, receipts, keys, PII."""
